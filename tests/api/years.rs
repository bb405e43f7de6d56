//! A second year on every page and chart, derived previous years, revisions
//! and the wording of changes and plans.

use crate::helpers::{
    CHARTS, HEADER, PAGES, SEED, import, selector, spawn_app, spawn_app_with, table_rows, text,
    texts, year_2024,
};

#[test]
fn a_second_year_is_shown_on_every_page_and_chart() {
    let app = spawn_app_with(|db| {
        import(db, SEED);
        import(db, &year_2024());
    });
    for path in PAGES {
        // The newest year is the default; both years can be chosen.
        let html = app.page(path);
        assert_eq!(texts(&html, ".year-picker a"), ["2024", "2023"], "{path}");
        assert_eq!(
            texts(&html, ".year-picker a[aria-current=page]"),
            ["2024"],
            "{path}"
        );
        let html = app.page(&crate::helpers::in_view(path, "/2023"));
        assert_eq!(
            texts(&html, ".year-picker a[aria-current=page]"),
            ["2023"],
            "{path}"
        );
        if !["/gioi-thieu", "/du-lieu"].contains(&path) {
            assert!(text(&html, "h1").contains("2023"), "{path}");
        }
    }
    let overview = app.page("/2024");
    assert_eq!(
        text(&overview, "#chi-tieu-retail-total .card-value"),
        "120.000 tỷ đồng"
    );
    let overview_2023 = app.page("/2023");
    assert_eq!(
        text(&overview_2023, "#chi-tieu-retail-total .card-value"),
        "108.000 tỷ đồng"
    );
    for path in CHARTS {
        let svg = app.get(&crate::helpers::chart_file(path, "2024"));
        assert_eq!(svg.status, 200, "{path}");
        assert!(svg.body.contains("2024"), "{path}");
    }
    // Charts that compare years use every year up to the one chosen.
    let trade = app.get("/bieu-do/can-can-thuong-mai-2024.svg").body;
    assert!(
        trade.contains("2022–2024"),
        "the trade chart's title names the years"
    );
    for label in [">750<", ">680<", ">660,0<"] {
        assert!(trade.contains(label), "{label} missing");
    }
    let retail = app.get("/bieu-do/ban-le-qua-cac-nam-2024.svg").body;
    for label in [">120.000<", ">108.000<", ">89.641,4<", "(suy ra)"] {
        assert!(retail.contains(label), "{label} missing");
    }
}

#[test]
fn a_previous_year_without_stored_figures_is_derived_and_marked() {
    let app = spawn_app();
    let html = app.page("/xuat-nhap-khau");
    assert_eq!(
        text(&html, "#chi-tieu-trade-export .card-previous"),
        "Năm 2022: ≈ 660,0 triệu USD (suy ra từ tốc độ tăng: 660,0 ≈ 680 ÷ (1 + 3,03%))"
    );
    let retail = app.page("/ban-le");
    let history: Vec<String> = texts(&retail, "#ban-le-qua-cac-nam + .table-scroll tbody td");
    assert_eq!(
        history,
        [
            "89.641,4",
            "suy ra từ tốc độ tăng: 89.641,4 ≈ 108.000 ÷ (1 + 20,48%)",
            "108.000",
            "công bố, ước tính"
        ]
    );
}

#[test]
fn a_stored_previous_year_wins_over_a_derived_one() {
    let app = spawn_app_with(|db| {
        import(db, SEED);
        import(db, &year_2024());
    });
    let html = app.page("/xuat-nhap-khau/2024");
    assert_eq!(
        text(&html, "#chi-tieu-trade-export .card-previous"),
        "Năm 2023: 680 triệu USD"
    );
    assert_eq!(texts(&html, "#dong-trade-export td")[4], "680");
}

