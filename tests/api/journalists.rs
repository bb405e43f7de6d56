//! For journalists: chart pages, every output, embeds, citations, share
//! previews, open data and the API — and that they all carry the database's
//! exact figures.

use std::io::Read;

use crate::helpers::{BASE_URL, CHARTS, PAGES, selector, spawn_app, text, texts};

const SLUGS: [&str; 4] = [
    "co-cau-ban-le",
    "can-can-thuong-mai",
    "ban-le-qua-cac-nam",
    "gia-tri-san-xuat-cong-nghiep",
];

#[test]
fn every_output_has_its_status_type_and_file_name() {
    let app = spawn_app();
    for slug in SLUGS {
        for (extension, content_type) in [
            ("svg", "image/svg+xml; charset=utf-8"),
            ("png", "image/png"),
            ("csv", "text/csv; charset=utf-8"),
        ] {
            let fetched = app.get(&format!("/bieu-do/{slug}-2023.{extension}"));
            assert_eq!(fetched.status, 200, "{slug}.{extension}");
            assert_eq!(fetched.content_type, content_type, "{slug}.{extension}");
            let disposition = fetched.header("content-disposition").unwrap_or_default();
            assert!(
                disposition.contains(&format!("filename=\"{slug}-2023.{extension}\"")),
                "{slug}.{extension}: {disposition}"
            );
        }
    }
    for (path, name) in [
        ("/du-lieu/so-lieu.csv", "so-lieu-cong-thuong-gia-lai.csv"),
        ("/du-lieu/so-lieu.xlsx", "so-lieu-cong-thuong-gia-lai.xlsx"),
    ] {
        let fetched = app.get(path);
        assert_eq!(fetched.status, 200, "{path}");
        assert!(
            fetched
                .header("content-disposition")
                .unwrap_or_default()
                .contains(name),
            "{path}"
        );
    }
}

#[test]
fn the_png_decodes_at_print_width_with_the_chart_s_proportions() {
    let app = spawn_app();
    for path in CHARTS {
        let png = app.get(&path.replace(".svg", ".png"));
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png.bytes).expect("a valid PNG");
        assert_eq!(pixmap.width(), 1600, "{path}");
        let svg = app.get(path).body;
        let document = roxmltree::Document::parse(&svg).unwrap();
        let view_box: Vec<f32> = document
            .root_element()
            .attribute("viewBox")
            .unwrap()
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        let expected = (view_box[3] * 1600.0 / view_box[2]).ceil() as u32;
        assert_eq!(pixmap.height(), expected, "{path}");
        // Text was drawn: the image is not one flat colour.
        let dark = pixmap
            .pixels()
            .iter()
            .filter(|p| p.red() < 60 && p.green() < 60)
            .count();
        assert!(dark > 5_000, "{path}: {dark} dark pixels");
    }
}

#[test]
fn the_chart_csv_has_a_byte_order_mark_and_the_exact_figures() {
    let app = spawn_app();
    let csv = app.get("/bieu-do/co-cau-ban-le.csv");
    assert!(
        csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "no byte-order mark"
    );
    let text = csv.body.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "nam");
    let rows: Vec<(String, String, String)> = reader
        .records()
        .map(|r| r.unwrap())
        .map(|r| (r[1].to_string(), r[3].to_string(), r[5].to_string()))
        .collect();
    assert!(rows.contains(&("retail.commerce".into(), "90173".into(), "83.49".into())));
    assert!(rows.contains(&("retail.travel".into(), "69".into(), "0.06".into())));
    assert!(rows.contains(&("retail.total".into(), "108000".into(), String::new())));
    let trade = app.get("/bieu-do/can-can-thuong-mai.csv").body;
    assert!(
        trade.contains(
            "2022,trade.export,Kim ngạch xuất khẩu,660.0,triệu USD,,suy ra từ tốc độ tăng"
        ),
        "{trade}"
    );
    assert!(
        trade.contains("2023,trade.balance,Cán cân thương mại hàng hóa,539,triệu USD,,tính toán"),
        "{trade}"
    );
}

