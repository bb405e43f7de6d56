//! The public record 2020–2025 in the site's format: every figure of
//! `../shared/source/public-record/figures-2020-2025.csv` whose indicator
//! the catalogue has (161 of 216 rows; the others are indicators such as
//! coffee exports that it does not list yet), converted as printed — values
//! from Vietnamese to machine format, amounts in triệu đồng shifted to tỷ
//! đồng without losing a digit, the IIP as its index (100 + change), the
//! agency an article names as publisher (an outlet that names none:
//! `bao-chi`), plans and targets as plans, the department's retail figures
//! from 2024 on the statistics office's basis — with each row's date and
//! URL. Five rows printed twice on the same day are kept once.

use crate::helpers::{import, spawn_app_with, text, texts};

const SAMPLE: &str = include_str!("../fixtures/public-record-sample.csv");

fn api(app: &crate::helpers::TestApp, query: &str) -> Vec<serde_json::Value> {
    let fetched = app.get(&format!("/api/v1/observations?{query}"));
    assert_eq!(fetched.status, 200, "{query}: {}", fetched.body);
    let body: serde_json::Value = serde_json::from_str(&fetched.body).unwrap();
    body["observations"].as_array().unwrap().clone()
}

fn values(list: &[serde_json::Value]) -> Vec<(String, String)> {
    list.iter()
        .map(|o| {
            (
                o["publisher"].as_str().unwrap().to_string(),
                o["value"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_public_record_imports_whole_and_shows_exactly_as_printed() {
    let app = spawn_app_with(|db| {
        let report = import(db, SAMPLE);
        assert!(
            report.contains("thêm 156, thay thế 5, không đổi 0"),
            "{report}"
        );
    });
    // Every version of every figure, and every plan, comes back out.
    let csv = app.get("/du-lieu/so-lieu.csv").body;
    assert_eq!(csv.lines().count(), SAMPLE.lines().count());

    // A revision: exports 2024 printed 750, 820, 800, then 820 again.
    let exports = "indicator=trade.export&nam=2024&period=year&publisher=so-cong-thuong";
    let current = api(&app, exports);
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["value"], "820");
    assert_eq!(current[0]["published"], "2025-04-24");
    assert_eq!(current[0]["status"], "preliminary");
    assert_eq!(
        api(&app, &format!("{exports}&as_of=2024-12-31"))[0]["value"],
        "800"
    );
    assert_eq!(
        api(&app, &format!("{exports}&as_of=2024-11-30"))[0]["value"],
        "750"
    );

    // Two publishers disagreeing, both kept.
    assert_eq!(
        values(&api(&app, "indicator=trade.import&nam=2023&period=year")),
        [
            ("so-cong-thuong".to_string(), "141".to_string()),
            ("thong-ke".to_string(), "110".to_string())
        ]
    );
    // Amounts printed in triệu đồng keep every digit in tỷ đồng.
    let retail_2022 = api(
        &app,
        "indicator=retail.total&nam=2022&period=year&publisher=thong-ke",
    );
    assert_eq!(retail_2022[0]["value"], "47017.946");
    // A series on a new basis.
    let retail_2024 = api(
        &app,
        "indicator=retail.total&nam=2024&period=year&publisher=so-cong-thuong",
    );
    assert_eq!(retail_2024[0]["value"], "60771");
    assert_eq!(retail_2024[0]["basis"], "thong-ke");
    // Every kind of period: cumulative, single month, and the merged
    // province's first periods.
    assert_eq!(
        api(&app, "indicator=trade.export&nam=2024&period=month-9")[0]["value"],
        "50"
    );
    // "Phía Tây" after the merger: the old Gia Lai's area, a sub-territory
    // report, never the merged province's figure.
    let west = api(&app, "indicator=trade.export&nam=2025&period=m8");
    assert_eq!(west[0]["value"], "989");
    assert_eq!(west[0]["territory"], "gia-lai-cu");
    assert_eq!(west[0]["sub_territory"], true);
    assert_eq!(west[0]["plan_pct"], "89.9");
    // The IIP as an index.
    assert_eq!(
        api(&app, "indicator=industry.iip&nam=2021&period=m9")[0]["value"],
        "112.43"
    );

    // The pages: the newest period published for a whole province is the
    // old Gia Lai's 5 months of 2025 (the 8 months' report is of its area
    // after the merger, not of a province: it has no page of its own).
    let html = crate::helpers::TestApp::page(&app, "/xuat-nhap-khau");
    assert_eq!(text(&html, "h1"), "Xuất nhập khẩu 5 tháng năm 2025");
    assert_eq!(
        text(&html, "#chi-tieu-trade-export .card-value"),
        "756,9 triệu USD"
    );
    assert!(
        text(&html, ".page-meta .status").contains("Địa bàn: tỉnh Gia Lai (trước 1/7/2025)"),
        "{}",
        text(&html, ".page-meta .status")
    );
    assert_eq!(app.get("/xuat-nhap-khau?nam=2025&ky=8-thang").status, 404);
    let html = app.page("/xuat-nhap-khau/2024/9-thang");
    assert_eq!(
        text(&html, "#chi-tieu-trade-export .card-value"),
        "700 triệu USD"
    );
    let html = app.page("/xuat-nhap-khau/2024");
    assert_eq!(
        text(&html, "#chi-tieu-trade-export .card-value"),
        "820 triệu USD"
    );
    assert!(
        text(&html, "#chi-tieu-trade-export .card-status")
            .contains("đã điều chỉnh ngày 24/04/2025 từ 800 triệu USD"),
        "{}",
        text(&html, "#chi-tieu-trade-export .card-status")
    );
    let html = app.page("/ban-le/2024");
    assert_eq!(
        text(&html, "#chi-tieu-retail-total .card-value"),
        "60.771 tỷ đồng"
    );
    // The retail series across the years is not read as one line: the
    // statistics office's 2022, the department's 2023, the department's
    // 2024 on the office's basis.
    let chart = app.page("/bieu-do/ban-le-qua-cac-nam/2024");
    let rows = crate::helpers::table_rows(&chart, "table.data");
    let note_of = |year: &str| rows.iter().find(|r| r[0] == year).map(|r| r[2].clone());
    assert!(
        note_of("2024")
            .unwrap()
            .starts_with("đổi cách tính từ năm này (gốc thong-ke)")
    );
    assert!(
        note_of("2023")
            .unwrap()
            .starts_with("số của Sở Công Thương từ năm này")
    );
}

#[test]
fn a_figure_says_who_published_it_what_others_printed_and_every_version() {
    let app = spawn_app_with(|db| {
        import(db, SAMPLE);
    });
    // The leading figure names its publisher and links its page; the
    // statistics office's disagreeing figure is said in words beside it,
    // with its own link.
    let html = app.page("/xuat-nhap-khau/2023");
    let card = "#chi-tieu-trade-import";
    assert_eq!(text(&html, &format!("{card} .card-value")), "141 triệu USD");
    assert!(
        text(&html, &format!("{card} .card-source")).starts_with("Nguồn: Sở Công Thương, công bố"),
        "{}",
        text(&html, &format!("{card} .card-source"))
    );
    let others = crate::helpers::texts(&html, &format!("{card} .card-others li"));
    assert_eq!(others.len(), 1, "{others:?}");
    assert!(
        others[0].starts_with("Cục Thống kê công bố 110 triệu USD (giảm 21,43%), ngày 28/12/2023"),
        "{}",
        others[0]
    );
    let links: Vec<String> = html
        .select(&crate::helpers::selector(&format!(
            "{card} .card-source a, {card} .card-others a"
        )))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links.len(), 2, "{links:?}");
    assert!(links.iter().all(|l| l.starts_with("http")), "{links:?}");
    assert_ne!(links[0], links[1]);

    // The period picker offers the year's periods; the year's default
    // period is linked without `ky`.
    let periods = crate::helpers::texts(&html, ".period-picker a");
    assert!(periods.contains(&"Cả năm".to_string()), "{periods:?}");
    assert!(periods.contains(&"9 tháng".to_string()), "{periods:?}");
    let current = text(&html, ".period-picker a[aria-current=page]");
    assert_eq!(current, "Cả năm");
    let nine = html
        .select(&crate::helpers::selector(".period-picker a"))
        .find(|a| crate::helpers::text_of(*a) == "9 tháng")
        .unwrap();
    assert_eq!(
        nine.value().attr("href"),
        Some("/xuat-nhap-khau/2023/9-thang")
    );

    // Every version is one click away: the card links to the figure's page
    // of versions, which lists the revisions of exports 2024 in order.
    let html = app.page("/xuat-nhap-khau/2024");
    let history = html
        .select(&crate::helpers::selector(
            "#chi-tieu-trade-export .card-history a",
        ))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(history, "/so-lieu/trade.export/2024");
    let page = app.page(&history);
    assert_eq!(
        text(&page, "h1"),
        "Kim ngạch xuất khẩu năm 2024: các lần công bố"
    );
    let rows = crate::helpers::table_rows(&page, "table.data");
    let values: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(values, ["750", "820", "800", "820", "820"], "{rows:?}");
    let shown: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[0].contains("đang hiển thị"))
        .collect();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0][6], "24/04/2025");
    assert!(rows[0][0].contains("đã có bản sau"));

    // What has no page is a 404 in Vietnamese.
    let unknown = app.get("/so-lieu/khong-co/2024");
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.contains("Không có chỉ tiêu mã"));
    assert_eq!(app.get("/so-lieu/trade.export/2019").status, 404);
}

