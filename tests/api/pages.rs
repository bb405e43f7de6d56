use crate::helpers::{PAGES, selector, spawn_app, table_rows, text, texts};

const SOURCE: &str = "Báo Tiền Phong, 12/2023";

#[test]
fn the_server_makes_its_database_from_the_seed_on_first_run() {
    let app = spawn_app();
    assert!(app.db.exists(), "{} was not created", app.db.display());
}

#[test]
fn every_page_is_vietnamese_with_navigation_year_status_and_source() {
    let app = spawn_app();
    for path in PAGES {
        let html = app.page(path);
        let lang = html
            .select(&selector("html"))
            .next()
            .and_then(|h| h.value().attr("lang"));
        assert_eq!(lang, Some("vi"), "{path}");
        let nav = texts(&html, "header nav a");
        assert_eq!(nav.len(), 9, "{path}: {nav:?}");
        assert_eq!(
            texts(&html, "header nav a[aria-current=page]").len(),
            1,
            "{path}"
        );
        assert_eq!(
            texts(&html, ".year-picker a[aria-current=page]"),
            ["2023"],
            "{path}"
        );
        let source = text(&html, "footer .source");
        assert!(
            source.starts_with("Nguồn: ") && source.contains(SOURCE),
            "{path}: {source}"
        );
        assert_eq!(texts(&html, "h1").len(), 1, "{path}");
        if path != "/hoat-dong" {
            assert!(text(&html, ".status").contains("ước tính"), "{path}");
        }
    }
}

#[test]
fn the_year_can_be_chosen_on_every_page() {
    let app = spawn_app();
    for path in PAGES {
        let html = app.page(&crate::helpers::in_view(path, "/2023"));
        let links: Vec<_> = html
            .select(&selector(".year-picker a"))
            .filter_map(|a| a.value().attr("href"))
            .map(str::to_string)
            .collect();
        assert_eq!(links, [crate::helpers::in_view(path, "/2023")], "{path}");
    }
}

#[test]
fn no_page_writes_numbers_the_english_way() {
    let app = spawn_app();
    for path in PAGES {
        let fetched = app.get(path);
        assert_eq!(fetched.status, 200, "{path}");
        let body = fetched.body;
        for english in [
            "31,620.6", "108,000", "90,173", "83.49%", "9.45%", "20.48%", "0.7%",
        ] {
            assert!(!body.contains(english), "{path} shows {english}");
        }
    }
}

#[test]
fn the_overview_has_a_card_per_headline_figure_in_vietnamese_format() {
    let app = spawn_app();
    let html = app.page("/");
    let card = |code: &str, part: &str| text(&html, &format!("#chi-tieu-{code} .card-{part}"));
    assert_eq!(card("industry-output", "value"), "31.620,6 tỷ đồng");
    assert_eq!(
        card("industry-output", "change"),
        "tăng 9,45% so với cùng kỳ"
    );
    assert_eq!(card("industry-output", "plan"), "đạt 100% kế hoạch");
    assert_eq!(card("industry-iip", "value"), "101,69%");
    assert_eq!(card("industry-iip", "change"), "tăng 1,69% so với cùng kỳ");
    assert_eq!(card("retail-total", "value"), "108.000 tỷ đồng");
    assert_eq!(card("retail-total", "change"), "tăng 20,48% so với cùng kỳ");
    assert_eq!(card("retail-total", "plan"), "đạt 100% kế hoạch");
    assert_eq!(card("trade-export", "value"), "680 triệu USD");
    assert_eq!(card("trade-export", "change"), "tăng 3,03% so với cùng kỳ");
    assert_eq!(card("trade-import", "value"), "141 triệu USD");
    assert_eq!(card("trade-import", "change"), "tăng 0,7% so với cùng kỳ");
    assert_eq!(card("trade-import", "plan"), "vượt 28% kế hoạch");
    assert_eq!(card("ecommerce-rank_national", "value"), "38/63");
    assert_eq!(
        card("ecommerce-rank_national", "change"),
        "tăng 2 bậc so với năm 2022"
    );
    let statuses = texts(&html, ".card-status");
    assert_eq!(statuses.len(), 6, "{statuses:?}");
    for status in statuses {
        assert_eq!(status, "Số liệu ước tính");
    }
}

