//! Figures prepared for templates: every text already in Vietnamese form,
//! so that templates only place them.

use crate::charts::{self, ChartError, ProgressChart, ProgressPoint, Width};
use crate::format;
use crate::indicator::{Area, Kind};
use crate::model::{Observation, Published, Rate, Target};
use crate::period::Period;
use crate::report;
use crate::territory::Territory;
use crate::web::year::YearData;

/// The previous year's value in words: stored, or derived and marked so.
pub struct Previous {
    /// "660,0 triệu USD"
    pub value: String,
    /// "660,0": for tables whose unit has its own column.
    pub number: String,
    pub year: i32,
    /// The same period a year earlier, at the head of a line: "Năm 2022",
    /// "9 tháng năm 2023".
    pub when: String,
    /// The derivation's formula, when the value is derived rather than stored:
    /// "660,0 ≈ 680 ÷ (1 + 3,03%)".
    pub formula: Option<String>,
    /// How a value across the merger was obtained.
    pub note: Option<String>,
    /// The same in a table cell: "cộng gộp", "chỉ Gia Lai cũ".
    pub mark: Option<&'static str>,
}

fn previous_of(observation: &Observation, data: &YearData) -> Option<Previous> {
    if observation.indicator.kind == Kind::Rank {
        return None;
    }
    let year = observation.year - 1;
    let unit = observation.indicator.unit;
    let when = format::capitalized(&observation.period.of_year(year));
    // The merged province's period against the same period before the
    // merger: the two old provinces' amounts summed, said so — where both
    // were published by the same publisher, on the same basis, as the
    // figure shown.
    if observation.territory == Territory::GiaLai
        && !Territory::GiaLai.covers(year, observation.period)
        && let Some(sum) = report::merged_sum(
            &data.before_merger,
            observation.indicator.code,
            year,
            observation.period,
        )
        .filter(|sum| {
            sum.parts.iter().all(|part| {
                part.publisher == observation.publisher && part.basis == observation.basis
            })
        })
    {
        let [gia_lai, binh_dinh] = sum.parts;
        return Some(Previous {
            value: format::with_unit(&sum.value, unit),
            number: format::number(&sum.value),
            year,
            when,
            formula: None,
            note: Some(format!(
                "{}: Gia Lai cũ {} + Bình Định cũ {}",
                report::MergedSum::LABEL,
                format::number(&gia_lai.value),
                format::number(&binh_dinh.value)
            )),
            mark: Some("cộng gộp hai tỉnh cũ"),
        });
    }
    // Within the figure's own series: its stored figure a year earlier, or
    // the value its published change implies. What other series hold for
    // that period is said, never set beside it as its "cùng kỳ".
    let other_series = data
        .previous_period
        .iter()
        .chain(&data.before_merger)
        .find(|o| {
            o.indicator.code == observation.indicator.code && !report::same_series(o, observation)
        });
    let other_note = other_series.map(|other| {
        format!(
            "{} công bố {} cho {}, {}: không so sánh trực tiếp",
            other.publisher.name(),
            report::value_text(other),
            other.period.of_year(other.year),
            series_difference(other, observation)
        )
    });
    match report::previous_in_series(observation, &data.previous_period) {
        Some(previous) => Some(Previous {
            value: format::with_unit(&previous.value, unit),
            number: format::number(&previous.value),
            year: previous.year,
            when,
            formula: previous
                .derived_from
                .as_ref()
                .map(|derivation| derivation.formula(&previous.value)),
            note: other_note.filter(|_| previous.derived_from.is_some()),
            mark: None,
        }),
        None => other_note.map(|note| Previous {
            value: "chưa có số cùng chuỗi".to_string(),
            number: "—".to_string(),
            year,
            when,
            formula: None,
            note: Some(note),
            mark: Some("chưa có số cùng chuỗi"),
        }),
    }
}

/// Why a figure of another series is not "cùng kỳ" of `shown`: "số của
/// Cục Thống kê", "theo cách tính khác", "chỉ của tỉnh Gia Lai cũ".
fn series_difference(other: &Observation, shown: &Observation) -> String {
    if other.territory != shown.territory {
        format!("số của {}", other.territory.name())
    } else if other.publisher != shown.publisher {
        format!("số của {}, chuỗi số liệu khác", other.publisher.name())
    } else {
        "theo cách tính khác".to_string()
    }
}