#[test]
fn a_dated_view_shows_the_figures_as_they_stood_that_day() {
    let app = spawn_app_with(|db| {
        import(db, SAMPLE);
    });
    let value = |path: &str| {
        let html = app.page(path);
        text(&html, "#chi-tieu-trade-export .card-value")
    };
    // Exports 2024: 750 in November, 800 on 27/12/2024, 820 later.
    assert_eq!(
        value("/xuat-nhap-khau/2024/ngay-2024-11-30"),
        "750 triệu USD"
    );
    assert_eq!(
        value("/xuat-nhap-khau/2024/ngay-2024-12-27"),
        "800 triệu USD"
    );
    assert_eq!(value("/xuat-nhap-khau/2024"), "820 triệu USD");

    let html = app.page("/xuat-nhap-khau/2024/ngay-2024-12-27");
    assert!(
        text(&html, ".dated-banner").starts_with("Số liệu như đã công bố đến hết ngày 27/12/2024."),
        "{}",
        text(&html, ".dated-banner")
    );
    let back = html
        .select(&crate::helpers::selector(".dated-banner a"))
        .next()
        .unwrap();
    assert_eq!(back.value().attr("href"), Some("/xuat-nhap-khau/2024"));
    // Links stay in the dated view.
    for css in [".year-picker a", ".site-header nav a"] {
        let links: Vec<_> = html.select(&crate::helpers::selector(css)).collect();
        assert!(links.len() > 2, "{css}: {} links", links.len());
        for link in links {
            let href = link.value().attr("href").unwrap();
            assert!(href.ends_with("/ngay-2024-12-27"), "{css}: {href}");
        }
    }
    // Without a year, the newest period published by that day.
    let html = app.page("/xuat-nhap-khau/ngay-2024-12-27");
    // (the year's estimate was out in November).
    assert_eq!(text(&html, "h1"), "Xuất nhập khẩu năm 2024");
    // The undated page has no banner.
    assert!(crate::helpers::texts(&app.page("/xuat-nhap-khau/2024"), ".dated-banner").is_empty());

    // A citation links to the view of the day it was made.
    let chart = app.page("/bieu-do/can-can-thuong-mai/2023");
    let citation = text(&chart, "#cach-trich-dan");
    let today = crate::helpers::today_in_vietnam();
    let (d, m, y) = (&today[0..2], &today[3..5], &today[6..10]);
    assert!(
        citation.contains(&format!(
            "/bieu-do/can-can-thuong-mai/2023/ngay-{y}-{m}-{d}"
        )),
        "{citation}"
    );

    // Downloads of a dated view say the day in their names.
    let csv = app.get("/bieu-do/can-can-thuong-mai-2023-ngay-2024-12-31.csv");
    assert_eq!(
        csv.header("content-disposition"),
        Some("inline; filename=\"can-can-thuong-mai-2023-ngay-2024-12-31.csv\"")
    );

    // What is not a day is a 400 that says how to write one; a day before
    // any figure is a 404.
    for bad in ["2024-13-01", "2024-12", "31/12/2024", "2024-02-30"] {
        let fetched = app.get(&format!("/xuat-nhap-khau?nam=2024&ngay={bad}"));
        assert_eq!(fetched.status, 400, "{bad}");
        assert!(fetched.body.contains("ví dụ 2024-12-31"), "{bad}");
    }
    assert_eq!(app.get("/xuat-nhap-khau?ngay=2019-01-01").status, 404);
}

