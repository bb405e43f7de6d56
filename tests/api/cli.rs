//! The command line, run as the real binary: import, export, check.

use std::path::Path;

use crate::helpers::{HEADER, SEED, congthuong, import, output_text, write_file, year_2024};

fn export(db: &Path, extra: &[&str]) -> String {
    let db = db.to_string_lossy();
    let mut args = vec!["export", "--db", &db];
    args.extend_from_slice(extra);
    let output = congthuong(&args);
    let (stdout, stderr) = output_text(&output);
    assert!(output.status.success(), "export failed: {stderr}");
    stdout
}

#[test]
fn an_import_reports_what_it_added_replaced_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.sqlite");
    assert!(import(&db, SEED).contains("thêm 12, thay thế 0, không đổi 0"));
    assert!(import(&db, SEED).contains("thêm 0, thay thế 0, không đổi 12"));
    let revised = format!(
        "{HEADER}trade.export,2023,690.2,triệu USD,,101.5,4.56,,,,official,Cục Thống kê,\n"
    );
    assert!(import(&db, &revised).contains("thêm 0, thay thế 1, không đổi 0"));
    assert!(import(&db, &year_2024()).contains("thêm 12, thay thế 0, không đổi 0"));
}

#[test]
fn a_bad_file_is_rejected_whole_naming_its_lines_and_writing_nothing() {
    let good = "trade.export,2023,680,triệu USD,,100,3.03,,,,estimate,Báo,\n";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "a Vietnamese-formatted number",
            format!(
                "{HEADER}{good}industry.output,2023,\"31.620,6\",tỷ đồng,,,,,,,estimate,Báo,\n"
            )
            .into_bytes(),
            "dòng 3, cột value",
        ),
        (
            "a number that does not parse",
            format!("{HEADER}{good}trade.import,2023,141,triệu USD,,một trăm,,,,,estimate,Báo,\n")
                .into_bytes(),
            "dòng 3, cột plan_pct",
        ),
        (
            "an unknown indicator",
            format!("{HEADER}trade.exports,2023,680,,,,,,,,estimate,Báo,\n{good}").into_bytes(),
            "dòng 2, cột indicator",
        ),
        (
            "an implausible year",
            format!("{HEADER}{good}trade.import,20233,141,,,,,,,,estimate,Báo,\n").into_bytes(),
            "dòng 3, cột year",
        ),
        (
            "the same indicator and year twice",
            format!("{HEADER}{good}{good}").into_bytes(),
            "dòng 3, cột indicator: trade.export năm 2023 đã có ở dòng 2",
        ),
        (
            "a missing required column",
            b"indicator,year,value,source\ntrade.export,2023,680,B\xc3\xa1o\n".to_vec(),
            "dòng 1, cột status: thiếu cột bắt buộc",
        ),
        ("an empty file", Vec::new(), "tệp rỗng"),
        (
            "a header without rows",
            HEADER.as_bytes().to_vec(),
            "không có dòng số liệu",
        ),
        (
            "a file that is not UTF-8",
            // "Báo" saved as Latin-1 rather than UTF-8.
            [
                HEADER.as_bytes(),
                b"trade.export,2023,680,,,,,,,,estimate,B\xe1o,\n",
            ]
            .concat(),
            "UTF-8",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeded.sqlite");
    import(&db, SEED);
    let before = export(&db, &[]);
    for (what, content, expected) in cases {
        let file = write_file(dir.path(), "bad.csv", &content);
        let output = congthuong(&["import", "--db", &db.to_string_lossy(), &file]);
        let (_, stderr) = output_text(&output);
        assert!(!output.status.success(), "{what}: accepted");
        assert!(stderr.contains(expected), "{what}: {stderr}");
        assert!(stderr.contains("không ghi dữ liệu nào"), "{what}: {stderr}");
        assert_eq!(export(&db, &[]), before, "{what}: the database changed");
    }
    // A rejected file does not even create a database.
    let missing = dir.path().join("missing.sqlite");
    let file = write_file(dir.path(), "bad.csv", b"");
    assert!(
        !congthuong(&["import", "--db", &missing.to_string_lossy(), &file])
            .status
            .success()
    );
    assert!(!missing.exists());
}