#[test]
fn every_chart_page_offers_outputs_an_embed_a_citation_and_sentences() {
    let app = spawn_app();
    for slug in SLUGS {
        let html = app.page(&format!("/bieu-do/{slug}/2023"));
        let year_links: Vec<_> = html
            .select(&selector(".year-picker a"))
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert_eq!(year_links, [format!("/bieu-do/{slug}/2023")], "{slug}");
        assert_eq!(
            html.select(&selector(".chart-wide svg.chart")).count(),
            1,
            "{slug}"
        );
        assert_eq!(
            html.select(&selector(".chart-narrow svg.chart")).count(),
            1,
            "{slug}"
        );
        assert_eq!(html.select(&selector("table.data")).count(), 1, "{slug}");
        let links: Vec<String> = html
            .select(&selector(".downloads a"))
            .filter_map(|a| a.value().attr("href"))
            .map(str::to_string)
            .collect();
        assert_eq!(
            links,
            ["svg", "png", "csv"].map(|e| format!("/bieu-do/{slug}-2023.{e}")),
            "{slug}"
        );
        let snippet = text(&html, "#ma-nhung");
        assert!(
            snippet.starts_with(&format!("<iframe src=\"{BASE_URL}/nhung/{slug}/2023\"")),
            "{slug}: {snippet}"
        );
        let citation = text(&html, "#cach-trich-dan");
        assert!(
            citation.starts_with("Sở Công Thương tỉnh Gia Lai."),
            "{citation}"
        );
        assert!(citation.contains("Báo Tiền Phong, 12/2023"), "{citation}");
        assert!(
            citation.contains(&format!("{BASE_URL}/bieu-do/{slug}/2023")),
            "{citation}"
        );
        assert!(citation.contains("Truy cập ngày "), "{citation}");
        assert!(!texts(&html, ".sentences li").is_empty(), "{slug}");
        assert!(
            text(&html, "footer .source").contains("Báo Tiền Phong"),
            "{slug}"
        );
    }
    let retail = app.page("/bieu-do/co-cau-ban-le");
    assert!(texts(&retail, ".sentences li").contains(
        &"Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ năm 2023 ước đạt 108.000 tỷ đồng, tăng 20,48% so với cùng kỳ, đạt 100% kế hoạch.".to_string()
    ));
    assert!(texts(&retail, ".note li").join(" ").contains("107.999"));
}

#[test]
fn embed_pages_can_be_framed_and_no_other_page_can() {
    let app = spawn_app();
    for slug in SLUGS {
        let embed = app.get(&format!("/nhung/{slug}"));
        assert_eq!(embed.status, 200, "{slug}");
        let policy = embed.header("content-security-policy").unwrap_or_default();
        assert!(policy.contains("frame-ancestors *"), "{slug}: {policy}");
        assert_eq!(embed.header("x-frame-options"), None, "{slug}");
        let html = embed.html();
        assert_eq!(
            html.select(&selector("nav")).count(),
            0,
            "{slug}: an embed is the chart alone"
        );
        let back = html
            .select(&selector("figcaption a"))
            .next()
            .and_then(|a| a.value().attr("href"))
            .unwrap_or_default()
            .to_string();
        assert_eq!(back, format!("{BASE_URL}/bieu-do/{slug}/2023"));
        assert!(
            text(&html, "figcaption").contains("Nguồn: Báo Tiền Phong"),
            "{slug}"
        );
    }
    let others = PAGES
        .iter()
        .map(|p| p.to_string())
        .chain(SLUGS.iter().map(|s| format!("/bieu-do/{s}")))
        .chain(["/khong-co".to_string(), "/api/v1/indicators".to_string()]);
    for path in others {
        let fetched = app.get(&path);
        assert_eq!(fetched.header("x-frame-options"), Some("DENY"), "{path}");
        let policy = fetched
            .header("content-security-policy")
            .unwrap_or_default();
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
    }
}

