//! What the figures say together: a total against its parts, the trade
//! balance, and figures written as sentences the way official reports write
//! them. Pure functions over `YearFigures`, used by pages and charts alike.

use rust_decimal::Decimal;

use crate::format;
use crate::indicator::{self, Catalogue, Kind};
use crate::model::{Observation, Plan, Status, Target, YearFigures, leading};
use crate::period::Period;
use crate::publisher::Publisher;
use crate::territory::Territory;

/// Half a unit of the last published digit: how far a rounded figure can be
/// from the figure before rounding (0,05 for 31.620,6; 0,5 for 108.000).
pub fn rounding_margin(value: &Decimal) -> Decimal {
    Decimal::new(5, value.scale() + 1)
}

/// A total beside its published components (the retail total's five; the
/// export goods).
#[derive(Debug)]
pub struct Breakdown<'a> {
    pub total: &'a Observation,
    /// The components present, in the order the source lists them.
    pub parts: Vec<&'a Observation>,
    /// The sum of the published components.
    pub parts_sum: Decimal,
    /// The sum of the published shares, in %.
    pub shares_sum: Option<Decimal>,
    /// Whether every part of the total was published (in itself or as
    /// its own parts): only then should the parts add up to the total.
    pub complete: bool,
}

impl Breakdown<'_> {
    /// Published total minus the sum of its published parts.
    pub fn difference(&self) -> Decimal {
        self.total.value - self.parts_sum
    }

    /// Whether the total and its parts differ by no more than rounding each
    /// published figure to its digits can explain.
    pub fn difference_is_rounding(&self) -> bool {
        let margin: Decimal = self
            .parts
            .iter()
            .map(|p| rounding_margin(&p.value))
            .sum::<Decimal>()
            + rounding_margin(&self.total.value);
        self.difference().abs() <= margin
    }

    /// How the published parts compare with the published total, in words:
    /// equal, apart by rounding only, or apart by more. `None` without parts.
    pub fn reconciliation(&self) -> Option<String> {
        if self.parts.is_empty() {
            return None;
        }
        let unit = self.total.indicator.unit;
        let difference = self.difference();
        let sum = format::with_unit(&self.parts_sum, unit);
        let total = format::with_unit(&self.total.value, unit);
        if !self.complete {
            // Part of a breakdown: what it covers, and no claim that the
            // parts shown make up the whole.
            let share = if self.total.value.is_zero() {
                Decimal::ZERO
            } else {
                (self.parts_sum / self.total.value * Decimal::ONE_HUNDRED).round_dp(2)
            };
            let rest = if difference.is_sign_negative() {
                "Các phần công bố cộng lại lớn hơn tổng: số liệu cần được kiểm tra lại.".to_string()
            } else {
                format!(
                    "Phần còn lại, {}, là các thành phần không được công bố riêng cho kỳ này.",
                    format::with_unit(&difference, unit)
                )
            };
            return Some(format!(
                "Chỉ một phần các thành phần được công bố: cộng lại {sum}, bằng {} tổng công bố {total}. {rest}",
                format::percent(&share)
            ));
        }
        if difference.is_zero() {
            return Some(format!(
                "Các thành phần công bố cộng lại đúng bằng tổng công bố {total}."
            ));
        }
        let verdict = if self.difference_is_rounding() {
            "Chênh lệch này nằm trong phạm vi làm tròn của từng số liệu công bố, không phải sai sót; \
             trang giữ nguyên các số như đã công bố."
        } else {
            "Chênh lệch này lớn hơn mức làm tròn: các thành phần chưa được công bố đầy đủ hoặc \
             số liệu cần được kiểm tra lại."
        };
        Some(format!(
            "Các thành phần công bố cộng lại được {sum}, {} tổng công bố {total} là {}. {verdict}",
            if difference.is_sign_positive() {
                "thấp hơn"
            } else {
                "cao hơn"
            },
            format::with_unit(&difference.abs(), unit),
        ))
    }

    /// A part's share of the total, in %: the published share where there
    /// is one, else computed from the two published amounts (to two
    /// decimals) — the second marked `true`.
    pub fn share_of(&self, part: &Observation) -> (Decimal, bool) {
        match part.share_pct {
            Some(share) => (share, false),
            None if !self.total.value.is_zero() => (
                (part.value / self.total.value * Decimal::ONE_HUNDRED).round_dp(2),
                true,
            ),
            None => (Decimal::ZERO, true),
        }
    }
}

