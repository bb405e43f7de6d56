//! `/bieu-do/<slug>`: a chart's own page (`/bieu-do/<slug>/2024/9-thang`
//! for a year and period, as every page), and its outputs
//! `/bieu-do/<slug>.svg`, `.png` and `.csv` — for a year and period
//! `/bieu-do/<slug>-2024-9-thang.svg`: a file's URL is the name it is
//! saved under; `/nhung/<slug>`: the chart alone, for other sites to frame.

use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::web::{self, Html};
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use crate::charts;
use crate::db::Store;
use crate::format;
use crate::model::Published;
use crate::report;
use crate::web::address;
use crate::web::chart_kind::ChartKind;
use crate::web::chart_views::{ChartRecord, ChartView, Standing};
use crate::web::error::AppError;
use crate::web::layout::Layout;
use crate::web::pages::{absent_html_linking, render};
use crate::web::site::Site;
use crate::web::views;
use crate::web::year::{Detail, View, YearData, YearMemo, YearQuery, load_view, newest_view_with};

/// PNG width: twice the SVG's 800 units, sharp in print.
pub const PNG_WIDTH: u32 = 1600;

#[derive(Template)]
#[template(path = "chart.html")]
struct ChartPage {
    layout: Layout,
    view: ChartView,
    /// Downloads' names after the slug: "2023", "2024-9-thang".
    stem: String,
    embed_snippet: String,
    citation: String,
    sentences: Vec<String>,
    notes: Vec<String>,
}

impl ChartPage {
    /// The chart's file of the view shown.
    fn file(&self, extension: &str) -> String {
        address::chart_file(self.view.kind, Some(&self.stem), extension)
    }
}

#[derive(Template)]
#[template(path = "embed.html")]
struct EmbedPage {
    view: ChartView,
    /// The chart's page on this site, absolute.
    page_url: String,
    sources: Vec<String>,
    /// "Kim ngạch xuất khẩu năm 2023: đính chính ngày …": what an article
    /// framing the chart must not leave out.
    corrections: Vec<String>,
}

/// The chart `kind` in `view`, `None` where the period lacks its figures;
/// a request in the query form is redirected to the path `path_of` gives.
/// A file needs the figures alone; a page (`Detail::Page`) also says which
/// of them were corrected or revised — charts draw the same from either.
async fn chart_of(
    store: &web::Data<Store>,
    memo: &web::Data<YearMemo>,
    (kind, detail): (ChartKind, Detail),
    view: View,
    query: &YearQuery,
    path_of: impl FnOnce(&View) -> String,
) -> Result<(YearData, Option<ChartView>), AppError> {
    let data = load_view(store, Some(memo), view, query, detail, path_of).await?;
    let chart = ChartView::of(kind, &data)?;
    Ok((data, chart))
}

/// As `chart_of`, but an address that names no view (`/bieu-do/<slug>.svg`,
/// `/nhung/<slug>`: what embeds and articles used before views had paths)
/// means the newest view that has the chart — the same content as that
/// view's own address, answered here with a 200 so that a static copy
/// holds it as a file, and it never breaks as periods come out.
async fn chart_or_newest(
    store: &web::Data<Store>,
    memo: &web::Data<YearMemo>,
    (kind, detail): (ChartKind, Detail),
    view: View,
    query: &YearQuery,
    path_of: impl FnOnce(&View) -> String,
) -> Result<(YearData, Option<ChartView>), AppError> {
    let (data, chart) = chart_of(store, memo, (kind, detail), view, query, path_of).await?;
    if chart.is_some() || view != View::default() {
        return Ok((data, chart));
    }
    let Some(newest) = newest_view_with(store, move |data| {
        kind.draws_from(&data.figures, data.catalogue)
    })
    .await?
    else {
        return Ok((data, None));
    };
    chart_of(
        store,
        memo,
        (kind, detail),
        newest,
        &YearQuery::default(),
        |_| String::new(),
    )
    .await
}

/// A chart file. Its lifetime is its own, longer than a page's: charts are
/// hot-linked as images by other sites, and a figure changes a few times a
/// month; the cache keeps this header as it is.
fn download(
    content_type: &str,
    file_name: String,
    body: impl actix_web::body::MessageBody + 'static,
) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(CacheControl(vec![
            CacheDirective::Public,
            CacheDirective::MaxAge(300),
        ]))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{file_name}\""),
        ))
        .body(body)
}

