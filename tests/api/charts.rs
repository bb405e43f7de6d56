use std::sync::Arc;

use resvg::usvg;

use crate::helpers::{CHARTS, selector, spawn_app};

struct Label {
    text: String,
}

/// The SVG's size from its viewBox, and its text labels.
fn read_svg(body: &str) -> ((f64, f64), Vec<Label>, String, String) {
    let document = roxmltree::Document::parse(body).expect("the chart is well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    let view_box: Vec<f64> = root
        .attribute("viewBox")
        .expect("a viewBox")
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let child_text = |name: &str| {
        root.children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_string()
    };
    let labels = document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| Label {
            text: n.text().unwrap_or_default().trim().to_string(),
        })
        .collect();
    (
        (view_box[2], view_box[3]),
        labels,
        child_text("title"),
        child_text("desc"),
    )
}

#[test]
fn every_chart_is_an_accessible_scalable_svg() {
    let app = spawn_app();
    for path in CHARTS {
        let fetched = app.get(path);
        assert_eq!(fetched.status, 200, "{path}");
        assert_eq!(
            fetched.content_type, "image/svg+xml; charset=utf-8",
            "{path}"
        );
        let ((width, height), labels, title, desc) = read_svg(&fetched.body);
        assert!(width >= 600.0 && height >= 300.0, "{path}");
        assert!(title.ends_with("2023"), "{path}: {title}");
        assert!(desc.len() > 40, "{path}: {desc}");
        let source = labels
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            source.contains("Nguồn: Báo Tiền Phong, 12/2023"),
            "{path}: {source}"
        );
        assert!(
            fetched
                .body
                .contains("font-family=\"&apos;DejaVu Sans&apos;"),
            "{path}"
        );
    }
}

/// Text laid out by usvg (shaping with rustybuzz) in the committed fonts:
/// a measurement made apart from the charts' own `text_width`.
fn usvg_options() -> usvg::Options<'static> {
    let mut fonts = usvg::fontdb::Database::new();
    for file in ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"] {
        let path = format!("{}/static/fonts/{file}", env!("CARGO_MANIFEST_DIR"));
        fonts.load_font_data(std::fs::read(path).expect("the committed font"));
    }
    fonts.set_sans_serif_family("DejaVu Sans");
    usvg::Options {
        font_family: "DejaVu Sans".to_string(),
        fontdb: Arc::new(fonts),
        ..usvg::Options::default()
    }
}

/// Every text of `group` and below, with its box on the canvas.
fn text_boxes(group: &usvg::Group, out: &mut Vec<(String, usvg::Rect)>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(group) => text_boxes(group, out),
            usvg::Node::Text(text) => {
                let words: String = text.chunks().iter().map(|c| c.text()).collect();
                out.push((words, text.abs_bounding_box()));
            }
            _ => {}
        }
    }
}

/// Every label of `svg`, as usvg lays it out with the font's glyphs, lies
/// inside the chart's width; returns that width.
fn assert_labels_fit(name: &str, svg: &str) -> f64 {
    let ((width, _), labels, _, _) = read_svg(svg);
    let tree = usvg::Tree::from_str(svg, &usvg_options()).expect("usvg reads the chart");
    let mut boxes = Vec::new();
    text_boxes(tree.root(), &mut boxes);
    assert_eq!(boxes.len(), labels.len(), "{name}: every label is laid out");
    for (text, bounds) in boxes {
        let (left, right) = (f64::from(bounds.left()), f64::from(bounds.right()));
        assert!(
            left >= 0.0 && right <= width,
            "{name}: \"{text}\" spans {left:.1}..{right:.1} of {width}"
        );
    }
    width
}

#[test]
#[should_panic(expected = "spans")]
fn the_label_check_fails_on_a_label_past_the_edge() {
    // 30 px Vietnamese text starting 20 px from the right edge.
    assert_labels_fit(
        "thử",
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" width="200" height="50" viewBox="0 0 200 50"><title>t</title><desc>d</desc><text x="180" y="40" font-family="DejaVu Sans" font-size="30">Xuất khẩu</text></svg>"#,
    );
}

#[test]
fn every_chart_label_fits_inside_the_chart_by_the_font_s_own_metrics() {
    let app = spawn_app();
    for path in CHARTS {
        assert_labels_fit(path, &app.get(path).body);
    }
}

