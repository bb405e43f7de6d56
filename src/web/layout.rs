//! The page frame: navigation, the selected year and the years to choose
//! from, the status and the sources of the figures shown, share previews
//! and the print date. Pages build a `Layout` and `templates/base.html`
//! renders it. Loading the year's figures is `year`'s job.

use crate::indicator::{Area, Catalogue};
use crate::model::{Published, Status, YearFigures};
use crate::period::Period;
use crate::territory::Territory;
use crate::web::address;
use crate::web::chart_kind::ChartKind;
use crate::web::site::{Site, join};

/// The sections of the site, in navigation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Overview,
    Industry,
    Retail,
    Trade,
    Ecommerce,
    Activities,
    Briefing,
    OpenData,
    About,
}

impl Section {
    pub const ALL: [Section; 9] = [
        Section::Overview,
        Section::Industry,
        Section::Retail,
        Section::Trade,
        Section::Ecommerce,
        Section::Activities,
        Section::Briefing,
        Section::OpenData,
        Section::About,
    ];

    /// The section page of an area of the catalogue.
    pub fn of_area(area: Area) -> Section {
        match area {
            Area::Industry => Section::Industry,
            Area::Retail => Section::Retail,
            Area::Trade => Section::Trade,
            Area::Ecommerce => Section::Ecommerce,
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            Section::Overview => "/",
            Section::Industry => "/cong-nghiep",
            Section::Retail => "/ban-le",
            Section::Trade => "/xuat-nhap-khau",
            Section::Ecommerce => "/thuong-mai-dien-tu",
            Section::Activities => "/hoat-dong",
            Section::Briefing => "/ban-tin",
            Section::OpenData => "/du-lieu",
            Section::About => "/gioi-thieu",
        }
    }

    /// The chart a shared link to this section shows.
    pub fn share_chart(self) -> ChartKind {
        match self {
            Section::Trade => ChartKind::TradeBalance,
            Section::Industry => ChartKind::IndustryOutputHistory,
            _ => ChartKind::RetailComposition,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Section::Overview => "Tổng quan",
            Section::Industry => "Công nghiệp",
            Section::Retail => "Bán lẻ, dịch vụ",
            Section::Trade => "Xuất nhập khẩu",
            Section::Ecommerce => "Thương mại điện tử",
            Section::Activities => "Hoạt động, kế hoạch",
            Section::Briefing => "Bản tin in",
            Section::OpenData => "Dữ liệu mở",
            Section::About => "Giới thiệu",
        }
    }
}

pub struct Link {
    pub href: String,
    pub label: String,
    pub current: bool,
}

pub struct Layout {
    /// The page's own title; the site name is added by the template.
    pub title: String,
    /// The section highlighted in the navigation, if the page is one.
    pub section: Option<Section>,
    /// The page's own path, before a view's segments: year links lead
    /// here.
    pub path: String,
    /// The year shown, if the page is about one.
    pub year: Option<i32>,
    /// Every year with figures, newest first.
    pub years: Vec<i32>,
    /// The period shown, and the periods its year has, in reading order.
    pub period: Option<Period>,
    pub periods: Vec<Period>,
    /// The period the year's pages show without naming one.
    pub default_period: Option<Period>,
    /// The day a dated view shows the figures as of (`/ngay-…`).
    pub as_of: Option<Published>,
    /// The path segments of the year and period shown ("" for the default
    /// view): links to other sections keep them.
    pub view_path: String,
    /// The path segments that name the year and period shown, always:
    /// chart links and citations keep pointing at what they show.
    pub named_view_path: String,
    /// Chart files' names after their slug: "2023", "2024-9-thang".
    pub stem: String,
    /// "năm 2023", "9 tháng năm 2024".
    pub when: String,
    /// The province the figures shown cover, in words.
    pub territory: Option<&'static str>,
    pub status: Option<Status>,
    pub sources: Vec<String>,
    /// The page's absolute URL, for share previews and citations.
    pub url: Option<String>,
    /// The absolute URL of the chart PNG a shared link shows.
    pub share_image: Option<String>,
    pub description: String,
    /// A page that says a view lacks what it shows: kept out of search
    /// engines and the sitemap.
    pub noindex: bool,
}