#[test]
fn a_period_briefing_reads_as_a_period_report() {
    let app = spawn_app_with(|db| {
        import(db, SAMPLE);
    });
    let html = app.page("/ban-tin/2024/9-thang");
    assert_eq!(
        text(&html, "h1"),
        "Bản tin số liệu ngành Công Thương 9 tháng năm 2024"
    );
    let headings = crate::helpers::texts(&html, "table thead th");
    assert!(
        headings.iter().any(|h| h.ends_with("9 tháng năm 2024")),
        "{headings:?}"
    );
    assert!(
        headings.contains(&"So kế hoạch năm (%)".to_string()),
        "{headings:?}"
    );
    assert!(
        headings.contains(&"So cùng kỳ (%)".to_string()),
        "{headings:?}"
    );
    let rows = crate::helpers::table_rows(&html, "table");
    let exports = rows
        .iter()
        .find(|r| r[0].starts_with("Kim ngạch xuất khẩu"))
        .expect("an exports row");
    assert_eq!(exports[2], "700", "{exports:?}");
    // The QR code and the printed address lead back to this period.
    assert!(html.html().contains(&format!(
        "{}/ban-tin/2024/9-thang",
        crate::helpers::BASE_URL
    )),);
}

#[test]
fn cards_say_how_far_along_the_year_s_plan_is_and_what_the_plan_is() {
    let app = spawn_app_with(|db| {
        import(db, SAMPLE);
        // Written plans the record lacks: a growth range, and an amount
        // with a figure that prints no share of it.
        import(
            db,
            concat!(
                "indicator,year,value,period,publisher,kind,change_low,change_high,status,published,source\n",
                "industry.iip,2024,,year,ubnd,plan,9.5,10.5,,2024-01-15,UBND tỉnh\n",
                "trade.import,2024,115,year,so-cong-thuong,plan,,,,2024-01-15,Sở Công Thương\n",
                "trade.import,2024,120,year,so-cong-thuong,figure,,,estimate,2024-12-28,Sở Công Thương\n",
            ),
        );
    });
    let html = app.page("/xuat-nhap-khau/2024/9-thang");
    let card = |what: &str| text(&html, &format!("#chi-tieu-trade-export {what}"));
    assert_eq!(card(".card-plan"), "đạt 93,33% kế hoạch năm");
    assert_eq!(
        card(".card-target"),
        "Kế hoạch năm 2024: 750 triệu USD (Sở Công Thương, 28/06/2024)"
    );
    assert!(
        card(".card-previous").starts_with("9 tháng năm 2023:"),
        "{}",
        card(".card-previous")
    );

    // Through the year: each cumulative period against the year's plan and
    // the same period a year earlier; the period shown stands out.
    let rows = crate::helpers::table_rows(&html, "table.progress");
    assert!(
        rows.contains(&vec![
            "9 tháng".to_string(),
            "700".to_string(),
            "93,33".to_string(),
            "570".to_string(),
            "tăng 26,13%".to_string()
        ]),
        "{rows:?}"
    );
    assert_eq!(
        crate::helpers::texts(&html, "table.progress tr.emphasis th"),
        ["9 tháng", "9 tháng"]
    );
    // And as a chart: this year's periods beside last year's, the plan as
    // a line, told in words for screen readers.
    assert_eq!(
        text(&html, "#bieu-do-tien-do-trade-export-title"),
        "Kim ngạch xuất khẩu lũy kế các kỳ năm 2024 so với cùng kỳ năm 2023"
    );
    let told = text(&html, "#bieu-do-tien-do-trade-export-desc");
    for words in [
        "9 tháng: năm 2024 700, năm 2023 570",
        "Đường đứt nét: Kế hoạch năm 2024: 750.",
    ] {
        assert!(told.contains(words), "{told}");
    }
    assert!(
        html.select(&crate::helpers::selector(
            "#bieu-do-tien-do-trade-export-hep-title"
        ))
        .next()
        .is_some()
    );

    let html = app.page("/xuat-nhap-khau/2024");
    assert_eq!(
        text(&html, "#chi-tieu-trade-import .card-plan"),
        "vượt 4,35% kế hoạch (tính từ kế hoạch 115 triệu USD)"
    );
    let html = app.page("/cong-nghiep/2024");
    assert_eq!(
        text(&html, "#chi-tieu-industry-iip .card-target"),
        "Kế hoạch năm 2024: tăng 9,5–10,5% (UBND tỉnh, 15/01/2024)"
    );
}