#[test]
fn export_then_import_into_a_fresh_database_then_export_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.sqlite");
    import(&first, SEED);
    import(&first, &year_2024());
    let exported = export(&first, &[]);
    assert!(exported.starts_with("indicator,year,value,"));
    let second = dir.path().join("second.sqlite");
    import(&second, &exported);
    assert_eq!(export(&second, &[]), exported);
    assert_eq!(export(&first, &["--nam", "2023"]), SEED);
    let only_2024 = export(&first, &["--nam", "2024"]);
    assert!(
        only_2024
            .lines()
            .skip(1)
            .all(|line| line.contains(",2024,"))
    );
}

#[test]
fn check_reports_the_seed_s_differences_as_rounding_and_passes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeded.sqlite");
    import(&db, SEED);
    import(&db, &year_2024());
    let output = congthuong(&["check", "--db", &db.to_string_lossy()]);
    let (stdout, _) = output_text(&output);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("[làm tròn] 2023 retail.total: tổng so với cộng 5 thành phần: công bố 108.000, tính được 107.999"), "{stdout}");
    assert!(
        stdout.contains("2024 trade.export: tốc độ tăng so với năm 2023"),
        "{stdout}"
    );
    assert!(stdout.contains(", 0 lỗi."), "{stdout}");
}

#[test]
fn check_fails_on_figures_that_contradict_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crafted.sqlite");
    import(&db, SEED);
    // 2022 exports of 600 contradict 2023's published "tăng 3,03%".
    import(
        &db,
        &format!("{HEADER}trade.export,2022,600,triệu USD,,,,,,,official,Báo,\n"),
    );
    let output = congthuong(&["check", "--db", &db.to_string_lossy()]);
    let (stdout, _) = output_text(&output);
    assert!(!output.status.success(), "{stdout}");
    assert!(
        stdout.contains("[LỖI] 2023 trade.export: tốc độ tăng so với năm 2022"),
        "{stdout}"
    );
}

#[test]
fn commands_on_a_missing_database_say_so_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.sqlite");
    for command in ["export", "check"] {
        let output = congthuong(&[command, "--db", &missing.to_string_lossy()]);
        let (_, stderr) = output_text(&output);
        assert!(!output.status.success(), "{command}");
        assert_eq!(stderr.lines().count(), 1, "{command}: {stderr}");
        assert!(
            stderr.contains("none.sqlite: không có tệp cơ sở dữ liệu"),
            "{command}: {stderr}"
        );
    }
}

fn run_import(db: &Path, file: &str, extra: &[&str]) -> (bool, String, String) {
    let db = db.to_string_lossy();
    let mut args = vec!["import", "--db", &db];
    args.extend_from_slice(extra);
    args.push(file);
    let output = congthuong(&args);
    let (stdout, stderr) = output_text(&output);
    (output.status.success(), stdout, stderr)
}

#[test]
fn a_dry_run_says_figure_by_figure_what_would_change_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeded.sqlite");
    import(&db, SEED);
    let before = export(&db, &[]);
    // As Excel saves CSV under Vietnamese settings: `;` between columns.
    let file = write_file(
        dir.path(),
        "thang-12.csv",
        "indicator;year;value;publisher;status;published;url;source\n\
         trade.export;2023;690.2;so-cong-thuong;official;2024-03;https://a.vn/xk;Sở Công Thương\n\
         trade.import;2023;110;thong-ke;estimate;2023-12-28;https://a.vn/nk;Cục Thống kê\n\
         retail.total;2023;108000;so-cong-thuong;estimate;2023-12;https://tienphong.vn/so-cong-thuong-gia-lai-no-luc-doan-ket-de-phat-trien-post1600102.tpo;\"Báo Tiền Phong, 12/2023: phỏng vấn ông Phạm Văn Binh, Giám đốc Sở Công Thương tỉnh Gia Lai\"\n"
            .as_bytes(),
    );
    let (ok, stdout, stderr) = run_import(&db, &file, &["--dry-run"]);
    assert!(ok, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            &format!("{file}: 3 dòng hợp lệ (CSV, các cột cách nhau bằng dấu chấm phẩy (;))."),
            "  trade.export năm 2023 gia-lai-cu (so-cong-thuong, công bố 03/2024): thêm phiên bản mới (điều chỉnh từ 680)",
            "  trade.import năm 2023 gia-lai-cu (thong-ke, công bố 28/12/2023): thêm",
            "  retail.total năm 2023 gia-lai-cu (so-cong-thuong, công bố 12/2023): thay thế (plan_pct: 100 → trống; change_pct: 20.48 → trống)",
            "Chạy thử, không ghi gì: sẽ thêm 1, thay thế 2, không đổi 0.",
        ]
    );
    assert_eq!(export(&db, &[]), before);
    // Without a database, every figure would be new, and none is made.
    let missing = dir.path().join("chua-co.sqlite");
    let (ok, stdout, _) = run_import(&missing, &file, &["--dry-run"]);
    assert!(
        ok && stdout.contains("sẽ thêm 3, thay thế 0, không đổi 0"),
        "{stdout}"
    );
    assert!(!missing.exists());
    // Then for real; tried again, nothing would change.
    let (ok, stdout, _) = run_import(&db, &file, &[]);
    assert!(
        ok && stdout.contains("thêm 1, thay thế 2, không đổi 0"),
        "{stdout}"
    );
    assert_ne!(export(&db, &[]), before);
    let (ok, stdout, _) = run_import(&db, &file, &["--dry-run"]);
    assert!(
        ok && stdout.contains("sẽ thêm 0, thay thế 0, không đổi 3"),
        "{stdout}"
    );
}