/// Every file under `/bieu-do/`: the page itself, or one of its outputs.
pub async fn file(
    store: web::Data<Store>,
    memo: web::Data<YearMemo>,
    site: web::Data<Site>,
    file: web::Path<String>,
    query: web::Query<YearQuery>,
) -> Result<HttpResponse, AppError> {
    let (kind, view, extension) = address::parse_chart_file(&file).ok_or(AppError::NotFound)?;
    let detail = match extension {
        Some(_) => Detail::Figures,
        None => Detail::Page,
    };
    let (data, view) =
        chart_or_newest(
            &store,
            &memo,
            (kind, detail),
            view,
            &query,
            |view| match extension {
                Some(extension) => address::chart_file(kind, view.stem().as_deref(), extension),
                None => address::chart_page(kind, &view.path()),
            },
        )
        .await?;
    let Some(view) = view else {
        return match extension {
            None => absent_page(&store, &data, kind, &site).await,
            Some(_) => Err(data.missing()),
        };
    };
    // Saved under the name it is asked by, which names what it holds: so
    // that a static host, which can only derive it from the path, says the
    // same.
    let name = file.to_string();
    match extension {
        Some("svg") => Ok(download(
            "image/svg+xml; charset=utf-8",
            name,
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}", view.svg),
        )),
        Some("png") => {
            let file_name = name;
            let svg = view.svg;
            let png = web::block(move || charts::png(&svg, PNG_WIDTH)).await??;
            Ok(download("image/png", file_name, png))
        }
        Some("csv") => Ok(download(
            "text/csv; charset=utf-8",
            name,
            chart_csv(&view.records),
        )),
        _ => page_response(&data, view, &site),
    }
}

/// `/bieu-do/<slug>/<view>`: a chart's page for a year, period or day.
pub async fn page_in_view(
    store: web::Data<Store>,
    memo: web::Data<YearMemo>,
    site: web::Data<Site>,
    request: HttpRequest,
    query: web::Query<YearQuery>,
) -> Result<HttpResponse, AppError> {
    let (kind, view) = kind_and_view(&request)?;
    let (data, view) = chart_of(&store, &memo, (kind, Detail::Page), view, &query, |view| {
        address::chart_page(kind, &view.path())
    })
    .await?;
    match view {
        Some(view) => page_response(&data, view, &site),
        None => absent_page(&store, &data, kind, &site).await,
    }
}