#[test]
fn the_overview_shows_both_main_charts_each_followed_by_its_table() {
    let app = spawn_app();
    let html = app.page("/");
    let figures: Vec<_> = html.select(&selector("figure.chart-figure")).collect();
    let ids: Vec<_> = figures
        .iter()
        .filter_map(|f| f.value().attr("id"))
        .collect();
    assert_eq!(ids, ["co-cau-ban-le", "can-can-thuong-mai"]);
    for figure in figures {
        // The chart in its wide and its narrow layout, with distinct ids.
        let titles: Vec<_> = figure
            .select(&selector("svg.chart title"))
            .filter_map(|t| t.value().attr("id"))
            .collect();
        assert_eq!(titles.len(), 2);
        assert_ne!(titles[0], titles[1]);
        let table = figure
            .next_siblings()
            .filter_map(scraper::ElementRef::wrap)
            .next()
            .expect("something follows the chart");
        assert_eq!(table.select(&selector("table.data")).count(), 1);
    }
    let summary = texts(&html, ".summary li").join(" ");
    assert!(summary.contains(
        "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ năm 2023 ước đạt 108.000 tỷ đồng, tăng 20,48% so với cùng kỳ, đạt 100% kế hoạch."
    ), "{summary}");
    assert!(summary.contains("xuất siêu 539 triệu USD"), "{summary}");
}

#[test]
fn the_retail_page_lists_the_five_components_and_explains_the_rounding() {
    let app = spawn_app();
    let html = app.page("/ban-le");
    let rows = table_rows(&html, "#co-cau-ban-le + .table-scroll");
    assert_eq!(
        rows,
        [
            ["Thương nghiệp", "90.173", "83,49"],
            ["Dịch vụ lưu trú", "131", "0,12"],
            ["Dịch vụ ăn uống", "8.948", "8,29"],
            ["Dịch vụ lữ hành và hoạt động hỗ trợ du lịch", "69", "0,06"],
            ["Hoạt động dịch vụ khác", "8.678", "8,04"],
            ["Cộng các thành phần (tính toán)", "107.999", "100,00"],
            [
                "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ (công bố)",
                "108.000",
                "100"
            ],
        ]
    );
    // The parts' table says how they compare with the total.
    let note = text(&html, "section[aria-labelledby=thanh-phan] p.note");
    assert!(note.contains("107.999 tỷ đồng"), "{note}");
    assert!(note.contains("108.000 tỷ đồng"), "{note}");
    assert!(note.contains("làm tròn"), "{note}");
    assert_eq!(
        text(&html, "#chi-tieu-retail-total .card-value"),
        "108.000 tỷ đồng"
    );
}

#[test]
fn the_trade_page_computes_and_labels_the_balance() {
    let app = spawn_app();
    let html = app.page("/xuat-nhap-khau");
    assert_eq!(
        text(&html, "#chi-tieu-trade-balance .card-value"),
        "xuất siêu 539 triệu USD"
    );
    assert!(text(&html, "#chi-tieu-trade-balance .card-name").contains("tính toán"));
    assert!(text(&html, "#chi-tieu-trade-balance").contains("680 − 141 = 539 triệu USD"));
    let export = texts(&html, "#dong-trade-export td");
    assert_eq!(
        export,
        [
            "triệu USD",
            "680",
            "100%",
            "tăng 3,03%",
            "≈ 660,0 (suy ra)",
            "ước tính"
        ]
    );
    let import = texts(&html, "#dong-trade-import td");
    assert_eq!(
        import,
        [
            "triệu USD",
            "141",
            "128%",
            "tăng 0,7%",
            "≈ 140,0 (suy ra)",
            "ước tính"
        ]
    );
    let chart_rows = table_rows(&html, "#can-can-thuong-mai + .table-scroll");
    assert_eq!(
        chart_rows,
        [
            [
                "2022",
                "660,0",
                "140,0",
                "520,0",
                "suy ra từ tốc độ tăng của năm sau"
            ],
            ["2023", "680", "141", "539", "công bố; cán cân tính toán"],
        ]
    );
}

