//! The periods figures are published for. Codes are fixed (data files, the
//! database and the API use them); readers' URLs use their own words.
//!
//! - `year` — the whole year;
//! - `m1` … `m11` — the first N months cumulated: `m3` is quý I, `m6`
//!   "6 tháng", `m9` "9 tháng" (`m12` would be the year: write `year`);
//! - `month-1` … `month-12` — that month alone.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// The first N months of the year, 1 ≤ N ≤ 11.
    Cumulative(u8),
    /// The whole year.
    Year,
    /// Month N alone, 1 ≤ N ≤ 12.
    Month(u8),
}

impl Period {
    /// Every period, in the order pages list them: the cumulative periods
    /// as the year goes, the year, then single months.
    pub fn all() -> impl Iterator<Item = Period> {
        (1..=11)
            .map(Period::Cumulative)
            .chain(std::iter::once(Period::Year))
            .chain((1..=12).map(Period::Month))
    }

    /// The code used in data files, the database and the API.
    pub fn code(self) -> String {
        match self {
            Period::Year => "year".to_string(),
            Period::Cumulative(n) => format!("m{n}"),
            Period::Month(n) => format!("month-{n}"),
        }
    }

    pub fn from_code(code: &str) -> Option<Period> {
        if code == "year" {
            return Some(Period::Year);
        }
        let (months, make): (&str, fn(u8) -> Period) = if let Some(n) = code.strip_prefix("month-")
        {
            (n, Period::Month)
        } else if let Some(n) = code.strip_prefix('m') {
            (n, Period::Cumulative)
        } else {
            return None;
        };
        if months.is_empty()
            || months.starts_with('0')
            || !months.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let n: u8 = months.parse().ok()?;
        let period = make(n);
        period.is_valid().then_some(period)
    }

    fn is_valid(self) -> bool {
        match self {
            Period::Year => true,
            Period::Cumulative(n) => (1..=11).contains(&n),
            Period::Month(n) => (1..=12).contains(&n),
        }
    }

    /// The word in readers' URLs: `ca-nam`, `9-thang`, `thang-1`.
    pub fn slug(self) -> String {
        match self {
            Period::Year => "ca-nam".to_string(),
            Period::Cumulative(n) => format!("{n}-thang"),
            Period::Month(n) => format!("thang-{n}"),
        }
    }

    pub fn from_slug(slug: &str) -> Option<Period> {
        if slug == "ca-nam" {
            return Some(Period::Year);
        }
        let code = if let Some(n) = slug.strip_suffix("-thang") {
            format!("m{n}")
        } else if let Some(n) = slug.strip_prefix("thang-") {
            format!("month-{n}")
        } else {
            return None;
        };
        Period::from_code(&code)
    }

    /// The last month the period covers (12 for the year).
    pub fn end_month(self) -> u8 {
        match self {
            Period::Year => 12,
            Period::Cumulative(n) | Period::Month(n) => n,
        }
    }

    /// The first month the period covers.
    pub fn start_month(self) -> u8 {
        match self {
            Period::Year | Period::Cumulative(_) => 1,
            Period::Month(n) => n,
        }
    }

    /// A period that sums months from January: the year or `mN`.
    pub fn is_cumulative(self) -> bool {
        !matches!(self, Period::Month(_))
    }

    /// How official reports name it: "năm", "quý I", "6 tháng", "tháng 1".
    pub fn label(self) -> String {
        match self {
            Period::Year => "năm".to_string(),
            Period::Cumulative(3) => "quý I".to_string(),
            Period::Cumulative(1) => "tháng 1".to_string(),
            Period::Cumulative(n) => format!("{n} tháng"),
            Period::Month(n) => format!("tháng {n}"),
        }
    }

    /// The path segments that name this period of `year` in readers' URLs,
    /// after a page's own path: "/2024/9-thang", and "/2024" alone where
    /// the period is `default`, the one the year's pages show without a
    /// period. Every link to a year and period is written by this one rule.
    pub fn view_path(self, year: i32, default: Option<Period>) -> String {
        if Some(self) == default {
            format!("/{year}")
        } else {
            format!("/{year}/{}", self.slug())
        }
    }

    /// The path that names this period of `year` however the year's
    /// default falls: "/2023" for the whole year, else with the period.
    pub fn named_view_path(self, year: i32) -> String {
        self.view_path(year, Some(Period::Year))
    }

    /// The period on its own, as a choice: "Cả năm", "Quý I", "9 tháng",
    /// "Tháng 1".
    pub fn choice_label(self) -> String {
        match self {
            Period::Year => "Cả năm".to_string(),
            other => crate::format::capitalized(&other.label()),
        }
    }