#[test]
fn a_later_period_of_the_merged_province_becomes_the_default_view_without_a_restart() {
    let app = spawn_app_with(|db| {
        import(db, SAMPLE);
    });
    import(
        &app.db,
        concat!(
            "indicator,year,value,period,territory,publisher,change_pct,status,published,source\n",
            "trade.export,2025,2300,m9,gia-lai,so-cong-thuong,21.05,estimate,2025-10-06,Sở Công Thương\n",
            "trade.export,2024,1200,m9,binh-dinh,so-cong-thuong,,official,2024-10-06,Sở Công Thương Bình Định\n",
            "trade.import,2024,90,m9,binh-dinh,thong-ke,,official,2024-10-06,Cục Thống kê Bình Định\n",
            "trade.import,2025,150,m9,gia-lai,so-cong-thuong,,estimate,2025-10-06,Sở Công Thương\n",
        ),
    );
    std::thread::sleep(std::time::Duration::from_millis(50));
    let html = app.page("/xuat-nhap-khau");
    assert_eq!(text(&html, "h1"), "Xuất nhập khẩu 9 tháng năm 2025");
    assert!(
        text(&html, ".page-meta .status")
            .contains("Địa bàn: tỉnh Gia Lai (từ 1/7/2025, gồm Gia Lai và Bình Định cũ)"),
        "{}",
        text(&html, ".page-meta .status")
    );
    // The comparison crosses 1/7/2025: the same period a year earlier is
    // the two old provinces' amounts summed, and says so — both of the same
    // publisher as the figure shown.
    assert_eq!(
        text(&html, "#chi-tieu-trade-export .card-previous"),
        "9 tháng năm 2024: 1.900 triệu USD (cộng gộp hai tỉnh cũ, tính toán: Gia Lai cũ 700 + Bình Định cũ 1.200)"
    );
    // Bình Định's imports are the statistics office's: nothing is summed
    // across two publishers, and the old Gia Lai's alone is no "cùng kỳ"
    // of the merged province. The series has no previous period and no
    // published change: it says so, and what other series hold.
    assert_eq!(
        text(&html, "#chi-tieu-trade-import .card-previous"),
        "9 tháng năm 2024: chưa có số cùng chuỗi (Sở Công Thương công bố 113 triệu USD cho 9 tháng năm 2024, số của tỉnh Gia Lai (trước 1/7/2025): không so sánh trực tiếp)"
    );

    // A month of the next year becomes the default view in its turn.
    import(
        &app.db,
        concat!(
            "indicator,year,value,period,territory,publisher,status,published,source\n",
            "trade.export,2026,250,month-1,gia-lai,so-cong-thuong,estimate,2026-02-05,Sở Công Thương\n",
        ),
    );
    std::thread::sleep(std::time::Duration::from_millis(50));
    let html = app.page("/xuat-nhap-khau");
    assert_eq!(text(&html, "h1"), "Xuất nhập khẩu tháng 1 năm 2026");
    assert_eq!(
        text(&html, "#chi-tieu-trade-export .card-value"),
        "250 triệu USD"
    );
}