#[test]
fn the_industry_page_shows_the_index_and_the_output_at_2010_prices() {
    let app = spawn_app();
    let html = app.page("/cong-nghiep");
    assert_eq!(
        texts(&html, "#dong-industry-output td"),
        [
            "tỷ đồng",
            "31.620,6",
            "100%",
            "tăng 9,45%",
            "≈ 28.890,45 (suy ra)",
            "ước tính"
        ]
    );
    assert_eq!(
        texts(&html, "#dong-industry-iip td"),
        ["%", "101,69", "—", "tăng 1,69%", "—", "ước tính"]
    );
    assert!(text(&html, "#dong-industry-output th").contains("giá so sánh 2010"));
}

#[test]
fn the_ecommerce_page_shows_the_ranking_the_index_and_the_training_work() {
    let app = spawn_app();
    let html = app.page("/thuong-mai-dien-tu");
    assert_eq!(
        text(&html, "#chi-tieu-ecommerce-rank_national .card-value"),
        "38/63"
    );
    assert_eq!(
        text(&html, "#chi-tieu-ecommerce-rank_national .card-change"),
        "tăng 2 bậc so với năm 2022"
    );
    assert_eq!(
        text(&html, "#chi-tieu-ecommerce-rank_region .card-value"),
        "3/5"
    );
    assert!(text(&html, "#chi-tieu-ecommerce-rank_region").contains("Tây Nguyên"));
    let body = texts(&html, "main").join(" ");
    assert!(body.contains("VECOM"));
    assert!(
        texts(&html, ".activity-list li")
            .join(" ")
            .contains("tập huấn")
    );
}

#[test]
fn the_activities_page_lists_results_and_next_year_s_tasks_with_their_proper_names() {
    let app = spawn_app();
    let html = app.page("/hoat-dong");
    assert_eq!(
        texts(&html, "h2"),
        ["Kết quả năm 2023", "Nhiệm vụ trọng tâm năm 2024"]
    );
    let items = texts(&html, ".activity-list li").join(" ");
    for name in [
        "Krông Pa",
        "Chư Prông",
        "Ia Pa",
        "OCOP",
        "Tinh hoa hàng Việt Nam",
        "Cụm thi đua số VIII",
        "Kế hoạch số 933",
    ] {
        assert!(items.contains(name), "missing {name}");
    }
}

#[test]
fn the_about_page_explains_every_indicator_and_status() {
    let app = spawn_app();
    let html = app.page("/gioi-thieu");
    let codes = texts(&html, "table code");
    assert_eq!(codes, crate::helpers::CATALOGUE_CODES);
    let statuses = texts(&html, "#tinh-trang + dl dt").join(" ");
    for label in ["ước tính", "sơ bộ", "chính thức"] {
        assert!(statuses.contains(label), "{label}");
    }
    let examples = texts(&html, "#cach-viet-so ~ .table-scroll td");
    assert!(examples.contains(&"31.620,6".to_string()), "{examples:?}");
    assert!(
        examples.contains(&"vượt 28% kế hoạch".to_string()),
        "{examples:?}"
    );
}

#[test]
fn static_files_are_served() {
    let app = spawn_app();
    let css = app.get("/static/css/site.css");
    assert_eq!(css.status, 200);
    assert!(css.content_type.starts_with("text/css"));
    assert!(css.body.contains("/static/fonts/DejaVuSans-vi."));
}

#[test]
fn dates_on_pages_are_today_in_vietnam_also_when_served_from_the_cache() {
    let app = spawn_app();
    // Read before and after, so that a run across midnight still agrees
    // with one of them.
    let before = crate::helpers::today_in_vietnam();
    let mut seen = Vec::new();
    for _ in 0..2 {
        let chart = app.page("/bieu-do/can-can-thuong-mai");
        let citation = text(&chart, "#cach-trich-dan");
        let accessed = citation
            .rsplit("Truy cập ngày ")
            .next()
            .unwrap_or_default()
            .trim_end_matches('.')
            .to_string();
        let overview = app.page("/");
        seen.push((accessed, text(&overview, "time.print-date")));
    }
    let after = crate::helpers::today_in_vietnam();
    for (accessed, printed) in seen {
        assert!(accessed == before || accessed == after, "{accessed}");
        assert!(printed == before || printed == after, "{printed}");
    }
}