#[test]
fn a_revised_figure_says_it_was_revised_and_from_what() {
    let app = spawn_app_with(|db| {
        import(db, SEED);
        import(
            db,
            &format!(
                "{HEADER}trade.export,2023,690.2,triệu USD,,101.5,4.56,,,,official,Cục Thống kê Gia Lai,\n"
            ),
        );
    });
    let html = app.page("/xuat-nhap-khau/2023");
    assert_eq!(
        text(&html, "#chi-tieu-trade-export .card-value"),
        "690,2 triệu USD"
    );
    // An undated row is dated the day it was imported: the revision's day.
    let today =
        congthuong::format::vietnam_time(&congthuong::format::now_utc()).unwrap()[..10].to_string();
    assert_eq!(
        text(&html, "#chi-tieu-trade-export .card-status"),
        format!(
            "Số liệu chính thức, đã điều chỉnh ngày {today} từ 680 triệu USD (ước tính, công bố 12/2023)"
        )
    );
    assert!(
        texts(&html, "#dong-trade-export td")[5]
            .contains(&format!("đã điều chỉnh ngày {today} từ 680 triệu USD"))
    );
    // A page that mixes estimates and official figures is an estimate.
    assert!(text(&html, ".status").contains("ước tính"));
    // Figures that were not revised say nothing of it.
    assert_eq!(
        text(&html, "#chi-tieu-trade-import .card-status"),
        "Số liệu ước tính"
    );
}

#[test]
fn changes_and_plans_read_the_way_official_reports_write_them() {
    let app = spawn_app_with(|db| {
        import(db, SEED);
        import(db, &year_2024());
    });
    let html = app.page("/2024");
    let card = |code: &str, part: &str| text(&html, &format!("#chi-tieu-{code} .card-{part}"));
    assert_eq!(card("trade-import", "change"), "giảm 7,80% so với cùng kỳ");
    assert_eq!(card("trade-import", "plan"), "đạt 93,6% kế hoạch");
    assert_eq!(card("trade-export", "plan"), "vượt 10,3% kế hoạch");
    assert_eq!(card("retail-total", "plan"), "đạt 98,2% kế hoạch");
    assert_eq!(
        card("ecommerce-rank_national", "change"),
        "tăng 3 bậc so với năm 2023"
    );
    let summary = texts(&html, ".summary li").join(" ");
    assert!(
        summary.contains("Kim ngạch nhập khẩu năm 2024 ước đạt 130 triệu USD, giảm 7,80% so với cùng kỳ, đạt 93,6% kế hoạch."),
        "{summary}"
    );
    assert!(html.select(&selector(".card")).count() >= 6);
}

/// The department's retail series, then from 2024 the statistics office's
/// level: the public record's series break.
const RETAIL_BREAK: &str = "\
indicator,year,value,period,publisher,change_pct,status,basis,published,url,source,note
retail.total,2024,60771,year,so-cong-thuong,10.14,estimate,thong-ke,2024-12-27,https://nld.com.vn/so-cong-thuong-gia-lai-but-pha-ngoan-muc-19624122718191394.htm,Sở Công Thương,Từ năm 2024 theo mức của Cục Thống kê
";

#[test]
fn a_series_that_changes_basis_is_drawn_and_tabled_as_a_break() {
    let app = spawn_app_with(|db| {
        import(db, SEED);
        import(db, RETAIL_BREAK);
    });
    let html = app.page("/bieu-do/ban-le-qua-cac-nam/2024");
    let rows = table_rows(&html, "table.data");
    let row_2024 = rows.iter().find(|r| r[0] == "2024").expect("a 2024 row");
    assert_eq!(row_2024[1], "60.771");
    assert!(
        row_2024[2].starts_with("đổi cách tính từ năm này (gốc thong-ke)"),
        "{row_2024:?}"
    );
    let row_2023 = rows.iter().find(|r| r[0] == "2023").expect("a 2023 row");
    assert_eq!(row_2023[1], "108.000");
    let svg = app.get("/bieu-do/ban-le-qua-cac-nam-2024.svg");
    assert_eq!(svg.status, 200);
    assert!(
        svg.body
            .contains("Vạch dọc: đổi nơi công bố hoặc cách tính, hai bên không so sánh trực tiếp"),
        "{}",
        svg.body
    );
    // Without a break there is no divider.
    let plain = app.get("/bieu-do/ban-le-qua-cac-nam-2023.svg").body;
    assert!(!plain.contains("Vạch dọc"));
}

