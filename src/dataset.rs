//! Reading the data files: the figures (`observations.csv`) and the
//! department's activities (`activities.csv`).
//!
//! A file is read whole and checked whole before anything is written: the
//! caller gets either every row, or every problem with its line and column
//! in words a staff member understands. The formats are documented in
//! `data/README.md`.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::indicator::{self, Kind};
use crate::model::{Activity, ActivityKind, Observation, Status, sort_observations};

/// The figures file's columns, in the order `export` writes them. The first
/// three are fixed; the rest may come in any order and the optional ones
/// may be left out.
pub const OBSERVATION_COLUMNS: [&str; 13] = [
    "indicator",
    "year",
    "value",
    "unit",
    "plan",
    "plan_pct",
    "change_pct",
    "change_places",
    "share_pct",
    "out_of",
    "status",
    "source",
    "note",
];
const REQUIRED_OBSERVATION_COLUMNS: [&str; 5] = ["indicator", "year", "value", "status", "source"];

pub const ACTIVITY_COLUMNS: [&str; 5] = ["year", "kind", "topic", "text", "source"];

/// Years outside this range are typing mistakes, not data.
pub const FIRST_YEAR: i32 = 1990;
pub const LAST_YEAR: i32 = 2100;

/// One problem in a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The line in the file, counting the header as line 1; none for a
    /// problem with the file as a whole.
    pub line: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.column) {
            (Some(line), Some(column)) => write!(f, "dòng {line}, cột {column}: {}", self.message),
            (Some(line), None) => write!(f, "dòng {line}: {}", self.message),
            (None, Some(column)) => write!(f, "cột {column}: {}", self.message),
            (None, None) => write!(f, "{}", self.message),
        }
    }
}

/// Every problem found in a file; nothing of it should be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Rejected {
    pub problems: Vec<Problem>,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "tệp có {} lỗi, không ghi dữ liệu nào:",
            self.problems.len()
        )?;
        for problem in &self.problems {
            writeln!(f, "  {problem}")?;
        }
        Ok(())
    }
}

fn whole_file(message: impl Into<String>) -> Rejected {
    Rejected {
        problems: vec![Problem {
            line: None,
            column: None,
            message: message.into(),
        }],
    }
}

/// Checks that the bytes are UTF-8 text and drops a leading byte-order mark.
fn text_of(bytes: &[u8]) -> Result<&str, Rejected> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        whole_file(format!(
            "tệp không phải văn bản UTF-8 (byte thứ {} không đọc được); hãy lưu lại tệp dạng \"CSV UTF-8\"",
            e.valid_up_to() + 1
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(whole_file(
            "tệp rỗng: không có dòng tiêu đề và không có dữ liệu",
        ));
    }
    Ok(text)
}

/// The columns of a header, checked against what the file kind knows.
struct Header {
    names: Vec<String>,
}

impl Header {
    fn read(
        reader: &mut csv::Reader<&[u8]>,
        known: &[&str],
        required: &[&str],
        leading: &[&str],
    ) -> Result<Header, Rejected> {
        let record = reader
            .headers()
            .map_err(|e| whole_file(format!("không đọc được dòng tiêu đề: {e}")))?;
        let names: Vec<String> = record.iter().map(|n| n.trim().to_string()).collect();
        let mut problems = Vec::new();
        let mut seen = HashSet::new();
        for name in &names {
            if !known.contains(&name.as_str()) {
                problems.push(header_problem(
                    name,
                    format!("cột lạ \"{name}\"; các cột hợp lệ: {}", known.join(", ")),
                ));
            } else if !seen.insert(name.as_str()) {
                problems.push(header_problem(
                    name,
                    "cột này xuất hiện hai lần".to_string(),
                ));
            }
        }
        for name in required {
            if !names.iter().any(|n| n == name) {
                problems.push(header_problem(name, "thiếu cột bắt buộc".to_string()));
            }
        }
        if problems.is_empty() && names.iter().take(leading.len()).ne(leading.iter()) {
            problems.push(Problem {
                line: Some(1),
                column: None,
                message: format!("các cột đầu tiên phải là {}", leading.join(",")),
            });
        }
        if problems.is_empty() {
            Ok(Header { names })
        } else {
            Err(Rejected { problems })
        }
    }

    fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        self.names
            .iter()
            .position(|n| n == column)
            .and_then(|i| record.get(i))
            .map(str::trim)
            .unwrap_or("")
    }
}

fn header_problem(column: &str, message: String) -> Problem {
    Problem {
        line: Some(1),
        column: Some(column.to_string()),
        message,
    }
}

