//! What is new: `/cap-nhat` lists each import that changed the figures,
//! newest first, linking to the figures; `/cap-nhat.xml` is the same as an
//! Atom feed that a standard parser reads.

use crate::helpers::{import, selector, spawn_app, text, texts};

const LATER: &str = concat!(
    "indicator,year,value,period,publisher,status,published,url,source\n",
    "trade.export,2024,560,m9,so-cong-thuong,estimate,2024-10-05,https://a.vn/9-thang,Sở Công Thương\n",
    "trade.export,2023,690,year,so-cong-thuong,preliminary,2024-03-01,https://a.vn/2023,Sở Công Thương\n",
);

#[test]
fn each_import_is_a_release_on_the_page_and_in_the_feed() {
    let app = spawn_app();
    // Making the database is no release: the seed's figures are the
    // publications they were, each dated by its day and publisher.
    let html = app.page("/cap-nhat");
    assert_eq!(text(&html, "h1"), "Mới cập nhật");
    let seeded = texts(&html, "section.release h2");
    assert!(!seeded.is_empty());
    for heading in &seeded {
        assert!(heading.starts_with("Công bố "), "{heading}");
        assert!(!heading.contains(&congthuong::format::today()), "{heading}");
    }
    assert!(
        texts(&html, "section.release").iter().any(
            |release| release.contains("Công bố 12/2023") && release.contains("Sở Công Thương")
        ),
        "{seeded:?}"
    );

    let report = import(&app.db, LATER);
    assert!(report.contains("thêm 1, thay thế 1"), "{report}");
    // The same file again changes nothing, and is no release.
    import(&app.db, LATER);
    std::thread::sleep(std::time::Duration::from_millis(50));

    let html = app.page("/cap-nhat");
    let headings = texts(&html, "section.release h2");
    assert_eq!(headings.len(), seeded.len() + 1, "{headings:?}");
    assert!(
        headings[0].ends_with(": 1 số liệu mới, 1 bản điều chỉnh"),
        "{}",
        headings[0]
    );
    let items = texts(&html, "section.release:first-of-type li");
    assert_eq!(
        items,
        [
            "Kim ngạch xuất khẩu 9 tháng năm 2024 — tỉnh Gia Lai (trước 1/7/2025), Sở Công Thương, công bố 05/10/2024: mới",
            "Kim ngạch xuất khẩu năm 2023 — tỉnh Gia Lai (trước 1/7/2025), Sở Công Thương, công bố 01/03/2024: điều chỉnh từ 680",
        ]
    );
    // Each item links to its figure's page of versions, which shows it.
    let links: Vec<String> = crate::helpers::hrefs(&html, "section.release:first-of-type li a");
    assert_eq!(
        links,
        [
            "/so-lieu/trade.export/2024/9-thang",
            "/so-lieu/trade.export/2023"
        ]
    );
    for link in &links {
        assert_eq!(app.get(link).status, 200, "{link}");
    }

    // The feed: a standard parser reads it, newest entry first.
    let fetched = app.get("/cap-nhat.xml");
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.content_type, "application/atom+xml; charset=utf-8");
    let feed = feed_rs::parser::parse(fetched.bytes.as_slice()).expect("a valid Atom feed");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(
        feed.title.unwrap().content,
        "Số liệu Sở Công Thương Gia Lai: mới cập nhật"
    );
    assert_eq!(feed.entries.len(), seeded.len() + 1);
    let newest = &feed.entries[0];
    assert!(
        newest
            .title
            .as_ref()
            .unwrap()
            .content
            .ends_with("1 số liệu mới, 1 bản điều chỉnh")
    );
    // Its link is where the release stays: its year's list.
    let year = &crate::helpers::today_in_vietnam()[6..10];
    assert_eq!(
        newest.links[0].href,
        format!(
            "{}/cap-nhat/{year}#dot-{}",
            crate::helpers::BASE_URL,
            seeded.len() + 1
        )
    );
    assert_eq!(
        newest.title.as_ref().unwrap().content,
        format!(
            "Cập nhật {}: 1 số liệu mới, 1 bản điều chỉnh",
            text(&html, "section.release:first-of-type h2 time")
        )
    );
    assert!(newest.updated.is_some());
    assert_eq!(feed.updated, newest.updated);
    let content = newest.content.as_ref().unwrap().body.as_ref().unwrap();
    assert!(
        content.contains("<li>Kim ngạch xuất khẩu 9 tháng năm 2024"),
        "{content}"
    );
    // Every page points feed readers to it.
    let overview = app.page("/");
    let alternate = overview
        .select(&selector(
            "link[rel=alternate][type='application/atom+xml']",
        ))
        .next()
        .unwrap();
    assert_eq!(alternate.value().attr("href"), Some("/cap-nhat.xml"));
}