#[test]
fn a_retail_total_without_its_components_still_makes_every_page() {
    let app = spawn_app_with(|db| {
        import(db, SEED);
        import(db, RETAIL_BREAK);
    });
    for path in PAGES {
        let fetched = app.get(&crate::helpers::in_view(path, "/2024"));
        assert!(
            fetched.status == 200 || fetched.status == 404,
            "{path}: {}",
            fetched.status
        );
    }
    assert_eq!(app.get("/ban-le/2024").status, 200);
    assert_eq!(app.get("/bieu-do/co-cau-ban-le-2024.svg").status, 404);
}

/// Nine months of 2023 and 2024, as the department reports them in October.
const NINE_MONTHS: &str = "\
indicator,year,value,period,change_pct,plan_pct,status,published,url,source
trade.export,2023,500,m9,,,estimate,2023-10,https://a.vn/9-thang-2023,Sở Công Thương
trade.import,2023,90,m9,,,estimate,2023-10,https://a.vn/9-thang-2023,Sở Công Thương
trade.export,2024,600,m9,20,80,estimate,2024-10,https://a.vn/9-thang-2024,Sở Công Thương
trade.import,2024,113,m9,25.56,,estimate,2024-10,https://a.vn/9-thang-2024,Sở Công Thương
";

#[test]
fn pages_show_the_newest_period_published_and_any_period_asked_for() {
    let app = spawn_app_with(|db| {
        import(db, SEED);
        import(db, NINE_MONTHS);
    });
    // Without a year: the newest period published, 9 months of 2024.
    let html = app.page("/xuat-nhap-khau");
    assert_eq!(text(&html, "h1"), "Xuất nhập khẩu 9 tháng năm 2024");
    assert!(text(&html, ".status").starts_with("9 tháng năm 2024"));
    let export = text(&html, "#chi-tieu-trade-export .card-value");
    assert_eq!(export, "600 triệu USD");
    // A complete year opens on the whole year; a period is asked for.
    assert_eq!(
        text(&app.page("/xuat-nhap-khau/2023"), "h1"),
        "Xuất nhập khẩu năm 2023"
    );
    let html = app.page("/xuat-nhap-khau/2023/9-thang");
    assert_eq!(text(&html, "h1"), "Xuất nhập khẩu 9 tháng năm 2023");
    let nav: Vec<String> = html
        .select(&selector("header nav a"))
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect();
    assert!(nav.contains(&"/ban-le/2023/9-thang".to_string()), "{nav:?}");
    // The report-style sentence names the period and the year's plan.
    let chart = app.page("/bieu-do/can-can-thuong-mai");
    let sentences = texts(&chart, ".sentences li");
    assert!(
        sentences.contains(
            &"Kim ngạch xuất khẩu 9 tháng năm 2024 ước đạt 600 triệu USD, tăng 20% so với cùng kỳ, đạt 80% kế hoạch năm."
                .to_string()
        ),
        "{sentences:?}"
    );
    assert_eq!(
        text(&chart, "h1"),
        "Xuất khẩu, nhập khẩu và cán cân thương mại 9 tháng năm 2024"
    );
    // Downloads are named after the period.
    let csv = app.get("/bieu-do/can-can-thuong-mai-2024-9-thang.csv");
    assert_eq!(csv.status, 200);
    assert_eq!(
        csv.header("content-disposition"),
        Some("inline; filename=\"can-can-thuong-mai-2024-9-thang.csv\"")
    );
    let svg = app.get("/bieu-do/can-can-thuong-mai-2024-9-thang.svg").body;
    assert!(
        svg.contains("Xuất khẩu, nhập khẩu và cán cân thương mại 9 tháng, 2023–2024"),
        "{svg}"
    );

    for (path, status, heading) in [
        ("/?ky=13-thang", 400, "Yêu cầu không hợp lệ"),
        ("/?ky=thang-0", 400, "Yêu cầu không hợp lệ"),
        ("/?nam=2024&ky=ca-nam", 404, "Chưa có số liệu năm 2024"),
        (
            "/xuat-nhap-khau?nam=2024&ky=6-thang",
            404,
            "Chưa có số liệu 6 tháng năm 2024",
        ),
    ] {
        let fetched = app.get(path);
        assert_eq!(fetched.status, status, "{path}");
        assert_eq!(text(&fetched.html(), "h1"), heading, "{path}");
    }
}
