//! Reading the data files: the figures (`observations.csv`) and the
//! department's activities (`activities.csv`).
//!
//! A file is read whole and checked whole before anything is written: the
//! caller gets either every row, or every problem with its line and column
//! in words a staff member understands. The formats are documented in
//! `data/README.md`.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::indicator::{self, Catalogue, Kind};
use crate::model::{
    Activity, ActivityKind, FigureKey, Observation, Plan, Published, Rate, Status, Target,
    sort_observations,
};
use crate::period::Period;
use crate::publisher::Publisher;
use crate::territory::Territory;

/// The figures file's columns, in the order `export` writes them. The first
/// three are fixed; the rest may come in any order and the optional ones
/// may be left out.
pub const OBSERVATION_COLUMNS: [&str; 23] = [
    "indicator",
    "year",
    "value",
    "period",
    "territory",
    "publisher",
    "kind",
    "unit",
    "plan",
    "plan_pct",
    "change_pct",
    "change_low",
    "change_high",
    "change_places",
    "share_pct",
    "out_of",
    "status",
    "basis",
    "sub_territory",
    "published",
    "url",
    "source",
    "note",
];
const REQUIRED_OBSERVATION_COLUMNS: [&str; 5] = ["indicator", "year", "value", "status", "source"];

pub const ACTIVITY_COLUMNS: [&str; 5] = ["year", "kind", "topic", "text", "source"];

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

/// Checks that the bytes are UTF-8 text, drops a leading byte-order mark,
/// and ends lines with `\n` alone: with Windows line ends (as Excel saves),
/// the CSV reader counts each record one line short, and problems would
/// name the line above the one that is wrong.
fn text_of(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, Rejected> {
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
    Ok(if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    })
}

