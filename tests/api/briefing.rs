//! `/ban-tin`: the printable briefing, read as parsed HTML. How it prints
//! (one A4 sheet) is checked in Chromium by the browser suite.

use crate::helpers::{
    BASE_URL, SEED, import, selector, spawn_app, spawn_app_with, table_rows, text, texts, year_2024,
};

#[test]
fn the_briefing_lists_the_headline_figures_as_official_reports_do() {
    let app = spawn_app();
    let html = app.page("/ban-tin");
    assert_eq!(
        texts(&html, ".briefing-table thead th"),
        [
            "Chỉ tiêu",
            "Đơn vị",
            "Ước thực hiện năm 2023",
            "So kế hoạch (%)",
            "So cùng kỳ (%)"
        ]
    );
    assert_eq!(
        table_rows(&html, ".briefing-table"),
        [
            [
                "Giá trị sản xuất công nghiệp (giá so sánh 2010)",
                "tỷ đồng",
                "31.620,6",
                "100",
                "109,45"
            ],
            [
                "Chỉ số sản xuất ngành công nghiệp (IIP)",
                "%",
                "101,69",
                "—",
                "101,69"
            ],
            [
                "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ",
                "tỷ đồng",
                "108.000",
                "100",
                "120,48"
            ],
            ["Kim ngạch xuất khẩu", "triệu USD", "680", "100", "103,03"],
            // Published as "tăng 0,7%": 100,7 keeps that one digit.
            ["Kim ngạch nhập khẩu", "triệu USD", "141", "128", "100,7"],
            [
                "Cán cân thương mại hàng hóa (xuất siêu; tính từ xuất khẩu − nhập khẩu)",
                "triệu USD",
                "539",
                "—",
                "—"
            ],
            [
                "Xếp hạng chỉ số thương mại điện tử (EBI) cả nước",
                "hạng",
                "38/63",
                "—",
                "tăng 2 bậc"
            ],
            [
                "Xếp hạng chỉ số thương mại điện tử (EBI) khu vực Tây Nguyên",
                "hạng",
                "3/5",
                "—",
                "—"
            ],
        ]
    );
    assert!(text(&html, ".briefing-meta").starts_with("Tình trạng số liệu: ước tính · Ngày in: "));
    let date = html
        .select(&selector(".briefing-meta time.print-date"))
        .next()
        .and_then(|t| t.value().attr("datetime"))
        .expect("a print date");
    assert!(date.len() == 10 && date.starts_with("20"), "{date}");
    assert!(text(&html, ".briefing-source").starts_with("Nguồn: Báo Tiền Phong, 12/2023"));
}

#[test]
fn the_briefing_carries_both_main_charts() {
    let app = spawn_app();
    let html = app.page("/ban-tin");
    let ids: Vec<_> = html
        .select(&selector(".briefing-chart figure.chart-figure"))
        .filter_map(|f| f.value().attr("id"))
        .collect();
    assert_eq!(ids, ["co-cau-ban-le", "can-can-thuong-mai"]);
    assert_eq!(
        html.select(&selector(".briefing-chart .chart-wide svg.chart"))
            .count(),
        2
    );
}

#[test]
fn the_print_control_is_an_instruction_until_a_script_makes_it_a_button() {
    let app = spawn_app();
    let html = app.page("/ban-tin");
    let control = text(&html, "[data-print-control]");
    assert!(control.contains("Ctrl+P"), "{control}");
    assert_eq!(
        html.select(&selector("[data-print-control] button"))
            .count(),
        0
    );
    let scripts: Vec<_> = html
        .select(&selector("script"))
        .map(|s| (s.value().attr("src").unwrap_or_default(), s.inner_html()))
        .collect();
    assert_eq!(scripts.len(), 1);
    assert!(
        scripts[0].0.starts_with("/static/js/site.") && scripts[0].0.ends_with(".js"),
        "{scripts:?}"
    );
    assert!(scripts[0].1.is_empty(), "an inline script: {scripts:?}");
    let script = app.get("/static/js/site.js");
    assert_eq!(script.status, 200);
    assert!(script.body.contains("window.print()"));
}

/// The dark modules of a QR code drawn as `qr_code` draws it: one path of
/// horizontal runs `M{x} {y}h{n}v1h-{n}z` in a square viewBox.
fn qr_modules(svg: &str) -> (usize, Vec<bool>) {
    let document = roxmltree::Document::parse(svg).expect("the QR code is well-formed SVG");
    let size: usize = document
        .root_element()
        .attribute("viewBox")
        .and_then(|v| v.rsplit(' ').next())
        .and_then(|s| s.parse().ok())
        .expect("a square viewBox");
    let mut dark = vec![false; size * size];
    let path = document
        .descendants()
        .find(|n| n.has_tag_name("path"))
        .and_then(|n| n.attribute("d"))
        .expect("a path");
    for run in path.split('M').filter(|r| !r.is_empty()) {
        let numbers: Vec<usize> = run
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(|n| n.parse().unwrap())
            .collect();
        let (x, y, length) = (numbers[0], numbers[1], numbers[2]);
        for dx in 0..length {
            dark[y * size + x + dx] = true;
        }
    }
    (size, dark)
}

/// Reads a QR code the way a phone does: from pixels.
fn decode_qr(svg: &str) -> String {
    const PIXELS_PER_MODULE: usize = 4;
    let (size, dark) = qr_modules(svg);
    let side = size * PIXELS_PER_MODULE;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
        if dark[(y / PIXELS_PER_MODULE) * size + x / PIXELS_PER_MODULE] {
            0
        } else {
            255
        }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("a readable QR code").1
}

#[test]
fn the_qr_code_leads_back_to_the_live_briefing_of_that_year() {
    let app = spawn_app_with(|db| {
        import(db, SEED);
        import(db, &year_2024());
    });
    for (path, year) in [("/ban-tin", 2024), ("/ban-tin/2023", 2023)] {
        let html = app.page(path);
        let svg = html
            .select(&selector(".qr-figure svg.qr"))
            .next()
            .expect("a QR code")
            .html();
        let live = format!("{BASE_URL}/ban-tin/{year}");
        assert_eq!(decode_qr(&svg), live, "{path}");
        assert_eq!(
            html.select(&selector(".briefing-source a"))
                .next()
                .and_then(|a| a.value().attr("href")),
            Some(live.as_str())
        );
    }
}

#[test]
fn a_year_of_mixed_status_names_the_rows_that_differ() {
    let app = spawn_app_with(|db| {
        import(
            db,
            &year_2024().replace(
                "industry.output,2024,33518.2,tỷ đồng,,101.5,6.00,,,,estimate",
                "industry.output,2024,33518.2,tỷ đồng,,101.5,6.00,,,,official",
            ),
        );
    });
    let html = app.page("/ban-tin/2024");
    assert_eq!(
        texts(&html, ".briefing-table thead th")[2],
        "Ước thực hiện năm 2024"
    );
    let rows = table_rows(&html, ".briefing-table");
    assert_eq!(
        rows[0][0],
        "Giá trị sản xuất công nghiệp (giá so sánh 2010) (chính thức)"
    );
    // Imports fell: 100 − 7,80 = 92,20, written with its published digits.
    assert_eq!(rows[4][4], "92,20");
    assert_eq!(rows[1][0], "Chỉ số sản xuất ngành công nghiệp (IIP)");
}

#[test]
fn a_year_without_figures_has_no_briefing() {
    let app = spawn_app();
    let fetched = app.get("/ban-tin?nam=2019");
    assert_eq!(fetched.status, 404);
    assert!(fetched.body.contains("2019"));
}
