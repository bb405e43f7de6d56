use super::*;

const HEADER: &str = "indicator,year,value,unit,plan,plan_pct,change_pct,change_places,share_pct,out_of,status,source,note\n";

fn read(rows: &str) -> Result<Vec<Observation>, Rejected> {
    read_observations(
        format!("{HEADER}{rows}").as_bytes(),
        crate::indicator::Catalogue::committed(),
    )
}

fn problem_texts(rejected: Rejected) -> Vec<String> {
    rejected.problems.iter().map(ToString::to_string).collect()
}

#[test]
fn reads_a_good_row_with_its_published_digits() {
    let rows =
        read("industry.output,2023,31620.6,tỷ đồng,,100,9.45,,,,estimate,Báo,Giá 2010\n").unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].value.to_string(), "31620.6");
    assert_eq!(rows[0].change_pct.unwrap().to_string(), "9.45");
    assert_eq!(rows[0].note.as_deref(), Some("Giá 2010"));
}

#[test]
fn what_is_written_reads_back_to_the_same_figures_and_bytes() {
    let seed = read_observations(
        include_bytes!("../../data/observations.csv"),
        crate::indicator::Catalogue::committed(),
    )
    .unwrap();
    let written = write_observations(&seed);
    let read_back =
        read_observations(written.as_bytes(), crate::indicator::Catalogue::committed()).unwrap();
    assert_eq!(read_back, seed);
    assert_eq!(write_observations(&read_back), written);
}

#[test]
fn the_committed_seed_is_in_the_export_format() {
    let seed_text = include_str!("../../data/observations.csv");
    let seed = read_observations(
        seed_text.as_bytes(),
        crate::indicator::Catalogue::committed(),
    )
    .unwrap();
    assert_eq!(write_observations(&seed), seed_text);
}

#[test]
fn tolerates_a_byte_order_mark() {
    let bytes = format!("\u{feff}{HEADER}trade.export,2023,680,,,,,,,,estimate,Báo,\n");
    assert_eq!(
        read_observations(bytes.as_bytes(), crate::indicator::Catalogue::committed())
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn rejects_vietnamese_formatted_numbers_and_names_the_line() {
    let problems = problem_texts(
        read("trade.export,2023,680,,,,,,,,estimate,Báo,\nindustry.output,2023,\"31.620,6\",,,,,,,,estimate,Báo,\n")
            .unwrap_err(),
    );
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with("dòng 3, cột value:"),
        "{problems:?}"
    );
    assert!(problems[0].contains("31620.6"));
}

#[test]
fn rejects_unknown_codes_implausible_years_and_duplicates() {
    let problems = problem_texts(
        read(concat!(
            "trade.exports,2023,680,,,,,,,,estimate,Báo,\n",
            "trade.export,23,680,,,,,,,,estimate,Báo,\n",
            "trade.import,2023,141,,,,,,,,estimate,Báo,\n",
            "trade.import,2023,142,,,,,,,,estimate,Báo,\n",
        ))
        .unwrap_err(),
    );
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].starts_with("dòng 2, cột indicator:"));
    assert!(problems[1].starts_with("dòng 3, cột year:"));
    assert!(problems[2].starts_with("dòng 5, cột indicator:"));
    assert!(problems[2].contains("dòng 4"));
}

#[test]
fn rejects_a_missing_required_column() {
    let bytes = "indicator,year,value,source\ntrade.export,2023,680,Báo\n";
    let problems = problem_texts(
        read_observations(bytes.as_bytes(), crate::indicator::Catalogue::committed()).unwrap_err(),
    );
    assert_eq!(problems, ["dòng 1, cột status: thiếu cột bắt buộc"]);
}

#[test]
fn rejects_empty_and_non_utf8_files() {
    assert!(read_observations(b"", crate::indicator::Catalogue::committed()).is_err());
    assert!(
        read_observations(HEADER.as_bytes(), crate::indicator::Catalogue::committed()).is_err()
    );
    let latin1 = b"indicator,year,value\nretail.total,2023,108000,\xe9\n";
    let problems = problem_texts(
        read_observations(latin1, crate::indicator::Catalogue::committed()).unwrap_err(),
    );
    assert!(problems[0].contains("UTF-8"), "{problems:?}");
}

