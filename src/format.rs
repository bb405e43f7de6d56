//! Vietnamese number formatting: the one place that decides how a figure is
//! written, used by pages (through `report` and `web::views`, which hand
//! templates finished text) and charts alike.
//!
//! Rules, as in the department's own reports:
//! - `.` groups thousands and `,` marks decimals: 31.620,6 · 108.000 · 83,49%;
//! - the digits a figure was published with are kept: `Decimal` remembers its
//!   scale, so 0,70 stays 0,70 and 100 never becomes 100,00;
//! - changes are written in words: "tăng 9,45%", "giảm 2,1%", "không đổi";
//! - plans likewise: "đạt 100% kế hoạch", "vượt 28% kế hoạch", "đạt 93,6% kế hoạch".
//!
//! The minus sign is the ASCII hyphen-minus rather than U+2212 so that a
//! number copied from a page pastes as a number into a spreadsheet.

use rust_decimal::Decimal;

/// Writes a figure with Vietnamese separators, keeping its published digits.
pub fn number(value: &Decimal) -> String {
    // A negative zero ("-0.0") is still zero: never print "-0".
    let text = if value.is_zero() {
        value.abs().to_string()
    } else {
        value.to_string()
    };
    group_machine_number(&text)
}

/// Writes a chart coordinate (a float, never a stored figure) with `decimals`
/// digits after the comma, for axis ticks.
pub fn tick(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = match text.strip_prefix('-') {
        // "-0" from a value like -0.0001 is zero.
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => text,
    };
    group_machine_number(&text)
}

/// A percentage as the reports write it: no space before the sign (83,49%).
pub fn percent(value: &Decimal) -> String {
    format!("{}%", number(value))
}

/// A figure and its unit in words: "31.620,6 tỷ đồng"; a unit of "%" sticks
/// to the number.
pub fn with_unit(value: &Decimal, unit: &str) -> String {
    if unit == "%" {
        percent(value)
    } else {
        format!("{} {unit}", number(value))
    }
}

/// A change against the previous year in words: "tăng 9,45%", "giảm 2,1%",
/// "không đổi".
pub fn change_in_words(change_pct: &Decimal) -> String {
    if change_pct.is_zero() {
        "không đổi".to_string()
    } else if change_pct.is_sign_positive() {
        format!("tăng {}", percent(change_pct))
    } else {
        format!("giảm {}", percent(&change_pct.abs()))
    }
}

/// A change of rank in words: "tăng 2 bậc", "giảm 1 bậc", "giữ nguyên thứ hạng".
pub fn rank_change_in_words(places: i64) -> String {
    match places {
        0 => "giữ nguyên thứ hạng".to_string(),
        p if p > 0 => format!("tăng {p} bậc"),
        p => format!("giảm {} bậc", p.unsigned_abs()),
    }
}

/// The share of the year's plan achieved, in words: exactly the plan is
/// "đạt 100% kế hoạch", above it "vượt 28% kế hoạch" (for 128%), below it
/// "đạt 93,6% kế hoạch".
pub fn plan_in_words(plan_pct: &Decimal) -> String {
    let hundred = Decimal::ONE_HUNDRED;
    if *plan_pct > hundred {
        format!("vượt {} kế hoạch", percent(&(*plan_pct - hundred)))
    } else {
        format!("đạt {} kế hoạch", percent(plan_pct))
    }
}

/// A calendar date (year, month, day) from days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    // Howard Hinnant's civil-from-days algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `text` with its first letter capitalised, for the head of a line:
/// "năm 2023" → "Năm 2023", "quý I" → "Quý I".
/// `text` with its first letter in lower case: a name inside a sentence
/// ("Kim ngạch xuất khẩu" → "kim ngạch xuất khẩu").
pub fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A range of growth in words: "tăng 9,5–10,5%", "giảm 1–2%", "từ giảm 1%
/// đến tăng 2%".
pub fn range_in_words(low: &Decimal, high: &Decimal) -> String {
    if low.is_sign_negative() == high.is_sign_negative() || low.is_zero() {
        let verb = if high.is_sign_negative() && !high.is_zero() {
            "giảm"
        } else {
            "tăng"
        };
        let (from, to) = if verb == "giảm" {
            (high.abs(), low.abs())
        } else {
            (*low, *high)
        };
        format!("{verb} {}–{}%", number(&from), number(&to))
    } else {
        format!("từ {} đến {}", change_in_words(low), change_in_words(high))
    }
}

/// Days since 1970-01-01 of a calendar date (Howard Hinnant's
/// days-from-civil, the inverse of `civil_from_days`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A UTC time as SQLite writes it (`2024-12-27T08:15:00Z`) on Vietnam's
/// clock: year, month, day, hour, minute. `None` for text that is not such
/// a time.
pub fn vietnam_clock_of(utc: &str) -> Option<(i64, i64, i64, i64, i64)> {
    let field = |range: std::ops::Range<usize>| utc.get(range)?.parse::<i64>().ok();
    if utc.len() != 20 || !utc.ends_with('Z') {
        return None;
    }
    let (year, month, day) = (field(0..4)?, field(5..7)?, field(8..10)?);
    let (hour, minute) = (field(11..13)?, field(14..16)?);
    let minutes = days_from_civil(year, month, day) * 1440 + hour * 60 + minute + 7 * 60;
    let (year, month, day) = civil_from_days(minutes.div_euclid(1440));
    let of_day = minutes.rem_euclid(1440);
    Some((year, month, day, of_day / 60, of_day % 60))
}

