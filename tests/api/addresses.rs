//! Every address the site has ever published answers: with its content, or
//! with a redirect to it. The list is what earlier releases printed — the
//! README's tables of pages and charts, sitemaps, embed snippets
//! (`/nhung/<slug>?nam=…`), chart downloads before views had paths
//! (`/bieu-do/<slug>.svg?nam=…`), QR codes (`/ban-tin?nam=…`) — asked of
//! the site as it runs, with the whole public record.

use crate::helpers::{BASE_URL, fetch, selector, spawn_app_from_data};

/// As earlier releases of the site published them.
const PUBLISHED: &[&str] = &[
    // The pages (README's table), and the query forms of views.
    "/",
    "/cong-nghiep",
    "/ban-le",
    "/xuat-nhap-khau",
    "/thuong-mai-dien-tu",
    "/hoat-dong",
    "/ban-tin",
    "/du-lieu",
    "/gioi-thieu",
    "/cap-nhat",
    "/cap-nhat.xml",
    "/?nam=2023",
    "/ban-tin?nam=2023",
    "/ban-le?nam=2024",
    "/xuat-nhap-khau?nam=2024&ky=9-thang",
    "/ban-le?ngay=2024-12-31",
    "/ban-le/2024",
    "/ban-le/2024/6-thang",
    "/ban-le/2024/9-thang/ngay-2024-12-31",
    "/ban-le/ngay-2024-12-31",
    "/2024/9-thang",
    "/so-lieu/industry.output",
    "/so-lieu/trade.export/2024",
    // Charts by name alone: what embeds and articles used before views had
    // paths, and the README's table of charts.
    "/bieu-do/co-cau-ban-le",
    "/bieu-do/co-cau-ban-le.svg",
    "/bieu-do/co-cau-ban-le.png",
    "/bieu-do/co-cau-ban-le.csv",
    "/bieu-do/can-can-thuong-mai",
    "/bieu-do/can-can-thuong-mai.svg",
    "/bieu-do/can-can-thuong-mai.png",
    "/bieu-do/can-can-thuong-mai.csv",
    "/bieu-do/ban-le-qua-cac-nam.svg",
    "/bieu-do/gia-tri-san-xuat-cong-nghiep.svg",
    // Charts for a year in the query form, pages and files.
    "/bieu-do/co-cau-ban-le?nam=2023",
    "/bieu-do/co-cau-ban-le.svg?nam=2023",
    "/bieu-do/co-cau-ban-le.png?nam=2023",
    "/bieu-do/co-cau-ban-le.csv?nam=2023",
    "/bieu-do/can-can-thuong-mai.svg?nam=2024&ky=9-thang",
    // Charts by path, as the last release named them.
    "/bieu-do/can-can-thuong-mai-2024-9-thang.svg",
    "/bieu-do/can-can-thuong-mai/2024/9-thang",
    // Embed snippets.
    "/nhung/co-cau-ban-le",
    "/nhung/can-can-thuong-mai",
    "/nhung/ban-le-qua-cac-nam",
    "/nhung/gia-tri-san-xuat-cong-nghiep",
    "/nhung/can-can-thuong-mai?nam=2023",
    "/nhung/can-can-thuong-mai/2024/9-thang",
    // Open data and the API.
    "/du-lieu/so-lieu.csv",
    "/du-lieu/so-lieu.xlsx",
    "/du-lieu/mau-nhap-lieu.xlsx",
    "/api/v1/indicators",
    "/api/v1/observations?indicator=trade.export&nam=2024",
    // The stylesheet by its own name, and as linked before names carried
    // fingerprints.
    "/static/css/site.css",
    "/static/css/site.css?v=1",
    // For search engines.
    "/robots.txt",
    "/sitemap.xml",
];

#[test]
fn every_address_the_site_has_published_answers() {
    let app = spawn_app_from_data(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data"));
    // Redirects are followed by hand, so that each is seen.
    let agent = crate::helpers::agent(crate::helpers::Redirects::Show, 60);
    let mut redirected = 0;
    for path in PUBLISHED {
        let mut url = format!("{}{path}", app.address);
        let mut hops = 0;
        let answer = loop {
            let answer = fetch(&agent, &url, &[]);
            if !matches!(answer.status, 301 | 302) {
                break answer;
            }
            let location = answer.header("location").expect("a redirect says where");
            assert!(location.starts_with('/'), "{path} → {location}");
            url = format!("{}{location}", app.address);
            hops += 1;
            redirected += 1;
            assert!(hops < 3, "{path}: redirects in a loop");
        };
        assert_eq!(answer.status, 200, "{path} (→ {url})");
        assert!(!answer.bytes.is_empty(), "{path}");
    }
    assert!(redirected > 5, "{redirected} redirects");

    // A chart's name alone is the newest view that has the chart: the
    // site opens on 2 months of 2026, which has no retail composition.
    let named = app.get("/bieu-do/co-cau-ban-le.svg");
    let disposition = named.header("content-disposition").unwrap_or_default();
    assert!(disposition.contains("co-cau-ban-le.svg"), "{disposition}");
    assert!(named.body.contains("<svg"), "the composition is drawn");
    let embed = app.page("/nhung/can-can-thuong-mai");
    assert!(embed.select(&selector("svg")).next().is_some());

    // A view that lacks a chart leads to the newest view that has it.
    let lacking = app.page("/bieu-do/co-cau-ban-le/2026/2-thang");
    let link = lacking
        .select(&selector(".absent a"))
        .next()
        .and_then(|a| a.value().attr("href"))
        .expect("a way to the newest view with the chart")
        .to_string();
    assert_ne!(link, "/bieu-do/co-cau-ban-le");
    let newest = app.page(&link);
    assert!(
        newest.select(&selector("figure svg")).next().is_some(),
        "{link}"
    );

    // The robots file names the sitemap, which lists canonical addresses
    // only: never a page under another name.
    let robots = app.get("/robots.txt").body;
    assert!(
        robots.contains(&format!("Sitemap: {BASE_URL}/sitemap.xml")),
        "{robots}"
    );
    let sitemap = app.get("/sitemap.xml").body;
    let document = roxmltree::Document::parse(&sitemap).expect("the sitemap is XML");
    let locations: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locations.len() > 50, "{} addresses", locations.len());
    assert!(locations.contains(&format!("{BASE_URL}/ban-le/2024").as_str()));
    assert!(!locations.iter().any(|l| l.ends_with("/ca-nam")));
    for location in locations.iter().step_by(7) {
        let path = location.strip_prefix(BASE_URL).unwrap();
        let page = app.page(if path.is_empty() { "/" } else { path });
        let canonical = page
            .select(&selector("link[rel=canonical]"))
            .next()
            .and_then(|l| l.value().attr("href"))
            .expect("a canonical link");
        assert_eq!(canonical, *location);
    }
}