#[test]
fn rejects_a_unit_other_than_the_catalogue_s() {
    let problems = problem_texts(
        read("trade.export,2023,680000,nghìn USD,,,,,,,estimate,Báo,\n").unwrap_err(),
    );
    assert!(problems[0].starts_with("dòng 2, cột unit:"), "{problems:?}");
}

/// The new columns, after today's: a figure's coordinates and source.
const FULL: &str = "indicator,year,value,period,territory,publisher,kind,unit,plan,plan_pct,change_pct,change_low,change_high,change_places,share_pct,out_of,status,basis,sub_territory,published,url,source,note\n";

fn read_full(rows: &str) -> Result<Figures, Rejected> {
    read_figures(
        format!("{FULL}{rows}").as_bytes(),
        crate::indicator::Catalogue::committed(),
    )
}

#[test]
fn a_file_in_today_s_format_gets_the_documented_defaults() {
    let rows = read(
        "trade.export,2023,680,,,,,,,,estimate,Báo,\ntrade.export,2025,850,,,,,,,,estimate,Báo,\n",
    )
    .unwrap();
    assert_eq!(rows[0].period, Period::Year);
    assert_eq!(rows[0].publisher, Publisher::SoCongThuong);
    assert_eq!(rows[0].territory, Territory::GiaLaiCu);
    assert_eq!(rows[0].published, None);
    // The year 2025 ends after the merger: the merged province's.
    assert_eq!(rows[1].territory, Territory::GiaLai);
}

#[test]
fn reads_periods_publishers_territories_versions_and_plans() {
    let figures = read_full(concat!(
        "trade.export,2024,750,year,gia-lai-cu,so-cong-thuong,,,,,,,,,,,estimate,,,2024-11,https://a.vn/1,Báo Gia Lai,\n",
        "trade.export,2024,800,year,gia-lai-cu,so-cong-thuong,,,,,17.65,,,,,,estimate,,,2024-12-27,https://a.vn/2,Sở Công Thương,\n",
        "trade.import,2023,110,year,gia-lai-cu,thong-ke,,,,,-21.43,,,,,,estimate,,,2023-12-28,https://a.vn/3,Cục Thống kê,\n",
        "retail.total,2024,29232,m6,gia-lai-cu,so-cong-thuong,,,,,,,,,,,estimate,thong-ke-2024,,2024-06,https://a.vn/4,Sở,Mức của Cục Thống kê\n",
        "retail.total,2025,12000,month-8,binh-dinh,so-cong-thuong,,,,,,,,,,,estimate,,yes,2025-09,https://a.vn/5,Sở,phía Đông\n",
        "trade.export,2025,850,year,gia-lai-cu,so-cong-thuong,plan,,,,,,,,,,,,,2024-12-27,https://a.vn/6,Sở,\n",
        "industry.iip,2025,,year,gia-lai-cu,so-cong-thuong,plan,,,,4.8,,,,,,,,,2024-12-27,,Sở,\n",
        "retail.total,2025,,year,gia-lai-cu,ubnd,plan,,,,,9.5,10.5,,,,,,,2025-01,,UBND,\n",
    ))
    .unwrap();
    assert_eq!(figures.observations.len(), 5);
    assert_eq!(figures.plans.len(), 3);
    let first = &figures.observations[0];
    assert_eq!(first.published.unwrap().to_string(), "2024-11");
    assert_eq!(first.url.as_deref(), Some("https://a.vn/1"));
    assert_eq!(figures.observations[2].publisher, Publisher::ThongKe);
    assert_eq!(figures.observations[3].period, Period::Cumulative(6));
    assert_eq!(
        figures.observations[3].basis.as_deref(),
        Some("thong-ke-2024")
    );
    assert!(figures.observations[4].sub_territory);
    assert_eq!(figures.plans[0].target, Target::Amount(Decimal::from(850)));
    assert_eq!(figures.plans[1].target, Target::Growth(Decimal::new(48, 1)));
    assert_eq!(
        figures.plans[2].target,
        Target::GrowthRange {
            low: Decimal::new(95, 1),
            high: Decimal::new(105, 1)
        }
    );
    // Written (in the files' order) and read back, the same figures and
    // the same bytes.
    let written = write_figures(&figures.observations, &figures.rates, &figures.plans);
    let again = read_figures(written.as_bytes(), crate::indicator::Catalogue::committed()).unwrap();
    let mut expected = figures.observations.clone();
    sort_observations(&mut expected);
    assert_eq!(again.observations, expected);
    assert_eq!(again.plans.len(), figures.plans.len());
    assert!(figures.plans.iter().all(|p| again.plans.contains(p)));
    assert_eq!(
        write_figures(&again.observations, &again.rates, &again.plans),
        written
    );
}

