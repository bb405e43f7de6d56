//! `/cap-nhat`: each import that changed the figures — when, and what it
//! added, revised or corrected, linking to the figures — and
//! `/cap-nhat.xml`, the same as an Atom feed (RFC 4287) for newsrooms and
//! aggregators.

use actix_web::HttpResponse;
use actix_web::http::header;
use actix_web::web::{self, Html};
use askama::Template;

use crate::charts;
use crate::db::{Release, ReleaseChange, ReleaseItem, ReleaseKind, Store};
use crate::format;
use crate::model::Published;
use crate::territory::Territory;
use crate::web::address;
use crate::web::error::AppError;
use crate::web::layout::Layout;
use crate::web::pages::render;
use crate::web::site::Site;

/// How many releases the page and the feed list: the newest.
const SHOWN: usize = 50;

#[derive(Template)]
#[template(path = "releases.html")]
struct ReleasesPage {
    layout: Layout,
    releases: Vec<ReleaseView>,
    /// The year listed whole; none on `/cap-nhat`, the newest.
    year: Option<i64>,
    /// Every year from the first release to the last, newest first.
    years: Vec<YearLink>,
}

/// A year's list, in the row of years every list shows.
struct YearLink {
    year: i64,
    href: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "releases.xml")]
struct ReleasesFeed {
    base_url: String,
    /// The newest release's time, or now where there is none.
    updated: String,
    releases: Vec<ReleaseView>,
}

/// A release in words.
struct ReleaseView {
    id: i64,
    /// Where it always stays: its year's list.
    href: String,
    /// The feed entry's title: "Đính chính: … — Cập nhật 12/11/2026 09:00:
    /// 1 số liệu sửa lại", "Báo chí — Công bố 05/03/2026: 4 số liệu mới".
    title: String,
    /// UTC, for `<time datetime>` and Atom's `<updated>`.
    imported_at: String,
    /// "27/12/2024 15:15" (Vietnam).
    time: String,
    /// "12 số liệu mới, 3 bản điều chỉnh".
    summary: String,
    /// What the staff side published it as — "Đính chính: Xuất khẩu tháng
    /// 10" —, none for a file's import.
    heading: Option<String>,
    /// Its public note: for a correction, what was wrong.
    note: Option<String>,
    items: Vec<ItemView>,
}

impl ReleaseView {
    fn anchor(&self) -> String {
        format!("dot-{}", self.id)
    }

    /// The release as HTML, for the feed's `<content type="html">`.
    fn content_html(&self) -> String {
        let mut html = String::new();
        for line in self.heading.iter().chain(&self.note) {
            html.push_str(&format!("<p>{}</p>", charts::escape_xml(line)));
        }
        html.push_str(&format!("<p>{}</p><ul>", charts::escape_xml(&self.summary)));
        for item in &self.items {
            html.push_str("<li>");
            html.push_str(&charts::escape_xml(&item.text));
            html.push_str("</li>");
        }
        html.push_str("</ul>");
        html
    }
}

struct ItemView {
    text: String,
    /// The figure's page of versions (plans have none).
    href: Option<String>,
}

impl ItemView {
    fn of(item: &ReleaseItem) -> ItemView {
        let what = if item.plan {
            format!(
                "Kế hoạch: {} {}",
                item.indicator.name,
                item.period.of_year(item.year)
            )
        } else {
            format!("{} {}", item.indicator.name, item.period.of_year(item.year))
        };
        let published = Published::clause(item.published);
        let change = match &item.change {
            ReleaseChange::Added => "mới".to_string(),
            ReleaseChange::Revised { from } => match from.parse() {
                Ok(value) => format!("điều chỉnh từ {}", format::number(&value)),
                Err(_) => format!("điều chỉnh từ {from}"),
            },
            ReleaseChange::Corrected { columns } => format!("sửa lại ({columns})"),
        };
        // A figure for the territory pages show has its period's page; a
        // report for part of the merged province (or Bình Định's, before
        // it) is listed on its figure's page of the year.
        let code = item.indicator.code;
        let href = if item.territory == Territory::by_date(item.year, item.period) {
            address::figure(code, &item.period.named_view_path(item.year))
        } else if item.territory == Territory::GiaLaiCu {
            format!(
                "{}#mot-phan-dia-ban",
                address::figure(code, &format!("/{}", item.year))
            )
        } else {
            address::figure(code, &format!("/{}", item.year))
        };
        ItemView {
            text: format!(
                "{what} — {}, {}{published}: {change}",
                item.territory.name(),
                item.publisher.name()
            ),
            href: (!item.plan).then_some(href),
        }
    }
}