/// Where a view lacks the chart's figures, a page that says so and leads
/// to the newest view that has them.
async fn absent_page(
    store: &web::Data<Store>,
    data: &YearData,
    kind: ChartKind,
    site: &Site,
) -> Result<HttpResponse, AppError> {
    let newest = newest_view_with(store, move |data| {
        kind.draws_from(&data.figures, data.catalogue)
    })
    .await?;
    let title = format!("{} {}", kind.title(), data.when());
    let layout = data.shown(|shown| Layout::for_chart(title, kind, shown, site));
    let latest = match newest {
        Some(view) => address::chart_page(kind, &view.path()),
        None => layout.path.clone(),
    };
    let html = absent_html_linking(
        layout,
        &format!(
            "để vẽ biểu đồ “{}”",
            crate::format::lowercase_first(kind.title())
        ),
        latest,
    )?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// The chart a route's `slug` names and the view its `view` segments name
/// (none: the default view).
fn kind_and_view(request: &HttpRequest) -> Result<(ChartKind, View), AppError> {
    let kind = request
        .match_info()
        .get("slug")
        .and_then(ChartKind::from_slug)
        .ok_or(AppError::NotFound)?;
    let view = View::from_path(request.match_info().get("view").unwrap_or_default())
        .ok_or(AppError::NotFound)?;
    Ok((kind, view))
}

/// The chart's page.
fn page_response(data: &YearData, view: ChartView, site: &Site) -> Result<HttpResponse, AppError> {
    let html = page(data, view, site)?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// The chart's data as CSV: UTF-8 with a byte-order mark so that Excel shows
/// the diacritics, numbers in machine format exactly as stored.
fn chart_csv(records: &[ChartRecord]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let headers = [
        "nam",
        "ma_chi_tieu",
        "chi_tieu",
        "gia_tri",
        "don_vi",
        "ty_trong_pct",
        "tinh_trang",
        "nguon",
    ];
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(headers);
    for r in records {
        let _ = writer.write_record([
            r.year.to_string(),
            r.code.to_string(),
            r.name.to_string(),
            r.value.to_string(),
            r.unit.to_string(),
            r.share_pct.map(|s| s.to_string()).unwrap_or_default(),
            r.standing.label().to_string(),
            r.source.clone(),
        ]);
    }
    let body = String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default();
    format!("\u{feff}{body}")
}

fn page(data: &YearData, view: ChartView, site: &Site) -> Result<String, AppError> {
    let view_path = data.named_view_path();
    let kind = view.kind;
    let codes = kind.codes(data.catalogue);
    let title = format!("{} {}", kind.title(), data.when());
    let layout = data
        .shown(|shown| Layout::for_chart(title, kind, shown, site))
        .with_figures(&data.figures, &codes);
    // A citation names the year and period it quotes, even for the latest,
    // and the day: its link shows the figures as they stood when cited,
    // after any later revision.
    let today = Published::parse(&format::today_iso());
    let cited = today.map_or_else(|| view_path.clone(), |day| data.dated_view_path(day));
    let page_path = address::chart_page(kind, &cited);
    let embed_snippet = format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"560\" style=\"border:0\" loading=\"lazy\"></iframe>",
        site.url(&address::embed(kind, &view_path)),
        kind.title()
    );
    let citation = format!(
        "Sở Công Thương tỉnh Gia Lai. “{} {}”. Trang số liệu công khai của Sở Công Thương tỉnh Gia Lai. \
         Số liệu: {}. {}. Truy cập ngày {}.",
        kind.title(),
        data.when(),
        layout.sources.join("; "),
        site.url(&page_path),
        format::today()
    );
    let sentences = codes
        .iter()
        .filter_map(|code| data.figures.get(code))
        .map(report::sentence)
        .collect();
    // The figures of the view that were corrected or revised, first.
    let mut notes = views::amendments(data, &codes, false);
    if view.records.iter().any(|r| r.standing == Standing::Derived) {
        notes.push(
            "Năm ghi “suy ra” không có số liệu lưu trữ: giá trị được tính từ số liệu và tốc độ tăng \
             công bố của năm sau, theo công thức giá trị ÷ (1 + tốc độ tăng)."
                .to_string(),
        );
    }
    if view
        .records
        .iter()
        .any(|r| r.standing == Standing::Computed)
    {
        notes.push("Cán cân thương mại do trang này tính: xuất khẩu − nhập khẩu.".to_string());
    }
    if let Some(retail) = report::retail(&data.figures, data.catalogue)
        .filter(|_| kind == ChartKind::RetailComposition)
        && !retail.difference().is_zero()
        && let Some(reconciliation) = retail.reconciliation()
    {
        notes.push(reconciliation);
    }
    Ok(ChartPage {
        layout,
        view,
        stem: data.file_stem(),
        embed_snippet,
        citation,
        sentences,
        notes,
    }
    .render()?)
}

/// `/nhung/<slug>` (and `/nhung/<slug>/<view>`): the chart alone, with its
/// title, source and a link back.
pub async fn embed(
    store: web::Data<Store>,
    memo: web::Data<YearMemo>,
    site: web::Data<Site>,
    request: HttpRequest,
    query: web::Query<YearQuery>,
) -> Result<Html, AppError> {
    let (kind, view) = kind_and_view(&request)?;
    let (data, view) = chart_or_newest(&store, &memo, (kind, Detail::Page), view, &query, |view| {
        address::embed(kind, &view.path())
    })
    .await?;
    let view = view.ok_or_else(|| data.missing())?;
    let codes = view.kind.codes(data.catalogue);
    let sources = data.figures.sources_of(&codes);
    render(&EmbedPage {
        page_url: site.url(&address::chart_page(view.kind, &data.named_view_path())),
        corrections: views::amendments(&data, &codes, true),
        view,
        sources,
    })
}
