//! The preview of a change set: what publishing it would change on the
//! public site — pages, chart files, downloads, API answers, the feed —
//! each file marked thay đổi / mới / bị xóa, with the figures it changes
//! ("Kim ngạch xuất khẩu 10 tháng năm 2026: 3.050 → 3.087,5 triệu USD"),
//! and each page as it would look, under a banner "BẢN NHÁP – CHƯA CÔNG
//! BỐ", served by the admin only (its answers are all `no-store` and
//! `noindex`); every view of a page is a row of the audit log.
//!
//! How: the public record is copied (SQLite's online backup) beside the
//! drafts database, the set is published into the copy, and the public
//! site is rendered over it in this process, as `publish` renders it. The
//! files are compared by their SHA-256 with a rendering of the public
//! record as it stands — the very comparison a new static copy makes. The
//! public record's rendering is kept per data version and day (and made
//! ahead, when the admin starts and after each release); a set's, per set
//! content and public data version. The public process never sees any of
//! it: the copy lies with the staff side's files.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{AdminError, AdminState, Nav, Staff, html};
use crate::db::{ReleaseNote, Store};
use crate::drafts::{AuditEntry, ChangeSet};
use crate::format;
use crate::publish::{FileChange, Manifest, Reuse};
use crate::web::Site;

/// How many sets' draft sites are kept at once.
const KEPT_DRAFTS: usize = 4;

/// The previews of this process: the public record's rendering and the
/// last few sets' draft sites.
pub struct Previews {
    /// Where the draft copies of the record are written (beside the
    /// drafts database).
    dir: PathBuf,
    static_dir: PathBuf,
    site: Site,
    state: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    base: Option<(String, Arc<Manifest>)>,
    drafts: Vec<Arc<DraftSite>>,
}

/// A set published into a copy of the record, and what that changes.
pub struct DraftSite {
    set: i64,
    content: String,
    base: String,
    path: PathBuf,
    store: Store,
    pub changes: Vec<(String, FileChange)>,
    pub figures: Vec<String>,
    pub took: Duration,
}

impl Drop for DraftSite {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl Previews {
    /// Previews kept beside the drafts database at `drafts`; what an
    /// earlier run left there is removed.
    pub fn new(drafts: &std::path::Path, static_dir: PathBuf, public_url: &str) -> Previews {
        let dir = drafts
            .parent()
            .unwrap_or(std::path::Path::new("."))
            .join("xem-truoc");
        let _ = std::fs::remove_dir_all(&dir);
        Previews {
            dir,
            static_dir,
            site: Site::new(public_url),
            state: Mutex::new(Kept::default()),
        }
    }

    fn kept(&self) -> Result<std::sync::MutexGuard<'_, Kept>, AdminError> {
        self.state
            .lock()
            .map_err(|_| AdminError::Step("bản xem trước đang hỏng, hãy khởi động lại".into()))
    }

    /// The public record's version as previews key it: the database
    /// file's, and the day (pages carry it).
    fn base_key(store: &Store) -> String {
        format!("{:?}-{}", store.data_version(), format::vietnam_clock().0)
    }

    /// Whether the kept rendering of the public site is not of the record
    /// and day as they stand (or none is kept); `false` while one is made.
    pub fn is_stale(&self, store: &Store) -> bool {
        let key = Previews::base_key(store);
        self.state
            .try_lock()
            .is_ok_and(|kept| kept.base.as_ref().is_none_or(|(at, _)| *at != key))
    }

    /// The public site's rendering as it stands, made if need be.
    pub fn base(&self, store: &Store) -> Result<(String, Arc<Manifest>), AdminError> {
        let key = Previews::base_key(store);
        let mut kept = self.kept()?;
        if let Some((at, manifest)) = &kept.base
            && *at == key
        {
            return Ok((key, manifest.clone()));
        }
        let answers =
            crate::publish::render(store, &self.static_dir, &self.site, Reuse::Compare)
                .map_err(|e| AdminError::Step(format!("không dựng được trang công khai: {e:#}")))?;
        let manifest = Arc::new(Manifest::of(&answers));
        kept.base = Some((key.clone(), manifest.clone()));
        Ok((key, manifest))
    }