/// What a page shows, for its frame: the year and period, the years to
/// choose from, and the queries that lead there.
pub struct Shown<'a> {
    pub catalogue: &'static Catalogue,
    pub year: i32,
    /// Every year with figures, newest first.
    pub years: &'a [i32],
    pub period: Period,
    /// The periods the year has figures for, in reading order.
    pub periods: &'a [Period],
    /// The period the year's pages show without naming one.
    pub default_period: Option<Period>,
    pub as_of: Option<Published>,
    /// "năm 2023", "9 tháng năm 2024".
    pub when: &'a str,
    /// The path segments that lead here: empty for the site's default
    /// view.
    pub view_path: &'a str,
    /// The path segments that name the year (and the period, unless the
    /// whole year) even where it is the default: for links that must keep
    /// pointing at what they quote.
    pub named_view_path: &'a str,
    /// Chart files' names after their slug: "2023", "2024-9-thang".
    pub stem: &'a str,
    /// The period's figures (which charts it has).
    pub figures: &'a YearFigures,
}

impl Layout {
    /// The layout of a section's page.
    pub fn new(
        title: impl Into<String>,
        section: Section,
        shown: &Shown<'_>,
        site: &Site,
    ) -> Layout {
        let title = title.into();
        let description = format!(
            "{} {}: số liệu công khai của Sở Công Thương tỉnh Gia Lai, so với kế hoạch \
             và cùng kỳ, kèm nguồn và tình trạng số liệu.",
            section.label(),
            shown.when
        );
        Layout::of_page(title, Some(section), section.path(), description, shown).shared(
            section.share_chart(),
            shown,
            site,
        )
    }

    /// The layout of a chart's own page, which shares that chart.
    pub fn for_chart(
        title: impl Into<String>,
        chart: ChartKind,
        shown: &Shown<'_>,
        site: &Site,
    ) -> Layout {
        let title = title.into();
        let description = format!(
            "{title}: biểu đồ, bảng số liệu, tệp tải về, mã nhúng và cách trích dẫn — Sở Công Thương tỉnh Gia Lai."
        );
        let path = address::chart_page(chart, "");
        Layout::of_page(title, None, &path, description, shown).shared(chart, shown, site)
    }

    /// The layout of a page about no year in particular (`/cap-nhat`).
    pub fn for_page(
        title: impl Into<String>,
        path: &str,
        description: String,
        site: &Site,
    ) -> Layout {
        let mut layout = Layout::for_error(&title.into());
        layout.path = path.to_string();
        layout.description = description;
        layout.url = Some(site.url(path));
        layout
    }

    /// The layout of a figure's page of versions, `/so-lieu/{code}`.
    pub fn for_figure(
        title: impl Into<String>,
        code: &str,
        shown: &Shown<'_>,
        site: &Site,
    ) -> Layout {
        let title = title.into();
        let description = format!(
            "{title}: mọi lần công bố, của mọi nơi công bố, kèm ngày và nguồn — Sở Công Thương tỉnh Gia Lai."
        );
        let mut layout =
            Layout::of_page(title, None, &address::figure(code, ""), description, shown);
        layout.url = Some(site.url(&layout.href(&layout.path)));
        layout
    }

    fn of_page(
        title: String,
        section: Option<Section>,
        path: &str,
        description: String,
        shown: &Shown<'_>,
    ) -> Layout {
        Layout {
            title,
            section,
            path: path.to_string(),
            year: Some(shown.year),
            years: shown.years.to_vec(),
            period: Some(shown.period),
            periods: shown.periods.to_vec(),
            default_period: shown.default_period,
            as_of: shown.as_of,
            view_path: shown.view_path.to_string(),
            named_view_path: shown.named_view_path.to_string(),
            stem: shown.stem.to_string(),
            when: shown.when.to_string(),
            territory: Some(Territory::by_date(shown.year, shown.period).name()),
            status: None,
            sources: Vec::new(),
            url: None,
            share_image: None,
            description,
            noindex: false,
        }
    }

