//! `/so-lieu/{code}?nam=…&ky=…`: every version of one indicator's figure
//! for a period, of every publisher, with the date and page each was
//! published on — where a card's "Các lần công bố" leads.

use actix_web::HttpRequest;
use actix_web::web::Html;
use askama::Template;

use crate::db::{FigureRelease, ReleaseKind};
use crate::format;
use crate::model::{FigureKey, Observation, Published, Rate};
use crate::report;
use crate::web::error::AppError;
use crate::web::layout::Layout;
use crate::web::pages::{absent, render};
use crate::web::year::YearPage;

#[derive(Template)]
#[template(path = "figure_history.html")]
struct FigureHistoryPage {
    layout: Layout,
    name: &'static str,
    unit: &'static str,
    /// "Trang này dẫn số liệu của Sở Công Thương: 820 triệu USD."
    leading: Option<String>,
    rows: Vec<VersionRow>,
    /// Values that a later import corrected in place.
    corrected: Vec<String>,
    /// The year's reports for part of the province (an old province's
    /// area after the merger), any period: they have no page of their own.
    parts: Vec<(String, VersionRow)>,
    api: String,
}

/// One published version, as a table row.
struct VersionRow {
    publisher: &'static str,
    territory: &'static str,
    value: String,
    change: String,
    plan: String,
    status: &'static str,
    published: String,
    source: String,
    url: Option<String>,
    /// "đang hiển thị", "bản mới nhất", "đã có bản sau".
    standing: &'static str,
    /// When a later version superseded it, and why: "thay ngày
    /// 12/11/2026 — Đính chính: …".
    superseded: Option<String>,
    note: Option<String>,
}

/// Why a release brought a figure, in words: its kind and what it said.
fn reason_of(release: &FigureRelease) -> String {
    let said = if release.note.is_empty() {
        release.title.clone()
    } else if release.title.is_empty() {
        release.note.clone()
    } else {
        format!("{} — {}", release.title, release.note)
    };
    match (release.kind.name(), said.is_empty()) {
        (Some(kind), false) => format!("{kind}: {said}"),
        (Some(kind), true) => kind.to_string(),
        (None, _) if release.kind == ReleaseKind::Publication => {
            format!("{} công bố số mới", release.key.publisher.name())
        }
        (None, _) => "số mới được nhập từ tệp".to_string(),
    }
}

/// The release that brought `published` of `key`, for a change of `kinds`.
fn release_of<'a>(
    releases: &'a [FigureRelease],
    key: &FigureKey,
    published: Option<Published>,
    kinds: &[&str],
) -> Option<&'a FigureRelease> {
    releases
        .iter()
        .rev()
        .find(|r| r.key == *key && r.published == published && kinds.contains(&r.change.as_str()))
}

impl VersionRow {
    /// A change published without its level.
    fn of_rate(rate: &Rate) -> VersionRow {
        VersionRow {
            publisher: rate.publisher.name(),
            territory: rate.territory.name(),
            value: "không công bố".to_string(),
            change: format::change_in_words(&rate.change_pct),
            plan: "—".to_string(),
            status: rate.status.label(),
            published: rate
                .published
                .map_or_else(|| "—".to_string(), |p| p.label()),
            source: rate.source.clone(),
            url: rate.url.clone(),
            standing: "chỉ công bố tốc độ tăng",
            superseded: None,
            note: rate.note.clone(),
        }
    }

    fn of(version: &Observation, standing: &'static str) -> VersionRow {
        VersionRow {
            publisher: version.publisher.name(),
            territory: version.territory.name(),
            value: report::number_text(version),
            change: report::change_text(version).unwrap_or_else(|| "—".to_string()),
            plan: version
                .plan_pct
                .as_ref()
                .map_or_else(|| "—".to_string(), format::percent),
            status: version.status.label(),
            published: version
                .published
                .map_or_else(|| "—".to_string(), |p| p.label()),
            source: version.source.clone(),
            url: version.url.clone(),
            standing,
            superseded: None,
            note: version.note.clone(),
        }
    }
}

