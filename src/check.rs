//! Consistency checks over every stored figure: parts against their total,
//! published shares against computed shares, changes against the previous
//! year, % of plan against the plan, and a published trade balance against
//! exports minus imports.
//!
//! Published figures are rounded, so two of them rarely agree to the last
//! digit. Each check computes how far rounding alone could move the result
//! (half a unit of each figure's last published digit, carried through the
//! arithmetic) and calls a difference within that "rounding", not an error.

use std::collections::HashMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::format;
use crate::indicator::{self, Catalogue, Indicator, Kind};
use crate::model::{Observation, Plan, YearFigures};
use crate::period::Period;
use crate::report::{self, rounding_margin, same_series};
use crate::territory::Territory;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// The figures agree exactly.
    Exact,
    /// They differ by no more than rounding can explain.
    Rounding,
    /// Two publishers print different figures: not a mistake in the data
    /// (both are kept and shown), but a reader should know.
    Warning,
    /// They differ by more than rounding can explain.
    Error,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Exact => "khớp",
            Verdict::Rounding => "làm tròn",
            Verdict::Warning => "lưu ý",
            Verdict::Error => "LỖI",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub year: i32,
    /// Where the figure is not the whole year's: the period's code.
    pub period: Option<Period>,
    pub indicator: &'static str,
    /// What was compared, in words, with both sides and the difference.
    pub description: String,
    pub verdict: Verdict,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let when = match self.period {
            Some(period) => period.of_year(self.year),
            None => self.year.to_string(),
        };
        write!(
            f,
            "[{}] {when} {}: {}",
            self.verdict.label(),
            self.indicator,
            self.description
        )
    }
}

/// A published figure against what other published figures imply.
struct Comparison {
    published: Decimal,
    computed: Decimal,
    /// How far apart rounding alone could put them.
    margin: Decimal,
}

impl Comparison {
    fn verdict(&self) -> Verdict {
        let difference = (self.published - self.computed).abs();
        if difference.is_zero() {
            Verdict::Exact
        } else if difference <= self.margin {
            Verdict::Rounding
        } else {
            Verdict::Error
        }
    }

    /// "công bố 83,49, tính được 83,4935, chênh 0,0035 (làm tròn cho phép ±0,0100)"
    fn describe(&self) -> String {
        let show = |d: Decimal| format::number(&d.round_dp(4).normalize());
        format!(
            "công bố {}, tính được {}, chênh {} (làm tròn cho phép ±{})",
            show(self.published),
            show(self.computed),
            show((self.published - self.computed).abs()),
            show(self.margin)
        )
    }
}

/// Checks every year. Findings come in year order, then catalogue order.
pub fn check(years: &[YearFigures], catalogue: &'static Catalogue) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, figures) in years.iter().enumerate() {
        let previous = years[..i].iter().rev().find(|y| y.year == figures.year - 1);
        for total in catalogue.all() {
            check_parts(figures, total, catalogue, &mut findings);
        }
        for observation in figures.all() {
            check_share(figures, observation, catalogue, &mut findings);
            check_change(previous, observation, &mut findings);
            check_plan(observation, &mut findings);
        }
        check_balance(figures, &mut findings);
    }
    for finding in &mut findings {
        if let Some(figure) = years
            .iter()
            .find(|y| y.year == finding.year)
            .and_then(|y| y.get(finding.indicator))
        {
            *finding = explained(finding.clone(), figure);
        }
    }
    findings
}

/// Whether any finding exceeds rounding.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.verdict == Verdict::Error)
}