    /// Sets the absolute URLs a shared link needs: the page's own, and the
    /// PNG of `chart` for the year and period shown as its preview image —
    /// or of the first chart the period has, where it lacks that one (no
    /// image where it has none).
    fn shared(mut self, chart: ChartKind, shown: &Shown<'_>, site: &Site) -> Layout {
        let chart = std::iter::once(chart)
            .chain(ChartKind::ALL)
            .find(|kind| kind.draws_from(shown.figures, shown.catalogue));
        self.share_image =
            chart.map(|chart| site.url(&address::chart_file(chart, Some(shown.stem), "png")));
        self.url = Some(site.url(&self.href(&self.path)));
        self
    }

    /// Sets the status and sources from the figures a page shows.
    pub fn with_figures(mut self, figures: &YearFigures, codes: &[&str]) -> Layout {
        self.status = figures.status_of(codes);
        self.sources = figures.sources_of(codes);
        self
    }

    pub fn for_error(title: &str) -> Layout {
        Layout {
            title: title.to_string(),
            section: None,
            path: "/".to_string(),
            year: None,
            years: Vec::new(),
            period: None,
            periods: Vec::new(),
            default_period: None,
            as_of: None,
            view_path: String::new(),
            named_view_path: String::new(),
            stem: String::new(),
            when: String::new(),
            territory: None,
            status: None,
            sources: Vec::new(),
            url: None,
            share_image: None,
            description: "Số liệu công khai của Sở Công Thương tỉnh Gia Lai.".to_string(),
            noindex: false,
        }
    }

    /// `path` in the year and period shown: the site's default view needs
    /// no segments, so its links stay clean.
    fn href(&self, path: &str) -> String {
        join(path, &self.view_path)
    }

    /// A link to `section` in the year and period shown.
    pub fn href_for(&self, section: Section) -> String {
        self.href(section.path())
    }

    pub fn nav(&self) -> Vec<Link> {
        Section::ALL
            .iter()
            .map(|section| Link {
                href: self.href(section.path()),
                label: section.label().to_string(),
                current: self.section == Some(*section),
            })
            .collect()
    }

    /// One link per year with figures, to this page in that year.
    pub fn year_links(&self) -> Vec<Link> {
        self.years
            .iter()
            .map(|year| Link {
                href: join(&self.path, &format!("/{year}{}", self.day_segment())),
                label: year.to_string(),
                current: self.year == Some(*year),
            })
            .collect()
    }

    /// One link per period the year shown has, to this page in that
    /// period (the year's default period without `ky`, as every link to
    /// it is written); none where the year has one period only.
    pub fn period_links(&self) -> Vec<Link> {
        let Some(year) = self.year else {
            return Vec::new();
        };
        if self.periods.len() < 2 {
            return Vec::new();
        }
        self.periods
            .iter()
            .map(|&period| Link {
                href: join(
                    &self.path,
                    &format!(
                        "{}{}",
                        period.view_path(year, self.default_period),
                        self.day_segment()
                    ),
                ),
                label: period.choice_label(),
                current: self.period == Some(period),
            })
            .collect()
    }

    /// `/ngay-…` in a dated view, for links that stay in it.
    fn day_segment(&self) -> String {
        self.as_of
            .map(|day| format!("/ngay-{day}"))
            .unwrap_or_default()
    }

    /// A dated view's day, as Vietnam writes it: "31/12/2024".
    pub fn as_of_label(&self) -> Option<String> {
        self.as_of.map(|day| day.label())
    }

    /// This page, the same year and period, with the figures as they stand
    /// today: a dated view's way back.
    pub fn undated_href(&self) -> String {
        match (self.year, self.period) {
            (Some(year), Some(period)) => {
                join(&self.path, &period.view_path(year, self.default_period))
            }
            (Some(year), None) => join(&self.path, &format!("/{year}")),
            _ => self.path.clone(),
        }
    }

    /// The period shown at the head of a line: "Năm 2023", "9 tháng năm
    /// 2024", "Quý I năm 2025".
    pub fn when_heading(&self) -> String {
        crate::format::capitalized(&self.when)
    }

    pub fn status_label(&self) -> Option<&'static str> {
        self.status.map(Status::label)
    }

    /// The date a printout shows, dd/mm/yyyy: the day the page was made;
    /// where JavaScript runs, `static/js/site.js` sets the reader's own
    /// date at the moment of printing.
    pub fn print_date(&self) -> String {
        crate::format::today()
    }

    pub fn print_date_iso(&self) -> String {
        crate::format::today_iso()
    }
}