pub async fn page(request: HttpRequest, page: YearPage) -> Result<Html, AppError> {
    let code = request
        .match_info()
        .get("code")
        .unwrap_or_default()
        .to_string();
    let data = &page.data;
    let indicator = data
        .catalogue
        .find(&code)
        .ok_or_else(|| AppError::UnknownIndicator(code.clone()))?;
    let record = page.record().await?;
    let releases = page.releases().await?;
    let mut versions: Vec<&Observation> = record
        .versions
        .iter()
        .filter(|v| v.indicator.code == indicator.code)
        .collect();
    let shown = data.figures.get(indicator.code);
    // Oldest publication first, as the record grew; a figure's versions are
    // stored oldest first, so a later one of the same figure follows.
    versions.sort_by_key(|v| (v.published, v.publisher.leading_order()));
    let rates: Vec<&Rate> = data
        .rates
        .iter()
        .filter(|r| r.indicator.code == indicator.code && !r.sub_territory)
        .collect();
    let mut rows: Vec<VersionRow> = versions
        .iter()
        .map(|&version| {
            let next = record
                .versions
                .iter()
                .filter(|other| other.key() == version.key() && other.published > version.published)
                .min_by_key(|other| other.published);
            let standing = if shown == Some(version) {
                "đang hiển thị"
            } else if next.is_some() {
                "đã có bản sau"
            } else {
                "bản mới nhất của nơi công bố này"
            };
            let mut row = VersionRow::of(version, standing);
            row.superseded = next.map(|next| {
                let on = next.published.map_or_else(String::new, |p| p.label());
                let release = release_of(
                    &releases,
                    &next.key(),
                    next.published,
                    &["added", "revised"],
                );
                let why = release.map_or_else(
                    || format!("{} công bố lại", next.publisher.name()),
                    reason_of,
                );
                // A version the staff side put out later than its
                // publication's date says when it reached this site too.
                let reached = release
                    .filter(|r| r.kind != ReleaseKind::Publication)
                    .and_then(|r| format::vietnam_time(&r.at))
                    .map(|time| time[..10].to_string())
                    .filter(|day| *day != on)
                    .map_or_else(String::new, |day| format!(" (lên trang ngày {day})"));
                format!("thay ngày {on}{reached} — {why}")
            });
            row
        })
        .collect();
    rows.extend(rates.iter().map(|rate| VersionRow::of_rate(rate)));
    let corrected = record
        .revisions
        .iter()
        .filter(|r| r.in_place && r.indicator == indicator.code)
        .map(|r| {
            let published = Published::clause(r.published);
            let key = FigureKey {
                indicator: indicator.code,
                territory: r.territory,
                year: r.year,
                period: r.period,
                publisher: r.publisher,
            };
            let why = release_of(&releases, &key, r.published, &["corrected"])
                .map(|release| format!(": {}", reason_of(release)))
                .unwrap_or_default();
            format!(
                "{}: {} {} ({}{published}), thay lúc {}{why}",
                r.publisher.name(),
                crate::format::number(&r.value),
                indicator.unit,
                r.status.label(),
                format::vietnam_time(&r.replaced_at).unwrap_or_else(|| r.replaced_at.clone())
            )
        })
        .collect();
    let parts = page
        .sub_territory_reports(indicator.code)
        .await?
        .iter()
        .map(|report| {
            (
                format::capitalized(&report.period.of_year(report.year)),
                VersionRow::of(report, "báo cáo một phần địa bàn"),
            )
        })
        .collect();
    let leading = shown.map(|o| {
        format!(
            "Các trang dẫn số liệu của {}: {} ({}).",
            o.publisher.name(),
            report::value_text(o),
            o.status.label()
        )
    });
    let when = data.when();
    let layout = data
        .shown(|frame| {
            Layout::for_figure(
                format!("{} {when}: các lần công bố", indicator.name),
                indicator.code,
                frame,
                &page.site,
            )
        })
        .with_figures(&data.figures, &[indicator.code]);
    if versions.is_empty() && rates.is_empty() {
        return absent(layout, &crate::format::lowercase_first(indicator.name));
    }
    // The page quotes every version: its footer names every source.
    let mut layout = layout;
    layout.sources = Vec::new();
    for source in versions
        .iter()
        .map(|v| &v.source)
        .chain(rates.iter().map(|r| &r.source))
    {
        if !layout.sources.contains(source) {
            layout.sources.push(source.clone());
        }
    }
    render(&FigureHistoryPage {
        layout,
        name: indicator.name,
        unit: indicator.unit,
        leading,
        rows,
        corrected,
        parts,
        api: page.site.url(&format!(
            "/api/v1/observations?indicator={}&nam={}&period={}",
            indicator.code,
            data.year,
            data.period.code()
        )),
    })
}