/// Collects the problems of one row.
struct Row<'a> {
    line: u64,
    header: &'a Header,
    record: &'a csv::StringRecord,
    problems: &'a mut Vec<Problem>,
}

impl Row<'_> {
    fn text(&self, column: &str) -> &str {
        self.header.get(self.record, column)
    }

    fn problem(&mut self, column: &str, message: String) {
        self.problems.push(Problem {
            line: Some(self.line),
            column: Some(column.to_string()),
            message,
        });
    }

    fn required(&mut self, column: &str) -> Option<String> {
        let text = self.text(column).to_string();
        if text.is_empty() {
            self.problem(column, "bỏ trống, cần có giá trị".to_string());
            None
        } else {
            Some(text)
        }
    }

    fn year(&mut self) -> Option<i32> {
        let text = self.required("year")?;
        match parse_year(&text) {
            Some(year) => Some(year),
            None => {
                self.problem(
                    "year",
                    format!(
                        "\"{text}\" không phải một năm hợp lệ (từ {FIRST_YEAR} đến {LAST_YEAR})"
                    ),
                );
                None
            }
        }
    }

    fn decimal(&mut self, column: &str) -> Option<Decimal> {
        let text = self.text(column).to_string();
        if text.is_empty() {
            return None;
        }
        let parsed = parse_machine_decimal(&text);
        if parsed.is_none() {
            self.problem(column, not_a_number(&text));
        }
        parsed
    }

    fn integer(&mut self, column: &str) -> Option<i64> {
        let text = self.text(column).to_string();
        if text.is_empty() {
            return None;
        }
        let parsed = parse_machine_integer(&text);
        if parsed.is_none() {
            self.problem(
                column,
                format!("\"{text}\" không phải số nguyên (ví dụ: 2 hoặc -1)"),
            );
        }
        parsed
    }
}

fn not_a_number(text: &str) -> String {
    let hint = if text.contains(',') {
        " — trong tệp dữ liệu dùng dấu chấm cho phần thập phân và không dùng dấu phân cách hàng nghìn \
         (viết 31620.6, không viết 31.620,6)"
    } else {
        " — viết số dạng 31620.6: chỉ chữ số, dấu chấm thập phân, dấu trừ nếu âm"
    };
    format!("\"{text}\" không phải số{hint}")
}

/// A number in machine format: optional minus, digits, optional `.` and
/// digits. No grouping, no exponent, no `+`: what is in the file is what
/// was published.
pub fn parse_machine_decimal(text: &str) -> Option<Decimal> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(integer) || fraction.is_some_and(|f| !digits(f)) {
        return None;
    }
    Decimal::from_str(text).ok()
}

fn parse_machine_integer(text: &str) -> Option<i64> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A year as the site accepts it: four digits within the plausible range.
pub fn parse_year(text: &str) -> Option<i32> {
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = text.parse().ok()?;
    (FIRST_YEAR..=LAST_YEAR).contains(&year).then_some(year)
}

