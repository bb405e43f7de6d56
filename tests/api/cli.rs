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