/// The retail total and its published components.
pub fn retail<'a>(
    figures: &'a YearFigures,
    catalogue: &'static Catalogue,
) -> Option<Breakdown<'a>> {
    breakdown(figures, indicator::RETAIL_TOTAL, catalogue)
}

/// A total beside the parts the catalogue names for it (`part_of`) that
/// were published for the same period by the same publisher, in the same
/// series (basis): a part of another publisher's series is never set
/// against this total. The parts may be an incomplete breakdown (coffee,
/// wood and rubber within exports); `reconciliation` says how far they
/// cover the total.
pub fn breakdown<'a>(
    figures: &'a YearFigures,
    total: &str,
    catalogue: &'static Catalogue,
) -> Option<Breakdown<'a>> {
    let total = figures.get(total)?;
    let in_series = |code: &str| {
        figures
            .get(code)
            .filter(|part| part.publisher == total.publisher && part.basis == total.basis)
    };
    // Each part as published, or where it was published only as its own
    // parts (lodging and meals apart, not together), those.
    let mut parts = Vec::new();
    let mut complete = true;
    for part in catalogue.parts_of(total.indicator.code) {
        if let Some(found) = in_series(part.code) {
            parts.push(found);
            continue;
        }
        let within = catalogue.parts_of(part.code);
        let found: Vec<_> = within.iter().filter_map(|p| in_series(p.code)).collect();
        complete &= !within.is_empty() && found.len() == within.len();
        parts.extend(found);
    }
    let parts_sum = parts.iter().map(|p| p.value).sum();
    let shares: Option<Vec<Decimal>> = parts.iter().map(|p| p.share_pct).collect();
    Some(Breakdown {
        total,
        complete,
        shares_sum: shares.map(|s| s.into_iter().sum()),
        parts,
        parts_sum,
    })
}

/// Exports against imports, and the balance: the published one where a
/// figure for it is stored, otherwise computed here as exports − imports
/// (pages then label it as computed).
#[derive(Debug)]
pub struct TradeBalance<'a> {
    pub export: &'a Observation,
    pub import: &'a Observation,
    /// The balance, where it was published; otherwise it is computed.
    pub published: Option<&'a Observation>,
}

impl TradeBalance<'_> {
    /// The published balance, or exports minus imports: positive is a
    /// surplus (xuất siêu).
    pub fn balance(&self) -> Decimal {
        self.published
            .map_or(self.export.value - self.import.value, |b| b.value)
    }

    pub fn is_computed(&self) -> bool {
        self.published.is_none()
    }

    /// "xuất siêu 539 triệu USD"
    pub fn balance_text(&self) -> String {
        let balance = self.balance();
        if balance.is_zero() {
            self.balance_word().to_string()
        } else {
            format!(
                "{} {}",
                self.balance_word(),
                format::with_unit(&balance.abs(), self.export.indicator.unit)
            )
        }
    }

    /// "xuất siêu" (surplus), "nhập siêu" (deficit) or "cân bằng".
    pub fn balance_word(&self) -> &'static str {
        let balance = self.balance();
        if balance.is_zero() {
            "cân bằng"
        } else if balance.is_sign_positive() {
            "xuất siêu"
        } else {
            "nhập siêu"
        }
    }

    /// The least final status of the two figures the balance is made from.
    pub fn status(&self) -> Status {
        self.export.status.min(self.import.status)
    }
}

/// Exports against imports where both are of one publisher's series (on
/// one basis, for one territory): a balance is never worked out from two
/// publishers' figures (`trade_pair_differs` says when that is why there
/// is none).
pub fn trade(figures: &YearFigures) -> Option<TradeBalance<'_>> {
    let (export, import) = (
        figures.get(indicator::TRADE_EXPORT)?,
        figures.get(indicator::TRADE_IMPORT)?,
    );
    if in_other_series(export, import) {
        return None;
    }
    Some(TradeBalance {
        export,
        import,
        published: figures.get(indicator::TRADE_BALANCE),
    })
}