/// The curated public record committed in `data/`: the sample above with
/// reprints of one figure by several outlets kept once (the earliest), the
/// interview's figures left to `observations.csv`, and the doubtful figures
/// of the record's notes marked "Nghi vấn: …" with why.
const RECORD: &str = include_str!("../../data/public-record.csv");

#[test]
fn the_committed_record_checks_clean_and_shows_every_year() {
    let app = crate::helpers::spawn_app();
    let report = import(&app.db, RECORD);
    assert!(report.contains("không đổi 0"), "{report}");
    // `check` exits 0: what does not reconcile is a warning quoting the
    // figure's note.
    let output = crate::helpers::congthuong(&["check", "--db", &app.db.to_string_lossy()]);
    let (stdout, stderr) = crate::helpers::output_text(&output);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains(", 0 lỗi."), "{stdout}");
    assert!(stdout.contains("— đã ghi chú: Nghi vấn:"), "{stdout}");
    std::thread::sleep(std::time::Duration::from_millis(50));

    // One period of every year 2020–2025, exactly as printed.
    let card = |path: &str, code: &str| {
        let html = app.page(path);
        text(&html, &format!("#chi-tieu-{code} .card-value"))
    };
    assert_eq!(card("/ban-le/2020", "retail-total"), "75.000 tỷ đồng");
    assert_eq!(
        card("/xuat-nhap-khau/2021/6-thang", "trade-export"),
        "315 triệu USD"
    );
    assert_eq!(
        card("/xuat-nhap-khau/2022", "trade-export"),
        "660 triệu USD"
    );
    assert_eq!(
        card("/cong-nghiep/2023", "industry-output"),
        "31.620,6 tỷ đồng"
    );
    assert_eq!(
        card("/xuat-nhap-khau/2024", "trade-export"),
        "820 triệu USD"
    );
    assert_eq!(
        card("/xuat-nhap-khau/2025/3-thang", "trade-export"),
        "462 triệu USD"
    );
    // The newest period published is the default view.
    assert_eq!(text(&app.page("/"), "h1"), "Tổng quan 2 tháng năm 2026");

    // The "phía Tây" exports of 8 months 2025, a report for part of the
    // province, are listed on the exports' page of 2025 as what they are.
    let html = app.page("/so-lieu/trade.export/2025");
    let parts = crate::helpers::table_rows(&html, "#mot-phan-dia-ban ~ .table-scroll table");
    // The two halves: "phía Tây" (the old Gia Lai) and "phía Đông" (the
    // old Bình Định).
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert_eq!(parts[0][0], "8 tháng năm 2025");
    assert_eq!(parts[0][2], "tỉnh Gia Lai (trước 1/7/2025)");
    assert_eq!(parts[0][3], "989");
    assert_eq!(parts[1][2], "tỉnh Bình Định (trước 1/7/2025)");
    assert_eq!(parts[1][3], "1.190");

    // Ranks across the years, each with the number of provinces ranked.
    let html = app.page("/thuong-mai-dien-tu/2023");
    let ranks = crate::helpers::table_rows(&html, "#xep-hang-qua-cac-nam ~ .table-scroll table");
    assert!(
        ranks.contains(&vec![
            "2021".to_string(),
            "44/56".to_string(),
            "—".to_string(),
            "Sở Công Thương".to_string()
        ]),
        "{ranks:?}"
    );
    assert!(
        ranks.iter().any(|r| r[0] == "2023" && r[1] == "38/63"),
        "{ranks:?}"
    );

    // A doubtful figure says so where it is shown: the 630 of a later
    // retrospective does not replace the 610 both publishers printed at
    // the time, and is said beside it with why it is doubtful.
    let html = app.page("/xuat-nhap-khau/2021");
    assert_eq!(
        text(&html, "#chi-tieu-trade-export .card-value"),
        "610 triệu USD"
    );
    let others = texts(&html, "#chi-tieu-trade-export .card-others li");
    assert!(
        others.iter().any(|o| o
            .starts_with("Sở Công Thương sau đó ghi 630 triệu USD, ngày 24/04/2025")
            && o.contains("(Nghi vấn:")),
        "{others:?}"
    );
    let html = app.page("/cong-nghiep/2024");
    assert!(
        text(&html, "#chi-tieu-industry-iip .card-note").starts_with("Ghi chú: Nghi vấn:"),
        "{}",
        text(&html, "#chi-tieu-industry-iip .card-note")
    );
    // An estimate later confirmed with the same value was not adjusted.
    let html = app.page("/ban-le/2020");
    let status = text(&html, "#chi-tieu-retail-total .card-status");
    assert!(status.contains("trước đó là số ước tính"), "{status}");
    assert!(!status.contains("điều chỉnh"), "{status}");

    // Every figure of the record is on a page a reader can reach: each
    // row's figure page (the periods and years it links) answers, and
    // shows the row's value.
    for line in RECORD.lines().skip(1) {
        let fields: Vec<&str> = line.splitn(8, ',').collect();
        let (code, year, value, period, kind) =
            (fields[0], fields[1], fields[2], fields[3], fields[6]);
        if kind != "figure" {
            continue;
        }
        // A report for part of the province has no period page of its
        // own: the figure's page of its year lists it.
        let path = if line.contains(",yes,") {
            format!("/so-lieu/{code}/{year}")
        } else {
            let slug = congthuong::period::Period::from_code(period)
                .unwrap()
                .slug();
            format!("/so-lieu/{code}/{year}/{slug}")
        };
        let page = app.get(&path);
        assert_eq!(page.status, 200, "{path}");
        let shown = vietnamese(value);
        assert!(page.body.contains(&shown), "{path}: {shown}");
    }
}