/// "Đã điều chỉnh từ 680 triệu USD (ước tính, công bố 12/2023)": what the
/// figure was before its latest revision (a later publication, or an
/// import that corrected the same one). A figure an *Đính chính* corrected
/// says so first, with the day and the public note: "đính chính ngày
/// 12/11/2026: …".
pub fn revision_of(observation: &Observation, data: &YearData) -> Option<String> {
    let earlier = data.revisions.iter().rev().find(|r| {
        r.indicator == observation.indicator.code
            && r.publisher == observation.publisher
            && r.territory == observation.territory
            && (r.value != observation.value || r.status != observation.status)
    });
    let correction = data
        .corrections
        .iter()
        .rev()
        .find(|c| c.key == observation.key() && c.published == observation.published);
    if let Some(correction) = correction {
        let day = format::vietnam_time(&correction.at)
            .map(|time| time[..10].to_string())
            .unwrap_or_default();
        let was = earlier
            .filter(|e| e.value != observation.value)
            .map(|e| {
                format!(
                    " (trước đó {})",
                    format::with_unit(&e.value, observation.indicator.unit)
                )
            })
            .unwrap_or_default();
        return Some(format!("đính chính ngày {day}: {}{was}", correction.note));
    }
    let earlier = earlier?;
    let published = Published::clause(earlier.published);
    // Only the status changed (an estimate confirmed as preliminary):
    // nothing was adjusted.
    if earlier.value == observation.value {
        return Some(format!(
            "trước đó là số {}{published}",
            earlier.status.label()
        ));
    }
    // When: the day, month or year of the publication that revised it.
    let when = observation
        .published
        .map(|p| {
            let label = p.label();
            match label.matches('/').count() {
                2 => format!(" ngày {label}"),
                1 => format!(" tháng {label}"),
                _ => format!(" năm {label}"),
            }
        })
        .unwrap_or_default();
    Some(format!(
        "đã điều chỉnh{when} từ {} ({}{published})",
        format::with_unit(&earlier.value, observation.indicator.unit),
        earlier.status.label()
    ))
}

/// What another publisher printed for a figure shown, in words beside it:
/// "Cục Thống kê công bố 110 triệu USD (giảm 21,43%)".
pub struct OtherFigure {
    pub text: String,
    /// Why a doubtful figure is doubtful ("Nghi vấn: …").
    pub doubt: Option<String>,
    /// "12/2023", where known.
    pub published: Option<String>,
    pub source: String,
    pub url: Option<String>,
}

impl OtherFigure {
    /// "Cục Thống kê công bố tăng 17,57% so với cùng kỳ (không công bố
    /// giá trị)".
    fn of_rate(rate: &Rate) -> OtherFigure {
        OtherFigure {
            text: format!(
                "{} công bố {} so với cùng kỳ ({}, không công bố giá trị)",
                rate.publisher.name(),
                format::change_in_words(&rate.change_pct),
                rate.status.label()
            ),
            doubt: rate
                .note
                .clone()
                .filter(|n| n.starts_with(crate::model::DOUBTFUL)),
            published: rate.published.map(|p| p.label()),
            source: rate.source.clone(),
            url: rate.url.clone(),
        }
    }

    fn of(other: &Observation, shown: &Observation) -> OtherFigure {
        let value = report::value_text(other);
        let text = if other.publisher == shown.publisher {
            // A later version kept aside as doubtful.
            format!("{} sau đó ghi {value}", other.publisher.name())
        } else if other.value == shown.value && other.change_pct == shown.change_pct {
            format!("{} cũng công bố {value}", other.publisher.name())
        } else {
            match report::change_text(other) {
                Some(change) => format!("{} công bố {value} ({change})", other.publisher.name()),
                None => format!("{} công bố {value}", other.publisher.name()),
            }
        };
        OtherFigure {
            text,
            doubt: other.note.clone().filter(|_| other.is_doubtful()),
            published: other.published.map(|p| p.label()),
            source: other.source.clone(),
            url: other.url.clone(),
        }
    }
}