#[test]
fn rejects_unknown_codes_impossible_periods_and_territories_out_of_their_time() {
    let problems = problem_texts(
        read_full(concat!(
            "trade.export,2024,750,year,kon-tum,so-cong-thuong,,,,,,,,,,,estimate,,,,,Báo,\n",
            "trade.export,2024,750,month-13,,,,,,,,,,,,,estimate,,,,,Báo,\n",
            "trade.export,2024,750,m12,,,,,,,,,,,,,estimate,,,,,Báo,\n",
            "trade.export,2024,750,year,,cuc-thong-ke,,,,,,,,,,,estimate,,,,,Báo,\n",
            "trade.export,2024,750,year,gia-lai,,,,,,,,,,,,estimate,,,,,Báo,\n",
            "trade.export,2025,900,m9,gia-lai-cu,,,,,,,,,,,,estimate,,,,,Báo,\n",
            "trade.export,2025,900,m9,binh-dinh,,,,,,,,,,,,estimate,,yes,,,Báo,\n",
            "retail.total,2025,,year,gia-lai,ubnd,plan,,,,,10.5,9.5,,,,,,,,,UBND,\n",
            "trade.export,2024,750,year,,,,,,,,,,,,,estimate,,,2024-13-01,,Báo,\n",
            "trade.export,2024,750,year,,,,,,,,,,,,,estimate,,,,a.vn,Báo,\n",
        ))
        .unwrap_err(),
    );
    let starts: Vec<&str> = problems
        .iter()
        .map(|p| p.split(':').next().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "dòng 2, cột territory",
            "dòng 3, cột period",
            "dòng 4, cột period",
            "dòng 5, cột publisher",
            "dòng 6, cột territory",
            "dòng 7, cột territory",
            "dòng 9, cột change_low",
            "dòng 10, cột published",
            "dòng 11, cột url",
        ],
        "{problems:#?}"
    );
    assert!(problems[2].contains("m12 là cả năm"), "{}", problems[2]);
    assert!(problems[4].contains("có từ 1/7/2025"), "{}", problems[4]);
    assert!(
        problems[5].contains("sub_territory = yes"),
        "{}",
        problems[5]
    );
    assert!(problems[6].contains("ngược"), "{}", problems[6]);
}

#[test]
fn two_versions_of_a_figure_need_two_dates() {
    let problems = problem_texts(
        read_full(concat!(
            "trade.export,2024,800,year,,,,,,,,,,,,,estimate,,,2024-12-27,,Sở,\n",
            "trade.export,2024,820,year,,,,,,,,,,,,,estimate,,,2025-01,,Sở,\n",
            "trade.export,2024,820,year,,,,,,,,,,,,,estimate,,,2025-01,,Báo,\n",
        ))
        .unwrap_err(),
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("dòng 4, cột indicator: trade.export năm 2024 đã có ở dòng 3"));
}