/// Whether a period has exports and imports, but of two series: "xuất
/// khẩu của Sở Công Thương, nhập khẩu của Cục Thống kê".
pub fn trade_pair_differs(figures: &YearFigures) -> Option<String> {
    let (export, import) = (
        figures.get(indicator::TRADE_EXPORT)?,
        figures.get(indicator::TRADE_IMPORT)?,
    );
    in_other_series(export, import).then(|| {
        format!(
            "xuất khẩu của {}, nhập khẩu của {}",
            export.publisher.name(),
            import.publisher.name()
        )
    })
}

fn in_other_series(a: &Observation, b: &Observation) -> bool {
    a.publisher != b.publisher || a.basis != b.basis || a.territory != b.territory
}

/// A year's value of an indicator: stored, or derived from the next year's
/// published change.
#[derive(Debug, Clone, PartialEq)]
pub struct YearValue {
    pub year: i32,
    pub value: Decimal,
    /// Present when the value is derived, not stored.
    pub derived_from: Option<Derivation>,
    /// The basis of the series the value belongs to (a derived value has
    /// its source's); a change of basis between two years is a break.
    pub basis: Option<String>,
    /// Who published it (or the figure it is derived from): another
    /// publisher's figure belongs to another series.
    pub publisher: Publisher,
}

/// How a previous year's value was derived: `value ÷ (1 + change_pct/100)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Derivation {
    pub value: Decimal,
    pub change_pct: Decimal,
}

impl Derivation {
    /// The formula as a note shows it: "660,0 ≈ 680 ÷ (1 + 3,03%)".
    pub fn formula(&self, result: &Decimal) -> String {
        // A fall reads "÷ (1 − 33,13%)", not "÷ (1 + -33,13%)".
        let sign = if self.change_pct.is_sign_negative() {
            "−"
        } else {
            "+"
        };
        format!(
            "{} ≈ {} ÷ (1 {sign} {})",
            format::number(result),
            format::number(&self.value),
            format::percent(&self.change_pct.abs())
        )
    }
}

/// The previous year's value implied by a published change, for amounts:
/// `value ÷ (1 + change/100)`, kept to one digit more than the figure was
/// published with (680 and "tăng 3,03%" give 660,0), so that it reads as
/// derived rather than published.
pub fn derive_previous(observation: &Observation) -> Option<YearValue> {
    if !observation.indicator.kind.is_additive() {
        return None;
    }
    let change = observation.change_pct?;
    let factor = Decimal::ONE + change / Decimal::ONE_HUNDRED;
    if factor <= Decimal::ZERO {
        return None;
    }
    let value = (observation.value / factor).round_dp_with_strategy(
        observation.value.scale() + 1,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    Some(YearValue {
        year: observation.year - 1,
        value,
        derived_from: Some(Derivation {
            value: observation.value,
            change_pct: change,
        }),
        basis: observation.basis.clone(),
        publisher: observation.publisher,
    })
}

/// Whether two figures are of one series: the same indicator, territory
/// and publisher, on one basis (a report for part of the province is a
/// series of its own). Figures of two series are never compared.
pub fn same_series(a: &Observation, b: &Observation) -> bool {
    a.indicator.code == b.indicator.code
        && a.territory == b.territory
        && a.publisher == b.publisher
        && a.basis == b.basis
        && a.sub_territory == b.sub_territory
}

/// The same period a year earlier in `figure`'s own series: the stored
/// figure of that series among `candidates` (a stored figure always
/// wins), else the value its published change implies, marked as derived.
/// `None` where the series has neither.
pub fn previous_in_series(figure: &Observation, candidates: &[Observation]) -> Option<YearValue> {
    let stored = candidates
        .iter()
        .find(|o| o.year == figure.year - 1 && o.period == figure.period && same_series(o, figure));
    match stored {
        Some(o) => Some(YearValue {
            year: o.year,
            value: o.value,
            derived_from: None,
            basis: o.basis.clone(),
            publisher: o.publisher,
        }),
        None => derive_previous(figure),
    }
}

/// The value of `code` in `year`: stored if there is one (a stored figure
/// always wins), else derived from the next year's change.
pub fn value_in(years: &[YearFigures], code: &str, year: i32) -> Option<YearValue> {
    let published = stored(years, code, year).map(|o| YearValue {
        year,
        value: o.value,
        derived_from: None,
        basis: o.basis.clone(),
        publisher: o.publisher,
    });
    published.or_else(|| stored(years, code, year + 1).and_then(derive_previous))
}

/// The stored figure of `code` in `year`, if there is one.
pub fn stored<'a>(years: &'a [YearFigures], code: &str, year: i32) -> Option<&'a Observation> {
    years.iter().find(|y| y.year == year)?.get(code)
}