    /// The period of a year in words: "năm 2024", "9 tháng năm 2024",
    /// "quý I năm 2025", "tháng 7 năm 2025".
    pub fn of_year(self, year: i32) -> String {
        match self {
            Period::Year => format!("năm {year}"),
            other => format!("{} năm {year}", other.label()),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

/// The first and last years figures may be for.
pub const FIRST_YEAR: i32 = 1990;
pub const LAST_YEAR: i32 = 2100;

/// What was given where a year was asked for, and is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAYear(pub String);

impl fmt::Display for NotAYear {
    /// The one message for a year that is not one, wherever it was given:
    /// a file, an address, the API or the command line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" không phải năm hợp lệ: viết năm bằng bốn chữ số, từ {FIRST_YEAR} đến {LAST_YEAR} (ví dụ 2024)",
            self.0.chars().take(40).collect::<String>()
        )
    }
}

/// A year as the site reads one everywhere: four digits within the years
/// figures may have.
pub fn parse_year(text: &str) -> Result<i32, NotAYear> {
    let not_a_year = || NotAYear(text.to_string());
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_a_year());
    }
    let year: i32 = text.parse().map_err(|_| not_a_year())?;
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(year)
    } else {
        Err(not_a_year())
    }
}

/// What was given where a day was asked for (a dated view, the API's
/// `as_of`), and is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotADay(pub String);

impl fmt::Display for NotADay {
    /// The one message for a day that is not one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" không phải ngày hợp lệ: viết năm-tháng-ngày, ví dụ 2024-12-31 (số liệu như đã công bố đến hết ngày đó)",
            self.0.chars().take(40).collect::<String>()
        )
    }
}

/// A day as the site reads one: `YYYY-MM-DD`, a real date of a year
/// figures may have. (year, month, day).
pub fn parse_day(text: &str) -> Result<(i32, u8, u8), NotADay> {
    let not_a_day = || NotADay(text.to_string());
    let mut parts = text.split('-');
    let (Some(year), Some(month), Some(day), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(not_a_day());
    };
    let year = parse_year(year).map_err(|_| not_a_day())?;
    let number = |text: &str| {
        (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<u8>().ok())
            .flatten()
    };
    let (month, day) = (
        number(month).ok_or_else(not_a_day)?,
        number(day).ok_or_else(not_a_day)?,
    );
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(not_a_day()),
    };
    if day == 0 || day > days {
        return Err(not_a_day());
    }
    Ok((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_and_a_day_are_read_one_way_with_one_message() {
        assert_eq!(parse_year("2023"), Ok(2023));
        for bad in ["23", "20233", "2O23", "1989", "2101", " 2023", ""] {
            assert!(parse_year(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_year("1989").unwrap_err().to_string(),
            "\"1989\" không phải năm hợp lệ: viết năm bằng bốn chữ số, từ 1990 đến 2100 (ví dụ 2024)"
        );
        assert_eq!(parse_day("2024-02-29"), Ok((2024, 2, 29)));
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "2024-12",
            "24-12-31",
            "2024-12-31-1",
        ] {
            assert!(parse_day(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn codes_are_fixed_and_read_back() {
        for (code, period) in [
            ("year", Period::Year),
            ("m1", Period::Cumulative(1)),
            ("m9", Period::Cumulative(9)),
            ("m11", Period::Cumulative(11)),
            ("month-1", Period::Month(1)),
            ("month-12", Period::Month(12)),
        ] {
            assert_eq!(Period::from_code(code), Some(period), "{code}");
            assert_eq!(period.code(), code);
        }
        assert_eq!(Period::all().count(), 24);
        for period in Period::all() {
            assert_eq!(Period::from_code(&period.code()), Some(period));
            assert_eq!(Period::from_slug(&period.slug()), Some(period));
        }
    }

    #[test]
    fn impossible_periods_are_refused() {
        for code in [
            "m12", "m0", "m", "month-13", "month-0", "month-", "m09", "month-01", "nam", "Year",
            "m-1", "9-thang",
        ] {
            assert_eq!(Period::from_code(code), None, "{code}");
        }
        for slug in ["12-thang", "thang-13", "nam", "0-thang"] {
            assert_eq!(Period::from_slug(slug), None, "{slug}");
        }
    }

    #[test]
    fn periods_read_as_official_reports_write_them() {
        assert_eq!(Period::Year.of_year(2024), "năm 2024");
        assert_eq!(Period::Cumulative(9).of_year(2024), "9 tháng năm 2024");
        assert_eq!(Period::Cumulative(3).of_year(2025), "quý I năm 2025");
        assert_eq!(Period::Month(7).of_year(2025), "tháng 7 năm 2025");
        assert_eq!(Period::Cumulative(9).slug(), "9-thang");
        assert_eq!(Period::Month(1).slug(), "thang-1");
    }
}
