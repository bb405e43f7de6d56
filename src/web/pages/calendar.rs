//! `/lich-cong-bo`: the release calendar — what comes out in the next 12
//! months and when (Vietnam time), each with its status, every changed
//! date with the old one and the reason, and what came out in the last 12
//! months linked to its release, beside what came out unannounced (the
//! record's publications, corrections) — and `/lich-cong-bo.ics`, the
//! announced releases as an iCalendar feed (RFC 5545) that journalists
//! subscribe to.

use actix_web::HttpResponse;
use actix_web::http::header;
use actix_web::web::{self, Html};
use askama::Template;

use crate::db::{CalendarEntry, CalendarStatus, Release, ReleaseKind, Store};
use crate::format;
use crate::web::address;
use crate::web::error::AppError;
use crate::web::layout::Layout;
use crate::web::pages::render;
use crate::web::site::Site;

/// How far the page and the feed look, each way, in days.
const SPAN_DAYS: i64 = 366;

/// An entry in words, or a release no entry announced.
struct EntryView {
    /// The row's anchor: `lich-<id>` for an entry, `cap-nhat-<id>` for a
    /// release alone.
    anchor: String,
    /// "03/11/2026 09:00" (Vietnam); a publication of the record by its
    /// day, "05/03/2026" (or its month, "02/2026").
    when: String,
    /// For `<time datetime>`: UTC, or the publication's day or month.
    scheduled_at: String,
    title: String,
    indicators: String,
    status: &'static str,
    reason: String,
    /// Each earlier date, with why it moved.
    changes: Vec<String>,
    /// Its release on `/cap-nhat`, once out.
    release: Option<String>,
}

impl EntryView {
    fn of(entry: &CalendarEntry) -> EntryView {
        let when = |utc: &str| format::vietnam_time(utc).unwrap_or_else(|| utc.to_string());
        EntryView {
            anchor: format!("lich-{}", entry.id),
            when: when(&entry.scheduled_at),
            scheduled_at: entry.scheduled_at.clone(),
            title: entry.title.clone(),
            indicators: entry
                .indicators
                .iter()
                .map(|i| i.name)
                .collect::<Vec<_>>()
                .join("; "),
            status: entry.status.name(),
            reason: entry.reason.clone(),
            changes: entry
                .changes
                .iter()
                .map(|c| {
                    format!(
                        "Đổi từ {} sang {} (ngày {}): {}",
                        when(&c.was),
                        when(&c.became),
                        when(&c.changed_at),
                        c.reason
                    )
                })
                .collect(),
            release: entry.release_id.map(|id| {
                address::release(
                    id,
                    entry.released_at.as_deref().unwrap_or(&entry.scheduled_at),
                )
            }),
        }
    }

    /// A release that no entry announced: a publication of the record
    /// (by its publisher and day), a correction put out at once, an import.
    fn unannounced(release: &Release) -> EntryView {
        let mut periods: Vec<String> = Vec::new();
        let mut indicators: Vec<&'static crate::indicator::Indicator> = Vec::new();
        for item in &release.items {
            let period = if item.plan {
                format!("kế hoạch {}", item.period.of_year(item.year))
            } else {
                item.period.of_year(item.year)
            };
            if !periods.contains(&period) {
                periods.push(period);
            }
            if !indicators.iter().any(|i| i.code == item.indicator.code) {
                indicators.push(item.indicator);
            }
        }
        indicators.sort_by_key(|i| i.position);
        let figures = format!("số liệu {}", periods.join(", "));
        let (when, scheduled_at, title) = match (release.about.kind, release.about.published) {
            (ReleaseKind::Publication, Some(published)) => (
                published.label(),
                published.to_string(),
                match release.about.publisher {
                    Some(publisher) => format!(
                        "{} công bố {figures}",
                        format::capitalized(publisher.name())
                    ),
                    None => format::capitalized(&figures),
                },
            ),
            (kind, _) => (
                format::vietnam_time(&release.imported_at)
                    .unwrap_or_else(|| release.imported_at.clone()),
                release.imported_at.clone(),
                match kind.name() {
                    Some(kind) if !release.about.title.is_empty() => {
                        format!("{kind}: {}", release.about.title)
                    }
                    Some(kind) => format!("{kind} {figures}"),
                    None => format!("Cập nhật {figures}"),
                },
            ),
        };
        EntryView {
            anchor: format!("cap-nhat-{}", release.id),
            when,
            scheduled_at,
            title,
            indicators: indicators
                .iter()
                .map(|i| i.name)
                .collect::<Vec<_>>()
                .join("; "),
            status: CalendarStatus::Published.name(),
            reason: "ngoài lịch báo trước".to_string(),
            changes: Vec::new(),
            release: Some(address::release(release.id, &release.imported_at)),
        }
    }
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    layout: Layout,
    coming: Vec<EntryView>,
    past: Vec<EntryView>,
}

/// What the page and the feed read: now, and the year before it and the
/// year after (UTC texts).
struct Span {
    now: String,
    from: String,
    to: String,
}

impl Span {
    fn around_now() -> Span {
        let now = format::now_utc();
        let now_unix = format::unix_of_utc(&now).unwrap_or_default();
        let days = |days: i64| format::utc_of_unix(now_unix + days * 86_400);
        Span {
            from: days(-SPAN_DAYS),
            to: days(SPAN_DAYS),
            now,
        }
    }
}

/// The entries of the year before now and the year after, as of now.
async fn load(store: &web::Data<Store>) -> Result<Vec<CalendarEntry>, AppError> {
    let store = store.clone();
    let Span { from, to, .. } = Span::around_now();
    Ok(web::block(move || store.reader()?.calendar(&from, &to)).await??)
}