/// A total against the sum of its parts, where every part was published
/// in the total's series (an incomplete breakdown — coffee within exports
/// — is not expected to add up).
fn check_parts(
    figures: &YearFigures,
    total: &'static Indicator,
    catalogue: &'static Catalogue,
    findings: &mut Vec<Finding>,
) {
    let Some(breakdown) = report::breakdown(figures, total.code, catalogue) else {
        return;
    };
    if breakdown.parts.is_empty() || !breakdown.complete {
        return;
    }
    let total_observation = breakdown.total;
    let present = &breakdown.parts;
    let sum: Decimal = present.iter().map(|p| p.value).sum();
    let comparison = Comparison {
        published: total_observation.value,
        computed: sum,
        margin: present
            .iter()
            .map(|p| rounding_margin(&p.value))
            .sum::<Decimal>()
            + rounding_margin(&total_observation.value),
    };
    findings.push(Finding {
        period: None,
        year: figures.year,
        indicator: total.code,
        description: format!(
            "tổng so với cộng {} thành phần: {}",
            present.len(),
            comparison.describe()
        ),
        verdict: comparison.verdict(),
    });

    let shares: Option<Vec<Decimal>> = present.iter().map(|p| p.share_pct).collect();
    if let Some(shares) = shares {
        let comparison = Comparison {
            published: Decimal::ONE_HUNDRED,
            computed: shares.iter().sum(),
            margin: shares.iter().map(rounding_margin).sum(),
        };
        findings.push(Finding {
            period: None,
            year: figures.year,
            indicator: total.code,
            description: format!(
                "tổng tỷ trọng các thành phần so với 100%: {}",
                comparison.describe()
            ),
            verdict: comparison.verdict(),
        });
    }
}

/// Rounding carried through `a / b × 100`.
fn ratio_margin(a: &Decimal, b: &Decimal) -> Decimal {
    (rounding_margin(a) / b.abs() + a.abs() * rounding_margin(b) / (b * b)) * Decimal::ONE_HUNDRED
}

/// A published share against the part's value over its total's: the top
/// of its breakdown (lodging's share is of the retail total, not of
/// "lưu trú và ăn uống").
fn check_share(
    figures: &YearFigures,
    part: &Observation,
    catalogue: &'static Catalogue,
    findings: &mut Vec<Finding>,
) {
    let Some(share) = part.share_pct else {
        return;
    };
    let Some(total_code) = catalogue
        .root_of(part.indicator.code)
        .map(|root| root.code)
        .filter(|root| *root != part.indicator.code)
    else {
        return;
    };
    let Some(total) = figures.get(total_code).filter(|t| !t.value.is_zero()) else {
        return;
    };
    let comparison = Comparison {
        published: share,
        computed: part.value / total.value * Decimal::ONE_HUNDRED,
        margin: rounding_margin(&share) + ratio_margin(&part.value, &total.value),
    };
    findings.push(Finding {
        period: None,
        year: figures.year,
        indicator: part.indicator.code,
        description: format!("tỷ trọng trong {total_code} (%): {}", comparison.describe()),
        verdict: comparison.verdict(),
    });
}

fn check_change(
    previous: Option<&YearFigures>,
    current: &Observation,
    findings: &mut Vec<Finding>,
) {
    let code = current.indicator.code;
    let year = current.year;
    match current.indicator.kind {
        Kind::IndexOnPreviousYear => {
            // The index itself says the change: 101,69 is "tăng 1,69%".
            let Some(change) = current.change_pct else {
                return;
            };
            let comparison = Comparison {
                published: change,
                computed: current.value - Decimal::ONE_HUNDRED,
                margin: rounding_margin(&change) + rounding_margin(&current.value),
            };
            findings.push(Finding {
                period: None,
                year,
                indicator: code,
                description: format!(
                    "tốc độ tăng so với chỉ số − 100 (%): {}",
                    comparison.describe()
                ),
                verdict: comparison.verdict(),
            });
        }
        Kind::Rank => {
            let (Some(places), Some(before)) =
                (current.change_places, previous.and_then(|p| p.get(code)))
            else {
                return;
            };
            let expected = before.value - current.value;
            let verdict = if Decimal::from(places) == expected {
                Verdict::Exact
            } else {
                Verdict::Error
            };
            findings.push(Finding {
                period: None,
                year,
                indicator: code,
                description: format!(
                    "số bậc thay đổi: công bố {places}, tính từ hạng năm {} ({}) và năm {year} ({}) được {}",
                    year - 1,
                    format::number(&before.value),
                    format::number(&current.value),
                    format::number(&expected)
                ),
                verdict,
            });
        }
        Kind::Score | Kind::IndexOnPreviousMonth => {}
        Kind::Amount | Kind::Quantity => {
            let (Some(change), Some(before)) =
                (current.change_pct, previous.and_then(|p| p.get(code)))
            else {
                return;
            };
            // Two series (another publisher, another basis, another
            // province) are not compared: a change is within one series.
            if before.value.is_zero() || !same_series(before, current) {
                return;
            }
            let comparison = Comparison {
                published: change,
                computed: (current.value / before.value - Decimal::ONE) * Decimal::ONE_HUNDRED,
                margin: rounding_margin(&change) + ratio_margin(&current.value, &before.value),
            };
            findings.push(Finding {
                period: None,
                year,
                indicator: code,
                description: format!(
                    "tốc độ tăng so với năm {} (%): {}",
                    year - 1,
                    comparison.describe()
                ),
                verdict: comparison.verdict(),
            });
        }
    }
}