/// What other publishers printed for `observation`, leading order; then
/// the changes published without a level.
/// What pages without cards say of the figures they show that were
/// corrected or revised, one line each: "Kim ngạch xuất khẩu năm 2023:
/// đính chính ngày 12/11/2026: …". With `corrections_only`, the
/// corrections alone (an embed, read in other sites' articles, says only
/// what was wrong). Empty where `data` was loaded without its record
/// (`Detail::Figures`).
pub fn amendments(data: &YearData, codes: &[&str], corrections_only: bool) -> Vec<String> {
    codes
        .iter()
        .filter_map(|code| data.figures.get(code))
        .filter(|observation| {
            !corrections_only
                || data
                    .corrections
                    .iter()
                    .any(|c| c.key == observation.key() && c.published == observation.published)
        })
        .filter_map(|observation| {
            revision_of(observation, data).map(|said| {
                format!(
                    "{} {}: {said}",
                    observation.indicator.name,
                    observation.period.of_year(observation.year)
                )
            })
        })
        .collect()
}

fn others_of(observation: &Observation, data: &YearData) -> Vec<OtherFigure> {
    let mut others: Vec<OtherFigure> = data
        .others
        .iter()
        .filter(|o| {
            o.indicator.code == observation.indicator.code && o.territory == observation.territory
        })
        .map(|o| OtherFigure::of(o, observation))
        .collect();
    others.extend(
        data.rates
            .iter()
            .filter(|r| {
                r.indicator.code == observation.indicator.code
                    && r.territory == observation.territory
                    && !r.sub_territory
            })
            .map(OtherFigure::of_rate),
    );
    others
}

/// Where the shown figure was published: "Sở Công Thương, công bố 12/2023",
/// and the page's address.
pub struct Attribution {
    pub text: String,
    pub url: Option<String>,
}

impl Attribution {
    fn of(observation: &Observation) -> Attribution {
        let published = Published::clause(observation.published);
        Attribution {
            text: format!("{}{published}", observation.publisher.name()),
            url: observation.url.clone(),
        }
    }
}

/// The figure against the year's plan in words: the published share
/// ("đạt 100% kế hoạch"), else the share computed from the plan amount as it
/// stood when the figure was published, saying so. A period's share is of
/// the year's plan: "… kế hoạch năm".
fn plan_of(observation: &Observation, data: &YearData) -> Option<String> {
    let of_year = if observation.period == Period::Year {
        ""
    } else {
        " năm"
    };
    let share = report::plan_share(observation, &data.plans);
    if let Some(pct) = share.published {
        return Some(format!("{}{of_year}", format::plan_in_words(&pct)));
    }
    let (pct, plan) = (share.computed?, share.plan?);
    Some(format!(
        "{}{of_year} (tính từ kế hoạch {})",
        format::plan_in_words(&pct),
        format::with_unit(&plan, observation.indicator.unit)
    ))
}

/// The year's plan for the figure, as it stands on the day shown: "Kế
/// hoạch năm 2025: tăng 9,5–10,5% (UBND tỉnh, 01/2025)".
fn target_of(observation: &Observation, data: &YearData) -> Option<String> {
    let plan = data
        .plans
        .iter()
        .filter(|p| {
            p.indicator.code == observation.indicator.code
                && p.territory == observation.territory
                && p.period == Period::Year
                // An amount is on one basis; a growth rate is not.
                && (p.basis == observation.basis || !matches!(p.target, Target::Amount(_)))
        })
        .max_by_key(|p| (p.published, std::cmp::Reverse(p.publisher.leading_order())))?;
    let unit = observation.indicator.unit;
    let target = match &plan.target {
        Target::Amount(amount) => format::with_unit(amount, unit),
        Target::Growth(growth) => format::change_in_words(growth),
        Target::GrowthRange { low, high } => format::range_in_words(low, high),
    };
    let published = plan
        .published
        .map(|p| format!(", {}", p.label()))
        .unwrap_or_default();
    Some(format!(
        "Kế hoạch năm {}: {target} ({}{published})",
        plan.year,
        plan.publisher.name()
    ))
}

/// A headline figure as a card: what, how much, against plan and last year.
pub struct Card {
    pub code: &'static str,
    pub name: &'static str,
    pub value: String,
    /// "tăng 9,45% so với cùng kỳ"
    pub change: Option<String>,
    /// "đạt 100% kế hoạch", "đạt 72,27% kế hoạch năm"
    pub plan: Option<String>,
    /// "Kế hoạch năm 2024: 750 triệu USD (Sở Công Thương, 01/2024)"
    pub target: Option<String>,
    pub status: &'static str,
    pub note: Option<String>,
    pub previous: Option<Previous>,
    /// "đã điều chỉnh từ …", when an import replaced the figure.
    pub revised: Option<String>,
    /// Where the figure is explained in full.
    pub href: Option<String>,
    pub attribution: Attribution,
    /// What other publishers printed for it.
    pub others: Vec<OtherFigure>,
    /// Where the figure has been going (`spark_of`), on the overview.
    pub spark: Option<String>,
    /// Every version of the figure, of every publisher.
    pub history: String,
}

