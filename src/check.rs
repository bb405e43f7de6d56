//! Consistency checks over every stored figure: parts against their total,
//! published shares against computed shares, changes against the previous
//! year, % of plan against the plan, and a published trade balance against
//! exports minus imports.
//!
//! Published figures are rounded, so two of them rarely agree to the last
//! digit. Each check computes how far rounding alone could move the result
//! (half a unit of each figure's last published digit, carried through the
//! arithmetic) and calls a difference within that "rounding", not an error.

use std::fmt;

use rust_decimal::Decimal;

use crate::format;
use crate::indicator::{self, Indicator, Kind};
use crate::model::{Observation, YearFigures};
use crate::report::rounding_margin;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// The figures agree exactly.
    Exact,
    /// They differ by no more than rounding can explain.
    Rounding,
    /// They differ by more than rounding can explain.
    Error,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Exact => "khớp",
            Verdict::Rounding => "làm tròn",
            Verdict::Error => "LỖI",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub year: i32,
    pub indicator: &'static str,
    /// What was compared, in words, with both sides and the difference.
    pub description: String,
    pub verdict: Verdict,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {} {}: {}",
            self.verdict.label(),
            self.year,
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
pub fn check(years: &[YearFigures]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, figures) in years.iter().enumerate() {
        let previous = years[..i].iter().rev().find(|y| y.year == figures.year - 1);
        for total in indicator::INDICATORS {
            check_parts(figures, total, &mut findings);
        }
        for observation in figures.all() {
            check_share(figures, observation, &mut findings);
            check_change(previous, observation, &mut findings);
            check_plan(observation, &mut findings);
        }
        check_balance(figures, &mut findings);
    }
    findings
}

/// Whether any finding exceeds rounding.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.verdict == Verdict::Error)
}

fn parts_of(total: &Indicator) -> Vec<&'static Indicator> {
    indicator::INDICATORS
        .iter()
        .filter(|i| i.part_of == Some(total.code))
        .collect()
}

fn check_parts(figures: &YearFigures, total: &'static Indicator, findings: &mut Vec<Finding>) {
    let parts = parts_of(total);
    let Some(total_observation) = figures.get(total.code) else {
        return;
    };
    let present: Vec<&Observation> = parts.iter().filter_map(|p| figures.get(p.code)).collect();
    if parts.is_empty() || present.len() != parts.len() {
        return;
    }
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
        year: figures.year,
        indicator: total.code,
        description: format!(
            "tổng so với cộng {} thành phần: {}",
            parts.len(),
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

fn check_share(figures: &YearFigures, part: &Observation, findings: &mut Vec<Finding>) {
    let (Some(share), Some(total_code)) = (part.share_pct, part.indicator.part_of) else {
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
        Kind::Amount => {
            let (Some(change), Some(before)) =
                (current.change_pct, previous.and_then(|p| p.get(code)))
            else {
                return;
            };
            if before.value.is_zero() {
                return;
            }
            let comparison = Comparison {
                published: change,
                computed: (current.value / before.value - Decimal::ONE) * Decimal::ONE_HUNDRED,
                margin: rounding_margin(&change) + ratio_margin(&current.value, &before.value),
            };
            findings.push(Finding {
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
        year: figures.year,
        indicator: indicator::TRADE_BALANCE,
        description,
        verdict,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset;

    fn years(csv: &str) -> Vec<YearFigures> {
        YearFigures::group(dataset::read_observations(csv.as_bytes()).unwrap())
    }

    #[test]
    fn the_seed_has_rounding_differences_only() {
        let findings = check(&years(include_str!("../data/observations.csv")));
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
        let findings = check(&years(&format!(
            "{HEADER}trade.export,2022,660,,,,,official,A\ntrade.export,2023,680,,,3.03,,estimate,A\n\
             trade.import,2022,140,,,,,official,A\ntrade.import,2023,141,,,9.5,,estimate,A\n"
        )));
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
        let findings = check(&years(&format!(
            "{HEADER}trade.export,2023,680,680,100,,,estimate,A\ntrade.import,2023,141,110,150,,,estimate,A\n"
        )));
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
        let findings = check(&years(&format!(
            "{HEADER}trade.export,2023,680,,,,,estimate,A\ntrade.import,2023,141,,,,,estimate,A\ntrade.balance,2023,500,,,,,estimate,A\n"
        )));
        let balance = findings
            .iter()
            .find(|f| f.indicator == "trade.balance")
            .unwrap();
        assert_eq!(balance.verdict, Verdict::Error);
    }

    #[test]
    fn a_rank_change_is_checked_against_last_year_s_rank() {
        let findings = check(&years(&format!(
            "{HEADER}ecommerce.rank_national,2022,40,,,,,official,A\necommerce.rank_national,2023,38,,,,2,estimate,A\n"
        )));
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
        let findings = check(&years(&seed));
        assert!(
            findings
                .iter()
                .any(|f| f.indicator == "retail.total" && f.verdict == Verdict::Error)
        );
    }
}