/// A machine number written the Vietnamese way, worked out here rather
/// than by the site's own formatting: "47017.946" → "47.017,946".
fn vietnamese(machine: &str) -> String {
    let (whole, fraction) = machine.split_once('.').unwrap_or((machine, ""));
    let digits: Vec<char> = whole.chars().collect();
    let mut grouped = String::new();
    for (i, digit) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(*digit);
    }
    if fraction.is_empty() {
        grouped
    } else {
        format!("{grouped},{fraction}")
    }
}

#[test]
fn the_site_as_run_serves_the_public_record() {
    // `cargo run` makes its database from the interview and the record.
    let mut served = crate::hardening::serve_binary_with_seed("full");
    let base = format!("http://{}", served.address.trim_start_matches("http://"));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent.get(&format!("{base}/")).call().unwrap();
    assert_eq!(response.status(), 200);
    let html = scraper::Html::parse_document(&response.body_mut().read_to_string().unwrap());
    assert_eq!(text(&html, "h1"), "Tổng quan 2 tháng năm 2026");
    let mut response = agent.get(&format!("{base}/cap-nhat")).call().unwrap();
    let html = scraper::Html::parse_document(&response.body_mut().read_to_string().unwrap());
    // The interview and the record as the publications they were (the
    // page lists the newest 50), not the making of the database.
    let releases = crate::helpers::texts(&html, "section.release h2");
    assert_eq!(releases.len(), 50, "{releases:?}");
    assert!(
        releases.iter().all(|r| r.starts_with("Công bố ")),
        "{releases:?}"
    );
    let _ = served.child.kill();
    let _ = served.child.wait();
}

