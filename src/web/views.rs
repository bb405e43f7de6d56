//! Figures prepared for templates: every text already in Vietnamese form,
//! so that templates only place them.

use crate::format;
use crate::model::Observation;
use crate::report;

/// A headline figure as a card: what, how much, against plan and last year.
pub struct Card {
    pub code: &'static str,
    pub name: &'static str,
    pub value: String,
    /// "tăng 9,45% so với cùng kỳ"
    pub change: Option<String>,
    /// "đạt 100% kế hoạch"
    pub plan: Option<String>,
    pub status: &'static str,
    pub note: Option<String>,
    /// Where the figure is explained in full.
    pub href: Option<String>,
}

impl Card {
    pub fn of(observation: &Observation) -> Card {
        Card {
            code: observation.indicator.code,
            name: observation.indicator.short_name,
            value: report::value_text(observation),
            change: report::change_text(observation).map(|change| {
                if observation.change_places.is_some() && observation.change_pct.is_none() {
                    format!("{change} so với năm {}", observation.year - 1)
                } else {
                    format!("{change} so với cùng kỳ")
                }
            }),
            plan: observation.plan_pct.as_ref().map(format::plan_in_words),
            status: observation.status.label(),
            note: observation.note.clone(),
            href: None,
        }
    }

    /// The card's id in the page: the code with `-` for `.`.
    pub fn anchor(&self) -> String {
        self.code.replace('.', "-")
    }

    pub fn linking_to(mut self, href: String) -> Card {
        self.href = Some(href);
        self
    }
}

/// A row of a figures table: the same parts as a card, in columns.
pub struct FigureRow {
    pub code: &'static str,
    pub name: &'static str,
    pub unit: &'static str,
    pub value: String,
    pub plan: String,
    pub change: String,
    pub status: &'static str,
}

impl FigureRow {
    pub fn anchor(&self) -> String {
        self.code.replace('.', "-")
    }

    pub fn of(observation: &Observation) -> FigureRow {
        FigureRow {
            code: observation.indicator.code,
            name: observation.indicator.name,
            unit: observation.indicator.unit,
            value: match observation.indicator.kind {
                crate::indicator::Kind::Rank => report::rank_text(observation),
                _ => format::number(&observation.value),
            },
            plan: observation
                .plan_pct
                .as_ref()
                .map_or_else(|| "—".to_string(), format::percent),
            change: report::change_text(observation).unwrap_or_else(|| "—".to_string()),
            status: observation.status.label(),
        }
    }
}