fn check_plan(current: &Observation, findings: &mut Vec<Finding>) {
    let (Some(plan_pct), Some(plan)) = (current.plan_pct, current.plan) else {
        return;
    };
    if plan.is_zero() {
        return;
    }
    let comparison = Comparison {
        published: plan_pct,
        computed: current.value / plan * Decimal::ONE_HUNDRED,
        margin: rounding_margin(&plan_pct) + ratio_margin(&current.value, &plan),
    };
    findings.push(Finding {
        period: None,
        year: current.year,
        indicator: current.indicator.code,
        description: format!(
            "% kế hoạch so với giá trị ÷ kế hoạch: {}",
            comparison.describe()
        ),
        verdict: comparison.verdict(),
    });
}

fn check_balance(figures: &YearFigures, findings: &mut Vec<Finding>) {
    let (Some(export), Some(import)) = (
        figures.get(indicator::TRADE_EXPORT),
        figures.get(indicator::TRADE_IMPORT),
    ) else {
        return;
    };
    let computed = export.value - import.value;
    let (description, verdict) = match figures.get(indicator::TRADE_BALANCE) {
        Some(balance) => {
            let comparison = Comparison {
                published: balance.value,
                computed,
                margin: rounding_margin(&export.value)
                    + rounding_margin(&import.value)
                    + rounding_margin(&balance.value),
            };
            (
                format!(
                    "cán cân so với xuất khẩu − nhập khẩu: {}",
                    comparison.describe()
                ),
                comparison.verdict(),
            )
        }
        None => (
            format!(
                "cán cân không được công bố; tính từ xuất khẩu − nhập khẩu: {} − {} = {}",
                format::number(&export.value),
                format::number(&import.value),
                format::number(&computed)
            ),
            Verdict::Exact,
        ),
    };
    findings.push(Finding {
        period: None,
        year: figures.year,
        indicator: indicator::TRADE_BALANCE,
        description,
        verdict,
    });
}

/// Checks across the whole record: every current figure of every period
/// and publisher, and the plans.
/// - a cumulative amount that shrinks within a year (9 months below 6);
/// - months that do not add up to their cumulative figure;
/// - two publishers printing one figure differently (a warning naming both);
/// - a growth rate that the same period a year earlier does not give, for
///   figures the yearly check above does not already cover;
/// - a "% of plan" that the year's plan amount does not give.
///
/// Linear in the record: figures and plans are grouped once by indicator,
/// territory and year, and each figure is checked against its own group
/// (and the year before's) only.
pub fn check_record(figures: &[Observation], plans: &[Plan]) -> Vec<Finding> {
    type Group<'a, T> = HashMap<(&'static str, Territory, i32), Vec<&'a T>>;
    let mut by_year: Group<'_, Observation> = HashMap::new();
    for figure in figures {
        by_year
            .entry((figure.indicator.code, figure.territory, figure.year))
            .or_default()
            .push(figure);
    }
    let mut plans_by_year: Group<'_, Plan> = HashMap::new();
    for plan in plans {
        plans_by_year
            .entry((plan.indicator.code, plan.territory, plan.year))
            .or_default()
            .push(plan);
    }
    let mut findings = Vec::new();
    for figure in figures {
        let key = |year: i32| (figure.indicator.code, figure.territory, year);
        let same_year = &by_year[&key(figure.year)];
        let year_before = by_year
            .get(&key(figure.year - 1))
            .map_or(&[][..], Vec::as_slice);
        let plans = plans_by_year
            .get(&key(figure.year))
            .map_or(&[][..], Vec::as_slice);
        check_cumulative(same_year, figure, &mut findings);
        check_months(same_year, figure, &mut findings);
        check_publishers(same_year, figure, &mut findings);
        check_period_change(same_year, year_before, figure, &mut findings);
        check_plan_record(plans, figure, &mut findings);
    }
    findings
}

