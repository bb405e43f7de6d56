//! `/robots.txt` and `/sitemap.xml`: what search engines may read, and
//! the pages to read.

use actix_web::HttpResponse;
use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::web;

use crate::db::Store;
use crate::web::error::AppError;
use crate::web::layout::Section;
use crate::web::site::{Site, join};
use crate::web::year::canonical_views;

/// Every page may be read; the sitemap is named by its absolute address.
/// The same text on every server and in the static copy.
pub async fn robots(site: web::Data<Site>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            site.url("/sitemap.xml")
        ))
}

/// The section pages of every year and period, each by its canonical
/// address only (`/ban-le/2024`, never `/ban-le/2024/ca-nam`), worked out
/// from the years and periods the database holds. A static copy
/// (`congthuong publish`) writes its own, fuller sitemap from the pages it
/// exported: chart and figure pages too, and no page that says a view
/// lacks its figures.
pub async fn sitemap(
    store: web::Data<Store>,
    site: web::Data<Site>,
) -> Result<HttpResponse, AppError> {
    let store = store.into_inner();
    let views = web::block(move || canonical_views(&store)).await??;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for section in Section::ALL {
        for view in &views {
            xml.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                crate::charts::escape_xml(&site.url(&join(section.path(), view)))
            ));
        }
    }
    xml.push_str("</urlset>\n");
    Ok(HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .insert_header(CacheControl(vec![
            CacheDirective::Public,
            CacheDirective::MaxAge(60),
        ]))
        .body(xml))
}