/// The template with rows typed into its first sheet, as a spreadsheet
/// program saves them (strings inline in the sheet).
fn filled_template(template: &[u8], rows: &[&[&str]]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(template)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(content).unwrap();
            let mut typed = String::new();
            for (r, row) in (2..).zip(rows) {
                typed.push_str(&format!("<row r=\"{r}\">"));
                for (c, value) in row.iter().enumerate() {
                    if value.is_empty() {
                        continue;
                    }
                    let column = (b'A' + c as u8) as char;
                    typed.push_str(&format!(
                        "<c r=\"{column}{r}\" t=\"inlineStr\"><is><t>{value}</t></is></c>"
                    ));
                }
                typed.push_str("</row>");
            }
            content = xml
                .replace("</sheetData>", &format!("{typed}</sheetData>"))
                .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn the_entry_template_has_the_format_s_columns_lists_and_help_and_imports_filled_in() {
    let app = crate::helpers::spawn_app();
    let fetched = app.get("/du-lieu/mau-nhap-lieu.xlsx");
    assert_eq!(fetched.status, 200);
    assert_eq!(
        fetched.content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let html = app.page("/du-lieu");
    assert!(
        html.select(&crate::helpers::selector(
            "a[href=\"/du-lieu/mau-nhap-lieu.xlsx\"]"
        ))
        .next()
        .is_some()
    );
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&fetched.bytes)).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let workbook = read("xl/workbook.xml");
    for sheet in ["Số liệu", "Danh mục", "Hướng dẫn"] {
        assert!(workbook.contains(&format!("name=\"{sheet}\"")), "{sheet}");
    }
    let sheet = read("xl/worksheets/sheet1.xml");
    assert_eq!(sheet.matches("<dataValidation ").count(), 7, "{sheet}");
    assert!(sheet.contains("type=\"list\""));
    let strings = read("xl/sharedStrings.xml");
    for column in [
        "indicator",
        "period",
        "territory",
        "publisher",
        "published",
        "url",
    ] {
        assert!(strings.contains(&format!("<t>{column}</t>")), "{column}");
    }
    assert!(strings.contains("Tình trạng: estimate (ước tính)"));

    // Filled in (the columns in the template's order) and imported as it is.
    let filled = filled_template(
        &fetched.bytes,
        &[
            &[
                "trade.export",
                "2024",
                "800",
                "year",
                "gia-lai-cu",
                "so-cong-thuong",
                "figure",
                "triệu USD",
                "",
                "106.67",
                "17.65",
                "",
                "",
                "",
                "",
                "",
                "estimate",
                "",
                "",
                "2024-12-27",
                "https://nld.com.vn/a.htm",
                "Sở Công Thương",
                "",
            ],
            &[
                "trade.export",
                "2025",
                "850",
                "year",
                "gia-lai-cu",
                "so-cong-thuong",
                "plan",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "2024-12-27",
                "",
                "Sở Công Thương",
                "",
            ],
            &[
                "industry.iip",
                "2025",
                "",
                "year",
                "gia-lai-cu",
                "ubnd",
                "plan",
                "",
                "",
                "",
                "",
                "9.5",
                "10.5",
                "",
                "",
                "",
                "",
                "",
                "",
                "2025-01",
                "",
                "UBND tỉnh",
                "",
            ],
            &[
                "retail.total",
                "2024",
                "0.70",
                "m1",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "estimate",
                "",
                "",
                "2024-02",
                "",
                "Sở",
                "",
            ],
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(dir.path(), "thang-12.xlsx", &filled);
    let db = dir.path().join("site.sqlite");
    let (ok, stdout, stderr) = run_import(&db, &file, &[]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("4 dòng hợp lệ (bảng tính Excel, trang “Số liệu”)"),
        "{stdout}"
    );
    let exported = export(&db, &[]);
    assert!(
        exported.contains("retail.total,2024,0.70,m1,gia-lai-cu,so-cong-thuong,figure,"),
        "{exported}"
    );
    assert!(
        exported.contains(",plan,tỷ đồng,")
            || exported.contains("industry.iip,2025,,year,gia-lai-cu,ubnd,plan,%,,,,9.5,10.5,"),
        "{exported}"
    );
    assert!(
        exported.contains("trade.export,2025,850,year,gia-lai-cu,so-cong-thuong,plan,"),
        "{exported}"
    );

    // A mistake in the sheet is named by the sheet's own row.
    let wrong = filled_template(
        &fetched.bytes,
        &[
            &["trade.export", "2024", "800", "year"],
            &[
                "trade.export",
                "2024",
                // Thousands or a decimal? Refused rather than guessed,
                // as the `;` CSV refuses it.
                "1.234",
                "year",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "estimate",
                "",
                "",
                "",
                "",
                "Sở",
                "",
            ],
        ],
    );
    let file = write_file(dir.path(), "sai.xlsx", &wrong);
    let (ok, _, stderr) = run_import(&db, &file, &[]);
    assert!(!ok);
    assert!(stderr.contains("dòng 2, cột status"), "{stderr}");
    assert!(stderr.contains("dòng 3, cột value"), "{stderr}");
}

/// What a staff member does: download the template, type a period's
/// figures into it, try it, load it, and see the figures on the site.
#[test]
fn a_staff_member_s_round_trip_from_template_to_page() {
    let site = crate::helpers::spawn_app();
    let template = site.get("/du-lieu/mau-nhap-lieu.xlsx").bytes;
    let filled = filled_template(
        &template,
        &[
            &[
                "trade.export",
                "2024",
                "700",
                "m9",
                "gia-lai-cu",
                "so-cong-thuong",
                "figure",
                "triệu USD",
                "",
                "93.33",
                "26.13",
                "",
                "",
                "",
                "",
                "",
                "estimate",
                "",
                "",
                "2024-10-09",
                "https://trithuc24h.com.vn/kinh-te/xuat-khau",
                "Sở Công Thương",
                "",
            ],
            &[
                "trade.import",
                "2024",
                "113",
                "m9",
                "gia-lai-cu",
                "so-cong-thuong",
                "figure",
                "triệu USD",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "estimate",
                "",
                "",
                "2024-10-09",
                "",
                "Sở Công Thương",
                "",
            ],
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(dir.path(), "9-thang-2024.xlsx", &filled);
    let app = crate::helpers::spawn_app_with(|db| {
        import(db, SEED);
        let (ok, stdout, stderr) = run_import(db, &file, &["--dry-run"]);
        assert!(ok, "{stderr}");
        assert!(
            stdout.contains("Chạy thử, không ghi gì: sẽ thêm 2, thay thế 0, không đổi 0."),
            "{stdout}"
        );
        let (ok, stdout, stderr) = run_import(db, &file, &[]);
        assert!(
            ok && stdout.contains("thêm 2, thay thế 0, không đổi 0"),
            "{stdout}{stderr}"
        );
    });
    let html = app.page("/xuat-nhap-khau");
    assert_eq!(
        crate::helpers::text(&html, "h1"),
        "Xuất nhập khẩu 9 tháng năm 2024"
    );
    assert_eq!(
        crate::helpers::text(&html, "#chi-tieu-trade-export .card-value"),
        "700 triệu USD"
    );
    assert!(
        crate::helpers::text(&html, "#chi-tieu-trade-balance .card-value").contains("587"),
        "{}",
        crate::helpers::text(&html, "#chi-tieu-trade-balance .card-value")
    );
}

/// The site's own "Dữ liệu mở" workbook, downloaded and handed back in,
/// holds the whole record: imported into an empty database, it exports
/// the same bytes as the database it came from — every version, change
/// published alone, plan (in words on its sheet), part-of-province report
/// and published digit.
#[test]
fn the_open_data_workbook_imports_and_holds_the_whole_record() {
    let site =
        crate::helpers::spawn_app_from_data(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"));
    let workbook = site.get("/du-lieu/so-lieu.xlsx");
    assert_eq!(workbook.status, 200);
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(dir.path(), "so-lieu.xlsx", &workbook.bytes);
    let copy = dir.path().join("copy.sqlite");
    let (ok, stdout, stderr) = run_import(&copy, &file, &[]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("các trang “Số liệu”, “Kế hoạch”"),
        "{stdout}"
    );
    let original = export(&site.db, &[]);
    assert!(
        original.lines().count() > 200,
        "the whole record: {}",
        original.lines().count()
    );
    assert!(
        original.contains(",yes,"),
        "with a report of part of the province"
    );
    assert_eq!(export(&copy, &[]), original);
}

/// Cells are read as staff see them: a number typed as text with a
/// decimal comma, a number formatted with a trailing zero, a real date
/// cell, a percentage.
#[test]
fn workbook_cells_are_read_as_staff_see_them() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let header = [
        "indicator",
        "year",
        "value",
        "period",
        "territory",
        "publisher",
        "status",
        "published",
        "source",
        "plan_pct",
    ];
    for (column, name) in (0u16..).zip(header) {
        sheet.write_string(0, column, name).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let two_places = Format::new().set_num_format("0.00");
    let percent = Format::new().set_num_format("0.00%");
    for (row, (code, period)) in (1u32..).zip([("retail.total", "m1"), ("trade.export", "year")]) {
        sheet.write_string(row, 0, code).unwrap();
        sheet.write_number(row, 1, 2026).unwrap();
        sheet.write_string(row, 3, period).unwrap();
        sheet.write_string(row, 4, "gia-lai").unwrap();
        sheet.write_string(row, 5, "so-cong-thuong").unwrap();
        sheet.write_string(row, 6, "estimate").unwrap();
        sheet
            .write_datetime_with_format(row, 7, ExcelDateTime::from_ymd(2026, 4, 3).unwrap(), &date)
            .unwrap();
        sheet.write_string(row, 8, "Báo cáo").unwrap();
    }
    // Typed as text in the template's text column: a decimal comma.
    sheet.write_string(1, 2, "1000,5").unwrap();
    // A number cell showing 0,70.
    sheet
        .write_number_with_format(2, 2, 0.7, &two_places)
        .unwrap();
    // 91,17 % as Excel holds it: 0,9117 shown as a percentage.
    sheet
        .write_number_with_format(2, 9, 0.9117, &percent)
        .unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(dir.path(), "thang-3.xlsx", &bytes);
    let db = dir.path().join("site.sqlite");
    let (ok, _, stderr) = run_import(&db, &file, &[]);
    assert!(ok, "{stderr}");
    let exported = export(&db, &[]);
    assert!(
        exported.contains("retail.total,2026,1000.5,m1,gia-lai,so-cong-thuong,"),
        "{exported}"
    );
    assert!(
        exported.contains(
            "trade.export,2026,0.70,year,gia-lai,so-cong-thuong,figure,triệu USD,,91.17,"
        ),
        "{exported}"
    );
    assert!(
        exported.contains(",2026-04-03,"),
        "the date shown, not 46115: {exported}"
    );
}

/// An import from the command line (automation) is kept in the staff
/// side's audit log, when the staff database lies beside the public one.
#[test]
fn a_command_line_import_is_in_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("congthuong.sqlite");
    let drafts = dir.path().join("quan-tri.sqlite");
    let made = congthuong(&["user", "list", "--drafts", &drafts.to_string_lossy()]);
    assert!(made.status.success());
    import(&db, SEED);
    let (log, _) = output_text(&congthuong(&[
        "audit",
        "verify",
        "--drafts",
        &drafts.to_string_lossy(),
    ]));
    assert!(log.contains("1 dòng"), "{log}");
    let store =
        congthuong::drafts::DraftStore::open(&drafts, congthuong::drafts::Clock::system()).unwrap();
    let rows = store.audit_log().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].entry.action, "nhap-dong-lenh");
    assert!(
        rows[0].entry.after.contains("industry.output năm 2023"),
        "{:?}",
        rows[0]
    );
}