impl ReleaseView {
    fn of(release: &Release) -> ReleaseView {
        let mut parts = Vec::new();
        if release.added > 0 {
            parts.push(format!("{} số liệu mới", release.added));
        }
        if release.revised > 0 {
            parts.push(format!("{} bản điều chỉnh", release.revised));
        }
        if release.corrected > 0 {
            parts.push(format!("{} số liệu sửa lại", release.corrected));
        }
        // A publication of the record is told by its day and publisher;
        // what the site did, by the time it did it.
        let (time, heading) = match (release.about.published, release.about.publisher) {
            (published, Some(publisher)) if release.about.kind == ReleaseKind::Publication => (
                published.map_or_else(
                    || "không rõ ngày".to_string(),
                    |p| format!("Công bố {}", p.label()),
                ),
                Some(format::capitalized(publisher.name())),
            ),
            _ => (
                format::vietnam_time(&release.imported_at)
                    .unwrap_or_else(|| release.imported_at.clone()),
                release.about.kind.name().map(|kind| {
                    if release.about.title.is_empty() {
                        kind.to_string()
                    } else {
                        format!("{kind}: {}", release.about.title)
                    }
                }),
            ),
        };
        let summary = parts.join(", ");
        // A publication's time already says what it was ("Công bố …").
        let what = if release.about.kind == ReleaseKind::Publication {
            format!("{time}: {summary}")
        } else {
            format!("Cập nhật {time}: {summary}")
        };
        ReleaseView {
            id: release.id,
            href: address::release(release.id, &release.imported_at),
            title: match &heading {
                Some(heading) => format!("{heading} — {what}"),
                None => what,
            },
            imported_at: release.imported_at.clone(),
            time,
            summary,
            heading,
            note: Some(release.about.note.clone()).filter(|note| !note.is_empty()),
            items: release.items.iter().map(ItemView::of).collect(),
        }
    }
}

async fn load(store: &web::Data<Store>) -> Result<Vec<ReleaseView>, AppError> {
    let store = store.clone();
    let releases = web::block(move || store.reader()?.releases(SHOWN)).await??;
    Ok(releases.iter().map(ReleaseView::of).collect())
}

/// The years from the first release to the last (Vietnam's calendar),
/// newest first; none without releases.
fn years_of(span: Option<(String, String)>, current: Option<i64>) -> Vec<YearLink> {
    let year = |utc: &str| format::vietnam_clock_of(utc).map(|(year, ..)| year);
    let Some((first, last)) = span.and_then(|(oldest, newest)| year(&oldest).zip(year(&newest)))
    else {
        return Vec::new();
    };
    (first..=last)
        .rev()
        .map(|year| YearLink {
            year,
            href: address::releases_of_year(year),
            current: Some(year) == current,
        })
        .collect()
}

/// `/cap-nhat`: the newest releases, and the row of years where every
/// release stays.
pub async fn page(store: web::Data<Store>, site: web::Data<Site>) -> Result<Html, AppError> {
    list(store, site, None).await
}

/// `/cap-nhat/<year>`: every release of a year, on Vietnam's calendar —
/// an address that keeps showing the same releases however many come
/// after, which the calendar and feeds link to. A year outside the
/// releases' span is no page.
pub async fn year_page(
    store: web::Data<Store>,
    site: web::Data<Site>,
    year: web::Path<i64>,
) -> Result<Html, AppError> {
    list(store, site, Some(year.into_inner())).await
}

/// A list of releases — the newest (`year` none), or a year's whole —
/// under the row of years.
async fn list(
    store: web::Data<Store>,
    site: web::Data<Site>,
    year: Option<i64>,
) -> Result<Html, AppError> {
    // A year's bounds on Vietnam's calendar, in UTC as releases are kept.
    let bounds = match year {
        None => None,
        Some(year) => {
            let start = |year: i64| format::utc_of_vietnam(&format!("{year:04}-01-01"), "00:00");
            Some(start(year).zip(start(year + 1)).ok_or(AppError::NotFound)?)
        }
    };
    let store = store.clone();
    let (releases, span) = web::block(move || {
        let reader = store.reader()?;
        let releases = match &bounds {
            None => reader.releases(SHOWN)?,
            Some((from, to)) => reader.releases_between(from, to)?,
        };
        Ok::<_, crate::db::DbError>((releases, reader.release_span()?))
    })
    .await??;
    let years = years_of(span, year);
    let layout = match year {
        None => Layout::for_page(
            "Mới cập nhật",
            "/cap-nhat",
            "Các lần cập nhật số liệu của Sở Công Thương tỉnh Gia Lai: số liệu mới, điều chỉnh và sửa lại, kèm thời điểm.".to_string(),
            &site,
        ),
        Some(_) if !years.iter().any(|y| y.current) => return Err(AppError::NotFound),
        Some(year) => Layout::for_page(
            format!("Các lần cập nhật năm {year}"),
            &address::releases_of_year(year),
            format!(
                "Mọi lần cập nhật số liệu của Sở Công Thương tỉnh Gia Lai năm {year}: số liệu mới, điều chỉnh và sửa lại, kèm thời điểm."
            ),
            &site,
        ),
    };
    render(&ReleasesPage {
        layout,
        releases: releases.iter().map(ReleaseView::of).collect(),
        year,
        years,
    })
}

pub async fn feed(
    store: web::Data<Store>,
    site: web::Data<Site>,
) -> Result<HttpResponse, AppError> {
    let releases = load(&store).await?;
    let updated = releases
        .first()
        .map(|r| r.imported_at.clone())
        .unwrap_or_else(format::now_utc);
    let body = ReleasesFeed {
        base_url: site.url(""),
        updated,
        releases,
    }
    .render()?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"))
        .body(body))
}
