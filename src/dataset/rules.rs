//! What a row of figures must be, rule by rule: a catalogued indicator, a
//! year, codes from their lists, a territory of its time, a date, a link;
//! then a figure, a change published alone, or a plan.

use super::*;
use crate::indicator::Indicator;

pub(super) enum Entry {
    Figure(Observation),
    Rate(Rate),
    Plan(Plan),
}

/// A code from a fixed list, or a problem naming the list.
pub(super) fn coded<T>(
    row: &mut Row<'_>,
    column: &str,
    parse: impl Fn(&str) -> Option<T>,
    valid: &str,
) -> Option<Option<T>> {
    let text = row.text(column).to_string();
    if text.is_empty() {
        return Some(None);
    }
    match parse(&text) {
        Some(value) => Some(Some(value)),
        None => {
            row.problem(
                column,
                format!("\"{text}\" không phải mã hợp lệ; dùng {valid}"),
            );
            None
        }
    }
}

pub(super) fn entry_of(row: &mut Row<'_>, catalogue: &'static Catalogue) -> Option<Entry> {
    let code = row.required("indicator");
    let indicator = code.as_deref().and_then(|code| {
        let found = catalogue.find(code);
        if found.is_none() {
            row.problem(
                "indicator",
                format!(
                    "mã chỉ tiêu \"{code}\" không có trong danh mục (data/indicators.csv): {}",
                    catalogue.codes()
                ),
            );
        }
        found
    });
    let year = row.year();
    let is_plan = coded(
        row,
        "kind",
        |kind| match kind {
            "figure" => Some(false),
            "plan" => Some(true),
            _ => None,
        },
        "figure (số liệu) hoặc plan (kế hoạch)",
    )
    .map(|kind| kind.unwrap_or(false));
    let period = coded(
        row,
        "period",
        Period::from_code,
        "year (cả năm), m1…m11 (lũy kế N tháng đầu năm: m3 quý I, m6, m9), month-1…month-12 (một tháng); m12 là cả năm: ghi year",
    );
    let territory = coded(
        row,
        "territory",
        Territory::from_code,
        "gia-lai (tỉnh từ 1/7/2025), gia-lai-cu (Gia Lai trước 1/7/2025), binh-dinh (Bình Định trước 1/7/2025)",
    );
    let publisher = coded(row, "publisher", Publisher::from_code, &Publisher::codes());
    let sub_territory = coded(
        row,
        "sub_territory",
        |flag| match flag {
            "no" => Some(false),
            "yes" => Some(true),
            _ => None,
        },
        "yes (báo cáo của một phần địa bàn), no hoặc để trống",
    )
    .map(|flag| flag.unwrap_or(false));
    let published = published_of(row);
    let url = url_of(row);
    let basis = Some(row.text("basis").to_string()).filter(|b| !b.is_empty());
    let source = row.required("source");
    let note = Some(row.text("note").to_string()).filter(|n| !n.is_empty());

    let period = period?.unwrap_or(Period::Year);
    let year_value = year?;
    let is_plan = is_plan?;
    let published = published?;
    let sub_territory = sub_territory?;
    let territory = territory_of(
        row,
        territory?,
        year_value,
        period,
        is_plan,
        published,
        sub_territory,
    );
    let publisher = publisher?.unwrap_or(Publisher::SoCongThuong);

    if is_plan {
        return plan_of(
            row, indicator?, territory, year_value, period, publisher, published, url, source?,
            note, basis,
        );
    }

    // An amount's change published without its level: a row with the
    // change and no value.
    let at = Coordinates {
        territory,
        year: year_value,
        period,
        publisher,
        published,
        url,
        basis,
        sub_territory,
    };
    if row.text("value").is_empty()
        && !row.text("change_pct").is_empty()
        && indicator.is_some_and(|i| i.kind.is_additive())
    {
        return rate_of(row, at, indicator?, source?, note);
    }
    figure_of(row, at, indicator, source, note)
}