pub async fn page(store: web::Data<Store>, site: web::Data<Site>) -> Result<Html, AppError> {
    let store = store.clone();
    let Span { now, from, to } = Span::around_now();
    // Every release written is out, so none is left for later by the
    // clock: the answer, kept per state of the data, then holds all the
    // releases that state has (one imported this second too).
    let (entries, unannounced) = web::block(move || {
        let reader = store.reader()?;
        Ok::<_, crate::db::DbError>((
            reader.calendar(&from, &to)?,
            reader.releases_off_calendar(&from, &to)?,
        ))
    })
    .await??;
    let (past, coming): (Vec<&CalendarEntry>, Vec<&CalendarEntry>) = entries
        .iter()
        .partition(|e| e.scheduled_at < now || e.status == CalendarStatus::Published);
    // The year's releases, announced or not, newest first: an entry by
    // when it was due, a release by when it went out.
    let mut past: Vec<(&str, EntryView)> = past
        .into_iter()
        .map(|entry| (entry.scheduled_at.as_str(), EntryView::of(entry)))
        .chain(unannounced.iter().map(|release| {
            (
                release.imported_at.as_str(),
                EntryView::unannounced(release),
            )
        }))
        .collect();
    past.sort_by(|a, b| b.0.cmp(a.0));
    let layout = Layout::for_page(
        "Lịch công bố số liệu",
        "/lich-cong-bo",
        "Lịch công bố số liệu của Sở Công Thương tỉnh Gia Lai trong 12 tháng tới: ngày giờ, số liệu, tình trạng, và các lần đổi lịch kèm lý do.".to_string(),
        &site,
    );
    render(&CalendarPage {
        layout,
        past: past.into_iter().map(|(_, view)| view).collect(),
        // The coming ones in the order they come.
        coming: coming.into_iter().map(EntryView::of).collect(),
    })
}

/// Text as an iCalendar value: backslashes, semicolons, commas and line
/// breaks escaped (RFC 5545, 3.3.11).
fn ics_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// A content line folded at 75 octets, never inside a character, with
/// CRLF line ends (RFC 5545, 3.1).
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// `2026-11-03T02:00:00Z` as iCalendar's UTC form, `20261103T020000Z`.
fn ics_utc(utc: &str) -> String {
    utc.replace(['-', ':'], "")
}

/// The calendar as an iCalendar file: one event per entry, on Vietnam's
/// time zone (a fixed UTC+7), each with a UID that stays the same however
/// often its date moves and a SEQUENCE that counts the moves.
fn ics(entries: &[CalendarEntry], site: &Site) -> String {
    let host = site
        .url("")
        .split("://")
        .nth(1)
        .unwrap_or("so-lieu")
        .trim_end_matches('/')
        .to_string();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//So Cong Thuong Gia Lai//Lich cong bo so lieu//VI".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!(
            "X-WR-CALNAME:{}",
            ics_text("Lịch công bố số liệu — Sở Công Thương Gia Lai")
        ),
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh".to_string(),
        "BEGIN:VTIMEZONE".to_string(),
        "TZID:Asia/Ho_Chi_Minh".to_string(),
        "BEGIN:STANDARD".to_string(),
        "DTSTART:19700101T000000".to_string(),
        "TZOFFSETFROM:+0700".to_string(),
        "TZOFFSETTO:+0700".to_string(),
        "TZNAME:ICT".to_string(),
        "END:STANDARD".to_string(),
        "END:VTIMEZONE".to_string(),
    ];
    for entry in entries {
        let Some((year, month, day, hour, minute)) = format::vietnam_clock_of(&entry.scheduled_at)
        else {
            continue;
        };
        // When this event last changed (not when it happens).
        let stamp = entry.updated_at.as_str();
        let view = EntryView::of(entry);
        let mut description = format!("Tình trạng: {}.", view.status);
        if !view.indicators.is_empty() {
            description.push_str(&format!(" Số liệu: {}.", view.indicators));
        }
        if !view.reason.is_empty() {
            description.push_str(&format!(" {}", view.reason));
        }
        for change in &view.changes {
            description.push_str(&format!("\n{change}"));
        }
        let summary = match entry.status {
            CalendarStatus::Postponed => format!("{} (hoãn)", entry.title),
            _ => entry.title.clone(),
        };
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:lich-cong-bo-{}@{host}", entry.id),
            format!("DTSTAMP:{}", ics_utc(stamp)),
            format!(
                "DTSTART;TZID=Asia/Ho_Chi_Minh:{year:04}{month:02}{day:02}T{hour:02}{minute:02}00"
            ),
            "DURATION:PT30M".to_string(),
            format!("SEQUENCE:{}", entry.sequence),
            format!(
                "STATUS:{}",
                match entry.status {
                    CalendarStatus::Planned | CalendarStatus::Postponed => "TENTATIVE",
                    CalendarStatus::Confirmed | CalendarStatus::Published => "CONFIRMED",
                }
            ),
            format!("SUMMARY:{}", ics_text(&summary)),
            format!("DESCRIPTION:{}", ics_text(&description)),
            format!("URL:{}", site.url("/lich-cong-bo")),
            "END:VEVENT".to_string(),
        ]);
    }
    lines.push("END:VCALENDAR".to_string());
    lines.iter().map(|line| fold(line)).collect()
}

pub async fn feed(
    store: web::Data<Store>,
    site: web::Data<Site>,
) -> Result<HttpResponse, AppError> {
    let entries = load(&store).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/calendar; charset=utf-8"))
        .body(ics(&entries, &site)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let line = format!("SUMMARY:{}", "Số liệu tháng 10 ".repeat(8));
        let folded = fold(&line);
        for part in folded.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{part:?}");
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("{line}\r\n"));
        assert_eq!(ics_text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }
}