#[test]
fn the_narrow_layout_for_phones_fits_its_labels_and_keeps_every_figure() {
    let app = spawn_app();
    for path in CHARTS {
        let page_path = path.trim_end_matches(".svg");
        let html = app.page(page_path);
        let svg_of = |layout: &str| {
            html.select(&selector(&format!(".{layout} svg.chart")))
                .next()
                .unwrap_or_else(|| panic!("{page_path}: no {layout} chart"))
                .html()
        };
        let (wide, narrow) = (svg_of("chart-wide"), svg_of("chart-narrow"));
        let width = assert_labels_fit(&format!("{page_path} (hẹp)"), &narrow);
        assert!(
            width <= 420.0,
            "{page_path}: the narrow chart is {width} wide"
        );
        // The same figures and the same accessible description, in both.
        let (_, wide_labels, wide_title, wide_desc) = read_svg(&wide);
        let (_, narrow_labels, narrow_title, narrow_desc) = read_svg(&narrow);
        assert_eq!(wide_title, narrow_title, "{page_path}");
        assert_eq!(wide_desc, narrow_desc, "{page_path}");
        let figures = |labels: &[Label]| {
            let mut numbers: Vec<String> = labels
                .iter()
                .map(|l| l.text.clone())
                .filter(|t| t.starts_with(|c: char| c.is_ascii_digit()) && t.contains([',', '(']))
                .collect();
            numbers.sort();
            numbers
        };
        assert_eq!(
            figures(&wide_labels),
            figures(&narrow_labels),
            "{page_path}"
        );
    }
}

#[test]
fn the_retail_chart_labels_all_five_components_largest_first() {
    let app = spawn_app();
    let (_, labels, _, desc) = read_svg(&app.get("/bieu-do/co-cau-ban-le.svg").body);
    let texts: Vec<&str> = labels.iter().map(|l| l.text.as_str()).collect();
    let values: Vec<&str> = texts
        .iter()
        .copied()
        .filter(|t| t.ends_with("%)"))
        .collect();
    assert_eq!(
        values,
        [
            "90.173 (83,49%)",
            "8.948 (8,29%)",
            "8.678 (8,04%)",
            "131 (0,12%)",
            "69 (0,06%)"
        ]
    );
    for name in [
        "Thương nghiệp",
        "Dịch vụ ăn uống",
        "Dịch vụ khác",
        "Dịch vụ lưu trú",
        "Lữ hành, hỗ trợ du lịch",
    ] {
        assert!(texts.contains(&name), "{name} not in {texts:?}");
    }
    assert!(texts.contains(&"tỷ đồng"), "axis unit missing: {texts:?}");
    assert!(
        texts.iter().any(|t| *t == "100.000" || *t == "80.000"),
        "Vietnamese ticks: {texts:?}"
    );
    assert!(
        desc.contains("Thương nghiệp 90.173 tỷ đồng, chiếm 83,49%"),
        "{desc}"
    );
}

#[test]
fn the_trade_chart_shows_exports_imports_and_the_computed_balance() {
    let app = spawn_app();
    let (_, labels, title, desc) = read_svg(&app.get("/bieu-do/can-can-thuong-mai.svg").body);
    let texts: Vec<&str> = labels.iter().map(|l| l.text.as_str()).collect();
    for expected in [
        "680",
        "141",
        "539",
        "2023",
        "Xuất khẩu",
        "Nhập khẩu",
        "Cán cân thương mại (tính toán)",
    ] {
        assert!(texts.contains(&expected), "{expected} not in {texts:?}");
    }
    // 2022 is derived from 2023's published changes, and marked so.
    assert_eq!(
        title,
        "Xuất khẩu, nhập khẩu và cán cân thương mại 2022–2023"
    );
    for expected in ["2022", "(suy ra)", "660,0", "140,0", "520,0"] {
        assert!(texts.contains(&expected), "{expected} not in {texts:?}");
    }
    assert!(
        desc.contains("năm 2023: xuất khẩu 680, nhập khẩu 141, cán cân xuất siêu 539 (tính toán)"),
        "{desc}"
    );
    assert!(desc.contains("năm 2022 (suy ra từ tốc độ tăng)"), "{desc}");
}

#[test]
fn charts_honour_the_year_parameter() {
    let app = spawn_app();
    for path in CHARTS {
        let (this, before) = (
            crate::helpers::chart_file(path, "2023"),
            crate::helpers::chart_file(path, "2022"),
        );
        assert_eq!(app.get(&this).status, 200, "{this}");
        assert_eq!(app.get(&before).status, 404, "{before}");
    }
}