/// Where and when a figure, or a change published alone, is from.
pub(super) struct Coordinates {
    pub(super) territory: Territory,
    pub(super) year: i32,
    pub(super) period: Period,
    pub(super) publisher: Publisher,
    pub(super) published: Option<Published>,
    pub(super) url: Option<String>,
    pub(super) basis: Option<String>,
    pub(super) sub_territory: bool,
}

/// The columns a change published alone leaves empty: with no level there
/// is no plan share, share of a total or rank.
pub(super) const NOT_FOR_RATES: [&str; 6] = [
    "plan",
    "plan_pct",
    "change_places",
    "share_pct",
    "out_of",
    "change_low",
];

pub(super) fn rate_of(
    row: &mut Row<'_>,
    at: Coordinates,
    indicator: &'static indicator::Indicator,
    source: String,
    note: Option<String>,
) -> Option<Entry> {
    for column in NOT_FOR_RATES.iter().chain(&["change_high"]) {
        if !row.text(column).is_empty() {
            row.problem(
                column,
                "dòng chỉ có tốc độ tăng (value để trống) không dùng cột này".to_string(),
            );
        }
    }
    let change_pct = row.decimal("change_pct");
    let status = status_of(row);
    check_unit(row, indicator);
    Some(Entry::Rate(Rate {
        indicator,
        territory: at.territory,
        year: at.year,
        period: at.period,
        publisher: at.publisher,
        change_pct: change_pct?,
        status: status?,
        source,
        note,
        published: at.published,
        url: at.url,
        basis: at.basis,
        sub_territory: at.sub_territory,
    }))
}

/// The columns a plan row leaves empty: its target is in `value` (an
/// amount), `change_pct` (a growth rate) or `change_low`–`change_high`.
pub(super) const NOT_FOR_PLANS: [&str; 7] = [
    "plan",
    "plan_pct",
    "change_places",
    "share_pct",
    "out_of",
    "status",
    "sub_territory",
];

#[allow(clippy::too_many_arguments)]
pub(super) fn plan_of(
    row: &mut Row<'_>,
    indicator: &'static indicator::Indicator,
    territory: Territory,
    year: i32,
    period: Period,
    publisher: Publisher,
    published: Option<Published>,
    url: Option<String>,
    source: String,
    note: Option<String>,
    basis: Option<String>,
) -> Option<Entry> {
    for column in NOT_FOR_PLANS {
        if !row.text(column).is_empty() {
            row.problem(
                column,
                "kế hoạch (kind = plan) không dùng cột này; mục tiêu ghi ở value, change_pct hoặc change_low–change_high"
                    .to_string(),
            );
        }
    }
    if indicator.kind == Kind::Rank {
        row.problem("indicator", "thứ hạng không có kế hoạch".to_string());
    }
    let amount = row.decimal("value");
    let growth = row.decimal("change_pct");
    let low = row.decimal("change_low");
    let high = row.decimal("change_high");
    let target = match (amount, growth, low, high) {
        (Some(amount), None, None, None) => Target::Amount(amount),
        (None, Some(growth), None, None) => Target::Growth(growth),
        (None, None, Some(low), Some(high)) if low <= high => Target::GrowthRange { low, high },
        (None, None, Some(low), Some(high)) => {
            row.problem(
                "change_low",
                format!("khoảng kế hoạch ngược: change_low {low} lớn hơn change_high {high}"),
            );
            return None;
        }
        _ => {
            row.problem(
                "value",
                "kế hoạch cần đúng một mục tiêu: value (số lượng), change_pct (tốc độ tăng) hoặc cả change_low và change_high (khoảng tăng)"
                    .to_string(),
            );
            return None;
        }
    };
    Some(Entry::Plan(Plan {
        indicator,
        territory,
        year,
        period,
        publisher,
        target,
        published,
        source,
        url,
        note,
        basis,
    }))
}