/// A card's "cùng kỳ", a progress chart's bars of the year before and a
/// briefing's "so cùng kỳ" come from the figure's own series (publisher,
/// basis, territory): the statistics office's retail level, half the
/// department's, is never set beside the department's 108.000, nor the old
/// province's figures beside the merged province's.
#[test]
fn comparisons_stay_within_one_series() {
    let app = crate::helpers::spawn_app();
    import(&app.db, RECORD);
    std::thread::sleep(std::time::Duration::from_millis(50));

    let html = app.page("/ban-le/2023");
    assert_eq!(
        text(&html, "#chi-tieu-retail-total .card-value"),
        "108.000 tỷ đồng"
    );
    let previous = text(&html, "#chi-tieu-retail-total .card-previous");
    assert!(
        previous.starts_with(
            "Năm 2022: ≈ 89.641,4 tỷ đồng (suy ra từ tốc độ tăng: 89.641,4 ≈ 108.000 ÷ (1 + 20,48%))"
        ),
        "{previous}"
    );
    assert!(
        previous.ends_with(
            "(Cục Thống kê công bố 47.017,946 tỷ đồng cho năm 2022, số của Cục Thống kê, chuỗi số liệu khác: không so sánh trực tiếp)"
        ),
        "{previous}"
    );
    // The progress chart and its table: 9 months of 2022 is the
    // department's own; the whole year is derived, and said so.
    let rows = crate::helpers::table_rows(&html, "table.progress");
    assert!(!rows.is_empty());
    let year = rows
        .iter()
        .find(|r| r[0] == "Cả năm")
        .expect("a whole-year row");
    assert_eq!(year[3], "≈ 89.641,4 (suy ra)");
    let nine = rows
        .iter()
        .find(|r| r[0] == "9 tháng")
        .expect("a 9-month row");
    assert_eq!(nine[3], "63.327");
    let told = text(&html, "#bieu-do-tien-do-retail-total-desc");
    assert!(
        told.contains("Cả năm: năm 2023 108.000, năm 2022 89.641,4"),
        "{told}"
    );
    assert!(!told.contains("47.017"), "{told}");
    assert!(text(&html, "figure.chart-figure figcaption.note").contains("suy ra từ tốc độ tăng"),);
    // The briefing's "so cùng kỳ" is the published change.
    let html = app.page("/ban-tin/2023");
    let row = texts(&html, "#ban-tin-retail-total td");
    assert!(row.iter().any(|cell| cell == "120,48"), "{row:?}");

    // The merged province's 2025 against 2024: the old province's 60.771
    // covers half a province; the merged series has no 2024 of its own.
    let html = app.page("/ban-le/2025");
    let previous = text(&html, "#chi-tieu-retail-total .card-previous");
    assert!(
        previous.starts_with("Năm 2024: ≈ 175.405,8 tỷ đồng (suy ra từ tốc độ tăng"),
        "{previous}"
    );
    assert!(
        previous.contains("60.771 tỷ đồng cho năm 2024, số của tỉnh Gia Lai (trước 1/7/2025): không so sánh trực tiếp"),
        "{previous}"
    );
    // Exports of the department and imports of the statistics office are
    // not subtracted from each other.
    let html = app.page("/xuat-nhap-khau/2025");
    assert!(
        html.select(&crate::helpers::selector("#chi-tieu-trade-balance"))
            .next()
            .is_none()
    );
    assert!(
        text(&html, "section[aria-labelledby=chi-tieu-chinh] .card-note").contains(
            "xuất khẩu của Sở Công Thương, nhập khẩu của Cục Thống kê, hai chuỗi số liệu khác nhau"
        )
    );
}

/// The overview is a dashboard: each headline figure with a small chart of
/// where it has been going — the same period across the years in its own
/// series, or this year's periods — told in words to screen readers.
#[test]
fn the_overview_shows_where_each_headline_figure_is_going() {
    let app = crate::helpers::spawn_app();
    import(&app.db, RECORD);
    std::thread::sleep(std::time::Duration::from_millis(50));

    let html = app.page("/2024");
    let sparks = texts(&html, ".card .card-spark svg desc");
    assert!(sparks.len() >= 3, "{sparks:?}");
    assert_eq!(
        text(&html, "#xu-huong-trade-export-title"),
        "Xuất khẩu qua các năm (triệu USD)"
    );
    assert_eq!(
        text(&html, "#xu-huong-trade-export-desc"),
        "Đơn vị triệu USD: 2020 580; 2021 610; 2022 660; 2023 680; 2024 820."
    );
    // The department's 2024 retail is at the statistics office's level:
    // its series starts that year, so 2023 is the value its change implies
    // (drawn pale), never the department's 108.000 of the other level.
    assert_eq!(
        text(&html, "#xu-huong-retail-total-desc"),
        "Đơn vị tỷ đồng: 2023 55.176,1 (suy ra từ tốc độ tăng); 2024 60.771."
    );
    let svg = html
        .select(&crate::helpers::selector(
            "#chi-tieu-trade-export .card-spark svg",
        ))
        .next()
        .expect("the export card's chart");
    assert_eq!(svg.value().attr("role"), Some("img"));
    assert_eq!(
        svg.value().attr("aria-labelledby"),
        Some("xu-huong-trade-export-title xu-huong-trade-export-desc")
    );
    assert_eq!(
        svg.select(&crate::helpers::selector("rect")).count(),
        5,
        "a bar a year"
    );

    // Where the years give one value, this year's periods.
    let html = app.page("/2025");
    assert_eq!(
        text(&html, "#xu-huong-trade-export-desc"),
        "Đơn vị triệu USD: 8 tháng 2.180; 11 tháng 3.200; Cả năm 3.450."
    );
}