/// Whether a series changes basis (or publisher) between two consecutive
/// values: the two must never be read as one line.
pub fn breaks_between(earlier: &YearValue, later: &YearValue) -> bool {
    earlier.basis != later.basis || earlier.publisher != later.publisher
}

/// Every year of `code` up to `last`, oldest first: the stored years and,
/// before each, the year its change implies where that year is not stored.
pub fn series(years: &[YearFigures], code: &str, last: i32) -> Vec<YearValue> {
    let mut wanted: Vec<i32> = years
        .iter()
        .filter(|y| y.year <= last && y.get(code).is_some())
        .flat_map(|y| [y.year - 1, y.year])
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    wanted
        .into_iter()
        .filter_map(|year| value_in(years, code, year))
        .collect()
}

/// "38/63": a rank out of its places.
pub fn rank_text(observation: &Observation) -> String {
    match observation.out_of {
        Some(out_of) => format!("{}/{out_of}", format::number(&observation.value)),
        None => format::number(&observation.value),
    }
}

/// The figure without its unit, for tables with a unit column: "31.620,6",
/// "38/63".
pub fn number_text(observation: &Observation) -> String {
    match observation.indicator.kind {
        Kind::Rank => rank_text(observation),
        _ => format::number(&observation.value),
    }
}

/// The figure with its unit, as a card or table shows it: "31.620,6 tỷ đồng",
/// "101,69%", "38/63".
pub fn value_text(observation: &Observation) -> String {
    match observation.indicator.kind {
        Kind::Rank => rank_text(observation),
        _ => format::with_unit(&observation.value, observation.indicator.unit),
    }
}

/// The change on the previous year in words, whatever kind of figure:
/// "tăng 9,45%" or "tăng 2 bậc".
pub fn change_text(observation: &Observation) -> Option<String> {
    if observation.indicator.kind == Kind::IndexOnPreviousMonth {
        return Some(format::change_in_words(
            &(observation.value - Decimal::ONE_HUNDRED),
        ));
    }
    match (observation.change_pct, observation.change_places) {
        (Some(pct), _) => Some(format::change_in_words(&pct)),
        (None, Some(places)) => Some(format::rank_change_in_words(places)),
        (None, None) => None,
    }
}

/// The figure against the previous year as official report tables write it
/// in their "so cùng kỳ (%)" column: the previous year = 100, so a change of
/// 9,45% is 109,45 (exact, with the published digits). An index on the
/// previous year is that already. Ranks have no percentage: `None`.
pub fn on_previous_year_pct(observation: &Observation) -> Option<Decimal> {
    match observation.indicator.kind {
        Kind::Rank | Kind::Score | Kind::IndexOnPreviousMonth => None,
        Kind::IndexOnPreviousYear => Some(observation.value),
        Kind::Amount | Kind::Quantity => observation
            .change_pct
            .map(|change| Decimal::ONE_HUNDRED + change),
    }
}

/// The figure as one sentence in the style of official reports, ready to
/// quote: "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ năm 2023 ước đạt
/// 108.000 tỷ đồng, tăng 20,48% so với cùng kỳ, đạt 100% kế hoạch."
pub fn sentence(observation: &Observation) -> String {
    let indicator = observation.indicator;
    let year = observation.year;
    // "năm 2023", "9 tháng năm 2024": official reports put the period
    // after the indicator.
    let when = observation.period.of_year(year);
    let estimate = match observation.status {
        Status::Estimate => "ước ",
        Status::Preliminary => "sơ bộ ",
        Status::Official => "",
    };
    let mut text = match indicator.kind {
        Kind::IndexOnPreviousYear => {
            let change = observation
                .change_pct
                .unwrap_or(observation.value - Decimal::ONE_HUNDRED);
            format!(
                "{} {when} {estimate}{} so với cùng kỳ",
                indicator.name,
                format::change_in_words(&change)
            )
        }
        Kind::IndexOnPreviousMonth => format!(
            "{} {when} {estimate}{} so với tháng trước",
            indicator.name,
            format::change_in_words(&(observation.value - Decimal::ONE_HUNDRED))
        ),
        Kind::Rank => {
            let mut text = format!("{} {when}: hạng {}", indicator.name, rank_text(observation));
            if let Some(places) = observation.change_places {
                text.push_str(&format!(
                    ", {} so với năm {}",
                    format::rank_change_in_words(places),
                    year - 1
                ));
            }
            text
        }
        Kind::Score => format!(
            "{} {when}: {}",
            indicator.name,
            format::with_unit(&observation.value, indicator.unit)
        ),
        Kind::Amount | Kind::Quantity => {
            let mut text = format!(
                "{} {when} {} {}",
                indicator.name,
                observation.status.verb(),
                format::with_unit(&observation.value, indicator.unit)
            );
            if let Some(share) = observation.share_pct {
                text.push_str(&format!(", chiếm tỷ trọng {}", format::percent(&share)));
            }
            if let Some(change) = observation.change_pct {
                text.push_str(&format!(
                    ", {} so với cùng kỳ",
                    format::change_in_words(&change)
                ));
            }
            text
        }
    };
    if let Some(plan) = observation.plan_pct {
        text.push_str(&format!(", {}", format::plan_in_words(&plan)));
        // A part of the year is measured against the whole year's plan.
        if observation.period != Period::Year {
            text.push_str(" năm");
        }
    }
    text.push('.');
    text
}

