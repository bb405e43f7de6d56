//! The figures as the rest of the program sees them: exact decimals, tied to
//! a catalogued indicator, for a territory and a period, from a publisher,
//! with their status, publication date and source.

use std::fmt;

use rust_decimal::Decimal;

use crate::indicator::Indicator;
use crate::period::Period;
use crate::publisher::Publisher;
use crate::territory::Territory;

/// When a figure was published: the day where the page gives one, else
/// the month or only the year the record gives (a page without a date of
/// its own). A year alone sorts before any month of it, a month alone
/// before any of its days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Published {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Published {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, a real date.
    pub fn parse(text: &str) -> Option<Published> {
        let mut parts = text.split('-');
        let year = parts.next().filter(|y| y.len() == 4)?.parse::<i32>().ok()?;
        let month = match parts.next() {
            None => None,
            Some(m) if m.len() == 2 => Some(m.parse::<u8>().ok()?),
            Some(_) => return None,
        };
        let day = match parts.next() {
            None => None,
            Some(d) if d.len() == 2 => Some(d.parse::<u8>().ok()?),
            Some(_) => return None,
        };
        if parts.next().is_some()
            || !text.bytes().all(|b| b.is_ascii_digit() || b == b'-')
            || month.is_some_and(|m| !(1..=12).contains(&m))
            || day.is_some_and(|d| month.is_none_or(|m| d == 0 || d > days_in_month(year, m)))
        {
            return None;
        }
        Some(Published { year, month, day })
    }

    /// A day, as dated views and the API's `as_of` name one (the rule and
    /// its message are the period's: `period::parse_day`).
    pub fn day(text: &str) -> Result<Published, crate::period::NotADay> {
        let (year, month, day) = crate::period::parse_day(text)?;
        Ok(Published {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// The first day it can stand for: what a dated view compares.
    pub fn first_day(self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// `dd/mm/yyyy` or `mm/yyyy`, as dates are written in Vietnam (and as
    /// Excel writes a date cell under Vietnamese settings).
    pub fn parse_vietnamese(text: &str) -> Option<Published> {
        let parts: Vec<&str> = text.split('/').collect();
        let machine = match parts.as_slice() {
            [day, month, year] if day.len() <= 2 && month.len() <= 2 => {
                format!("{year}-{month:0>2}-{day:0>2}")
            }
            [month, year] if month.len() <= 2 => format!("{year}-{month:0>2}"),
            _ => return None,
        };
        Published::parse(&machine)
    }

    /// "27/12/2024", or "12/2024" without a day, "năm 2024" without a
    /// month.
    pub fn label(self) -> String {
        match (self.month, self.day) {
            (Some(month), Some(day)) => format!("{day:02}/{month:02}/{}", self.year),
            (Some(month), None) => format!("{month:02}/{}", self.year),
            (None, _) => format!("năm {}", self.year),
        }
    }

    /// ", công bố 27/12/2024" after a figure, or nothing where the date is
    /// unknown.
    pub fn clause(published: Option<Published>) -> String {
        published
            .map(|p| format!(", công bố {}", p.label()))
            .unwrap_or_default()
    }

    /// Whether the figure was out by the end of `date` (a day).
    pub fn by(self, date: Published) -> bool {
        self.first_day() <= (date.year, date.month.unwrap_or(12), date.day.unwrap_or(31))
    }
}

impl fmt::Display for Published {
    /// The machine form: `2024-12-27`, `2024-12`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// What identifies a published figure; publishing it again with another
/// value makes a new version of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FigureKey {
    pub indicator: &'static str,
    pub territory: Territory,
    pub year: i32,
    pub period: Period,
    pub publisher: Publisher,
}

/// How final a figure is. A year's figures start as estimates and are
/// replaced by preliminary, then official ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Estimate,
    Preliminary,
    Official,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Estimate, Status::Preliminary, Status::Official];

    /// The code used in data files and the database.
    pub fn code(self) -> &'static str {
        match self {
            Status::Estimate => "estimate",
            Status::Preliminary => "preliminary",
            Status::Official => "official",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The Vietnamese name shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            Status::Estimate => "ước tính",
            Status::Preliminary => "sơ bộ",
            Status::Official => "chính thức",
        }
    }

    /// The verb official reports put before a figure of this status:
    /// "ước đạt 108.000 tỷ đồng", "sơ bộ đạt …", "đạt …".
    pub fn verb(self) -> &'static str {
        match self {
            Status::Estimate => "ước đạt",
            Status::Preliminary => "sơ bộ đạt",
            Status::Official => "đạt",
        }
    }

    /// What the status means, for the about page.
    pub fn meaning(self) -> &'static str {
        match self {
            Status::Estimate => {
                "Số ước tính khi năm chưa kết thúc (thường công bố vào tháng 12); \
                 sẽ được thay bằng số sơ bộ và số chính thức."
            }
            Status::Preliminary => {
                "Số sơ bộ sau khi kết thúc năm, từ báo cáo chưa được thẩm định đầy đủ; \
                 có thể còn điều chỉnh."
            }
            Status::Official => {
                "Số chính thức do cơ quan có thẩm quyền công bố; không còn điều chỉnh."
            }
        }
    }
}

