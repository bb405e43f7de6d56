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

/// The seed's export figure for 2023 published again, corrected.
const CORRECTION: &str = "indicator,year,value,period,territory,publisher,kind,unit,plan,plan_pct,change_pct,change_low,change_high,change_places,share_pct,out_of,status,basis,sub_territory,published,url,source,note
trade.export,2023,681.5,year,gia-lai-cu,so-cong-thuong,figure,triệu USD,,100,3.26,,,,,,estimate,,,2024-01-05,https://example.vn/dinh-chinh,Sở Công Thương,
";

/// Every file the current copy's manifest names is under `DIR/site` with
/// its bytes: the copy is served whole.
fn served_whole(out: &Path) -> usize {
    let site = out.join("site");
    let target = std::fs::read_link(&site).expect("DIR/site is a link to a copy");
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join(target).parent().unwrap().join("manifest.json")).unwrap(),
    )
    .unwrap();
    let files = manifest["files"].as_array().unwrap();
    for file in files {
        let bytes = std::fs::read(site.join(file["file"].as_str().unwrap())).unwrap();
        assert_eq!(
            congthuong::publish::sha256_hex(&bytes),
            file["hash"].as_str().unwrap(),
            "{}",
            file["path"]
        );
    }
    files.len()
}

fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().ino()
}

fn copies(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out.join("ban"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// A one-figure correction: only the files whose bytes changed are written
/// (and compressed) again, the rest are the copy before's (hard links);
/// the new copy is switched to in one step, the hook gets the changed
/// addresses, and the last ten copies are kept.
#[test]
fn a_release_rewrites_only_the_files_that_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    import(&db, crate::helpers::SEED);
    let out = dir.path().join("ban-xuat");
    assert!(publish(&db, &out, &[]).0);
    let first = copies(&out);
    assert_eq!(first.len(), 1);
    let files = served_whole(&out);
    // Older copies beyond the ten kept go.
    for n in 0..11 {
        let old = out.join("ban").join(format!("20000101-0000{n:02}"));
        std::fs::create_dir_all(old.join("site")).unwrap();
    }
    import(&db, CORRECTION);
    let hook = "cat > duong-dan.txt; echo \"$CONGTHUONG_BAN\" > ban.txt";
    let (ok, stdout, stderr) = publish(&db, &out, &["--hook", hook]);
    assert!(ok, "{stderr}");
    let kept = copies(&out);
    assert_eq!(kept.len(), 10, "{kept:?}");
    let newest = kept.last().unwrap().clone();
    assert!(kept.contains(&first[0]), "the copy before stays");
    assert_eq!(
        std::fs::read_link(out.join("site")).unwrap(),
        Path::new("ban").join(&newest).join("site")
    );
    assert_eq!(served_whole(&out), files);
    let rewritten: usize = stdout
        .split(" tệp ghi mới")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        rewritten > 0 && rewritten * 3 < files,
        "{rewritten} of {files} files written again: {stdout}"
    );
    // The page showing the figure is new; a file that did not change is
    // the very file of the copy before.
    let site = out.join("site");
    let before = out.join("ban").join(&first[0]).join("site");
    let page = std::fs::read_to_string(site.join("xuat-nhap-khau/2023.html")).unwrap();
    assert!(page.contains("681,5"), "the corrected figure");
    assert_ne!(
        inode(&site.join("xuat-nhap-khau/2023.html")),
        inode(&before.join("xuat-nhap-khau/2023.html"))
    );
    assert_ne!(
        std::fs::read(site.join("xuat-nhap-khau/2023.html.br")).unwrap(),
        std::fs::read(before.join("xuat-nhap-khau/2023.html.br")).unwrap(),
        "compressed again"
    );
    assert_eq!(
        inode(&site.join("robots.txt")),
        inode(&before.join("robots.txt"))
    );
    let css = std::fs::read_dir(site.join("static/css"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".css.br"))
        .expect("a compressed stylesheet");
    assert_eq!(
        inode(&site.join("static/css").join(&css)),
        inode(&before.join("static/css").join(&css))
    );
    // The hook got the changed addresses and the copy's name.
    let paths = std::fs::read_to_string(out.join("duong-dan.txt")).unwrap();
    assert!(
        paths.lines().any(|l| l == "/xuat-nhap-khau/2023"),
        "{paths}"
    );
    assert!(!paths.lines().any(|l| l == "/robots.txt"), "{paths}");
    assert_eq!(paths.lines().count(), rewritten);
    assert_eq!(
        std::fs::read_to_string(out.join("ban.txt")).unwrap().trim(),
        newest
    );
    let log = std::fs::read_to_string(out.join("nhat-ky.tsv")).unwrap();
    assert_eq!(log.lines().count(), 2, "{log}");

    // A hook that fails: the copy is written and switched, the command
    // says it is not online, and the state is kept for the admin.
    import(
        &db,
        &CORRECTION
            .replace("681.5", "682")
            .replace("2024-01-05", "2024-01-09"),
    );
    let (ok, _, stderr) = publish(&db, &out, &["--hook", "echo 'máy chủ từ chối' >&2; exit 3"]);
    assert!(!ok);
    assert!(stderr.contains("chưa lên mạng"), "{stderr}");
    assert!(
        std::fs::read_to_string(out.join("site/xuat-nhap-khau/2023.html"))
            .unwrap()
            .contains("682")
    );
    let status: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("hook.json")).unwrap()).unwrap();
    assert_eq!(status["ok"], false);
    assert!(
        status["message"]
            .as_str()
            .unwrap()
            .contains("máy chủ từ chối")
    );
}

