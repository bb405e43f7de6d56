//! `congthuong publish`: the site as files for a static host, with the
//! headers it needs. (Served by nginx and compared with the live site in
//! `static_site`, which needs nginx.)

use std::path::Path;

use crate::helpers::{BASE_URL, congthuong, import, output_text};

/// `congthuong publish` of the database at `db` (made from the seed and the
/// record if missing) into `out`, with `more` options: whether it
/// succeeded, its standard output and error.
pub fn publish(db: &Path, out: &Path, more: &[&str]) -> (bool, String, String) {
    let static_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static");
    let (db, out, static_dir) = (
        db.to_string_lossy(),
        out.to_string_lossy(),
        static_dir.to_string_lossy(),
    );
    let mut args = vec![
        "publish",
        "--db",
        &db,
        "--static-dir",
        &static_dir,
        "--out",
        &out,
        "--base-url",
        BASE_URL,
    ];
    args.extend(more);
    let output = congthuong(&args);
    let (stdout, stderr) = output_text(&output);
    (output.status.success(), stdout, stderr)
}

#[test]
fn the_site_is_written_whole_with_its_headers_and_moved_into_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    import(&db, crate::helpers::SEED);
    let out = dir.path().join("ban-xuat");
    let (ok, stdout, stderr) = publish(&db, &out, &[]);
    assert!(ok, "{stderr}");
    assert!(stdout.starts_with("Đã ghi "), "{stdout}");
    let site = out.join("site");
    for file in [
        "index.html",
        "index.html.br",
        "index.html.gz",
        "2023.html",
        "ban-le.html",
        "ban-le/2023.html",
        "bieu-do/co-cau-ban-le-2023.svg",
        "bieu-do/co-cau-ban-le-2023.png",
        "bieu-do/co-cau-ban-le-2023.csv",
        "bieu-do/co-cau-ban-le.svg",
        "nhung/co-cau-ban-le.html",
        "du-lieu/so-lieu.csv",
        "du-lieu/so-lieu.xlsx",
        "api/v1/indicators",
        "cap-nhat.xml",
        "404.html",
        "sitemap.xml",
        "_headers",
        "_redirects",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    // Static files under their fingerprinted names only.
    let css: Vec<_> = std::fs::read_dir(site.join("static/css"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        css.iter()
            .any(|n| n.starts_with("site.") && n.ends_with(".css") && n.len() == 21),
        "{css:?}"
    );
    // The pages are the site's own.
    let page = std::fs::read_to_string(site.join("ban-le/2023.html")).unwrap();
    assert!(page.contains("108.000"));
    // The sitemap lists each page by its canonical address only: 2023 is
    // the newest year here, so its retail page is `/ban-le`, and
    // `/ban-le/2023` (the same page under another name) is left out.
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(&format!("<loc>{BASE_URL}/ban-le</loc>")));
    assert!(!sitemap.contains(&format!("<loc>{BASE_URL}/ban-le/2023</loc>")));
    assert!(!sitemap.contains("/ca-nam</loc>"));
    assert!(site.join("robots.txt").is_file());

    let headers = std::fs::read_to_string(site.join("_headers")).unwrap();
    let rule = |pattern: &str| -> String {
        let start = headers
            .find(&format!("\n{pattern}\n"))
            .unwrap_or_else(|| panic!("no rule {pattern}:\n{headers}"));
        headers[start + pattern.len() + 2..]
            .lines()
            .take_while(|l| l.starts_with("  "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(rule("/ban-le/*").contains("X-Frame-Options: DENY"));
    assert!(rule("/ban-le/*").contains("Cache-Control: public, max-age=60, must-revalidate"));
    assert!(rule("/ban-le/*").contains("frame-ancestors 'none'"));
    assert!(rule("/nhung/*").contains("frame-ancestors *"));
    assert!(!rule("/nhung/*").contains("X-Frame-Options"));
    assert!(rule("/static/*").contains("Cache-Control: public, max-age=31536000, immutable"));
    assert!(rule("/du-lieu/so-lieu.csv").contains("Content-Disposition: attachment"));
    assert!(rule("/api/*").contains("Content-Type: application/json"));
    let redirects = std::fs::read_to_string(site.join("_redirects")).unwrap();
    assert!(redirects.contains("/ban-le nam=:nam ky=:ky /ban-le/:nam/:ky 301!"));
    let nginx = std::fs::read_to_string(out.join("nginx.conf")).unwrap();
    assert!(nginx.contains(&format!("root {};", site.display())));
    assert!(nginx.contains("brotli_static on;"));

    // Nothing of the writing is left beside it; a second export replaces
    // the first whole.
    std::fs::write(site.join("cu.html"), "old").unwrap();
    let (ok, _, stderr) = publish(&db, &out, &[]);
    assert!(ok, "{stderr}");
    assert!(!out.join("site/cu.html").exists());
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    let mut beside = beside;
    beside.sort();
    assert_eq!(beside, ["ban-xuat", "db.sqlite", "import.csv"]);
}

#[test]
fn an_export_that_fails_leaves_the_previous_one_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    import(&db, crate::helpers::SEED);
    let out = dir.path().join("ban-xuat");
    assert!(publish(&db, &out, &[]).0);
    let before = std::fs::read(out.join("site/index.html")).unwrap();
    // A static folder without the site's files cannot make its pages.
    let output = congthuong(&[
        "publish",
        "--db",
        &db.to_string_lossy(),
        "--static-dir",
        &dir.path().join("khong-co").to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
        "--base-url",
        BASE_URL,
    ]);
    assert!(!output.status.success());
    let (_, stderr) = output_text(&output);
    assert!(stderr.contains("khong-co"), "{stderr}");
    assert!(std::fs::read(out.join("site/index.html")).unwrap() == before);
}