#[test]
fn reads_what_excel_saves_with_vietnamese_settings_semicolons_and_a_bom() {
    let text = "\u{feff}indicator;year;value;unit;status;source\r\ntrade.export;2023;680;triệu USD;estimate;\"Báo; Tiền Phong\"\r\n";
    let figures = read_figures(text.as_bytes(), crate::indicator::Catalogue::committed()).unwrap();
    assert_eq!(figures.delimiter, b';');
    assert_eq!(delimiter_name(figures.delimiter), "dấu chấm phẩy (;)");
    assert_eq!(figures.observations[0].source, "Báo; Tiền Phong");
    assert_eq!(figures.observations[0].value, Decimal::from(680));
}

#[test]
fn a_semicolon_file_takes_numbers_and_dates_as_vietnamese_excel_writes_them() {
    let text = "\u{feff}indicator;year;value;change_pct;status;published;source\r\n\
                industry.output;2023;31.620,6;9,45;estimate;27/12/2023;Sở\r\n\
                trade.import;2023;0,70;-21,43;estimate;12/2023;Sở\r\n\
                trade.export;2023;680;3.03;estimate;2023-12;Sở\r\n";
    let figures = read_figures(text.as_bytes(), crate::indicator::Catalogue::committed()).unwrap();
    let values: Vec<String> = figures
        .observations
        .iter()
        .map(|o| {
            format!(
                "{} {} {}",
                o.value,
                o.change_pct.unwrap(),
                o.published.unwrap()
            )
        })
        .collect();
    assert_eq!(
        values,
        [
            "31620.6 9.45 2023-12-27",
            "0.70 -21.43 2023-12",
            "680 3.03 2023-12"
        ]
    );
    // "1.234" could be either: refused, not guessed.
    let ambiguous = "indicator;year;value;status;source\ntrade.export;2023;1.234;estimate;Sở\n";
    let problems = problem_texts(
        read_figures(
            ambiguous.as_bytes(),
            crate::indicator::Catalogue::committed(),
        )
        .unwrap_err(),
    );
    assert!(
        problems[0].starts_with("dòng 2, cột value:"),
        "{problems:?}"
    );
    assert!(problems[0].contains("1234 hoặc 1,234"), "{problems:?}");
    for bad in ["31.62,6", "1,2,3", "abc"] {
        assert!(parse_vietnamese_decimal(bad).is_err(), "{bad}");
    }
    // A comma file keeps the machine format.
    assert!(read("trade.export,2023,\"680,5\",,,,,,,estimate,Báo,\n").is_err());
}

#[test]
fn names_the_right_line_in_a_file_with_windows_line_ends() {
    for text in [
        "indicator,year,value,status,source\r\ntrade.export,2024,800,estimate,A\r\ntrade.export,2023,xx,estimate,A\r\n",
        "indicator;year;value;status;source\r\ntrade.export;2024;800;estimate;A\r\ntrade.export;2023;xx;estimate;A\r\n",
    ] {
        let problems = problem_texts(
            read_figures(text.as_bytes(), crate::indicator::Catalogue::committed()).unwrap_err(),
        );
        assert!(problems[0].starts_with("dòng 3, cột value"), "{problems:?}");
    }
}

#[test]
fn parses_only_machine_format_numbers() {
    for good in ["0", "680", "31620.6", "-2.1", "0.70"] {
        assert!(parse_machine_decimal(good).is_some(), "{good}");
    }
    for bad in [
        "", "31.620,6", "1,5", "1e3", "+5", " 5", "5.", ".5", "-", "abc", "1 000",
    ] {
        assert!(parse_machine_decimal(bad).is_none(), "{bad}");
    }
}

#[test]
fn a_file_s_year_is_the_period_s_rule_with_its_message() {
    let problems = problem_texts(
        read_observations(
            format!("{HEADER}industry.output,1850,1,tỷ đồng,,,,,,,estimate,Sở,\n").as_bytes(),
            crate::indicator::Catalogue::committed(),
        )
        .unwrap_err(),
    );
    assert_eq!(
        problems,
        [format!(
            "dòng 2, cột year: {}",
            crate::period::parse_year("1850").unwrap_err()
        )]
    );
}