fn finding(figure: &Observation, description: String, verdict: Verdict) -> Finding {
    explained(
        Finding {
            year: figure.year,
            period: Some(figure.period).filter(|p| *p != Period::Year),
            indicator: figure.indicator.code,
            description,
            verdict,
        },
        figure,
    )
}

pub use crate::model::DOUBTFUL;

/// An error about a figure marked doubtful is known and explained where the
/// figure is shown: a warning that quotes the note, not an error.
fn explained(mut finding: Finding, figure: &Observation) -> Finding {
    if finding.verdict == Verdict::Error
        && let Some(note) = figure
            .note
            .as_deref()
            .filter(|note| note.starts_with(DOUBTFUL))
    {
        finding.verdict = Verdict::Warning;
        finding.description = format!("{} — đã ghi chú: {note}", finding.description);
    }
    finding
}

fn check_cumulative(figures: &[&Observation], figure: &Observation, findings: &mut Vec<Finding>) {
    let (Period::Cumulative(months), true) = (figure.period, figure.indicator.kind.is_additive())
    else {
        return;
    };
    // The longest shorter period of the same series, compared once.
    let earlier = figures
        .iter()
        .filter(|o| same_series(o, figure) && o.year == figure.year)
        .filter_map(|o| match o.period {
            Period::Cumulative(n) if n < months => Some((n, o)),
            _ => None,
        })
        .max_by_key(|(n, _)| *n);
    let Some((shorter, earlier)) = earlier else {
        return;
    };
    if figure.value + rounding_margin(&figure.value) + rounding_margin(&earlier.value)
        < earlier.value
    {
        findings.push(finding(
            figure,
            format!(
                "lũy kế {months} tháng ({}) nhỏ hơn lũy kế {shorter} tháng ({}) của cùng nơi công bố",
                format::number(&figure.value),
                format::number(&earlier.value)
            ),
            Verdict::Error,
        ));
    }
}

fn check_months(figures: &[&Observation], figure: &Observation, findings: &mut Vec<Finding>) {
    let (Period::Cumulative(months), true) = (figure.period, figure.indicator.kind.is_additive())
    else {
        return;
    };
    let monthly: Vec<&Observation> = (1..=months)
        .filter_map(|m| {
            figures.iter().copied().find(|o| {
                same_series(o, figure) && o.year == figure.year && o.period == Period::Month(m)
            })
        })
        .collect();
    if monthly.len() != usize::from(months) {
        return;
    }
    let comparison = Comparison {
        published: figure.value,
        computed: monthly.iter().map(|o| o.value).sum(),
        margin: rounding_margin(&figure.value)
            + monthly
                .iter()
                .map(|o| rounding_margin(&o.value))
                .sum::<Decimal>(),
    };
    findings.push(finding(
        figure,
        format!(
            "lũy kế {months} tháng so với cộng từng tháng: {}",
            comparison.describe()
        ),
        comparison.verdict(),
    ));
}

