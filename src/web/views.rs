//! Figures prepared for templates: every text already in Vietnamese form,
//! so that templates only place them.

use crate::format;
use crate::indicator::Kind;
use crate::model::Observation;
use crate::report;
use crate::web::year::YearData;

/// The previous year's value in words: stored, or derived and marked so.
pub struct Previous {
    /// "660,0 triệu USD"
    pub value: String,
    /// "660,0": for tables whose unit has its own column.
    pub number: String,
    pub year: i32,
    /// The derivation's formula, when the value is derived rather than stored:
    /// "660,0 ≈ 680 ÷ (1 + 3,03%)".
    pub formula: Option<String>,
}

fn previous_of(observation: &Observation, data: &YearData) -> Option<Previous> {
    if observation.indicator.kind == Kind::Rank {
        return None;
    }
    let previous = report::value_in(&data.all, observation.indicator.code, observation.year - 1)?;
    Some(Previous {
        value: format::with_unit(&previous.value, observation.indicator.unit),
        number: format::number(&previous.value),
        year: previous.year,
        formula: previous
            .derived_from
            .as_ref()
            .map(|derivation| derivation.formula(&previous.value)),
    })
}

/// "Đã điều chỉnh từ 680 triệu USD (ước tính, công bố 12/2023)": what the
/// figure was before its latest revision (a later publication, or an
/// import that corrected the same one).
fn revision_of(observation: &Observation, data: &YearData) -> Option<String> {
    let earlier = data.revisions.iter().rev().find(|r| {
        r.indicator == observation.indicator.code
            && r.publisher == observation.publisher
            && r.territory == observation.territory
            && (r.value != observation.value || r.status != observation.status)
    })?;
    let published = earlier
        .published
        .map(|p| format!(", công bố {}", p.label()))
        .unwrap_or_default();
    Some(format!(
        "đã điều chỉnh từ {} ({}{published})",
        format::with_unit(&earlier.value, observation.indicator.unit),
        earlier.status.label()
    ))
}

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
    pub previous: Option<Previous>,
    /// "đã điều chỉnh từ …", when an import replaced the figure.
    pub revised: Option<String>,
    /// Where the figure is explained in full.
    pub href: Option<String>,
}

impl Card {
    pub fn of(observation: &Observation, data: &YearData) -> Card {
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
            previous: previous_of(observation, data),
            revised: revision_of(observation, data),
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
    /// The previous year's value: stored, or "≈ 660,0 (suy ra)".
    pub previous: String,
    pub status: &'static str,
    pub revised: Option<String>,
}

impl FigureRow {
    pub fn anchor(&self) -> String {
        self.code.replace('.', "-")
    }

    pub fn of(observation: &Observation, data: &YearData) -> FigureRow {
        let previous = previous_of(observation, data);
        FigureRow {
            previous: match &previous {
                Some(p) if p.formula.is_some() => {
                    format!("≈ {} (suy ra)", p.number)
                }
                Some(p) => p.number.clone(),
                None => "—".to_string(),
            },
            revised: revision_of(observation, data),
            code: observation.indicator.code,
            name: observation.indicator.name,
            unit: observation.indicator.unit,
            value: report::number_text(observation),
            plan: observation
                .plan_pct
                .as_ref()
                .map_or_else(|| "—".to_string(), format::percent),
            change: report::change_text(observation).unwrap_or_else(|| "—".to_string()),
            status: observation.status.label(),
        }
    }
}
