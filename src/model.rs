//! The figures as the rest of the program sees them: exact decimals, tied to
//! a catalogued indicator, with their status and source.

use rust_decimal::Decimal;

use crate::indicator::Indicator;

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

/// The order figures are listed in everywhere (pages, files, the API):
/// by year, then in catalogue order.
pub fn sort_observations<T: std::borrow::Borrow<Observation>>(observations: &mut [T]) {
    let position = |code: &str| {
        crate::indicator::INDICATORS
            .iter()
            .position(|i| i.code == code)
    };
    observations.sort_by_key(|o| {
        let o = o.borrow();
        (o.year, position(o.indicator.code))
    });
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

/// One published figure: an indicator's value for a year.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub indicator: &'static Indicator,
    pub year: i32,
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