impl Card {
    pub fn of(observation: &Observation, data: &YearData) -> Card {
        Card {
            code: observation.indicator.code,
            name: observation.indicator.short_name,
            value: report::value_text(observation),
            change: report::change_text(observation).map(|change| {
                if observation.indicator.kind == Kind::IndexOnPreviousMonth {
                    format!("{change} so với tháng trước")
                } else if observation.change_places.is_some() && observation.change_pct.is_none() {
                    format!("{change} so với năm {}", observation.year - 1)
                } else {
                    format!("{change} so với cùng kỳ")
                }
            }),
            plan: plan_of(observation, data),
            target: target_of(observation, data),
            status: observation.status.label(),
            note: observation.note.clone(),
            previous: previous_of(observation, data),
            revised: revision_of(observation, data),
            href: None,
            spark: None,
            attribution: Attribution::of(observation),
            others: others_of(observation, data),
            history: history_href(observation, data),
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

    pub fn with_spark(mut self, spark: Option<String>) -> Card {
        self.spark = spark;
        self
    }
}

/// Where a headline figure has been going, as a small chart for its card:
/// the same period of the years before in the figure's own series (the
/// value its change implies where the series has none, drawn pale), or,
/// where that gives one bar only, this year's cumulative periods. `None`
/// where neither gives two values. `progress`: the figure's cumulative
/// periods of this year and the last (`YearPage::progress`), asked for by
/// the caller only where `needs_periods` says the years do not do.
/// Whether a figure's years give fewer than two bars, so that its small
/// chart needs this year's periods.
pub fn needs_periods(figure: &Observation, data: &YearData) -> bool {
    years_of(figure, data).len() < 2
}

/// The same period of the years up to `figure`'s, oldest first, while they
/// stay in its series; before the first, the year its change implies.
fn years_of(figure: &Observation, data: &YearData) -> Vec<charts::SparkPoint> {
    const YEARS: usize = 8;
    let mut points = vec![charts::SparkPoint {
        label: figure.year.to_string(),
        value: figure.value,
        derived: false,
    }];
    let mut at = figure;
    while points.len() < YEARS {
        let before = data
            .all
            .iter()
            .find(|y| y.year == at.year - 1)
            .and_then(|y| y.get(at.indicator.code))
            .filter(|o| report::same_series(o, at));
        match before {
            Some(before) => {
                points.push(charts::SparkPoint {
                    label: before.year.to_string(),
                    value: before.value,
                    derived: false,
                });
                at = before;
            }
            None => {
                if let Some(derived) = report::derive_previous(at) {
                    points.push(charts::SparkPoint {
                        label: derived.year.to_string(),
                        value: derived.value,
                        derived: true,
                    });
                }
                break;
            }
        }
    }
    points.reverse();
    points
}

pub fn spark_of(
    figure: &Observation,
    data: &YearData,
    progress: Option<&[Observation]>,
) -> Result<Option<String>, ChartError> {
    let unit = figure.indicator.unit;
    let id = format!("xu-huong-{}", figure.indicator.code.replace('.', "-"));
    let mut points = years_of(figure, data);
    let title = if points.len() >= 2 {
        match figure.period {
            Period::Year => format!("{} qua các năm ({unit})", figure.indicator.short_name),
            period => format!(
                "{} {} qua các năm ({unit})",
                figure.indicator.short_name,
                period.label()
            ),
        }
    } else {
        // This year's cumulative periods, in the figure's series.
        let mut periods: Vec<&Observation> = progress
            .unwrap_or_default()
            .iter()
            .filter(|o| o.year == figure.year && report::same_series(o, figure))
            .collect();
        periods.sort_by_key(|o| o.period);
        points = periods
            .iter()
            .map(|o| charts::SparkPoint {
                label: o.period.choice_label(),
                value: o.value,
                derived: false,
            })
            .collect();
        format!(
            "{} các kỳ lũy kế năm {} ({unit})",
            figure.indicator.short_name, figure.year
        )
    };
    if points.len() < 2 {
        return Ok(None);
    }
    charts::spark(
        &charts::SparkChart {
            title,
            unit: unit.to_string(),
            points,
        },
        &id,
    )
    .map(Some)
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
    /// Every version of the figure, of every publisher.
    pub history: String,
}

/// The page of a figure's every version: `/so-lieu/industry.output/2024`.
pub fn history_href(observation: &Observation, data: &YearData) -> String {
    crate::web::address::figure(observation.indicator.code, &data.named_view_path())
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
                Some(Previous {
                    number,
                    mark: Some(mark),
                    ..
                }) => format!("{number} ({mark})"),
                Some(p) => p.number.clone(),
                None => "—".to_string(),
            },
            revised: revision_of(observation, data),
            history: history_href(observation, data),
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

/// A year's cumulative periods against the year's plan and the same
/// periods a year earlier, for one indicator.
pub struct Progress {
    /// "Kim ngạch xuất khẩu lũy kế các kỳ năm 2024 (triệu USD)"
    pub caption: String,
    pub year: i32,
    pub rows: Vec<ProgressRow>,
    /// The same as a chart, with the year's plan as a line, in its wide
    /// and narrow layouts.
    pub svg: String,
    pub svg_narrow: String,
    /// Which of last year's bars are derived from this year's published
    /// change, and why (the series had no figure of its own for them).
    pub note: Option<String>,
}

pub struct ProgressRow {
    /// "Quý I", "9 tháng", "Cả năm"
    pub period: String,
    pub value: String,
    /// "93,33", "≈ 41,16 (tính)" or "—"
    pub plan: String,
    pub previous: String,
    /// "tăng 26,13%" or "—"
    pub change: String,
    /// The period the page shows.
    pub current: bool,
}

impl Progress {
    /// `None` where the year has fewer than two of its periods published
    /// for `code` (one row is no progress).
    /// `progress`: the figures of `code` for the cumulative periods of the
    /// year shown and the year before (`YearPage::progress`).
    pub fn of(
        code: &str,
        progress: &[Observation],
        data: &YearData,
    ) -> Result<Option<Progress>, ChartError> {
        let of = |year: i32| {
            progress
                .iter()
                .filter(move |o| o.indicator.code == code && o.year == year)
        };
        let this_year: Vec<&Observation> = of(data.year).collect();
        if this_year.len() < 2 {
            return Ok(None);
        }
        let indicator = this_year[0].indicator;
        let mut periods: Vec<Period> = this_year.iter().map(|o| o.period).collect();
        periods.sort();
        // Each period against the same period a year earlier in its own
        // series (publisher, basis, territory): the stored figure, else the
        // value the published change implies; never another series' figure.
        let last_year: Vec<Observation> = of(data.year - 1).cloned().collect();
        let previous_of = |period: Period| {
            this_year
                .iter()
                .find(|o| o.period == period)
                .and_then(|figure| report::previous_in_series(figure, &last_year))
        };
        let derived: Vec<String> = periods
            .iter()
            .filter(|&&period| previous_of(period).is_some_and(|p| p.derived_from.is_some()))
            .map(|period| period.choice_label())
            .collect();
        let points: Vec<ProgressPoint> = periods
            .iter()
            .map(|&period| ProgressPoint {
                label: period.choice_label(),
                this_year: this_year
                    .iter()
                    .find(|o| o.period == period)
                    .map(|o| o.value),
                last_year: previous_of(period).map(|p| p.value),
            })
            .collect();
        // The plan as it stood when the newest of the year's figures was
        // published (a figure may carry its own).
        let newest = periods
            .last()
            .and_then(|&period| this_year.iter().find(|o| o.period == period));
        let (mut sources, mut statuses): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
        for figure in of(data.year).chain(last_year.iter().filter(|o| {
            this_year
                .iter()
                .any(|figure| report::same_series(figure, o) && figure.period == o.period)
        })) {
            if !sources.contains(&figure.publisher.name()) {
                sources.push(figure.publisher.name());
            }
            if !statuses.contains(&figure.status.label()) {
                statuses.push(figure.status.label());
            }
        }
        let chart = ProgressChart {
            name: indicator.name.to_string(),
            unit: indicator.unit.to_string(),
            year: data.year,
            points,
            plan: newest.and_then(|f| report::plan_share(f, &data.plans).plan),
            sources: sources.join(", "),
            statuses: statuses.join(", "),
        };
        let id = format!("bieu-do-tien-do-{}", code.replace('.', "-"));
        let svg = charts::progress(&chart, &id, Width::Wide)?;
        let svg_narrow = charts::progress(&chart, &format!("{id}-hep"), Width::Narrow)?;
        let rows = periods
            .into_iter()
            .map(|period| {
                let figure = this_year.iter().find(|o| o.period == period);
                let previous = previous_of(period);
                let share = figure.map(|f| report::plan_share(f, &data.plans));
                ProgressRow {
                    period: period.choice_label(),
                    value: figure.map_or_else(|| "—".to_string(), |f| report::number_text(f)),
                    plan: match share {
                        Some(report::PlanShare {
                            published: Some(pct),
                            ..
                        }) => format::number(&pct),
                        Some(report::PlanShare {
                            computed: Some(pct),
                            ..
                        }) => format!("≈ {} (tính)", format::number(&pct)),
                        _ => "—".to_string(),
                    },
                    previous: match previous {
                        Some(p) if p.derived_from.is_some() => {
                            format!("≈ {} (suy ra)", format::number(&p.value))
                        }
                        Some(p) => format::number(&p.value),
                        None => "—".to_string(),
                    },
                    change: figure
                        .and_then(|f| report::change_text(f))
                        .unwrap_or_else(|| "—".to_string()),
                    current: period == data.period,
                }
            })
            .collect();
        Ok(Some(Progress {
            caption: format!(
                "{} lũy kế các kỳ năm {}, so với kế hoạch năm và cùng kỳ năm {} ({})",
                indicator.name,
                data.year,
                data.year - 1,
                indicator.unit
            ),
            year: data.year,
            rows,
            svg,
            svg_narrow,
            note: (!derived.is_empty()).then(|| {
                format!(
                    "Cùng kỳ năm {} của {} không có số trong cùng chuỗi số liệu (cùng nơi công bố, cách tính và địa bàn): cột năm trước là số suy ra từ tốc độ tăng công bố, giá trị ÷ (1 + tốc độ tăng).",
                    data.year - 1,
                    derived.join(", ")
                )
            }),
        }))
    }
}

/// A total's published parts as a table: each part's value, its share of
/// the total (published, or computed and said so) and its change. The
/// parts may not cover the total (coffee, wood and rubber within
/// exports): the note says how far they go, and no row pretends to be the
/// rest.
pub struct PartsTable {
    pub caption: String,
    pub rows: Vec<PartRow>,
    pub note: Option<String>,
}

pub struct PartRow {
    /// The row's id: the code with `-` for `.`.
    pub anchor: String,
    pub name: &'static str,
    pub value: String,
    /// "83,49%", or "≈ 81,23% (tính toán)".
    pub share: String,
    pub change: String,
    pub history: String,
}

impl PartsTable {
    /// The breakdown of every total of `area` that has parts published this
    /// period, in the catalogue's order.
    pub fn of_area(area: Area, data: &YearData) -> Vec<PartsTable> {
        data.catalogue
            .of_area(area)
            .into_iter()
            .filter(|total| !total.is_part())
            .filter_map(|total| report::breakdown(&data.figures, total.code, data.catalogue))
            .filter(|breakdown| !breakdown.parts.is_empty())
            .map(|breakdown| PartsTable {
                caption: format!(
                    "{} {}: các thành phần được công bố",
                    breakdown.total.indicator.name,
                    data.when()
                ),
                rows: breakdown
                    .parts
                    .iter()
                    .map(|part| {
                        let (share, computed) = breakdown.share_of(part);
                        PartRow {
                            anchor: part.indicator.code.replace('.', "-"),
                            name: part.indicator.name,
                            value: report::value_text(part),
                            share: if computed {
                                format!("≈ {} (tính toán)", format::percent(&share))
                            } else {
                                format::percent(&share)
                            },
                            change: report::change_text(part).unwrap_or_else(|| "—".to_string()),
                            history: history_href(part, data),
                        }
                    })
                    .collect(),
                note: breakdown.reconciliation(),
            })
            .collect()
    }
}

/// The figures a section page shows as cards: the indicators of its area
/// that are not parts of another, in the catalogue's order, where this
/// period has them.
pub fn section_figures(area: Area, data: &YearData) -> Vec<&Observation> {
    data.catalogue
        .of_area(area)
        .into_iter()
        .filter(|indicator| !indicator.is_part())
        .filter_map(|indicator| data.figures.get(indicator.code))
        .collect()
}

/// Every code of an area, for the page frame's status and sources.
pub fn area_codes(area: Area, data: &YearData) -> Vec<&'static str> {
    data.catalogue
        .of_area(area)
        .iter()
        .map(|i| i.code)
        .collect()
}