/// The order figures are listed in everywhere (pages, files, the API): by
/// year, period, then in catalogue order, territory, publisher, and a
/// figure's versions oldest first.
pub fn sort_observations<T: std::borrow::Borrow<Observation>>(observations: &mut [T]) {
    observations.sort_by_key(|o| o.borrow().sort_key());
}

/// The distinct sources, in order of first appearance.
pub fn distinct_sources<'a>(sources: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut distinct: Vec<String> = Vec::new();
    for source in sources {
        if !distinct.contains(source) {
            distinct.push(source.clone());
        }
    }
    distinct
}

/// One published figure: an indicator's value for a territory and a period
/// of a year, from one publisher, as published on one date.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub indicator: &'static Indicator,
    pub territory: Territory,
    pub year: i32,
    pub period: Period,
    pub publisher: Publisher,
    /// The value in the indicator's unit, with its published digits.
    pub value: Decimal,
    /// The year's plan (target) in the indicator's unit, where published.
    pub plan: Option<Decimal>,
    /// Share of the year's plan achieved, in % (128 = 28% above plan).
    pub plan_pct: Option<Decimal>,
    /// Change against the previous year, in % (9,45 = "tăng 9,45%").
    pub change_pct: Option<Decimal>,
    /// For rankings: places gained on the previous year (2 = "tăng 2 bậc").
    pub change_places: Option<i64>,
    /// Share of the total this figure is part of, in %, as published.
    pub share_pct: Option<Decimal>,
    /// For rankings: how many places there are (63 provinces).
    pub out_of: Option<i64>,
    pub status: Status,
    /// Where the figure was published, in words.
    pub source: String,
    pub note: Option<String>,
    /// When it was published, where known.
    pub published: Option<Published>,
    /// The page it was printed on.
    pub url: Option<String>,
    /// The basis of the publisher's series, where it changed: figures of
    /// different bases are never joined on one line.
    pub basis: Option<String>,
    /// An old province's part of the merged one, reported after 1/7/2025
    /// ("phía Đông", "phía Tây").
    pub sub_territory: bool,
}

/// A change on the same period a year earlier published without the level
/// it is a change of (the statistics office's "tổng mức bán lẻ năm 2023
/// ước tăng 17,57%"), for an amount: kept and shown as what it is, beside
/// the figures with levels, never made into one.
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    pub indicator: &'static Indicator,
    pub territory: Territory,
    pub year: i32,
    pub period: Period,
    pub publisher: Publisher,
    /// Change against the same period a year earlier, in %.
    pub change_pct: Decimal,
    pub status: Status,
    pub source: String,
    pub note: Option<String>,
    pub published: Option<Published>,
    pub url: Option<String>,
    pub basis: Option<String>,
    pub sub_territory: bool,
}

/// Where a figure, or a change published alone, stands in every listing:
/// year, period, catalogue order, territory, publisher, publication.
pub type ListingOrder = (i32, Period, usize, Territory, Publisher, Option<Published>);

impl Rate {
    /// Its place among the changes published alone, as figures are listed.
    pub fn sort_key(&self) -> ListingOrder {
        (
            self.year,
            self.period,
            self.indicator.position,
            self.territory,
            self.publisher,
            self.published,
        )
    }

    pub fn key(&self) -> FigureKey {
        FigureKey {
            indicator: self.indicator.code,
            territory: self.territory,
            year: self.year,
            period: self.period,
            publisher: self.publisher,
        }
    }
}

/// How a note marks a figure stored as printed but doubtful (a misprint,
/// an estimate contradicted by later figures): "Nghi vấn: …, vì …".
pub const DOUBTFUL: &str = "Nghi vấn:";

impl Observation {
    /// Whether its note marks it doubtful. A doubtful version never
    /// replaces an earlier one of the same figure that is not (a later
    /// retrospective's 630 does not replace the 610 both publishers printed
    /// at the time); it is kept, shown beside it, and in the figure's
    /// versions.
    pub fn is_doubtful(&self) -> bool {
        self.note
            .as_deref()
            .is_some_and(|n| n.starts_with(DOUBTFUL))
    }