fn check_publishers(figures: &[&Observation], figure: &Observation, findings: &mut Vec<Finding>) {
    // Each pair once: from the publisher that comes first.
    for other in figures.iter().filter(|o| {
        o.indicator.code == figure.indicator.code
            && o.territory == figure.territory
            && o.year == figure.year
            && o.period == figure.period
            && o.sub_territory == figure.sub_territory
            && o.publisher > figure.publisher
    }) {
        let margin = rounding_margin(&figure.value) + rounding_margin(&other.value);
        if (figure.value - other.value).abs() <= margin {
            continue;
        }
        let change = |o: &Observation| {
            o.change_pct
                .map(|c| format!(" ({})", format::change_in_words(&c)))
                .unwrap_or_default()
        };
        findings.push(finding(
            figure,
            format!(
                "{} công bố {}{}, {} công bố {}{}: hai nơi công bố khác nhau, cả hai được giữ",
                figure.publisher.name(),
                format::number(&figure.value),
                change(figure),
                other.publisher.name(),
                format::number(&other.value),
                change(other),
            ),
            Verdict::Warning,
        ));
    }
}

fn check_period_change(
    figures: &[&Observation],
    year_before: &[&Observation],
    figure: &Observation,
    findings: &mut Vec<Finding>,
) {
    let (Some(change), true) = (figure.change_pct, figure.indicator.kind.is_additive()) else {
        return;
    };
    // The yearly check covers the whole year's figures pages lead with.
    let leads = figures
        .iter()
        .filter(|o| {
            o.indicator.code == figure.indicator.code
                && o.territory == figure.territory
                && o.year == figure.year
                && o.period == figure.period
        })
        .all(|o| o.publisher >= figure.publisher);
    if figure.period == Period::Year && leads {
        return;
    }
    let Some(before) = year_before
        .iter()
        .find(|o| same_series(o, figure) && o.year == figure.year - 1 && o.period == figure.period)
    else {
        return;
    };
    if before.value.is_zero() {
        return;
    }
    let comparison = Comparison {
        published: change,
        computed: (figure.value / before.value - Decimal::ONE) * Decimal::ONE_HUNDRED,
        margin: rounding_margin(&change) + ratio_margin(&figure.value, &before.value),
    };
    findings.push(finding(
        figure,
        format!(
            "tốc độ tăng so với {} của {} (%): {}",
            figure.period.of_year(figure.year - 1),
            figure.publisher.name(),
            comparison.describe()
        ),
        comparison.verdict(),
    ));
}