/// Reads a figures file. Either every row is good and all come back, or
/// nothing does and every problem is listed.
pub fn read_observations(bytes: &[u8]) -> Result<Vec<Observation>, Rejected> {
    let text = text_of(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = Header::read(
        &mut reader,
        &OBSERVATION_COLUMNS,
        &REQUIRED_OBSERVATION_COLUMNS,
        &OBSERVATION_COLUMNS[..3],
    )?;

    let mut problems = Vec::new();
    let mut observations = Vec::new();
    let mut first_line_of: std::collections::HashMap<(&'static str, i32), u64> =
        std::collections::HashMap::new();
    for result in reader.records() {
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map(|p| p.line());
                problems.push(Problem {
                    line,
                    column: None,
                    message: format!("không đọc được dòng: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        if record.len() != header.names.len() {
            problems.push(Problem {
                line: Some(line),
                column: None,
                message: format!(
                    "có {} ô nhưng dòng tiêu đề có {} cột (kiểm tra dấu phẩy trong nội dung: ô có dấu phẩy phải đặt trong ngoặc kép)",
                    record.len(),
                    header.names.len()
                ),
            });
            continue;
        }
        let mut row = Row {
            line,
            header: &header,
            record: &record,
            problems: &mut problems,
        };
        if let Some(observation) = observation_of(&mut row) {
            let key = (observation.indicator.code, observation.year);
            if let Some(first) = first_line_of.get(&key) {
                row.problem(
                    "indicator",
                    format!(
                        "{} năm {} đã có ở dòng {first}; mỗi chỉ tiêu chỉ một dòng mỗi năm",
                        key.0, key.1
                    ),
                );
            } else {
                first_line_of.insert(key, line);
                observations.push(observation);
            }
        }
    }
    if problems.is_empty() && observations.is_empty() {
        problems.push(Problem {
            line: None,
            column: None,
            message: "tệp chỉ có dòng tiêu đề, không có dòng số liệu nào".to_string(),
        });
    }
    if problems.is_empty() {
        Ok(observations)
    } else {
        Err(Rejected { problems })
    }
}

fn observation_of(row: &mut Row<'_>) -> Option<Observation> {
    let code = row.required("indicator");
    let indicator = code.as_deref().and_then(|code| {
        let found = indicator::find(code);
        if found.is_none() {
            row.problem(
                "indicator",
                format!("mã chỉ tiêu \"{code}\" không có trong danh mục (xem data/README.md)"),
            );
        }
        found
    });
    let year = row.year();
    let value_text = row.required("value");
    let value = value_text.and_then(|_| row.decimal("value"));
    let plan = row.decimal("plan");
    let plan_pct = row.decimal("plan_pct");
    let change_pct = row.decimal("change_pct");
    let change_places = row.integer("change_places");
    let share_pct = row.decimal("share_pct");
    let out_of = row.integer("out_of");
    let status_text = row.required("status");
    let status = status_text.and_then(|text| {
        let status = Status::from_code(&text);
        if status.is_none() {
            row.problem(
                "status",
                format!(
                    "\"{text}\" không phải tình trạng hợp lệ; dùng estimate (ước tính), preliminary (sơ bộ) hoặc official (chính thức)"
                ),
            );
        }
        status
    });
    let source = row.required("source");
    let note = Some(row.text("note").to_string()).filter(|n| !n.is_empty());

    if let Some(indicator) = indicator {
        let unit = row.text("unit").to_string();
        if !unit.is_empty() && unit != indicator.unit {
            row.problem(
                "unit",
                format!(
                    "đơn vị \"{unit}\" khác đơn vị của {} là \"{}\"",
                    indicator.code, indicator.unit
                ),
            );
        }
        let is_rank = indicator.kind == Kind::Rank;
        if is_rank && change_pct.is_some() {
            row.problem(
                "change_pct",
                "thứ hạng không có tốc độ tăng %; ghi số bậc tăng (giảm) ở cột change_places"
                    .to_string(),
            );
        }
        if !is_rank && change_places.is_some() {
            row.problem(
                "change_places",
                "chỉ dùng cho chỉ tiêu xếp hạng".to_string(),
            );
        }
        if !is_rank && out_of.is_some() {
            row.problem("out_of", "chỉ dùng cho chỉ tiêu xếp hạng".to_string());
        }
        if let (true, Some(rank), Some(out_of)) = (is_rank, value, out_of)
            && (rank < Decimal::ONE || rank > Decimal::from(out_of) || !rank.fract().is_zero())
        {
            row.problem(
                "value",
                format!("thứ hạng {rank} phải là số nguyên từ 1 đến {out_of}"),
            );
        }
        if is_rank && (plan.is_some() || plan_pct.is_some()) {
            let column = if plan.is_some() { "plan" } else { "plan_pct" };
            row.problem(column, "thứ hạng không có kế hoạch".to_string());
        }
        if indicator.part_of.is_none() && share_pct.is_some() {
            row.problem(
                "share_pct",
                format!(
                    "{} không là thành phần của tổng nào, không có tỷ trọng",
                    indicator.code
                ),
            );
        }
    }

    Some(Observation {
        indicator: indicator?,
        year: year?,
        value: value?,
        plan,
        plan_pct,
        change_pct,
        change_places,
        share_pct,
        out_of,
        status: status?,
        source: source?,
        note,
    })
}

/// Writes figures in exactly the format `read_observations` reads: every
/// column, numbers in machine format with their published digits, rows by
/// year and then catalogue order. Reading the output back gives the same
/// figures, and writing them again the same bytes.
pub fn write_observations(observations: &[Observation]) -> String {
    let mut sorted: Vec<&Observation> = observations.iter().collect();
    sort_observations(&mut sorted);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let decimal = |d: &Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    let integer = |i: &Option<i64>| i.map(|i| i.to_string()).unwrap_or_default();
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(OBSERVATION_COLUMNS);
    for o in sorted {
        let _ = writer.write_record([
            o.indicator.code.to_string(),
            o.year.to_string(),
            o.value.to_string(),
            o.indicator.unit.to_string(),
            decimal(&o.plan),
            decimal(&o.plan_pct),
            decimal(&o.change_pct),
            integer(&o.change_places),
            decimal(&o.share_pct),
            integer(&o.out_of),
            o.status.code().to_string(),
            o.source.clone(),
            o.note.clone().unwrap_or_default(),
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Reads an activities file, with the same all-or-nothing rule.
pub fn read_activities(bytes: &[u8]) -> Result<Vec<Activity>, Rejected> {
    let text = text_of(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = Header::read(
        &mut reader,
        &ACTIVITY_COLUMNS,
        &ACTIVITY_COLUMNS,
        &ACTIVITY_COLUMNS,
    )?;
    let mut problems = Vec::new();
    let mut activities = Vec::new();
    for result in reader.records() {
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                problems.push(Problem {
                    line: e.position().map(|p| p.line()),
                    column: None,
                    message: format!("không đọc được dòng: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        let mut row = Row {
            line,
            header: &header,
            record: &record,
            problems: &mut problems,
        };
        let year = row.year();
        let kind = row.required("kind").and_then(|text| {
            let kind = ActivityKind::from_code(&text);
            if kind.is_none() {
                row.problem(
                    "kind",
                    format!("\"{text}\" phải là result (đã làm) hoặc plan (kế hoạch)"),
                );
            }
            kind
        });
        let topic = row.required("topic");
        let text = row.required("text");
        let source = row.required("source");
        if let (Some(year), Some(kind), Some(topic), Some(text), Some(source)) =
            (year, kind, topic, text, source)
        {
            activities.push(Activity {
                year,
                kind,
                topic,
                text,
                source,
            });
        }
    }
    if problems.is_empty() {
        Ok(activities)
    } else {
        Err(Rejected { problems })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "indicator,year,value,unit,plan,plan_pct,change_pct,change_places,share_pct,out_of,status,source,note\n";

    fn read(rows: &str) -> Result<Vec<Observation>, Rejected> {
        read_observations(format!("{HEADER}{rows}").as_bytes())
    }

    fn problem_texts(rejected: Rejected) -> Vec<String> {
        rejected.problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn reads_a_good_row_with_its_published_digits() {
        let rows =
            read("industry.output,2023,31620.6,tỷ đồng,,100,9.45,,,,estimate,Báo,Giá 2010\n")
                .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].value.to_string(), "31620.6");
        assert_eq!(rows[0].change_pct.unwrap().to_string(), "9.45");
        assert_eq!(rows[0].note.as_deref(), Some("Giá 2010"));
    }

    #[test]
    fn what_is_written_reads_back_to_the_same_figures_and_bytes() {
        let seed = read_observations(include_bytes!("../data/observations.csv")).unwrap();
        let written = write_observations(&seed);
        let read_back = read_observations(written.as_bytes()).unwrap();
        assert_eq!(read_back, seed);
        assert_eq!(write_observations(&read_back), written);
    }

    #[test]
    fn the_committed_seed_is_in_the_export_format() {
        let seed_text = include_str!("../data/observations.csv");
        let seed = read_observations(seed_text.as_bytes()).unwrap();
        assert_eq!(write_observations(&seed), seed_text);
    }

    #[test]
    fn tolerates_a_byte_order_mark() {
        let bytes = format!("\u{feff}{HEADER}trade.export,2023,680,,,,,,,,estimate,Báo,\n");
        assert_eq!(read_observations(bytes.as_bytes()).unwrap().len(), 1);
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
        let problems = problem_texts(read_observations(bytes.as_bytes()).unwrap_err());
        assert_eq!(problems, ["dòng 1, cột status: thiếu cột bắt buộc"]);
    }

    #[test]
    fn rejects_empty_and_non_utf8_files() {
        assert!(read_observations(b"").is_err());
        assert!(read_observations(HEADER.as_bytes()).is_err());
        let latin1 = b"indicator,year,value\nretail.total,2023,108000,\xe9\n";
        let problems = problem_texts(read_observations(latin1).unwrap_err());
        assert!(problems[0].contains("UTF-8"), "{problems:?}");
    }

    #[test]
    fn rejects_a_unit_other_than_the_catalogue_s() {
        let problems = problem_texts(
            read("trade.export,2023,680000,nghìn USD,,,,,,,estimate,Báo,\n").unwrap_err(),
        );
        assert!(problems[0].starts_with("dòng 2, cột unit:"), "{problems:?}");
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
    fn accepts_only_plausible_years() {
        assert_eq!(parse_year("2023"), Some(2023));
        for bad in ["23", "20233", "1850", "2101", "２０２３", "-202", "abcd"] {
            assert_eq!(parse_year(bad), None, "{bad}");
        }
    }
}