/// The same as readers in Vietnam see it: "27/12/2024 15:15".
pub fn vietnam_time(utc: &str) -> Option<String> {
    let (year, month, day, hour, minute) = vietnam_clock_of(utc)?;
    Some(format!("{day:02}/{month:02}/{year} {hour:02}:{minute:02}"))
}

/// A day and time on Vietnam's clock (`2026-11-03`, `09:00`, as forms
/// send them) in UTC as SQLite writes it: `2026-11-03T02:00:00Z`. ICT is
/// UTC+7 all year. `None` for text that is not such a day and time.
pub fn utc_of_vietnam(day: &str, time: &str) -> Option<String> {
    let date = |range: std::ops::Range<usize>| day.get(range)?.parse::<i64>().ok();
    let clock = |range: std::ops::Range<usize>| time.get(range)?.parse::<i64>().ok();
    if day.len() != 10 || &day[4..5] != "-" || &day[7..8] != "-" || time.len() != 5 {
        return None;
    }
    let (year, month, day_of_month) = (date(0..4)?, date(5..7)?, date(8..10)?);
    let (hour, minute) = (clock(0..2)?, clock(3..5)?);
    let days = days_from_civil(year, month, day_of_month);
    // A day that does not exist (31/11) comes back as another.
    if !(1..=12).contains(&month)
        || civil_from_days(days) != (year, month, day_of_month)
        || !(0..24).contains(&hour)
        || !(0..60).contains(&minute)
    {
        return None;
    }
    Some(utc_of_unix(
        days * 86_400 + hour * 3600 + minute * 60 - 7 * 3600,
    ))
}

/// Now in UTC as Atom and SQLite write it: `2026-11-28T02:15:00Z`.
pub fn now_utc() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    utc_of_unix(i64::try_from(seconds).unwrap_or(0))
}

/// Seconds since 1970 of a UTC time as SQLite writes it
/// (`2026-11-03T02:00:00Z`); `None` for other text.
pub fn unix_of_utc(utc: &str) -> Option<i64> {
    let field = |range: std::ops::Range<usize>| utc.get(range)?.parse::<i64>().ok();
    if utc.len() != 20 || !utc.ends_with('Z') {
        return None;
    }
    let days = days_from_civil(field(0..4)?, field(5..7)?, field(8..10)?);
    Some(days * 86_400 + field(11..13)? * 3600 + field(14..16)? * 60 + field(17..19)?)
}