/// The columns of a header, checked against what the file kind knows.
struct Header {
    names: Vec<String>,
    /// Numbers may be written the Vietnamese way, with a decimal comma: the
    /// file came from Excel under Vietnamese settings (`;` between columns).
    decimal_comma: bool,
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
            Ok(Header {
                names,
                decimal_comma: false,
            })
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
        match crate::period::parse_year(&text) {
            Ok(year) => Some(year),
            Err(not_a_year) => {
                self.problem("year", not_a_year.to_string());
                None
            }
        }
    }

    fn decimal(&mut self, column: &str) -> Option<Decimal> {
        let text = self.text(column).to_string();
        if text.is_empty() {
            return None;
        }
        if self.header.decimal_comma {
            return match parse_vietnamese_decimal(&text) {
                Ok(parsed) => Some(parsed),
                Err(message) => {
                    self.problem(column, message);
                    None
                }
            };
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

/// A number in a file Excel saved under Vietnamese settings (`;` between
/// columns), where a number cell is written "31620,6" or, formatted with
/// separators, "31.620,6". With a comma, the comma is the decimal mark and
/// dots may only group thousands; without one, the number is read in
/// machine format ("31620.6", typed as text) — unless it looks like grouped
/// thousands ("1.234"), which could be either and is refused rather than
/// guessed.
pub fn parse_vietnamese_decimal(text: &str) -> Result<Decimal, String> {
    let grouped = |integer: &str| {
        let unsigned = integer.strip_prefix('-').unwrap_or(integer);
        let mut groups = unsigned.split('.');
        let first = groups.next().unwrap_or_default();
        (1..=3).contains(&first.len())
            && first.bytes().all(|b| b.is_ascii_digit())
            && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
    };
    if let Some((integer, fraction)) = text.split_once(',') {
        let integer = if integer.contains('.') {
            if !grouped(integer) {
                return Err(format!(
                    "\"{text}\" không phải số: dấu chấm chỉ được dùng phân cách hàng nghìn (31.620,6)"
                ));
            }
            integer.replace('.', "")
        } else {
            integer.to_string()
        };
        return parse_machine_decimal(&format!("{integer}.{fraction}"))
            .ok_or_else(|| not_a_number(text));
    }
    if text.contains('.') && grouped(text) {
        return Err(format!(
            "\"{text}\" có thể là số có dấu phân cách hàng nghìn hoặc số thập phân; \
             hãy bỏ dấu phân cách hàng nghìn (viết {} hoặc {})",
            text.replace('.', ""),
            text.replacen('.', ",", 1)
        ));
    }
    parse_machine_decimal(text).ok_or_else(|| not_a_number(text))
}

/// What a figures file holds: the figures, the plans, and the character
/// that separated its columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub observations: Vec<Observation>,
    pub plans: Vec<Plan>,
    /// Changes published without their level.
    pub rates: Vec<Rate>,
    pub delimiter: u8,
}

impl Default for Figures {
    fn default() -> Self {
        Figures {
            observations: Vec::new(),
            plans: Vec::new(),
            rates: Vec::new(),
            delimiter: b',',
        }
    }
}

impl Figures {
    /// How many rows the file had: figures, plans and changes published
    /// alone.
    pub fn len(&self) -> usize {
        self.observations.len() + self.plans.len() + self.rates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The column separator of a CSV file: `,`, or `;` as Excel writes CSV
/// under Vietnamese (and most European) regional settings, where `,` is
/// the decimal mark. Decided by the header line, which names columns and
/// holds neither inside a name.
fn delimiter_of(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let count = |c: char| header.matches(c).count();
    if count(';') > count(',') { b';' } else { b',' }
}

/// The separator's name, for reports: "dấu phẩy (,)".
pub fn delimiter_name(delimiter: u8) -> &'static str {
    if delimiter == b';' {
        "dấu chấm phẩy (;)"
    } else {
        "dấu phẩy (,)"
    }
}

/// The figures of a file that holds no plans (the committed seed, tests).
pub fn read_observations(
    bytes: &[u8],
    catalogue: &'static Catalogue,
) -> Result<Vec<Observation>, Rejected> {
    read_figures(bytes, catalogue).map(|figures| figures.observations)
}

/// Figures without plans, in the file format.
pub fn write_observations(observations: &[Observation]) -> String {
    write_figures(observations, &[], &[])
}

/// Reads a figures file. Either every row is good and all come back, or
/// nothing does and every problem is listed.
pub fn read_figures(bytes: &[u8], catalogue: &'static Catalogue) -> Result<Figures, Rejected> {
    let text = text_of(bytes)?;
    let delimiter = delimiter_of(&text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut header = Header::read(
        &mut reader,
        &OBSERVATION_COLUMNS,
        &REQUIRED_OBSERVATION_COLUMNS,
        &OBSERVATION_COLUMNS[..3],
    )?;
    header.decimal_comma = delimiter == b';';

    let mut problems = Vec::new();
    let mut observations = Vec::new();
    let mut plans = Vec::new();
    let mut rates = Vec::new();
    let mut first_line_of: HashMap<(bool, FigureKey, Option<Published>), u64> = HashMap::new();
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
            let separator = if delimiter == b';' {
                "dấu chấm phẩy"
            } else {
                "dấu phẩy"
            };
            problems.push(Problem {
                line: Some(line),
                column: None,
                message: format!(
                    "có {} ô nhưng dòng tiêu đề có {} cột (kiểm tra {separator} trong nội dung: ô có {separator} phải đặt trong ngoặc kép)",
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
        let Some(entry) = entry_of(&mut row, catalogue) else {
            continue;
        };
        // A change published alone is a figure's publication: one row each.
        let (is_plan, key, published) = match &entry {
            Entry::Figure(o) => (false, o.key(), o.published),
            Entry::Rate(r) => (false, r.key(), r.published),
            Entry::Plan(p) => (true, p.key(), p.published),
        };
        if let Some(first) = first_line_of.get(&(is_plan, key, published)) {
            let what = if is_plan { "kế hoạch " } else { "" };
            let when = published.map_or("không ghi ngày công bố".to_string(), |p| {
                format!("công bố {}", p.label())
            });
            row.problem(
                "indicator",
                format!(
                    "{what}{} {} đã có ở dòng {first} ({}, {}, {when}); mỗi lần công bố chỉ một dòng",
                    key.indicator,
                    key.period.of_year(key.year),
                    key.publisher.code(),
                    key.territory.code(),
                ),
            );
            continue;
        }
        first_line_of.insert((is_plan, key, published), line);
        match entry {
            Entry::Figure(observation) => observations.push(observation),
            Entry::Rate(rate) => rates.push(rate),
            Entry::Plan(plan) => plans.push(plan),
        }
    }
    if problems.is_empty() && observations.is_empty() && plans.is_empty() && rates.is_empty() {
        problems.push(Problem {
            line: None,
            column: None,
            message: "tệp chỉ có dòng tiêu đề, không có dòng số liệu nào".to_string(),
        });
    }
    if problems.is_empty() {
        Ok(Figures {
            observations,
            plans,
            rates,
            delimiter,
        })
    } else {
        Err(Rejected { problems })
    }
}

enum Entry {
    Figure(Observation),
    Rate(Rate),
    Plan(Plan),
}

/// A code from a fixed list, or a problem naming the list.
fn coded<T>(
    row: &mut Row<'_>,
    column: &str,
    parse: impl Fn(&str) -> Option<T>,
    valid: &str,
) -> Option<Option<T>> {
    let text = row.text(column).to_string();
    if text.is_empty() {
        return Some(None);
    }
    match parse(&text) {
        Some(value) => Some(Some(value)),
        None => {
            row.problem(
                column,
                format!("\"{text}\" không phải mã hợp lệ; dùng {valid}"),
            );
            None
        }
    }
}

fn entry_of(row: &mut Row<'_>, catalogue: &'static Catalogue) -> Option<Entry> {
    let code = row.required("indicator");
    let indicator = code.as_deref().and_then(|code| {
        let found = catalogue.find(code);
        if found.is_none() {
            row.problem(
                "indicator",
                format!(
                    "mã chỉ tiêu \"{code}\" không có trong danh mục (data/indicators.csv): {}",
                    catalogue.codes()
                ),
            );
        }
        found
    });
    let year = row.year();
    let is_plan = match row.text("kind") {
        "" | "figure" => Some(false),
        "plan" => Some(true),
        other => {
            let other = other.to_string();
            row.problem(
                "kind",
                format!("\"{other}\" phải là figure (số liệu) hoặc plan (kế hoạch)"),
            );
            None
        }
    };
    let period = coded(
        row,
        "period",
        Period::from_code,
        "year (cả năm), m1…m11 (lũy kế N tháng đầu năm: m3 quý I, m6, m9), month-1…month-12 (một tháng); m12 là cả năm: ghi year",
    );
    let territory = coded(
        row,
        "territory",
        Territory::from_code,
        "gia-lai (tỉnh từ 1/7/2025), gia-lai-cu (Gia Lai trước 1/7/2025), binh-dinh (Bình Định trước 1/7/2025)",
    );
    let publisher = coded(row, "publisher", Publisher::from_code, &Publisher::codes());
    let sub_territory = match row.text("sub_territory") {
        "" | "no" => Some(false),
        "yes" => Some(true),
        other => {
            let other = other.to_string();
            row.problem(
                "sub_territory",
                format!("\"{other}\" phải là yes hoặc để trống"),
            );
            None
        }
    };
    let published = {
        let text = row.text("published").to_string();
        if text.is_empty() {
            Some(None)
        } else if let Some(date) =
            Published::parse(&text).or_else(|| Published::parse_vietnamese(&text))
        {
            Some(Some(date))
        } else {
            row.problem(
                "published",
                format!("\"{text}\" không phải ngày hợp lệ; viết YYYY-MM-DD hoặc YYYY-MM (2024-12-27, 2024-12), hoặc dd/mm/yyyy, mm/yyyy (27/12/2024, 12/2024); chỉ năm (2024) khi trang chỉ cho biết năm"),
            );
            None
        }
    };
    let url = Some(row.text("url").to_string()).filter(|u| !u.is_empty());
    if let Some(url) = &url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        let url = url.clone();
        row.problem(
            "url",
            format!("\"{url}\" không phải địa chỉ web (bắt đầu bằng https:// hoặc http://)"),
        );
    }
    let basis = Some(row.text("basis").to_string()).filter(|b| !b.is_empty());
    let source = row.required("source");
    let note = Some(row.text("note").to_string()).filter(|n| !n.is_empty());

    let period = period?.unwrap_or(Period::Year);
    let year_value = year?;
    let is_plan = is_plan?;
    let published = published?;
    // Plans are set ahead: a plan for 2025 published before the merger is
    // the old province's.
    // A year alone counts as before the merger only if all of it is.
    let set_before_merger =
        published.is_some_and(|p| (p.year, p.month.unwrap_or(12)) < crate::territory::MERGER);
    let territory = territory?.unwrap_or(if is_plan && set_before_merger {
        Territory::GiaLaiCu
    } else {
        Territory::by_date(year_value, period)
    });
    let sub_territory = sub_territory?;
    let reported_part = territory.is_old() && (sub_territory || is_plan);
    if !(territory.covers(year_value, period) || reported_part) {
        let message = if territory.is_old() {
            format!(
                "{} kết thúc sau ngày hợp nhất 1/7/2025: số liệu là của tỉnh Gia Lai mới (gia-lai); \
                 nếu đây là báo cáo riêng phần tỉnh cũ, ghi sub_territory = yes",
                period.of_year(year_value)
            )
        } else {
            format!(
                "tỉnh Gia Lai mới (gia-lai) có từ 1/7/2025; {} kết thúc trước đó, dùng gia-lai-cu hoặc binh-dinh",
                period.of_year(year_value)
            )
        };
        row.problem("territory", message);
    }
    if sub_territory && !territory.is_old() {
        row.problem(
            "sub_territory",
            "chỉ dùng cho gia-lai-cu hoặc binh-dinh báo cáo riêng sau 1/7/2025".to_string(),
        );
    }
    let publisher = publisher?.unwrap_or(Publisher::SoCongThuong);

    if is_plan {
        return plan_of(
            row, indicator?, territory, year_value, period, publisher, published, url, source?,
            note, basis,
        );
    }

    // An amount's change published without its level: a row with the
    // change and no value.
    if row.text("value").is_empty()
        && !row.text("change_pct").is_empty()
        && indicator.is_some_and(|i| i.kind.is_additive())
    {
        return rate_of(
            row,
            RateCoordinates {
                territory,
                year: year_value,
                period,
                publisher,
                published,
                url,
                basis,
                sub_territory,
            },
            indicator?,
            source?,
            note,
        );
    }
    let value_text = row.required("value");
    let value = value_text.and_then(|_| row.decimal("value"));
    let plan = row.decimal("plan");
    let plan_pct = row.decimal("plan_pct");
    let change_pct = row.decimal("change_pct");
    for column in ["change_low", "change_high"] {
        if !row.text(column).is_empty() {
            row.problem(
                column,
                "chỉ dùng cho kế hoạch (kind = plan) đặt một khoảng tăng trưởng".to_string(),
            );
        }
    }
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

    Some(Entry::Figure(Observation {
        indicator: indicator?,
        territory,
        year: year_value,
        period,
        publisher,
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
        published,
        url,
        basis,
        sub_territory,
    }))
}

/// Where and when a change published alone is from.
struct RateCoordinates {
    territory: Territory,
    year: i32,
    period: Period,
    publisher: Publisher,
    published: Option<Published>,
    url: Option<String>,
    basis: Option<String>,
    sub_territory: bool,
}

/// The columns a change published alone leaves empty: with no level there
/// is no plan share, share of a total or rank.
const NOT_FOR_RATES: [&str; 6] = [
    "plan",
    "plan_pct",
    "change_places",
    "share_pct",
    "out_of",
    "change_low",
];

fn rate_of(
    row: &mut Row<'_>,
    at: RateCoordinates,
    indicator: &'static indicator::Indicator,
    source: String,
    note: Option<String>,
) -> Option<Entry> {
    for column in NOT_FOR_RATES.iter().chain(&["change_high"]) {
        if !row.text(column).is_empty() {
            row.problem(
                column,
                "dòng chỉ có tốc độ tăng (value để trống) không dùng cột này".to_string(),
            );
        }
    }
    let change_pct = row.decimal("change_pct");
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
    Some(Entry::Rate(Rate {
        indicator,
        territory: at.territory,
        year: at.year,
        period: at.period,
        publisher: at.publisher,
        change_pct: change_pct?,
        status: status?,
        source,
        note,
        published: at.published,
        url: at.url,
        basis: at.basis,
        sub_territory: at.sub_territory,
    }))
}

/// The columns a plan row leaves empty: its target is in `value` (an
/// amount), `change_pct` (a growth rate) or `change_low`–`change_high`.
const NOT_FOR_PLANS: [&str; 7] = [
    "plan",
    "plan_pct",
    "change_places",
    "share_pct",
    "out_of",
    "status",
    "sub_territory",
];

#[allow(clippy::too_many_arguments)]
fn plan_of(
    row: &mut Row<'_>,
    indicator: &'static indicator::Indicator,
    territory: Territory,
    year: i32,
    period: Period,
    publisher: Publisher,
    published: Option<Published>,
    url: Option<String>,
    source: String,
    note: Option<String>,
    basis: Option<String>,
) -> Option<Entry> {
    for column in NOT_FOR_PLANS {
        if !row.text(column).is_empty() {
            row.problem(
                column,
                "kế hoạch (kind = plan) không dùng cột này; mục tiêu ghi ở value, change_pct hoặc change_low–change_high"
                    .to_string(),
            );
        }
    }
    if indicator.kind == Kind::Rank {
        row.problem("indicator", "thứ hạng không có kế hoạch".to_string());
    }
    let amount = row.decimal("value");
    let growth = row.decimal("change_pct");
    let low = row.decimal("change_low");
    let high = row.decimal("change_high");
    let target = match (amount, growth, low, high) {
        (Some(amount), None, None, None) => Target::Amount(amount),
        (None, Some(growth), None, None) => Target::Growth(growth),
        (None, None, Some(low), Some(high)) if low <= high => Target::GrowthRange { low, high },
        (None, None, Some(low), Some(high)) => {
            row.problem(
                "change_low",
                format!("khoảng kế hoạch ngược: change_low {low} lớn hơn change_high {high}"),
            );
            return None;
        }
        _ => {
            row.problem(
                "value",
                "kế hoạch cần đúng một mục tiêu: value (số lượng), change_pct (tốc độ tăng) hoặc cả change_low và change_high (khoảng tăng)"
                    .to_string(),
            );
            return None;
        }
    };
    Some(Entry::Plan(Plan {
        indicator,
        territory,
        year,
        period,
        publisher,
        target,
        published,
        source,
        url,
        note,
        basis,
    }))
}

/// Writes figures and plans in exactly the format `read_figures` reads:
/// every column, numbers in machine format with their published digits,
/// rows by year, period, catalogue order, territory, publisher and date,
/// plans after figures. Reading the output back gives the same figures, and
/// writing them again the same bytes.
pub fn write_figures(observations: &[Observation], rates: &[Rate], plans: &[Plan]) -> String {
    let mut sorted: Vec<&Observation> = observations.iter().collect();
    sort_observations(&mut sorted);
    let mut plans: Vec<&Plan> = plans.iter().collect();
    plans.sort_by_key(|p| {
        (
            p.year,
            p.period,
            p.indicator.position,
            p.territory,
            p.publisher,
            p.published,
        )
    });
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let decimal = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    let integer = |i: Option<i64>| i.map(|i| i.to_string()).unwrap_or_default();
    let text = |t: &Option<String>| t.clone().unwrap_or_default();
    let date = |d: Option<Published>| d.map(|d| d.to_string()).unwrap_or_default();
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(OBSERVATION_COLUMNS);
    for o in sorted {
        let _ = writer.write_record([
            o.indicator.code.to_string(),
            o.year.to_string(),
            o.value.to_string(),
            o.period.code(),
            o.territory.code().to_string(),
            o.publisher.code().to_string(),
            "figure".to_string(),
            o.indicator.unit.to_string(),
            decimal(o.plan),
            decimal(o.plan_pct),
            decimal(o.change_pct),
            String::new(),
            String::new(),
            integer(o.change_places),
            decimal(o.share_pct),
            integer(o.out_of),
            o.status.code().to_string(),
            text(&o.basis),
            if o.sub_territory { "yes" } else { "" }.to_string(),
            date(o.published),
            text(&o.url),
            o.source.clone(),
            text(&o.note),
        ]);
    }
    // Changes published alone: figure rows without a value, after the
    // figures, in the same order.
    let mut rates: Vec<&Rate> = rates.iter().collect();
    rates.sort_by_key(|r| {
        (
            r.year,
            r.period,
            r.indicator.position,
            r.territory,
            r.publisher,
            r.published,
        )
    });
    for r in rates {
        let _ = writer.write_record([
            r.indicator.code.to_string(),
            r.year.to_string(),
            String::new(),
            r.period.code(),
            r.territory.code().to_string(),
            r.publisher.code().to_string(),
            "figure".to_string(),
            r.indicator.unit.to_string(),
            String::new(),
            String::new(),
            r.change_pct.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            r.status.code().to_string(),
            text(&r.basis),
            if r.sub_territory { "yes" } else { "" }.to_string(),
            date(r.published),
            text(&r.url),
            r.source.clone(),
            text(&r.note),
        ]);
    }
    for p in plans {
        let (amount, growth, low, high) = match p.target {
            Target::Amount(a) => (Some(a), None, None, None),
            Target::Growth(g) => (None, Some(g), None, None),
            Target::GrowthRange { low, high } => (None, None, Some(low), Some(high)),
        };
        let _ = writer.write_record([
            p.indicator.code.to_string(),
            p.year.to_string(),
            decimal(amount),
            p.period.code(),
            p.territory.code().to_string(),
            p.publisher.code().to_string(),
            "plan".to_string(),
            p.indicator.unit.to_string(),
            String::new(),
            String::new(),
            decimal(growth),
            decimal(low),
            decimal(high),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            text(&p.basis),
            String::new(),
            date(p.published),
            text(&p.url),
            p.source.clone(),
            text(&p.note),
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
            read("industry.output,2023,31620.6,tỷ đồng,,100,9.45,,,,estimate,Báo,Giá 2010\n")
                .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].value.to_string(), "31620.6");
        assert_eq!(rows[0].change_pct.unwrap().to_string(), "9.45");
        assert_eq!(rows[0].note.as_deref(), Some("Giá 2010"));
    }

    #[test]
    fn what_is_written_reads_back_to_the_same_figures_and_bytes() {
        let seed = read_observations(
            include_bytes!("../data/observations.csv"),
            crate::indicator::Catalogue::committed(),
        )
        .unwrap();
        let written = write_observations(&seed);
        let read_back =
            read_observations(written.as_bytes(), crate::indicator::Catalogue::committed())
                .unwrap();
        assert_eq!(read_back, seed);
        assert_eq!(write_observations(&read_back), written);
    }

    #[test]
    fn the_committed_seed_is_in_the_export_format() {
        let seed_text = include_str!("../data/observations.csv");
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
            read_observations(bytes.as_bytes(), crate::indicator::Catalogue::committed())
                .unwrap_err(),
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
        let rows = read("trade.export,2023,680,,,,,,,,estimate,Báo,\ntrade.export,2025,850,,,,,,,,estimate,Báo,\n")
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
        let again =
            read_figures(written.as_bytes(), crate::indicator::Catalogue::committed()).unwrap();
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
        assert!(
            problems[0].starts_with("dòng 4, cột indicator: trade.export năm 2024 đã có ở dòng 3")
        );
    }

    #[test]
    fn reads_what_excel_saves_with_vietnamese_settings_semicolons_and_a_bom() {
        let text = "\u{feff}indicator;year;value;unit;status;source\r\ntrade.export;2023;680;triệu USD;estimate;\"Báo; Tiền Phong\"\r\n";
        let figures =
            read_figures(text.as_bytes(), crate::indicator::Catalogue::committed()).unwrap();
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
        let figures =
            read_figures(text.as_bytes(), crate::indicator::Catalogue::committed()).unwrap();
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
                read_figures(text.as_bytes(), crate::indicator::Catalogue::committed())
                    .unwrap_err(),
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
}