/// Rule: a territory of its time. Left empty, the province of the period
/// (a plan set before the merger, the old province); given, it must cover
/// the period, unless it is an old province's part reported after the
/// merger (`sub_territory`) or a plan.
fn territory_of(
    row: &mut Row<'_>,
    given: Option<Territory>,
    year_value: i32,
    period: Period,
    is_plan: bool,
    published: Option<Published>,
    sub_territory: bool,
) -> Territory {
    // Plans are set ahead: a plan for 2025 published before the merger is
    // the old province's.
    // A year alone counts as before the merger only if all of it is.
    let set_before_merger =
        published.is_some_and(|p| (p.year, p.month.unwrap_or(12)) < crate::territory::MERGER);
    let territory = given.unwrap_or(if is_plan && set_before_merger {
        Territory::GiaLaiCu
    } else {
        Territory::by_date(year_value, period)
    });
    let reported_part = territory.is_old() && (sub_territory || is_plan);
    if !(territory.covers(year_value, period) || reported_part) {
        let message = if territory.is_old() {
            format!(
                "{} kết thúc sau ngày hợp nhất 1/7/2025: số liệu là của tỉnh Gia Lai mới (gia-lai); \
                 nếu đây là báo cáo riêng phần tỉnh cũ, ghi sub_territory = yes",
                period.of_year(year_value)
            )
        } else {
            format!(
                "tỉnh Gia Lai mới (gia-lai) có từ 1/7/2025; {} kết thúc trước đó, dùng gia-lai-cu hoặc binh-dinh",
                period.of_year(year_value)
            )
        };
        row.problem("territory", message);
    }
    if sub_territory && !territory.is_old() {
        row.problem(
            "sub_territory",
            "chỉ dùng cho gia-lai-cu hoặc binh-dinh báo cáo riêng sau 1/7/2025".to_string(),
        );
    }
    territory
}

/// Rule: a status from its list.
fn status_of(row: &mut Row<'_>) -> Option<Status> {
    let status_text = row.required("status");
    status_text.and_then(|text| {
        let status = Status::from_code(&text);
        if status.is_none() {
            row.problem(
                "status",
                format!(
                    "\"{text}\" không phải tình trạng hợp lệ; dùng estimate (ước tính), preliminary (sơ bộ) hoặc official (chính thức)"
                ),
            );
        }
        status
    })
}

/// Rule: a unit, where given, is the catalogue's (a check against figures
/// entered in another unit).
fn check_unit(row: &mut Row<'_>, indicator: &Indicator) {
    let unit = row.text("unit").to_string();
    if !unit.is_empty() && unit != indicator.unit {
        row.problem(
            "unit",
            format!(
                "đơn vị \"{unit}\" khác đơn vị của {} là \"{}\"",
                indicator.code, indicator.unit
            ),
        );
    }
}

/// Rule: a publication date — a day, or the month or year the record gives
/// where the page gives no day; empty for none.
fn published_of(row: &mut Row<'_>) -> Option<Option<Published>> {
    let text = row.text("published").to_string();
    if text.is_empty() {
        Some(None)
    } else if let Some(date) =
        Published::parse(&text).or_else(|| Published::parse_vietnamese(&text))
    {
        Some(Some(date))
    } else {
        row.problem(
                "published",
                format!("\"{text}\" không phải ngày hợp lệ; viết YYYY-MM-DD hoặc YYYY-MM (2024-12-27, 2024-12), hoặc dd/mm/yyyy, mm/yyyy (27/12/2024, 12/2024); chỉ năm (2024) khi trang chỉ cho biết năm"),
            );
        None
    }
}

/// Rule: a link is a web address.
fn url_of(row: &mut Row<'_>) -> Option<String> {
    let url = Some(row.text("url").to_string()).filter(|u| !u.is_empty());
    if let Some(url) = &url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        let url = url.clone();
        row.problem(
            "url",
            format!("\"{url}\" không phải địa chỉ web (bắt đầu bằng https:// hoặc http://)"),
        );
    }
    url
}