/// What an audit of the record against its sources found, mended: each
/// case as a reader meets it.
#[test]
fn the_audit_of_the_record_against_its_sources_is_mended() {
    let app = crate::helpers::spawn_app();
    import(&app.db, RECORD);
    std::thread::sleep(std::time::Duration::from_millis(50));

    // (i) A growth rate printed without a level is kept and shown: the
    // statistics office's retail 2023, beside the department's.
    let html = app.page("/ban-le/2023");
    let others = texts(&html, "#chi-tieu-retail-total .card-others li");
    assert!(
        others.iter().any(|o| o.starts_with(
            "Cục Thống kê công bố tăng 17,57% so với cùng kỳ (ước tính, không công bố giá trị), ngày 28/12/2023"
        )),
        "{others:?}"
    );
    let versions = app.page("/so-lieu/retail.total/2023");
    let rows = crate::helpers::table_rows(&versions, "table.data");
    assert!(
        rows.iter()
            .any(|r| r.contains(&"không công bố".to_string())
                && r.contains(&"tăng 17,57%".to_string())),
        "{rows:?}"
    );
    let api: serde_json::Value = serde_json::from_str(
        &app.get("/api/v1/observations?indicator=retail.total&nam=2023&period=year")
            .body,
    )
    .unwrap();
    assert_eq!(api["growth_only"][0]["change_pct"], "17.57");
    assert_eq!(api["growth_only"][0]["publisher"], "thong-ke");
    let csv = app.get("/du-lieu/so-lieu.csv").body;
    assert!(
        csv.lines().any(|l| l
            .starts_with("trade.export,2022,,m6,gia-lai-cu,thong-ke,figure,triệu USD,,,33.33,")),
        "the first half of 2022's export growth is in the download"
    );
    let xlsx = crate::catalogue::workbook_text(&app.get("/du-lieu/so-lieu.xlsx").bytes);
    assert!(xlsx.contains("Chỉ công bố tốc độ tăng, không công bố giá trị."));
    assert!(xlsx.contains("<v>17.57</v>"));

    // (ii) A page that gives no date is dated as the record gives it, never
    // the day of the import: the first half of 2023 stands in a view of
    // 1/1/2025.
    let today = crate::helpers::today_in_vietnam();
    let html = app.page("/ban-le/2023/6-thang/ngay-2025-01-01");
    let source = text(&html, "#chi-tieu-retail-total .card-source");
    assert!(source.contains("công bố 09/2024"), "{source}");
    for path in ["/cong-nghiep/2023/6-thang", "/xuat-nhap-khau/2023/6-thang"] {
        let sources = texts(&app.page(path), ".card-source");
        assert!(!sources.is_empty(), "{path}");
        assert!(
            sources.iter().all(|s| !s.contains(&today)),
            "{path}: {sources:?}"
        );
    }

    // (iii) The 140.000 target of 2025 is the old province's, not the
    // merged province's.
    let html = app.page("/ban-le/2025");
    let target = text(&html, "#chi-tieu-retail-total .card-target");
    assert!(!target.contains("140.000"), "{target}");
    let csv_plan = csv
        .lines()
        .find(|l| l.starts_with("retail.total,2025,140000,year,"))
        .expect("the 140.000 target");
    assert!(csv_plan.contains(",gia-lai-cu,"), "{csv_plan}");

    // (iv) Two months of 2024 at 26.870 is on the old basis: its card is
    // set against the old basis's plan, and its 2024 year of the other
    // level is not its "cùng kỳ".
    let html = app.page("/ban-le/2024/2-thang");
    assert_eq!(
        text(&html, "#chi-tieu-retail-total .card-target"),
        "Kế hoạch năm 2024: 123.000 tỷ đồng (Sở Công Thương, 26/09/2023)"
    );

    // (v) The 630 of a later retrospective does not replace the 610 (see
    // the test of the committed record).
    assert_eq!(
        text(
            &app.page("/xuat-nhap-khau/2021"),
            "#chi-tieu-trade-export .card-value"
        ),
        "610 triệu USD"
    );

    // (vi) "Thương nghiệp" in the 8-month 2020 breakdown is the commerce
    // part: the breakdown shows three parts, not two of five.
    let html = app.page("/bieu-do/co-cau-ban-le/2020/8-thang");
    let parts = crate::helpers::table_rows(&html, "table.data");
    assert!(
        parts
            .iter()
            .any(|r| r[0] == "Thương nghiệp" && r[1] == "36.815"),
        "{parts:?}"
    );

    // (vii) Retail 2021's 91,17% of plan is kept beside the sister
    // article's 92,19%, which is marked doubtful.
    let rows = crate::helpers::table_rows(&app.page("/so-lieu/retail.total/2021"), "table.data");
    assert!(
        rows.iter().any(|r| r.contains(&"91,17%".to_string())),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(|r| r.contains(&"92,19%".to_string())),
        "{rows:?}"
    );
}