#[test]
fn every_page_has_share_previews_with_an_absolute_chart_image() {
    let app = spawn_app();
    for path in PAGES {
        let html = app.page(path);
        let meta = |key: &str| {
            html.select(&selector(&format!(
                "meta[property=\"{key}\"], meta[name=\"{key}\"]"
            )))
            .next()
            .and_then(|m| m.value().attr("content"))
            .map(str::to_string)
            .unwrap_or_else(|| panic!("{path}: no {key}"))
        };
        for key in [
            "og:title",
            "og:description",
            "og:site_name",
            "twitter:card",
            "twitter:title",
        ] {
            assert!(!meta(key).is_empty(), "{path}: {key}");
        }
        let image = meta("og:image");
        assert!(
            image.starts_with(&format!("{BASE_URL}/bieu-do/")) && image.ends_with("-2023.png"),
            "{path}: {image}"
        );
        assert_eq!(meta("twitter:image"), image);
        assert!(meta("og:url").starts_with(BASE_URL), "{path}");
        let local = image.trim_start_matches(BASE_URL);
        assert_eq!(app.get(local).content_type, "image/png", "{path}: {local}");
    }
}

/// The database's figures, as the export writes them: (code, year) → value.
fn stored_values() -> Vec<(String, String, String)> {
    let mut reader = csv::Reader::from_reader(crate::helpers::SEED.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap())
        .map(|r| (r[0].to_string(), r[1].to_string(), r[2].to_string()))
        .collect()
}

#[test]
fn the_open_data_csv_is_the_import_format_with_the_exact_figures() {
    let app = spawn_app();
    let csv = app.get("/du-lieu/so-lieu.csv");
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(
        csv.body.trim_start_matches('\u{feff}'),
        crate::helpers::SEED
    );
}

#[test]
fn the_workbook_holds_numbers_as_numbers_equal_to_the_database() {
    let app = spawn_app();
    let xlsx = app.get("/du-lieu/so-lieu.xlsx");
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(xlsx.bytes)).expect("a zip archive");
    let mut sheet = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .expect("a first sheet")
        .read_to_string(&mut sheet)
        .unwrap();
    let mut strings = String::new();
    archive
        .by_name("xl/sharedStrings.xml")
        .expect("shared strings")
        .read_to_string(&mut strings)
        .unwrap();
    assert!(
        strings.contains("Chỉ tiêu") && strings.contains("Giá trị"),
        "Vietnamese headers"
    );
    assert!(strings.contains("Báo Tiền Phong"), "the source");
    let document = roxmltree::Document::parse(&sheet).unwrap();
    // Column D holds the values, as numeric cells (no t="s").
    let values: Vec<String> = document
        .descendants()
        .filter(|n| n.has_tag_name("c"))
        .filter(|c| {
            c.attribute("r")
                .is_some_and(|r| r.starts_with('D') && r != "D1")
        })
        .map(|c| {
            assert_eq!(c.attribute("t"), None, "a value stored as text");
            c.descendants()
                .find(|n| n.has_tag_name("v"))
                .and_then(|v| v.text())
                .unwrap()
                .to_string()
        })
        .collect();
    let expected: Vec<String> = stored_values().into_iter().map(|(_, _, v)| v).collect();
    assert_eq!(values, expected);
}