/// The columns of a figure that depend on its kind.
struct Cells {
    value: Option<Decimal>,
    plan: Option<Decimal>,
    plan_pct: Option<Decimal>,
    change_pct: Option<Decimal>,
    change_places: Option<i64>,
    share_pct: Option<Decimal>,
    out_of: Option<i64>,
}

/// Rules: a rank has places, not a % change or a plan, and is a whole
/// number within its places; only a rank has places; only a part has a
/// share of its total.
fn check_rank_and_share(row: &mut Row<'_>, indicator: &Indicator, cells: &Cells) {
    let Cells {
        value,
        plan,
        plan_pct,
        change_pct,
        change_places,
        share_pct,
        out_of,
    } = *cells;
    let is_rank = indicator.kind == Kind::Rank;
    if is_rank && change_pct.is_some() {
        row.problem(
            "change_pct",
            "thứ hạng không có tốc độ tăng %; ghi số bậc tăng (giảm) ở cột change_places"
                .to_string(),
        );
    }
    if !is_rank && change_places.is_some() {
        row.problem(
            "change_places",
            "chỉ dùng cho chỉ tiêu xếp hạng".to_string(),
        );
    }
    if !is_rank && out_of.is_some() {
        row.problem("out_of", "chỉ dùng cho chỉ tiêu xếp hạng".to_string());
    }
    if let (true, Some(rank), Some(out_of)) = (is_rank, value, out_of)
        && (rank < Decimal::ONE || rank > Decimal::from(out_of) || !rank.fract().is_zero())
    {
        row.problem(
            "value",
            format!("thứ hạng {rank} phải là số nguyên từ 1 đến {out_of}"),
        );
    }
    if is_rank && (plan.is_some() || plan_pct.is_some()) {
        let column = if plan.is_some() { "plan" } else { "plan_pct" };
        row.problem(column, "thứ hạng không có kế hoạch".to_string());
    }
    if indicator.part_of.is_none() && share_pct.is_some() {
        row.problem(
            "share_pct",
            format!(
                "{} không là thành phần của tổng nào, không có tỷ trọng",
                indicator.code
            ),
        );
    }
}

/// A figure with its value, and the columns its kind allows.
fn figure_of(
    row: &mut Row<'_>,
    at: Coordinates,
    indicator: Option<&'static Indicator>,
    source: Option<String>,
    note: Option<String>,
) -> Option<Entry> {
    let value_text = row.required("value");
    let value = value_text.and_then(|_| row.decimal("value"));
    let plan = row.decimal("plan");
    let plan_pct = row.decimal("plan_pct");
    let change_pct = row.decimal("change_pct");
    for column in ["change_low", "change_high"] {
        if !row.text(column).is_empty() {
            row.problem(
                column,
                "chỉ dùng cho kế hoạch (kind = plan) đặt một khoảng tăng trưởng".to_string(),
            );
        }
    }
    let change_places = row.integer("change_places");
    let share_pct = row.decimal("share_pct");
    let out_of = row.integer("out_of");
    let status = status_of(row);

    if let Some(indicator) = indicator {
        check_unit(row, indicator);
        check_rank_and_share(
            row,
            indicator,
            &Cells {
                value,
                plan,
                plan_pct,
                change_pct,
                change_places,
                share_pct,
                out_of,
            },
        );
    }

    Some(Entry::Figure(Observation {
        indicator: indicator?,
        territory: at.territory,
        year: at.year,
        period: at.period,
        publisher: at.publisher,
        value: value?,
        plan,
        plan_pct,
        change_pct,
        change_places,
        share_pct,
        out_of,
        status: status?,
        source: source?,
        note,
        published: at.published,
        url: at.url,
        basis: at.basis,
        sub_territory: at.sub_territory,
    }))
}