/// An amount of the merged province for a period before 1/7/2025: the two
/// old provinces' published amounts added up here. Only amounts add up:
/// indices, growth rates and ranks of the merged province cannot be made
/// from the old provinces' and never are.
#[derive(Debug)]
pub struct MergedSum<'a> {
    pub value: Decimal,
    /// Gia Lai's and Bình Định's figures, each its leading publisher's.
    pub parts: [&'a Observation; 2],
}

impl MergedSum<'_> {
    /// How pages mark the figure.
    pub const LABEL: &'static str = "cộng gộp hai tỉnh cũ, tính toán";
}

/// The merged province's `code` for `period` of `year`, summed from the old
/// provinces' current figures, where both published one.
pub fn merged_sum<'a>(
    figures: &'a [Observation],
    code: &str,
    year: i32,
    period: Period,
) -> Option<MergedSum<'a>> {
    if Territory::GiaLai.covers(year, period) {
        return None;
    }
    let of = |territory: Territory| {
        leading(figures.iter().filter(|o| {
            o.indicator.code == code
                && o.territory == territory
                && o.year == year
                && o.period == period
                && !o.sub_territory
        }))
    };
    let (gia_lai, binh_dinh) = (of(Territory::GiaLaiCu)?, of(Territory::BinhDinh)?);
    if !gia_lai.indicator.kind.is_additive() {
        return None;
    }
    Some(MergedSum {
        value: gia_lai.value + binh_dinh.value,
        parts: [gia_lai, binh_dinh],
    })
}

/// A figure against its year's plan: the share printed with it, and the
/// share its plan amount gives, where there is one — both kept, so that a
/// page can show either and `check` can compare them.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanShare {
    /// "đạt …% kế hoạch" as printed.
    pub published: Option<Decimal>,
    /// The year's plan amount: printed with the figure, or the latest plan
    /// published by the figure's own date.
    pub plan: Option<Decimal>,
    /// value ÷ plan × 100, to two decimals.
    pub computed: Option<Decimal>,
}

/// The plan amount for `figure`'s year as it stood when the figure was
/// published: the latest amount plan for the whole year published by then
/// (a plan without a date counts as set beforehand).
pub fn year_plan<'a, P: std::borrow::Borrow<Plan>>(
    figure: &Observation,
    plans: &'a [P],
) -> Option<(&'a Plan, Decimal)> {
    plans
        .iter()
        .map(P::borrow)
        .filter(|p| {
            p.indicator.code == figure.indicator.code
                && p.territory == figure.territory
                && p.year == figure.year
                && p.period == Period::Year
                && p.basis == figure.basis
                && (figure.published.is_none() || p.published <= figure.published)
        })
        .filter_map(|p| match p.target {
            Target::Amount(amount) if !amount.is_zero() => Some((p, amount)),
            _ => None,
        })
        .max_by_key(|(p, _)| p.published)
}