    pub fn key(&self) -> FigureKey {
        FigureKey {
            indicator: self.indicator.code,
            territory: self.territory,
            year: self.year,
            period: self.period,
            publisher: self.publisher,
        }
    }

    fn sort_key(&self) -> ListingOrder {
        (
            self.year,
            self.period,
            self.indicator.position,
            self.territory,
            self.publisher,
            self.published,
        )
    }
}

/// A plan's target: an amount, a growth rate, or a range of growth rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// In the indicator's unit (xuất khẩu 850 triệu USD).
    Amount(Decimal),
    /// Growth on the previous year, in % (IIP tăng 4,8 %).
    Growth(Decimal),
    /// A range of growth, in % (tăng 9,5–10,5 %), low ≤ high.
    GrowthRange { low: Decimal, high: Decimal },
}

/// A plan (kế hoạch, chỉ tiêu phấn đấu) for a period of a year, as one
/// publisher set it on one date; plans change, and every version is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub indicator: &'static Indicator,
    pub territory: Territory,
    pub year: i32,
    pub period: Period,
    pub publisher: Publisher,
    pub target: Target,
    pub published: Option<Published>,
    pub source: String,
    pub url: Option<String>,
    pub note: Option<String>,
    /// The basis of the series the plan is set on, as for figures: a plan
    /// on another basis is never a figure's "kế hoạch".
    pub basis: Option<String>,
}

impl Plan {
    pub fn key(&self) -> FigureKey {
        FigureKey {
            indicator: self.indicator.code,
            territory: self.territory,
            year: self.year,
            period: self.period,
            publisher: self.publisher,
        }
    }
}

/// Whether an activity was done in its year or is planned for the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityKind {
    Result,
    Plan,
}

impl ActivityKind {
    pub fn code(self) -> &'static str {
        match self {
            ActivityKind::Result => "result",
            ActivityKind::Plan => "plan",
        }
    }

    pub fn from_code(code: &str) -> Option<ActivityKind> {
        [ActivityKind::Result, ActivityKind::Plan]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// One item of the department's work: done in `year`, or planned (in the
/// report of `year`) for the year after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub year: i32,
    pub kind: ActivityKind,
    /// The heading the item is listed under ("Xúc tiến thương mại").
    pub topic: String,
    pub text: String,
    pub source: String,
}

/// Picks the figure each page leads with among the current versions of
/// several publishers' figures for one indicator, territory and period: the
/// first publisher in `Publisher::ALL` order.
pub fn leading<'a>(
    candidates: impl IntoIterator<Item = &'a Observation>,
) -> Option<&'a Observation> {
    candidates
        .into_iter()
        .min_by_key(|o| o.publisher.leading_order())
}

/// All figures of one year, looked up by indicator code.
#[derive(Debug, Clone)]
pub struct YearFigures {
    pub year: i32,
    observations: Vec<Observation>,
}

impl YearFigures {
    pub fn new(year: i32, observations: Vec<Observation>) -> Self {
        YearFigures { year, observations }
    }

    /// Sorts figures into years, oldest year first.
    pub fn group(observations: Vec<Observation>) -> Vec<YearFigures> {
        let mut years: Vec<YearFigures> = Vec::new();
        for observation in observations {
            match years.iter_mut().find(|y| y.year == observation.year) {
                Some(year) => year.observations.push(observation),
                None => years.push(YearFigures::new(observation.year, vec![observation])),
            }
        }
        years.sort_by_key(|y| y.year);
        years
    }

    pub fn get(&self, code: &str) -> Option<&Observation> {
        self.observations.iter().find(|o| o.indicator.code == code)
    }

    pub fn all(&self) -> &[Observation] {
        &self.observations
    }

    /// The codes of the indicators this year has figures for.
    pub fn codes(&self) -> Vec<&'static str> {
        self.observations.iter().map(|o| o.indicator.code).collect()
    }

    /// The least final status among `codes` that are present: a page that
    /// mixes estimates and official figures is an estimate.
    pub fn status_of(&self, codes: &[&str]) -> Option<Status> {
        codes
            .iter()
            .filter_map(|code| self.get(code))
            .map(|o| o.status)
            .min()
    }

    /// The distinct sources of `codes`, in order of first appearance.
    pub fn sources_of(&self, codes: &[&str]) -> Vec<String> {
        distinct_sources(
            codes
                .iter()
                .filter_map(|code| self.get(code))
                .map(|o| &o.source),
        )
    }
}
