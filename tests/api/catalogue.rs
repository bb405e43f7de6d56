//! The catalogue is data: an indicator that exists in no committed file,
//! added as one row of a copy of `data/indicators.csv` plus its figures,
//! reaches its section's page, its figure page, the API, the downloads and
//! the entry template — with no code changed.

use std::io::Read;
use std::path::Path;

use crate::helpers::{spawn_app_from_data, text, texts};

/// A part of exports (pepper) and a figure of its own on the industry page
/// (electricity, a quantity).
const NEW_INDICATORS: &str = "\
trade.export.pepper,Kim ngạch xuất khẩu hồ tiêu,Hồ tiêu,triệu USD,amount,xuat-nhap-khau,trade.export,Giá trị hồ tiêu xuất khẩu.,
industry.electricity,Sản lượng điện sản xuất,Sản lượng điện,triệu kWh,quantity,cong-nghiep,,Điện do các nhà máy trên địa bàn sản xuất.,
";

const COMMITTED: [&str; 4] = [
    "indicators.csv",
    "observations.csv",
    "activities.csv",
    "public-record.csv",
];

/// A copy of the committed `data/` with the two indicators and a figure of
/// each for 2024 added.
fn data_with_new_indicators(dir: &Path) {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for name in COMMITTED {
        let text = std::fs::read_to_string(committed.join(name)).unwrap();
        assert!(
            !text.contains("pepper") && !text.contains("electricity"),
            "{name} already holds the test's indicators"
        );
        let text = match name {
            "indicators.csv" => format!("{text}{NEW_INDICATORS}"),
            "public-record.csv" => {
                // The record's own header, whatever its column order.
                let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
                let row = |cells: &[(&str, &str)]| {
                    header
                        .iter()
                        .map(|column| {
                            cells
                                .iter()
                                .find(|(c, _)| c == column)
                                .map_or("", |(_, v)| v)
                        })
                        .collect::<Vec<_>>()
                        .join(",")
                };
                let common = [
                    ("year", "2024"),
                    ("period", "year"),
                    ("territory", "gia-lai-cu"),
                    ("publisher", "so-cong-thuong"),
                    ("status", "estimate"),
                    ("published", "2024-12-30"),
                    ("url", "https://so-lieu.example.vn/bai-thu"),
                    ("source", "Sở Công Thương"),
                ];
                let mut pepper = common.to_vec();
                pepper.extend([("indicator", "trade.export.pepper"), ("value", "12.5")]);
                let mut electricity = common.to_vec();
                electricity.extend([
                    ("indicator", "industry.electricity"),
                    ("value", "1234.5"),
                    ("change_pct", "3.2"),
                ]);
                let mut year_before = electricity.clone();
                year_before.extend([("year", "2023"), ("value", "1196.2"), ("change_pct", "")]);
                year_before.retain(|(c, v)| !(*c == "year" && *v == "2024"));
                year_before.retain(|(c, v)| !(*c == "value" && *v == "1234.5"));
                year_before.retain(|(c, v)| !(*c == "change_pct" && *v == "3.2"));
                format!(
                    "{text}{}\n{}\n{}\n",
                    row(&pepper),
                    row(&electricity),
                    row(&year_before)
                )
            }
            _ => text,
        };
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// Every text of the XML parts of a workbook, joined.
pub fn workbook_text(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut all = String::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        if file.name().unwrap().ends_with(".xml") {
            file.read_to_string(&mut all).unwrap();
        }
    }
    all
}

#[test]
fn a_new_indicator_is_one_catalogue_row_plus_its_figures() {
    let data = tempfile::tempdir().unwrap();
    data_with_new_indicators(data.path());
    let app = spawn_app_from_data(data.path());

    // A part: in its total's breakdown on the section page, with its share
    // of the total computed from the two published amounts (820 for 2024).
    let trade = app.page("/xuat-nhap-khau/2024/ca-nam");
    let row = texts(&trade, "#thanh-phan-trade-export-pepper td");
    assert_eq!(row[0], "12,5 triệu USD");
    assert_eq!(row[1], "≈ 1,52% (tính toán)");
    assert!(
        text(&trade, "section[aria-labelledby=thanh-phan] .note")
            .contains("Chỉ một phần các thành phần được công bố")
    );

    // A figure of its own: a card on its section's page.
    let industry = app.page("/cong-nghiep/2024/ca-nam");
    let card = text(&industry, "#chi-tieu-industry-electricity");
    assert!(card.starts_with("Sản lượng điện 1.234,5"), "{card}");
    assert!(card.contains("1.234,5 triệu kWh"), "{card}");
    assert!(card.contains("tăng 3,2%"), "{card}");
    // Its years, drawn in the page.
    let history = text(&industry, "#bieu-do-qua-cac-nam-industry-electricity-desc");
    assert!(history.contains("năm 2023: 1.196,2"), "{history}");
    assert!(history.contains("năm 2024: 1.234,5"), "{history}");

    // Its page of versions.
    let history = app.page("/so-lieu/trade.export.pepper/2024/ca-nam");
    assert!(text(&history, "main").contains("12,5"));

    // The API.
    let indicators: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/indicators").body).unwrap();
    let listed: Vec<(&str, &str)> = indicators["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["code"].as_str().unwrap(), i["kind"].as_str().unwrap()))
        .collect();
    assert!(listed.contains(&("trade.export.pepper", "amount")));
    assert!(listed.contains(&("industry.electricity", "quantity")));
    let observations: serde_json::Value = serde_json::from_str(
        &app.get("/api/v1/observations?indicator=trade.export.pepper")
            .body,
    )
    .unwrap();
    assert_eq!(observations["observations"][0]["value"], "12.5");

    // The downloads.
    let csv = app.get("/du-lieu/so-lieu.csv").body;
    assert!(
        csv.lines()
            .any(|l| l.starts_with("trade.export.pepper,2024,12.5,")),
        "the CSV download lacks the new figure"
    );
    let xlsx = workbook_text(&app.get("/du-lieu/so-lieu.xlsx").bytes);
    assert!(xlsx.contains("trade.export.pepper") && xlsx.contains("Kim ngạch xuất khẩu hồ tiêu"));

    // The entry template's drop-down of codes.
    let template = workbook_text(&app.get("/du-lieu/mau-nhap-lieu.xlsx").bytes);
    assert!(template.contains("industry.electricity"));
    assert!(template.contains("Sản lượng điện sản xuất (triệu kWh)"));
}

/// Starts the site on a new database made from the `data/` folder `data`,
/// which must refuse to start: what it said, and where the database would
/// have been.
fn refused_serving(data: &Path) -> (String, std::path::PathBuf) {
    let db = data.join("x.sqlite");
    let output = crate::helpers::congthuong(&[
        "serve",
        "--data",
        &data.to_string_lossy(),
        "--db",
        &db.to_string_lossy(),
        "--addr",
        "127.0.0.1:0",
    ]);
    let (_, stderr) = crate::helpers::output_text(&output);
    assert!(!output.status.success(), "{stderr}");
    (stderr, db)
}

#[test]
fn a_catalogue_with_a_mistake_names_its_line_and_makes_no_database() {
    let data = tempfile::tempdir().unwrap();
    data_with_new_indicators(data.path());
    let path = data.path().join("indicators.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    // Coffee in tấn as a part of exports in triệu USD.
    std::fs::write(
        &path,
        format!("{text}trade.export.tea,Chè,Chè,tấn,quantity,xuat-nhap-khau,trade.export,Chè.,\n"),
    )
    .unwrap();
    let lines = text.lines().count() + 1;
    let (stderr, db) = refused_serving(data.path());
    assert!(
        stderr.contains(&format!("dòng {lines}, cột part_of: đơn vị \"tấn\"")),
        "{stderr}"
    );
    assert!(!db.exists());
}

#[test]
fn a_record_row_without_its_publication_date_names_its_line_and_makes_no_database() {
    // Each publication of the record becomes a release dated by its day;
    // an undated row would be a release dated by the making of the
    // database, which is not when anything came out.
    let data = tempfile::tempdir().unwrap();
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for name in COMMITTED {
        std::fs::copy(committed.join(name), data.path().join(name)).unwrap();
    }
    let path = data.path().join("public-record.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let undated: Vec<&str> = header
        .iter()
        .map(|column| match *column {
            "indicator" => "trade.export",
            "year" => "2019",
            "value" => "500",
            "period" => "year",
            "publisher" => "so-cong-thuong",
            "kind" => "figure",
            "unit" => "triệu USD",
            "status" => "official",
            "source" => "Sở Công Thương",
            _ => "",
        })
        .collect();
    std::fs::write(&path, format!("{text}{}\n", undated.join(","))).unwrap();
    let line = text.lines().count() + 1;
    let (stderr, db) = refused_serving(data.path());
    assert!(stderr.contains("public-record.csv"), "{stderr}");
    assert!(
        stderr.contains(&format!("dòng {line}, cột published: thiếu ngày công bố")),
        "{stderr}"
    );
    assert!(!db.exists());
}
