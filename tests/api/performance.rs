//! What makes the site fast, checked for correctness (speed itself is
//! measured by `benches/render.rs` and `benches/load.sh`, never by tests): answers kept
//! per data version with strong ETags and 304s, compressed once, static
//! files by fingerprint, and a light overview page.

use std::io::Read;

use crate::helpers::{
    Fetched, PAGES, SEED, TestApp, import, selector, spawn_app, spawn_app_with, year_2024,
};

fn brotli_decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("valid brotli");
    out
}

fn gzip_decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

/// The answer in `encoding`: the first request for an answer is served
/// plain while it is compressed in the background, so ask until it is.
fn get_encoded(app: &TestApp, path: &str, accept: &str, encoding: Option<&str>) -> Fetched {
    for _ in 0..200 {
        let fetched = app.get_with(path, &[("accept-encoding", accept)]);
        if fetched.header("content-encoding") == encoding {
            return fetched;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    panic!("{path}: never sent as {encoding:?}");
}

#[test]
fn answers_carry_an_etag_and_a_known_one_gets_304() {
    let app = spawn_app();
    // Chart downloads say their own lifetime (hot-linked images are asked
    // for often); the cache keeps it rather than putting its own over it.
    for (path, cache_control) in [
        ("/", "public, max-age=60, must-revalidate"),
        ("/ban-le/2023", "public, max-age=60, must-revalidate"),
        ("/bieu-do/co-cau-ban-le.svg", "public, max-age=300"),
        ("/api/v1/indicators", "public, max-age=60, must-revalidate"),
    ] {
        let first = app.get(path);
        assert_eq!(first.status, 200, "{path}");
        let etag = first.header("etag").expect("an ETag").to_string();
        assert!(
            etag.starts_with('"') && etag.ends_with('"'),
            "{path}: a weak tag {etag}"
        );
        // Within a minute of midnight in Vietnam pages may be kept only
        // until then.
        let near_midnight = first
            .header("cache-control")
            .is_some_and(|v| v.starts_with("public, max-age=") && v.ends_with("must-revalidate"));
        assert!(
            first.header("cache-control") == Some(cache_control)
                || (near_midnight && cache_control.ends_with("must-revalidate")),
            "{path}: {:?}",
            first.header("cache-control")
        );
        let again = app.get_with(path, &[("if-none-match", &etag)]);
        assert_eq!(again.status, 304, "{path}");
        assert!(again.bytes.is_empty(), "{path}");
        assert_eq!(again.header("etag"), Some(etag.as_str()), "{path}");
        // The same bytes each time.
        assert_eq!(app.get(path).bytes, first.bytes, "{path}");
        let other = app.get_with(path, &[("if-none-match", "\"0000000000000000\"")]);
        assert_eq!(other.status, 200, "{path}");
    }
}

#[test]
fn answers_are_compressed_with_brotli_or_gzip_as_the_client_accepts() {
    let app = spawn_app();
    for path in [
        "/",
        "/bieu-do/co-cau-ban-le.svg",
        "/static/css/site.css",
        "/api/v1/observations",
    ] {
        let plain = app.get(path);
        assert_eq!(plain.header("content-encoding"), None, "{path}");
        let br = get_encoded(&app, path, "gzip, deflate, br", Some("br"));
        assert_eq!(br.header("vary"), Some("Accept-Encoding"), "{path}");
        assert_eq!(brotli_decode(&br.bytes), plain.bytes, "{path}");
        // A chart SVG is already lean (one style said once, lines merged),
        // so it compresses less than a page: to a third or so.
        assert!(
            br.bytes.len() * 5 < plain.bytes.len() * 2,
            "{path}: {} of {}",
            br.bytes.len(),
            plain.bytes.len()
        );
        let gz = get_encoded(&app, path, "gzip", Some("gzip"));
        assert_eq!(gzip_decode(&gz.bytes), plain.bytes, "{path}");
        assert_ne!(br.header("etag"), gz.header("etag"), "{path}");
    }
    // Already compressed formats are sent as they are.
    let png = app.get_with("/bieu-do/co-cau-ban-le.png", &[("accept-encoding", "br")]);
    assert_eq!(png.header("content-encoding"), None);
}

#[test]
fn an_import_is_served_at_once_without_a_restart() {
    let app = spawn_app_with(|db| {
        import(db, SEED);
    });
    let before = app.get("/");
    assert!(before.body.contains("Tổng quan năm 2023"));
    let etag = before.header("etag").unwrap().to_string();
    import(&app.db, &year_2024());
    // The server looks at the database file at most once per RECHECK; an
    // import that finished sooner after the first request may still be
    // unseen for that long (each worker keeps its own look).
    std::thread::sleep(congthuong::web::cache::RECHECK);
    let after = app.get_with("/", &[("if-none-match", &etag)]);
    assert_eq!(after.status, 200, "a stale page was revalidated");
    assert!(after.body.contains("Tổng quan năm 2024"));
    assert_ne!(after.header("etag"), Some(etag.as_str()));
}

#[test]
fn static_files_are_linked_by_fingerprint_and_kept_forever() {
    let app = spawn_app();
    let html = app.page("/");
    let links: Vec<String> = html
        .select(&selector(
            "link[rel=stylesheet], link[rel=preload], link[rel=icon], script[src]",
        ))
        .filter_map(|e| e.value().attr("href").or(e.value().attr("src")))
        .map(str::to_string)
        .collect();
    assert_eq!(links.len(), 4, "{links:?}");
    for link in &links {
        // "/static/css/site.<fingerprint>.css"
        let (rest, extension) = link.rsplit_once('.').unwrap_or_else(|| panic!("{link}"));
        let (stem, fingerprint) = rest.rsplit_once('.').unwrap_or_else(|| panic!("{link}"));
        let path = format!("{stem}.{extension}");
        assert!(path.starts_with("/static/"), "{link}");
        assert_eq!(fingerprint.len(), 12, "{link}");
        assert!(fingerprint.bytes().all(|b| b.is_ascii_hexdigit()), "{link}");
        let fetched = app.get(link);
        assert_eq!(fetched.status, 200, "{link}");
        assert_eq!(
            fetched.header("cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{link}"
        );
        // Without its fingerprint a file is cached briefly, then revalidated.
        assert_eq!(
            app.get(&path).header("cache-control"),
            Some("public, max-age=3600, must-revalidate"),
            "{path}"
        );
    }
    // The stylesheet loads its fonts by fingerprint too.
    let css_link = links.iter().find(|l| l.contains("/css/site.")).unwrap();
    let css = app.get(css_link).body;
    for font in ["DejaVuSans-vi.", "DejaVuSans-Bold-vi."] {
        let at = css.find(font).unwrap_or_else(|| panic!("{font}"));
        let (fingerprint, rest) = css[at + font.len()..].split_at(12);
        assert!(fingerprint.bytes().all(|b| b.is_ascii_hexdigit()), "{font}");
        assert!(rest.starts_with(".woff2"), "{font}");
    }
}

/// The code points of the fonts pages load, as `static/fonts/README.md`
/// records the command that made them.
fn subset_ranges() -> Vec<(u32, u32)> {
    let readme = include_str!("../../static/fonts/README.md");
    let line = readme
        .lines()
        .find_map(|l| l.trim().strip_prefix("--unicodes=\""))
        .expect("the subset command");
    line.trim_end_matches(['"', ' ', '\\'])
        .split(',')
        .map(|range| {
            let range = range.trim_start_matches("U+");
            let (start, end) = range.split_once('-').unwrap_or((range, range));
            (
                u32::from_str_radix(start, 16).unwrap(),
                u32::from_str_radix(end, 16).unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_character_on_every_page_is_in_the_web_font() {
    let app = spawn_app();
    let ranges = subset_ranges();
    let covered = |c: char| {
        let c = c as u32;
        c == '\n' as u32 || c == '\t' as u32 || ranges.iter().any(|(a, b)| (*a..=*b).contains(&c))
    };
    for path in PAGES
        .into_iter()
        .chain(["/bieu-do/can-can-thuong-mai", "/khong-co"])
    {
        let html = app.get(path).html();
        let body = html.select(&selector("body")).next().unwrap();
        let missing: std::collections::BTreeSet<char> = body
            .text()
            .flat_map(str::chars)
            .filter(|c| !covered(*c))
            .collect();
        assert!(missing.is_empty(), "{path}: {missing:?}");
    }
}

#[test]
fn the_overview_with_everything_it_loads_weighs_under_60_kb() {
    let app = spawn_app();
    let page = get_encoded(&app, "/", "br, gzip", Some("br"));
    let html = app.page("/");
    // Everything the page loads: stylesheet, fonts (from the stylesheet),
    // script, icon. It loads no images; charts are inline SVG.
    let mut assets: Vec<String> = html
        .select(&selector(
            "link[rel=stylesheet], link[rel=icon], script[src]",
        ))
        .filter_map(|e| e.value().attr("href").or(e.value().attr("src")))
        .map(str::to_string)
        .collect();
    let css = app
        .get(assets.iter().find(|a| a.contains(".css")).unwrap())
        .body;
    for part in css.split("url(\"").skip(1) {
        assets.push(part.split('"').next().unwrap().to_string());
    }
    assert_eq!(html.select(&selector("img")).count(), 0);
    let mut total = page.bytes.len();
    let mut sizes = vec![("/".to_string(), page.bytes.len())];
    for asset in assets {
        // Fonts are compressed already: sent as they are.
        let encoding = (!asset.contains(".woff2")).then_some("br");
        let fetched = get_encoded(&app, &asset, "br, gzip", encoding);
        assert_eq!(fetched.status, 200, "{asset}");
        total += fetched.bytes.len();
        sizes.push((asset, fetched.bytes.len()));
    }
    assert!(total < 60 * 1024, "{total} bytes: {sizes:?}");
    for (name, size) in &sizes {
        if name.ends_with(".woff2") || name.contains(".woff2?") {
            assert!(*size < 16 * 1024, "{name}: {size} bytes");
        }
    }
    eprintln!("overview over the wire: {total} bytes: {sizes:?}");
}