/// A time in seconds since 1970 in UTC as Atom and SQLite write it.
pub fn utc_of_unix(seconds: i64) -> String {
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let of_day = seconds.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// A date as files write it, yyyy-mm-dd, from days since 1970-01-01.
pub fn iso_date_from_unix_days(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A date the Vietnamese way, dd/mm/yyyy, from days since 1970-01-01.
pub fn date_from_unix_days(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{day:02}/{month:02}/{year}")
}

/// Now on Vietnam's calendar, where the pages are read and printed: the
/// day (days since 1970-01-01) and the seconds left until its midnight.
/// ICT is UTC+7 all year (no daylight saving), so a fixed offset is exact.
pub fn vietnam_clock() -> (i64, u64) {
    const ICT_OFFSET_SECONDS: u64 = 7 * 3600;
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        + ICT_OFFSET_SECONDS;
    (
        i64::try_from(seconds / 86_400).unwrap_or(0),
        86_400 - seconds % 86_400,
    )
}

fn days_today_in_vietnam() -> i64 {
    vietnam_clock().0
}

/// Today's date in Vietnam, dd/mm/yyyy.
pub fn today() -> String {
    date_from_unix_days(days_today_in_vietnam())
}

/// Today's date in Vietnam as ISO 8601 (yyyy-mm-dd), for `<time datetime>`.
pub fn today_iso() -> String {
    let (year, month, day) = civil_from_days(days_today_in_vietnam());
    format!("{year:04}-{month:02}-{day:02}")
}

/// Regroups a machine-format number ("-1234567.89") the Vietnamese way
/// ("-1.234.567,89"). Anything that is not such a number comes back as is.
fn group_machine_number(text: &str) -> String {
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    if integer.is_empty() || !integer.bytes().all(|b| b.is_ascii_digit()) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + integer.len() / 3 + 1);
    out.push_str(sign);
    for (i, digit) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(digit);
    }
    if let Some(fraction) = fraction {
        out.push(',');
        out.push_str(fraction);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn growth_ranges_read_as_reports_write_them() {
        let d = |t: &str| t.parse::<Decimal>().unwrap();
        assert_eq!(
            super::range_in_words(&d("9.5"), &d("10.5")),
            "tăng 9,5–10,5%"
        );
        assert_eq!(super::range_in_words(&d("0"), &d("2")), "tăng 0–2%");
        assert_eq!(super::range_in_words(&d("-2"), &d("-1")), "giảm 1–2%");
        assert_eq!(
            super::range_in_words(&d("-1"), &d("2")),
            "từ giảm 1% đến tăng 2%"
        );
    }

    use super::vietnam_time;

    #[test]
    fn times_are_shown_on_vietnam_s_clock() {
        assert_eq!(
            vietnam_time("2024-12-27T08:15:00Z").as_deref(),
            Some("27/12/2024 15:15")
        );
        // Past midnight in Vietnam, and across a year and a leap day.
        assert_eq!(
            vietnam_time("2024-12-31T17:30:00Z").as_deref(),
            Some("01/01/2025 00:30")
        );
        assert_eq!(
            vietnam_time("2024-02-28T20:00:00Z").as_deref(),
            Some("29/02/2024 03:00")
        );
        assert_eq!(vietnam_time("2024-12-27 08:15"), None);
    }

    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn groups_thousands_with_dots_and_marks_decimals_with_a_comma() {
        assert_eq!(number(&d("31620.6")), "31.620,6");
        assert_eq!(number(&d("108000")), "108.000");
        assert_eq!(number(&d("90173")), "90.173");
        assert_eq!(number(&d("999")), "999");
        assert_eq!(number(&d("1000")), "1.000");
    }

    #[test]
    fn keeps_the_published_digits() {
        assert_eq!(number(&d("0.70")), "0,70");
        assert_eq!(number(&d("0.7")), "0,7");
        assert_eq!(number(&d("100")), "100");
        assert_eq!(number(&d("83.49")), "83,49");
        assert_eq!(number(&d("0.06")), "0,06");
    }

    #[test]
    fn writes_zero_without_a_sign() {
        assert_eq!(number(&d("0")), "0");
        assert_eq!(number(&d("-0.0")), "0,0");
        assert_eq!(number(&Decimal::ZERO), "0");
    }

    #[test]
    fn writes_negatives_with_a_leading_minus() {
        assert_eq!(number(&d("-539")), "-539");
        assert_eq!(number(&d("-1234.5")), "-1.234,5");
        assert_eq!(number(&d("-0.12")), "-0,12");
    }

    #[test]
    fn groups_many_digits() {
        assert_eq!(number(&d("1234567890123.456")), "1.234.567.890.123,456");
        assert_eq!(
            number(&d("79228162514264337593543950335")),
            "79.228.162.514.264.337.593.543.950.335"
        );
    }

    #[test]
    fn formats_ticks_from_floats() {
        assert_eq!(tick(20000.0, 0), "20.000");
        assert_eq!(tick(2.5, 1), "2,5");
        assert_eq!(tick(-0.0001, 1), "0,0");
        assert_eq!(tick(-1500.0, 0), "-1.500");
    }

    #[test]
    fn writes_percentages_and_units() {
        assert_eq!(percent(&d("83.49")), "83,49%");
        assert_eq!(with_unit(&d("31620.6"), "tỷ đồng"), "31.620,6 tỷ đồng");
        assert_eq!(with_unit(&d("680"), "triệu USD"), "680 triệu USD");
        assert_eq!(with_unit(&d("101.69"), "%"), "101,69%");
    }

    #[test]
    fn writes_changes_in_words() {
        assert_eq!(change_in_words(&d("9.45")), "tăng 9,45%");
        assert_eq!(change_in_words(&d("-2.1")), "giảm 2,1%");
        assert_eq!(change_in_words(&d("0")), "không đổi");
        assert_eq!(change_in_words(&d("0.00")), "không đổi");
        assert_eq!(change_in_words(&d("1234.5")), "tăng 1.234,5%");
    }

    #[test]
    fn writes_rank_changes_in_words() {
        assert_eq!(rank_change_in_words(2), "tăng 2 bậc");
        assert_eq!(rank_change_in_words(-1), "giảm 1 bậc");
        assert_eq!(rank_change_in_words(0), "giữ nguyên thứ hạng");
    }

    #[test]
    fn writes_dates_day_first() {
        assert_eq!(date_from_unix_days(0), "01/01/1970");
        assert_eq!(date_from_unix_days(19_721), "30/12/2023");
        assert_eq!(date_from_unix_days(19_782), "29/02/2024");
    }

    #[test]
    fn writes_plans_in_words_the_way_reports_do() {
        assert_eq!(plan_in_words(&d("100")), "đạt 100% kế hoạch");
        assert_eq!(plan_in_words(&d("128")), "vượt 28% kế hoạch");
        assert_eq!(plan_in_words(&d("93.6")), "đạt 93,6% kế hoạch");
        assert_eq!(plan_in_words(&d("100.5")), "vượt 0,5% kế hoạch");
    }
}