/// The committed record is the releases it was: each publication (one
/// publisher, one day) a release dated by that day, newest first, linking
/// the figures it brought.
#[test]
fn the_record_appears_as_the_publications_it_was() {
    let app = crate::helpers::spawn_app_from_data(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
    );
    let html = app.page("/cap-nhat");
    let headings = texts(&html, "section.release h2");
    assert_eq!(
        headings[0], "Công bố 05/03/2026 : 4 số liệu mới",
        "{headings:?}"
    );
    let newest = texts(&html, "section.release:first-of-type");
    assert!(newest[0].contains("Báo chí"), "{newest:?}");
    let links: Vec<String> = crate::helpers::hrefs(&html, "section.release:first-of-type li a");
    assert_eq!(links.len(), 4, "{links:?}");
    assert!(
        links.iter().all(|l| l.starts_with("/so-lieu/")),
        "{links:?}"
    );
    // A later version of a figure is that publication's revision.
    assert!(
        headings.iter().any(|h| h.contains("bản điều chỉnh")),
        "{headings:?}"
    );
    let feed = feed_rs::parser::parse(app.get("/cap-nhat.xml").bytes.as_slice()).unwrap();
    let updated = feed.entries[0].updated.unwrap();
    assert_eq!(updated.format("%Y-%m-%d").to_string(), "2026-03-05");
    // A publication says who published it and when, once.
    assert_eq!(
        feed.entries[0].title.as_ref().unwrap().content,
        "Báo chí — Công bố 05/03/2026: 4 số liệu mới"
    );

    // `/cap-nhat` shows the newest; every release stays on its year's
    // list, each once, none dated by the making of the database.
    let years: Vec<String> = crate::helpers::hrefs(&html, ".release-years a");
    assert_eq!(
        years,
        ["2026", "2025", "2024", "2023", "2022", "2021", "2020"].map(|y| format!("/cap-nhat/{y}"))
    );
    let newest_id: usize = html
        .select(&selector("section.release"))
        .next()
        .and_then(|s| s.value().id())
        .and_then(|id| id.strip_prefix("dot-"))
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(
        headings.len() < newest_id,
        "more releases than one page shows"
    );
    let mut listed = Vec::new();
    let mut times = Vec::new();
    for (path, year) in years.iter().zip((2020..=2026).rev()) {
        let list = app.page(path);
        assert_eq!(text(&list, "h1"), format!("Các lần cập nhật năm {year}"));
        assert_eq!(
            text(&list, ".release-years a[aria-current=page]"),
            year.to_string()
        );
        for section in list.select(&selector("section.release")) {
            listed.push(section.value().id().unwrap().to_string());
        }
        for time in list.select(&selector("section.release h2 time")) {
            let datetime = time.value().attr("datetime").unwrap();
            assert!(
                datetime.starts_with(&year.to_string()),
                "{path}: {datetime}"
            );
            times.push(datetime.to_string());
        }
        for heading in texts(&list, "section.release h2") {
            assert!(heading.starts_with("Công bố "), "{path}: {heading}");
        }
    }
    let mut expected: Vec<String> = (1..=newest_id).map(|n| format!("dot-{n}")).collect();
    expected.sort();
    listed.sort();
    assert_eq!(listed, expected);
    for outside in ["/cap-nhat/2019", "/cap-nhat/2027", "/cap-nhat/0000"] {
        assert_eq!(app.get(outside).status, 404, "{outside}");
    }

    // The calendar's past: every release of the last twelve months, none
    // announced (the record came before the calendar), each linking to
    // its year's list.
    let year_ago = congthuong::format::utc_of_unix(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            - 366 * 86_400,
    );
    let mut recent: Vec<String> = times.into_iter().filter(|t| *t >= year_ago).collect();
    recent.sort();
    let calendar = app.page("/lich-cong-bo");
    let past: Vec<(String, String)> = calendar
        .select(&selector("#da-cong-bo ~ div table tbody tr"))
        .map(|row| {
            let link = row.select(&selector("a")).next().unwrap();
            (
                row.value().id().unwrap().to_string(),
                link.value().attr("href").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(past.len(), recent.len(), "{past:?} {recent:?}");
    for (row, href) in &past {
        let id = row.strip_prefix("cap-nhat-").unwrap();
        let (page, anchor) = href.split_once('#').unwrap();
        assert_eq!(anchor, format!("dot-{id}"));
        assert!(years.iter().any(|y| y == page), "{href}");
    }
}