fn check_plan_record(plans: &[&Plan], figure: &Observation, findings: &mut Vec<Finding>) {
    let (Some(plan_pct), None) = (figure.plan_pct, figure.plan) else {
        return;
    };
    // A sub-territory's share is of its own plan, which is not stored.
    if figure.sub_territory {
        return;
    }
    let Some((plan, amount)) = report::year_plan(figure, plans) else {
        return;
    };
    let comparison = Comparison {
        published: plan_pct,
        computed: figure.value / amount * Decimal::ONE_HUNDRED,
        margin: rounding_margin(&plan_pct) + ratio_margin(&figure.value, &amount),
    };
    findings.push(finding(
        figure,
        format!(
            "% kế hoạch năm so với giá trị ÷ kế hoạch {} của {}: {}",
            format::number(&amount),
            plan.publisher.name(),
            comparison.describe()
        ),
        comparison.verdict(),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset;

    fn years(csv: &str) -> Vec<YearFigures> {
        YearFigures::group(
            dataset::read_observations(csv.as_bytes(), crate::indicator::Catalogue::committed())
                .unwrap(),
        )
    }

    #[test]
    fn the_seed_has_rounding_differences_only() {
        let findings = check(
            &years(include_str!("../data/observations.csv")),
            crate::indicator::Catalogue::committed(),
        );
        assert!(!has_errors(&findings), "{findings:#?}");
        let parts = findings
            .iter()
            .find(|f| f.indicator == "retail.total" && f.description.starts_with("tổng so với"))
            .unwrap();
        assert_eq!(parts.verdict, Verdict::Rounding);
        assert!(
            parts
                .description
                .contains("công bố 108.000, tính được 107.999"),
            "{}",
            parts.description
        );
        assert!(
            findings
                .iter()
                .filter(|f| f.description.starts_with("tỷ trọng"))
                .count()
                == 5
        );
    }

    const HEADER: &str =
        "indicator,year,value,plan,plan_pct,change_pct,change_places,status,source\n";

    #[test]
    fn a_change_that_the_previous_year_contradicts_is_an_error() {
        let findings = check(
            &years(&format!(
                "{HEADER}trade.export,2022,660,,,,,official,A\ntrade.export,2023,680,,,3.03,,estimate,A\n\
             trade.import,2022,140,,,,,official,A\ntrade.import,2023,141,,,9.5,,estimate,A\n"
            )),
            crate::indicator::Catalogue::committed(),
        );
        let verdicts: Vec<_> = findings
            .iter()
            .filter(|f| f.description.starts_with("tốc độ tăng"))
            .map(|f| (f.indicator, f.verdict))
            .collect();
        assert_eq!(
            verdicts,
            [
                ("trade.export", Verdict::Rounding),
                ("trade.import", Verdict::Error)
            ]
        );
        assert!(has_errors(&findings));
    }

    #[test]
    fn a_plan_share_that_the_plan_contradicts_is_an_error() {
        let findings = check(
            &years(&format!(
                "{HEADER}trade.export,2023,680,680,100,,,estimate,A\ntrade.import,2023,141,110,150,,,estimate,A\n"
            )),
            crate::indicator::Catalogue::committed(),
        );
        let verdicts: Vec<_> = findings
            .iter()
            .filter(|f| f.description.starts_with("% kế hoạch"))
            .map(|f| (f.indicator, f.verdict))
            .collect();
        assert_eq!(
            verdicts,
            [
                ("trade.export", Verdict::Exact),
                ("trade.import", Verdict::Error)
            ]
        );
    }

    #[test]
    fn a_published_balance_is_checked_against_exports_minus_imports() {
        let findings = check(
            &years(&format!(
                "{HEADER}trade.export,2023,680,,,,,estimate,A\ntrade.import,2023,141,,,,,estimate,A\ntrade.balance,2023,500,,,,,estimate,A\n"
            )),
            crate::indicator::Catalogue::committed(),
        );
        let balance = findings
            .iter()
            .find(|f| f.indicator == "trade.balance")
            .unwrap();
        assert_eq!(balance.verdict, Verdict::Error);
    }

    #[test]
    fn a_rank_change_is_checked_against_last_year_s_rank() {
        let findings = check(
            &years(&format!(
                "{HEADER}ecommerce.rank_national,2022,40,,,,,official,A\necommerce.rank_national,2023,38,,,,2,estimate,A\n"
            )),
            crate::indicator::Catalogue::committed(),
        );
        let rank = findings
            .iter()
            .find(|f| f.indicator == "ecommerce.rank_national")
            .unwrap();
        assert_eq!(rank.verdict, Verdict::Exact);
    }

    #[test]
    fn parts_that_miss_their_total_by_more_than_rounding_are_an_error() {
        let seed = include_str!("../data/observations.csv")
            .replace("retail.commerce,2023,90173,", "retail.commerce,2023,91173,");
        let findings = check(&years(&seed), crate::indicator::Catalogue::committed());
        assert!(
            findings
                .iter()
                .any(|f| f.indicator == "retail.total" && f.verdict == Verdict::Error)
        );
    }

    fn record(csv: &str) -> Vec<Finding> {
        let figures =
            dataset::read_figures(csv.as_bytes(), crate::indicator::Catalogue::committed())
                .unwrap();
        check_record(&figures.observations, &figures.plans)
    }

    const FULL: &str =
        "indicator,year,value,period,publisher,kind,plan_pct,change_pct,status,published,source\n";

    fn summary(findings: &[Finding]) -> Vec<(String, Verdict)> {
        findings
            .iter()
            .map(|f| (f.to_string(), f.verdict))
            .collect()
    }

    #[test]
    fn a_cumulative_amount_that_shrinks_is_an_error() {
        let findings = record(&format!(
            "{FULL}trade.export,2024,400,m6,,,,,estimate,2024-07,A\ntrade.export,2024,390,m9,,,,,estimate,2024-10,A\n\
             trade.export,2024,610,m11,,,,,estimate,2024-12,A\n"
        ));
        let errors: Vec<_> = findings
            .iter()
            .filter(|f| f.verdict == Verdict::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{findings:#?}");
        assert_eq!(
            errors[0].to_string(),
            "[LỖI] 9 tháng năm 2024 trade.export: lũy kế 9 tháng (390) nhỏ hơn lũy kế 6 tháng (400) của cùng nơi công bố"
        );
    }

    #[test]
    fn months_are_added_up_against_their_cumulative_figure() {
        let findings = record(&format!(
            "{FULL}trade.export,2024,60.2,month-1,,,,,estimate,2024-02,A\ntrade.export,2024,70.4,month-2,,,,,estimate,2024-03,A\n\
             trade.export,2024,130.6,m2,,,,,estimate,2024-03,A\n\
             trade.import,2024,10,month-1,,,,,estimate,2024-02,A\ntrade.import,2024,12,month-2,,,,,estimate,2024-03,A\n\
             trade.import,2024,25,m2,,,,,estimate,2024-03,A\n"
        ));
        let months: Vec<_> = findings
            .iter()
            .filter(|f| f.description.contains("cộng từng tháng"))
            .map(|f| (f.indicator, f.verdict))
            .collect();
        assert_eq!(
            months,
            [
                ("trade.export", Verdict::Exact),
                ("trade.import", Verdict::Error)
            ]
        );
    }

    #[test]
    fn publishers_that_disagree_are_a_warning_naming_both() {
        let findings = record(&format!(
            "{FULL}trade.import,2023,141,year,so-cong-thuong,,,0.7,estimate,2023-12,A\n\
             trade.import,2023,110,year,thong-ke,,,-21.43,estimate,2023-12-28,B\n\
             trade.export,2023,680,year,so-cong-thuong,,,,estimate,2023-12,A\n\
             trade.export,2023,680,year,thong-ke,,,,estimate,2023-12-28,B\n"
        ));
        assert_eq!(
            summary(&findings),
            [(
                "[lưu ý] 2023 trade.import: Sở Công Thương công bố 141 (tăng 0,7%), Cục Thống kê công bố 110 (giảm 21,43%): hai nơi công bố khác nhau, cả hai được giữ".to_string(),
                Verdict::Warning
            )]
        );
        assert!(!has_errors(&findings));
    }

    #[test]
    fn a_period_s_growth_rate_is_checked_against_the_same_period_a_year_earlier() {
        let findings = record(&format!(
            "{FULL}trade.export,2023,500,m9,,,,,estimate,2023-10,A\ntrade.export,2024,575,m9,,,,15,estimate,2024-10,A\n\
             industry.output,2023,1000,m6,,,,,estimate,2023-07,A\nindustry.output,2024,1100,m6,,,,12,estimate,2024-07,A\n"
        ));
        let growth: Vec<_> = findings
            .iter()
            .filter(|f| f.description.starts_with("tốc độ tăng"))
            .map(|f| (f.indicator, f.verdict))
            .collect();
        assert_eq!(
            growth,
            [
                ("trade.export", Verdict::Exact),
                ("industry.output", Verdict::Error)
            ]
        );
        assert!(
            findings[0].description.contains("9 tháng năm 2023"),
            "{findings:#?}"
        );
    }

    #[test]
    fn a_plan_share_is_checked_against_the_plan_as_it_stood() {
        let findings = record(&format!(
            "{FULL}trade.export,2024,750,year,,plan,,,,2023-12,Kế hoạch\n\
             trade.export,2024,800,year,,plan,,,,2024-12-30,Kế hoạch mới\n\
             trade.export,2024,600,m9,,,80,,estimate,2024-10,A\n\
             trade.export,2024,640,m10,,,90,,estimate,2024-11,A\n"
        ));
        let plans: Vec<_> = findings
            .iter()
            .filter(|f| f.description.starts_with("% kế hoạch"))
            .map(|f| (f.indicator, f.verdict))
            .collect();
        assert_eq!(
            plans,
            [
                ("trade.export", Verdict::Exact),
                ("trade.export", Verdict::Error)
            ]
        );
        assert!(
            findings[0].description.contains("kế hoạch 750"),
            "{findings:#?}"
        );
    }
}