    /// The draft site of `set`: made (the record copied, the set
    /// published into the copy, the site rendered and compared) unless
    /// kept for this content and public data version.
    pub fn draft(&self, store: &Store, set: &ChangeSet) -> Result<Arc<DraftSite>, AdminError> {
        let started = Instant::now();
        let (base_key, base) = self.base(store)?;
        let content = set.content_hash();
        let mut kept = self.kept()?;
        if let Some(found) = kept
            .drafts
            .iter()
            .find(|d| d.set == set.id && d.content == content && d.base == base_key)
        {
            return Ok(found.clone());
        }
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| AdminError::Step(format!("không tạo được thư mục xem trước: {e}")))?;
        let path = self
            .dir
            .join(format!("bo-{}-{}.sqlite", set.id, &content[..16]));
        let fail = |what: &str, e: &dyn std::fmt::Display| {
            AdminError::Step(format!("không dựng được bản xem trước ({what}): {e}"))
        };
        crate::db::backup_file(store.path(), &path).map_err(|e| fail("chép số liệu", &e))?;
        let draft = Store::open(&path).map_err(|e| fail("mở bản chép", &e))?;
        let figures = super::change_sets::figures_of(set, store.catalogue())?;
        draft
            .import_as(
                &figures,
                &ReleaseNote {
                    change_set: None,
                    ..super::schedule::release_note(set, None)
                },
            )
            .map_err(|e| fail("ghi bộ thay đổi vào bản chép", &e))?;
        let answers = crate::publish::render(&draft, &self.static_dir, &self.site, Reuse::Compare)
            .map_err(|e| fail("dựng trang", &format!("{e:#}")))?;
        let changes = crate::publish::compare(&base, &answers);
        let figures = figure_lines(store, &draft, &figures).map_err(|e| fail("đọc số liệu", &e))?;
        let site = Arc::new(DraftSite {
            set: set.id,
            content,
            base: base_key,
            path,
            store: draft,
            changes,
            figures,
            took: started.elapsed(),
        });
        kept.drafts.retain(|d| d.set != set.id);
        kept.drafts.push(site.clone());
        let excess = kept.drafts.len().saturating_sub(KEPT_DRAFTS);
        kept.drafts.drain(..excess);
        Ok(site)
    }
}