/// `rollback` returns to the copy before as a new copy, logged with its
/// reason; an unknown copy is refused with the list of those kept.
#[test]
fn rollback_returns_to_an_earlier_copy_as_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    import(&db, crate::helpers::SEED);
    let out = dir.path().join("ban-xuat");
    assert!(publish(&db, &out, &[]).0);
    let original = std::fs::read(out.join("site/xuat-nhap-khau/2023.html")).unwrap();
    import(&db, CORRECTION);
    assert!(publish(&db, &out, &[]).0);
    assert_ne!(
        std::fs::read(out.join("site/xuat-nhap-khau/2023.html")).unwrap(),
        original
    );
    let out_text = out.to_string_lossy();
    let unknown = congthuong(&[
        "rollback", "--out", &out_text, "--to", "khong-co", "--reason", "x",
    ]);
    assert!(!unknown.status.success());
    let (_, stderr) = output_text(&unknown);
    assert!(
        stderr.contains("khong-co") && stderr.contains("các bản còn giữ"),
        "{stderr}"
    );
    let drafts_path = dir.path().join("quan-tri.sqlite");
    let drafts =
        congthuong::drafts::DraftStore::open(&drafts_path, congthuong::drafts::Clock::system())
            .unwrap();
    let back = congthuong(&[
        "rollback",
        "--out",
        &out_text,
        "--reason",
        "Số đính chính chưa được duyệt lại",
        "--drafts",
        &drafts_path.to_string_lossy(),
    ]);
    let (stdout, stderr) = output_text(&back);
    assert!(back.status.success(), "{stderr}");
    assert!(stdout.contains("Đã quay lại"), "{stdout}");
    assert_eq!(copies(&out).len(), 3, "a new copy, the others kept");
    assert_eq!(
        std::fs::read(out.join("site/xuat-nhap-khau/2023.html")).unwrap(),
        original
    );
    served_whole(&out);
    let audit = drafts.audit_log().unwrap();
    assert!(
        audit
            .iter()
            .any(|row| row.entry.action == "quay-lai-ban-tinh"
                && row.entry.reason == "Số đính chính chưa được duyệt lại"),
        "the return is in the staff side's audit log"
    );
    let log = std::fs::read_to_string(out.join("nhat-ky.tsv")).unwrap();
    let last = log.lines().last().unwrap();
    assert!(
        last.contains("quay-lai") && last.contains("Số đính chính chưa được duyệt lại"),
        "{log}"
    );
    // The next release starts from the copy served.
    assert!(publish(&db, &out, &[]).0);
    assert!(
        std::fs::read_to_string(out.join("site/xuat-nhap-khau/2023.html"))
            .unwrap()
            .contains("681,5")
    );
}

/// Killed at any moment of a release, the previous copy is served whole;
/// the next run finishes the release and leaves nothing half-written.
#[test]
fn a_release_killed_half_way_leaves_the_previous_copy_served_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    import(&db, crate::helpers::SEED);
    let out = dir.path().join("ban-xuat");
    assert!(publish(&db, &out, &[]).0);
    let files = served_whole(&out);
    import(&db, CORRECTION);
    let static_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static");
    for delay in [5u64, 40, 150, 400, 900] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_congthuong"))
            .args(["publish", "--db"])
            .arg(&db)
            .arg("--static-dir")
            .arg(&static_dir)
            .arg("--out")
            .arg(&out)
            .args(["--base-url", BASE_URL])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(served_whole(&out), files, "killed after {delay} ms");
    }
    assert!(publish(&db, &out, &[]).0);
    served_whole(&out);
    assert!(
        std::fs::read_to_string(out.join("site/xuat-nhap-khau/2023.html"))
            .unwrap()
            .contains("681,5")
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.join("ban"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// An export made before copies were kept (a folder at `DIR/site`) is
/// replaced by the first copy, and served from then on through the link.
#[test]
fn an_export_of_the_earlier_layout_becomes_the_first_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    import(&db, crate::helpers::SEED);
    let out = dir.path().join("ban-xuat");
    std::fs::create_dir_all(out.join("site")).unwrap();
    std::fs::write(out.join("site/cu.html"), "old").unwrap();
    std::fs::write(out.join("nginx.conf"), "# old").unwrap();
    let (ok, _, stderr) = publish(&db, &out, &[]);
    assert!(ok, "{stderr}");
    assert!(std::fs::read_link(out.join("site")).is_ok());
    assert!(!out.join("site/cu.html").exists());
    served_whole(&out);
    assert!(
        std::fs::read_to_string(out.join("nginx.conf"))
            .unwrap()
            .contains("server {")
    );
}