pub fn plan_share(figure: &Observation, plans: &[Plan]) -> PlanShare {
    let plan = figure
        .plan
        .or_else(|| year_plan(figure, plans).map(|(_, amount)| amount))
        .filter(|p| !p.is_zero());
    PlanShare {
        published: figure.plan_pct,
        plan,
        computed: plan.map(|plan| {
            (figure.value / plan * Decimal::ONE_HUNDRED)
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset;

    fn seed() -> YearFigures {
        let observations = dataset::read_observations(
            include_bytes!("../data/observations.csv"),
            crate::indicator::Catalogue::committed(),
        )
        .unwrap();
        YearFigures::new(2023, observations)
    }

    #[test]
    fn the_retail_parts_add_up_to_the_total_within_rounding() {
        let figures = seed();
        let retail = retail(&figures, Catalogue::committed()).unwrap();
        assert_eq!(retail.parts.len(), 5);
        assert_eq!(retail.parts_sum.to_string(), "107999");
        assert_eq!(retail.difference().to_string(), "1");
        assert!(retail.difference_is_rounding());
    }

    #[test]
    fn the_published_retail_shares_add_up_to_100() {
        let figures = seed();
        let shares_sum = retail(&figures, crate::indicator::Catalogue::committed())
            .unwrap()
            .shares_sum
            .unwrap();
        assert_eq!(shares_sum.normalize().to_string(), "100");
    }

    #[test]
    fn each_published_share_matches_its_value_within_rounding() {
        let figures = seed();
        let retail = retail(&figures, crate::indicator::Catalogue::committed()).unwrap();
        for part in &retail.parts {
            let share = part.share_pct.unwrap();
            let computed = part.value / retail.total.value * Decimal::ONE_HUNDRED;
            assert!(
                (computed - share).abs() <= rounding_margin(&share) + Decimal::new(1, 2),
                "{}: {computed} against {share}",
                part.indicator.code
            );
        }
    }

    #[test]
    fn the_trade_balance_is_exports_minus_imports() {
        let figures = seed();
        let trade = trade(&figures).unwrap();
        assert_eq!(trade.balance().to_string(), "539");
        assert_eq!(trade.balance_word(), "xuất siêu");
    }

    #[test]
    fn a_difference_beyond_rounding_is_not_rounding() {
        let figures = seed();
        let mut retail = retail(&figures, crate::indicator::Catalogue::committed()).unwrap();
        retail.parts_sum -= Decimal::from(10);
        assert!(!retail.difference_is_rounding());
    }

    #[test]
    fn changes_read_as_the_previous_year_equal_to_100() {
        let figures = seed();
        let pct = |code| on_previous_year_pct(figures.get(code).unwrap()).map(|d| d.to_string());
        assert_eq!(pct("industry.output").as_deref(), Some("109.45"));
        assert_eq!(pct("industry.iip").as_deref(), Some("101.69"));
        // Published as 0,7: the digits stay.
        assert_eq!(pct("trade.import").as_deref(), Some("100.7"));
        assert_eq!(pct("ecommerce.rank_national"), None);
        assert_eq!(pct("retail.commerce"), None);
    }

    #[test]
    fn figures_read_as_report_sentences() {
        let figures = seed();
        assert_eq!(
            sentence(figures.get("retail.total").unwrap()),
            "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ năm 2023 ước đạt 108.000 tỷ đồng, \
             tăng 20,48% so với cùng kỳ, đạt 100% kế hoạch."
        );
        assert_eq!(
            sentence(figures.get("trade.import").unwrap()),
            "Kim ngạch nhập khẩu năm 2023 ước đạt 141 triệu USD, tăng 0,7% so với cùng kỳ, \
             vượt 28% kế hoạch."
        );
        assert_eq!(
            sentence(figures.get("industry.iip").unwrap()),
            "Chỉ số sản xuất ngành công nghiệp (IIP) năm 2023 ước tăng 1,69% so với cùng kỳ."
        );
        assert_eq!(
            sentence(figures.get("ecommerce.rank_national").unwrap()),
            "Xếp hạng chỉ số thương mại điện tử (EBI) cả nước năm 2023: hạng 38/63, \
             tăng 2 bậc so với năm 2022."
        );
    }

    #[test]
    fn a_previous_year_is_derived_from_the_published_change() {
        let figures = seed();
        let export = derive_previous(figures.get("trade.export").unwrap()).unwrap();
        assert_eq!(export.year, 2022);
        assert_eq!(format::number(&export.value), "660,0");
        assert_eq!(
            export.derived_from.as_ref().unwrap().formula(&export.value),
            "660,0 ≈ 680 ÷ (1 + 3,03%)"
        );
        let output = derive_previous(figures.get("industry.output").unwrap()).unwrap();
        assert_eq!(format::number(&output.value), "28.890,45");
        assert!(derive_previous(figures.get("industry.iip").unwrap()).is_none());
        assert!(derive_previous(figures.get("ecommerce.rank_national").unwrap()).is_none());
    }

    #[test]
    fn a_stored_figure_wins_over_a_derived_one() {
        let mut observations = dataset::read_observations(
            include_bytes!("../data/observations.csv"),
            crate::indicator::Catalogue::committed(),
        )
        .unwrap();
        let mut earlier = observations
            .iter()
            .find(|o| o.indicator.code == "trade.export")
            .unwrap()
            .clone();
        earlier.year = 2022;
        earlier.value = "655".parse().unwrap();
        observations.push(earlier);
        let years = YearFigures::group(observations);
        let series = series(&years, "trade.export", 2023);
        let shown: Vec<(i32, String, bool)> = series
            .iter()
            .map(|v| (v.year, format::number(&v.value), v.derived_from.is_some()))
            .collect();
        assert_eq!(
            shown,
            [
                (2021, "635,7".to_string(), true),
                (2022, "655".to_string(), false),
                (2023, "680".to_string(), false)
            ]
        );
    }

    #[test]
    fn rounding_margins_follow_the_published_digits() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(rounding_margin(&d("108000")), d("0.5"));
        assert_eq!(rounding_margin(&d("31620.6")), d("0.05"));
        assert_eq!(rounding_margin(&d("83.49")), d("0.005"));
    }

    #[test]
    fn old_provinces_amounts_add_up_to_the_merged_province_but_growth_rates_do_not() {
        let figures = dataset::read_figures(
            concat!(
                "indicator,year,value,territory,publisher,status,published,source\n",
                "trade.export,2024,820,gia-lai-cu,so-cong-thuong,estimate,2025-01,A\n",
                "trade.export,2024,1710,binh-dinh,ubnd,estimate,2025-01,B\n",
                "trade.export,2024,1700,binh-dinh,thong-ke,estimate,2025-01,C\n",
                "industry.iip,2024,102.9,gia-lai-cu,so-cong-thuong,estimate,2024-12,A\n",
                "industry.iip,2024,110,binh-dinh,ubnd,estimate,2025-01,B\n",
            )
            .as_bytes(),
            crate::indicator::Catalogue::committed(),
        )
        .unwrap()
        .observations;
        let sum = merged_sum(&figures, "trade.export", 2024, Period::Year).unwrap();
        // Bình Định's statistics office leads over its People's Committee.
        assert_eq!(sum.value, Decimal::from(2520));
        assert_eq!(sum.parts[1].publisher, crate::publisher::Publisher::ThongKe);
        assert_eq!(MergedSum::LABEL, "cộng gộp hai tỉnh cũ, tính toán");
        assert!(merged_sum(&figures, "industry.iip", 2024, Period::Year).is_none());
        // Once the merged province exists there is nothing to add up.
        assert!(merged_sum(&figures, "trade.export", 2025, Period::Cumulative(9)).is_none());
    }

    #[test]
    fn a_plan_share_is_computed_from_the_plan_as_it_stood_and_the_printed_one_kept() {
        let file = dataset::read_figures(
            concat!(
                "indicator,year,value,period,kind,plan_pct,status,published,source\n",
                "trade.export,2024,750,year,plan,,,2023-12,Kế hoạch\n",
                "trade.export,2024,800,year,plan,,,2025-02,Kế hoạch điều chỉnh\n",
                "trade.export,2024,600,m9,,80.5,estimate,2024-10,A\n",
                "trade.import,2024,100,m9,,,estimate,2024-10,A\n",
            )
            .as_bytes(),
            crate::indicator::Catalogue::committed(),
        )
        .unwrap();
        let share = plan_share(&file.observations[0], &file.plans);
        assert_eq!(
            share,
            PlanShare {
                published: Some(Decimal::new(805, 1)),
                plan: Some(Decimal::from(750)),
                computed: Some(Decimal::from(80)),
            }
        );
        let none = plan_share(&file.observations[1], &file.plans);
        assert_eq!((none.plan, none.computed), (None, None));
    }
}