/// Each figure of the set as the pages would show it against now:
/// "Kim ngạch xuất khẩu năm 2023 (Gia Lai (trước 1/7/2025), Sở Công
/// Thương): 680 → 681,5 triệu USD".
fn figure_lines(
    public: &Store,
    draft: &Store,
    figures: &crate::dataset::Figures,
) -> Result<Vec<String>, crate::db::DbError> {
    let (before, after) = (public.reader()?, draft.reader()?);
    let mut lines = Vec::new();
    let mut periods: Vec<(i32, crate::period::Period)> = figures
        .observations
        .iter()
        .map(|o| (o.year, o.period))
        .collect();
    periods.dedup();
    for (year, period) in periods {
        let old = before.record_of_period(year, period, None)?.current();
        let new = after.record_of_period(year, period, None)?.current();
        for row in figures
            .observations
            .iter()
            .filter(|o| o.year == year && o.period == period)
        {
            let same = |o: &&crate::model::Observation| o.key() == row.key();
            let name = format!(
                "{} {} ({}, {})",
                row.indicator.name,
                period.of_year(year),
                row.territory.name(),
                row.publisher.name()
            );
            let unit = row.indicator.unit;
            let line = match (old.iter().find(same), new.iter().find(same)) {
                (Some(o), Some(n)) if o.value == n.value => format!(
                    "{name}: {} {unit} (giá trị không đổi; phiên bản mới)",
                    format::number(&n.value)
                ),
                (Some(o), Some(n)) => format!(
                    "{name}: {} → {} {unit}",
                    format::number(&o.value),
                    format::number(&n.value)
                ),
                (None, Some(n)) => format!("{name}: mới, {} {unit}", format::number(&n.value)),
                (_, None) => format!(
                    "{name}: {} {unit} (không hiện trên trang: có phiên bản mới hơn)",
                    format::number(&row.value)
                ),
            };
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
    }
    for plan in &figures.plans {
        lines.push(format!(
            "Kế hoạch {} năm {} ({}, {})",
            plan.indicator.name,
            plan.year,
            plan.territory.name(),
            plan.publisher.name()
        ));
    }
    for rate in &figures.rates {
        lines.push(format!(
            "{} {} ({}, {}): tốc độ tăng {} %",
            rate.indicator.name,
            rate.period.of_year(rate.year),
            rate.territory.name(),
            rate.publisher.name(),
            format::number(&rate.change_pct)
        ));
    }
    Ok(lines)
}

/// A changed file, as the preview lists it.
struct FileRow {
    path: String,
    change: &'static str,
    /// Where the admin shows it as it would be (not for a file gone).
    view: Option<String>,
}

struct FileGroup {
    name: &'static str,
    files: Vec<FileRow>,
}

/// Which group a path belongs to.
fn group_of(path: &str) -> usize {
    if path.starts_with("/bieu-do/") || path.starts_with("/nhung/") {
        1
    } else if path.starts_with("/du-lieu/") && path.contains('.') {
        2
    } else if path.starts_with("/api/") {
        3
    } else if path.ends_with(".xml") || path.ends_with(".ics") || path.ends_with(".txt") {
        4
    } else {
        0
    }
}

const GROUPS: [&str; 5] = [
    "Trang",
    "Biểu đồ (SVG, PNG, CSV) và bản nhúng",
    "Tệp tải về",
    "API",
    "Nguồn tin, lịch và sơ đồ trang",
];

#[derive(Template)]
#[template(path = "admin/preview.html")]
struct PreviewPage {
    nav: Option<Nav>,
    set: ChangeSet,
    figures: Vec<String>,
    groups: Vec<FileGroup>,
    total: usize,
    took: String,
    /// Periods already official the set touches: the published pages of
    /// them that change are in the lists.
    locked: Vec<String>,
}

pub fn view_path(set: i64, path: &str) -> String {
    format!("/bo-thay-doi/{set}/xem-truoc/trang{path}")
}

async fn log_view(
    state: &AdminState,
    staff: &Staff,
    set: i64,
    what: String,
) -> Result<(), AdminError> {
    let drafts = state.drafts.clone();
    let entry = AuditEntry {
        after: what,
        ..staff.audit_entry("xem-truoc", format!("bo-thay-doi:{set}"))
    };
    web::block(move || drafts.audit(&entry)).await??;
    Ok(())
}

async fn draft_of(state: &AdminState, id: i64) -> Result<(ChangeSet, Arc<DraftSite>), AdminError> {
    let (drafts, store, previews) = (
        state.drafts.clone(),
        state.store.clone(),
        state.previews.clone(),
    );
    web::block(move || -> Result<_, AdminError> {
        let set = drafts.change_set(id)?;
        let site = previews.draft(&store, &set)?;
        Ok((set, site))
    })
    .await?
}

/// The list of what publishing set `id` would change.
pub async fn show(
    staff: Staff,
    state: web::Data<AdminState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, AdminError> {
    staff.works_with_figures()?;
    let id = id.into_inner();
    let (set, site) = draft_of(&state, id).await?;
    let locked = super::change_sets::locked_periods(&set, &state)?;
    log_view(
        &state,
        &staff,
        id,
        format!("danh sách thay đổi: {} tệp", site.changes.len()),
    )
    .await?;
    let mut groups: Vec<FileGroup> = GROUPS
        .iter()
        .map(|name| FileGroup {
            name,
            files: Vec::new(),
        })
        .collect();
    for (path, change) in &site.changes {
        let viewable = *change != FileChange::Removed && !path.ends_with(".png");
        groups[group_of(path)].files.push(FileRow {
            path: path.clone(),
            change: change.name(),
            view: viewable.then(|| view_path(id, path)),
        });
    }
    groups.retain(|g| !g.files.is_empty());
    html(&PreviewPage {
        nav: Some(staff.nav()),
        figures: site.figures.clone(),
        total: site.changes.len(),
        took: format::number(&rust_decimal::Decimal::new(
            i64::try_from(site.took.as_millis() / 100).unwrap_or(i64::MAX),
            1,
        )),
        groups,
        locked,
        set,
    })
}

/// The banner every previewed page carries, first in its body.
fn banner(set: &ChangeSet) -> String {
    format!(
        "<section class=\"ban-nhap\" aria-label=\"Bản nháp\"><link rel=\"stylesheet\" href=\"/xem-truoc.css\">\
         <strong>BẢN NHÁP – CHƯA CÔNG BỐ</strong> — trang như sẽ hiện khi bộ thay đổi \
         “{}” được công bố. <a href=\"/bo-thay-doi/{}/xem-truoc\">Về danh sách thay đổi</a></section>",
        crate::charts::escape_xml(&set.title),
        set.id
    )
}

/// Links to this site's addresses lead to their previews (a page's
/// links, images, forms, a stylesheet's fonts); others stay as they are.
fn rewrite_links(text: &str, set: i64) -> String {
    const OPENERS: [&str; 5] = ["href=\"/", "src=\"/", "action=\"/", "url(\"/", "url(/"];
    let prefix = view_path(set, "");
    let mut out = String::with_capacity(text.len() + 1024);
    let mut rest = text;
    while let Some((at, len)) = OPENERS
        .iter()
        .filter_map(|opener| rest.find(opener).map(|at| (at, opener.len())))
        .min()
    {
        // Up to the path's first `/`; a `//host/…` is another site's.
        let slash = at + len - 1;
        out.push_str(&rest[..slash]);
        rest = &rest[slash..];
        if !rest.starts_with("//") {
            out.push_str(&prefix);
        }
        out.push('/');
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}

/// A previewed page without its scripts: the site works without them,
/// and the admin's policy would refuse them.
fn without_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        out.push_str(&rest[..start]);
        rest = match rest[start..].find("</script>") {
            Some(end) => &rest[start + end + "</script>".len()..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// One address of the draft site, as it would be answered, under the
/// banner when it is a page; each page viewed is logged.
pub async fn page(
    staff: Staff,
    state: web::Data<AdminState>,
    path: web::Path<(i64, String)>,
    request: HttpRequest,
) -> Result<HttpResponse, AdminError> {
    staff.works_with_figures()?;
    let (id, _) = path.into_inner();
    // The address as the browser sent it (still percent-encoded), as the
    // public site would receive it; the matched segment is decoded.
    let prefix = view_path(id, "");
    let address = request
        .uri()
        .path()
        .strip_prefix(&prefix)
        .filter(|rest| rest.starts_with('/'))
        .unwrap_or("/")
        .to_string();
    let query = request.query_string().to_string();
    let (set, site) = draft_of(&state, id).await?;
    let (static_dir, public) = (
        state.previews.static_dir.clone(),
        state.previews.site.clone(),
    );
    let store = site.store.clone();
    let asked = if query.is_empty() {
        address.clone()
    } else {
        format!("{address}?{query}")
    };
    if asked.parse::<actix_web::http::Uri>().is_err() {
        return Err(AdminError::BadRequest(format!(
            "“{address}” không phải địa chỉ hợp lệ"
        )));
    }
    let (status, content_type, body) =
        web::block(move || crate::publish::answer_one(&store, &static_dir, &public, &asked))
            .await?
            .map_err(|e| AdminError::Step(format!("không dựng được {address}: {e:#}")))?;
    let is_html = content_type.starts_with("text/html");
    let is_css = content_type.starts_with("text/css");
    let body = if is_html {
        let text = without_scripts(&rewrite_links(&String::from_utf8_lossy(&body), id));
        // After the skip link, which stays the first thing a keyboard
        // reaches; else first in the body.
        let after = |opener: &str, closer: &str| {
            text.find(opener).and_then(|start| {
                text[start..]
                    .find(closer)
                    .map(|end| start + end + closer.len())
            })
        };
        let at = after("<a class=\"skip-link\"", "</a>")
            .or_else(|| after("<body", ">"))
            .unwrap_or(0);
        let mut page = String::with_capacity(text.len() + 512);
        page.push_str(&text[..at]);
        page.push_str(&banner(&set));
        page.push_str(&text[at..]);
        log_view(&state, &staff, id, format!("trang {address}")).await?;
        page.into_bytes()
    } else if is_css {
        rewrite_links(&String::from_utf8_lossy(&body), id).into_bytes()
    } else {
        body.to_vec()
    };
    let mut response = HttpResponse::build(
        actix_web::http::StatusCode::from_u16(status).unwrap_or(actix_web::http::StatusCode::OK),
    );
    response.insert_header((header::CONTENT_TYPE, content_type));
    Ok(response.body(body))
}

/// Makes the public record's rendering ahead, so that the first preview
/// after a start, a release, an import from the command line or midnight
/// does not wait for it.
pub fn warm(state: &AdminState) {
    let (store, previews) = (state.store.clone(), state.previews.clone());
    actix_web::rt::spawn(async move {
        if let Ok(Err(error)) = web::block(move || previews.base(&store).map(|_| ())).await {
            tracing::warn!("không dựng trước được trang công khai để xem trước: {error}");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_this_site_lead_to_the_preview_and_others_stay() {
        let page = r#"<a href="/ban-le/2023">x</a><img src="/bieu-do/a.svg"><a href="//cdn.example/x">
<a href="https://example.vn/">y</a><form action="/ban-le"></form>"#;
        assert_eq!(
            rewrite_links(page, 7),
            r#"<a href="/bo-thay-doi/7/xem-truoc/trang/ban-le/2023">x</a><img src="/bo-thay-doi/7/xem-truoc/trang/bieu-do/a.svg"><a href="//cdn.example/x">
<a href="https://example.vn/">y</a><form action="/bo-thay-doi/7/xem-truoc/trang/ban-le"></form>"#
        );
        assert_eq!(
            rewrite_links("src: url(\"/static/f.woff2\")", 2),
            "src: url(\"/bo-thay-doi/2/xem-truoc/trang/static/f.woff2\")"
        );
    }
}