#[test]
fn the_api_gives_exact_figures_that_agree_with_the_pages() {
    let app = spawn_app();
    let indicators: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/indicators").body).unwrap();
    let codes: Vec<&str> = indicators["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    // The committed catalogue's codes, in its order, named here so that a
    // catalogue that lost one fails.
    assert_eq!(codes, crate::helpers::CATALOGUE_CODES);
    let response = app.get("/api/v1/observations?indicator=industry.output&nam=2023");
    assert_eq!(response.status, 200);
    assert!(response.content_type.starts_with("application/json"));
    let body: serde_json::Value = serde_json::from_str(&response.body).unwrap();
    let observation = &body["observations"][0];
    assert_eq!(observation["value"], "31620.6");
    assert_eq!(observation["change_pct"], "9.45");
    assert_eq!(observation["status"], "estimate");
    let all: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/observations").body).unwrap();
    let api: Vec<(String, String, String)> = all["observations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["indicator"].as_str().unwrap().to_string(),
                o["year"].to_string(),
                o["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(api, stored_values());
    // The API and the overview page say the same, each in its own form:
    // written out here rather than formatted by the code under test.
    let html = app.page("/");
    for (code, api_value, card_value) in [
        ("retail.total", "108000", "108.000"),
        ("trade.export", "680", "680"),
    ] {
        assert!(
            api.iter()
                .any(|(c, y, v)| c == code && y == "2023" && v == api_value),
            "{code}: {api:?}"
        );
        let card = text(
            &html,
            &format!("#chi-tieu-{} .card-value", code.replace('.', "-")),
        );
        assert!(card.starts_with(card_value), "{code}: {card}");
    }
}

#[test]
fn the_api_answers_bad_parameters_with_json_errors() {
    let app = spawn_app();
    for (path, status) in [
        ("/api/v1/observations?indicator=khong.co", 404),
        ("/api/v1/observations?nam=abc", 400),
        ("/api/v1/observations?nam=2019", 404),
        ("/api/v1/observations?nam=2023&nam=2024", 400),
        ("/api/v1/khong-co", 404),
    ] {
        let fetched = app.get(path);
        assert_eq!(fetched.status, status, "{path}");
        assert!(
            fetched.content_type.starts_with("application/json"),
            "{path}"
        );
        let body: serde_json::Value = serde_json::from_str(&fetched.body).unwrap();
        assert_eq!(body["error"]["status"], status, "{path}");
        assert!(
            !body["error"]["message"].as_str().unwrap().is_empty(),
            "{path}"
        );
    }
}

fn api_list(app: &crate::helpers::TestApp, path: &str) -> Vec<serde_json::Value> {
    let fetched = app.get(path);
    assert_eq!(fetched.status, 200, "{path}: {}", fetched.body);
    let body: serde_json::Value = serde_json::from_str(&fetched.body).unwrap();
    body["observations"].as_array().unwrap().clone()
}

#[test]
fn the_api_gives_each_publisher_s_figure_with_its_period_date_and_link() {
    use crate::helpers::{PUBLIC_RECORD_SAMPLE, SEED, import, spawn_app_with};
    let app = spawn_app_with(|db| {
        import(db, SEED);
        import(db, PUBLIC_RECORD_SAMPLE);
    });
    let imports = api_list(&app, "/api/v1/observations?indicator=trade.import&nam=2023");
    let by_publisher: Vec<(&str, &str, Option<&str>)> = imports
        .iter()
        .map(|o| {
            (
                o["publisher"].as_str().unwrap(),
                o["value"].as_str().unwrap(),
                o["change_pct"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        by_publisher,
        [
            ("so-cong-thuong", "141", Some("0.7")),
            ("thong-ke", "110", Some("-21.43"))
        ]
    );
    let office = &imports[1];
    assert_eq!(office["territory"], "gia-lai-cu");
    assert_eq!(office["period"], "year");
    assert_eq!(office["period_label"], "năm 2023");
    assert_eq!(office["publisher_name"], "Cục Thống kê");
    assert_eq!(office["published"], "2023-12-28");
    assert!(
        office["url"]
            .as_str()
            .unwrap()
            .starts_with("http://gialaitv.vn/")
    );
    // Today's fields are all still there.
    for field in [
        "indicator",
        "name",
        "unit",
        "year",
        "value",
        "status",
        "status_label",
        "source",
    ] {
        assert!(!office[field].is_null(), "{field}");
    }

    let only_office = api_list(&app, "/api/v1/observations?publisher=thong-ke");
    assert_eq!(only_office.len(), 1);
    let exports = |query: &str| -> Vec<String> {
        api_list(
            &app,
            &format!("/api/v1/observations?indicator=trade.export&nam=2024{query}"),
        )
        .iter()
        .map(|o| o["value"].as_str().unwrap().to_string())
        .collect()
    };
    assert_eq!(exports(""), ["820"]);
    assert_eq!(exports("&as_of=2024-12-31"), ["800"]);
    assert_eq!(exports("&as_of=2024-11-30"), ["750"]);
    let half_year = api_list(&app, "/api/v1/observations?period=m6");
    assert_eq!(half_year.len(), 1);
    assert_eq!(half_year[0]["period_label"], "6 tháng năm 2025");

    for (path, status) in [
        ("/api/v1/observations?period=m12", 400),
        ("/api/v1/observations?period=month-13", 400),
        ("/api/v1/observations?territory=kon-tum", 400),
        ("/api/v1/observations?publisher=cuc-thong-ke", 400),
        ("/api/v1/observations?as_of=2024-12", 400),
        ("/api/v1/observations?as_of=2024-02-30", 400),
    ] {
        let fetched = app.get(path);
        assert_eq!(fetched.status, status, "{path}");
        let body: serde_json::Value = serde_json::from_str(&fetched.body).unwrap();
        assert_eq!(body["error"]["status"], status, "{path}");
    }
}

#[test]
fn the_api_lists_territories_periods_and_publishers_with_the_indicators() {
    let app = spawn_app();
    let body: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/indicators").body).unwrap();
    let codes = |list: &str| -> Vec<String> {
        body[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(codes("territories"), ["gia-lai", "gia-lai-cu", "binh-dinh"]);
    assert_eq!(
        codes("publishers"),
        ["so-cong-thuong", "thong-ke", "ubnd", "vecom", "bao-chi"]
    );
    let periods = codes("periods");
    assert_eq!(periods.len(), 24);
    assert_eq!(&periods[..3], ["m1", "m2", "m3"]);
    assert!(periods.contains(&"year".to_string()) && periods.contains(&"month-12".to_string()));
    assert_eq!(body["periods"][2]["name"], "quý I");
}

#[test]
fn the_open_data_files_hold_every_version_publisher_link_and_plan() {
    use crate::helpers::{PUBLIC_RECORD_SAMPLE, SEED, import, spawn_app_with};
    let plan = "indicator,year,value,publisher,kind,status,published,url,source\n\
                trade.export,2025,850,so-cong-thuong,plan,,2024-12-27,https://nld.com.vn/a.htm,Sở Công Thương\n";
    let app = spawn_app_with(|db| {
        import(db, SEED);
        import(db, PUBLIC_RECORD_SAMPLE);
        import(db, plan);
    });
    let csv = app.get("/du-lieu/so-lieu.csv").body;
    for line in [
        "trade.export,2024,750,year,gia-lai-cu,so-cong-thuong,figure,triệu USD,,,,,,,,,estimate,,,2024-11,https://baogialai.com.vn/xuat-khau-2024,Báo Gia Lai,",
        "trade.export,2024,800,year,gia-lai-cu,so-cong-thuong,figure,triệu USD,,,17.65,",
        "trade.import,2023,110,year,gia-lai-cu,thong-ke,figure,",
        "trade.export,2025,850,year,gia-lai-cu,so-cong-thuong,plan,triệu USD,",
    ] {
        assert!(csv.contains(line), "{line}\n{csv}");
    }
    let xlsx = app.get("/du-lieu/so-lieu.xlsx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx.bytes)).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let workbook = read("xl/workbook.xml");
    assert!(workbook.contains("name=\"Kế hoạch\""), "{workbook}");
    let strings = read("xl/sharedStrings.xml");
    for text in [
        "Nơi công bố",
        "Ngày công bố",
        "Cục Thống kê",
        "28/12/2023",
        "850 triệu USD",
        "https://baogialai.com.vn/xuat-khau-2024",
    ] {
        assert!(strings.contains(text), "{text}");
    }
}
