//! The site's address grammar, in one place: every path a page links —
//! a view of a page (`/ban-le/2024/9-thang/ngay-2024-12-31`), a chart's
//! page, a chart file named by what it holds
//! (`/bieu-do/can-can-thuong-mai-2024-9-thang.svg`), an embed
//! (`/nhung/<slug>/2024`), a figure's versions (`/so-lieu/<code>/2024`), a
//! year's releases (`/cap-nhat/2026`) —
//! is built by these functions, and read back by them.

use crate::model::Published;
use crate::period::Period;
use crate::web::chart_kind::ChartKind;

/// Where a chart's page and files live.
pub const CHARTS: &str = "/bieu-do/";
/// Where a chart framed by other sites lives.
pub const EMBEDS: &str = "/nhung/";
/// Where a figure's versions live.
pub const FIGURES: &str = "/so-lieu/";
/// Where each year's releases live.
pub const RELEASES: &str = "/cap-nhat/";

/// What a reader asks to see: a year (else the newest), a period of it
/// (else the year's default) and a day (else today).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct View {
    pub year: Option<i32>,
    pub period: Option<Period>,
    pub day: Option<Published>,
}

impl View {
    /// The view the path segments after a page's own path name
    /// ("2024/9-thang/ngay-2024-12-31"; "" for the default view); `None`
    /// for segments that name no view, which is no page.
    pub fn from_path(tail: &str) -> Option<View> {
        let mut view = View::default();
        if tail.is_empty() {
            return Some(view);
        }
        let mut segments = tail.split('/').peekable();
        if let Some(year) = segments.peek().and_then(|s| parse_year(s)) {
            view.year = Some(year);
            segments.next();
            if let Some(period) = segments.peek().and_then(|s| Period::from_slug(s)) {
                view.period = Some(period);
                segments.next();
            }
        }
        if let Some(segment) = segments.next() {
            view.day = Some(segment.strip_prefix("ngay-").and_then(parse_day)?);
        }
        if segments.next().is_some() || view == View::default() {
            return None;
        }
        Some(view)
    }

    /// The view a file name names after its chart's slug and a hyphen
    /// ("2024-9-thang-ngay-2024-12-31", "2023", "ngay-2024-12-31").
    pub fn from_stem(stem: &str) -> Option<View> {
        let (head, day) = match stem.split_once("ngay-") {
            Some((head, day)) if head.is_empty() || head.ends_with('-') => {
                (head.trim_end_matches('-'), Some(parse_day(day)?))
            }
            Some(_) => return None,
            None => (stem, None),
        };
        let mut view = View {
            day,
            ..View::default()
        };
        if !head.is_empty() {
            let (year, period) = match head.split_once('-') {
                Some((year, period)) => (year, Some(Period::from_slug(period)?)),
                None => (head, None),
            };
            view.year = Some(parse_year(year)?);
            view.period = period;
        }
        (view != View::default()).then_some(view)
    }

    /// The path segments of this view: "", "/2024", "/2024/9-thang",
    /// "/2024/9-thang/ngay-2024-12-31".
    pub fn path(&self) -> String {
        let mut path = String::new();
        if let Some(year) = self.year {
            path.push_str(&format!("/{year}"));
            if let Some(period) = self.period {
                path.push_str(&format!("/{}", period.slug()));
            }
        }
        with_day(path, self.day)
    }

    /// The file name part of this view, after a chart's slug: "2023",
    /// "2024-9-thang", "2024-9-thang-ngay-2024-12-31"; `None` for the
    /// default view.
    pub fn stem(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(year) = self.year {
            parts.push(year.to_string());
            if let Some(period) = self.period {
                parts.push(period.slug());
            }
        }
        if let Some(day) = self.day {
            parts.push(format!("ngay-{day}"));
        }
        (!parts.is_empty()).then(|| parts.join("-"))
    }
}

/// A year in a path (the period's rule).
fn parse_year(segment: &str) -> Option<i32> {
    crate::period::parse_year(segment).ok()
}

/// A day in a path: YYYY-MM-DD (the period's rule).
fn parse_day(text: &str) -> Option<Published> {
    Published::day(text).ok()
}

/// `path` followed by the day segment of a dated view.
pub fn with_day(path: String, day: Option<Published>) -> String {
    match day {
        Some(day) => format!("{path}/ngay-{day}"),
        None => path,
    }
}

/// A chart's page in a view: `/bieu-do/<slug>` and the view's segments
/// (`view_path`, "" for the default view).
pub fn chart_page(kind: ChartKind, view_path: &str) -> String {
    format!("{CHARTS}{}{view_path}", kind.slug())
}

/// A chart's file, named by what it holds: `/bieu-do/<slug>-<stem>.svg`,
/// or `/bieu-do/<slug>.svg` (the newest view that has it) without a stem.
pub fn chart_file(kind: ChartKind, stem: Option<&str>, extension: &str) -> String {
    match stem {
        Some(stem) => format!("{CHARTS}{}-{stem}.{extension}", kind.slug()),
        None => format!("{CHARTS}{}.{extension}", kind.slug()),
    }
}

/// A chart alone, for other sites to frame: `/nhung/<slug>` and the view's
/// segments.
pub fn embed(kind: ChartKind, view_path: &str) -> String {
    format!("{EMBEDS}{}{view_path}", kind.slug())
}

/// A figure's versions: `/so-lieu/<code>` and the view's segments.
pub fn figure(code: &str, view_path: &str) -> String {
    format!("{FIGURES}{code}{view_path}")
}

/// The releases of a year (on Vietnam's calendar): `/cap-nhat/<year>`.
pub fn releases_of_year(year: i64) -> String {
    format!("{RELEASES}{year}")
}

/// A release where it always stays: its year's list, at its anchor
/// (`/cap-nhat/2026#dot-83`). `/cap-nhat` itself shows the newest only.
pub fn release(id: i64, imported_at: &str) -> String {
    match crate::format::vietnam_clock_of(imported_at) {
        Some((year, ..)) => format!("{}#dot-{id}", releases_of_year(year)),
        None => format!("/cap-nhat#dot-{id}"),
    }
}

/// A name under `/bieu-do/`: `<slug>` (the page), `<slug>.svg`, or
/// `<slug>-<view>.svg` for a view ("can-can-thuong-mai-2024-9-thang.csv").
/// `None` for a name that is none of these.
pub fn parse_chart_file(file: &str) -> Option<(ChartKind, View, Option<&str>)> {
    let (name, extension) = match file.rsplit_once('.') {
        Some((name, extension @ ("svg" | "png" | "csv"))) => (name, Some(extension)),
        Some(_) => return None,
        None => (file, None),
    };
    ChartKind::ALL.into_iter().find_map(|kind| {
        let rest = name.strip_prefix(kind.slug())?;
        if rest.is_empty() {
            return Some((kind, View::default(), extension));
        }
        // A page's view is in path segments; only files name one in full.
        let view = View::from_stem(rest.strip_prefix('-')?).filter(|_| extension.is_some())?;
        Some((kind, view, extension))
    })
}
