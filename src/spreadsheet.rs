//! Reading a workbook staff hand in (`.xlsx`, as Excel or LibreOffice save
//! it): the entry template's sheet (its first row names the columns of the
//! figures format: `indicator`, `year`, `value`, …), or the site's own
//! open-data workbook (its figures and plans sheets, with Vietnamese
//! column titles, labels for codes and plans in words), each turned into
//! the figures format's CSV text, one line per sheet row, so that
//! `dataset` checks it like any file and its problems name the sheet's own
//! row numbers.
//!
//! Cells are read as staff see them. A string is taken exactly as typed
//! (`1000,5` in the template's text columns is the decimal comma it looks
//! like: the CSV is written with `;` between columns, as Vietnamese Excel
//! writes CSV, and read by the same rules). A number is taken with the
//! digits its cell's format shows — a value formatted 0,70 keeps its
//! trailing zero, a percentage is read as the percent shown —, and a
//! date cell is the date it shows, not its serial number. Read here rather
//! than with a spreadsheet crate: those hand numeric cells over as floating
//! point without the format that says which digits were published.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::dataset::{
    OBSERVATION_COLUMNS, OPEN_DATA_FIGURE_HEADERS, OPEN_DATA_PLAN_HEADERS, OPEN_DATA_SUB_TERRITORY,
    Problem, RATE_ONLY_NOTE, Rejected,
};
use crate::model::Status;
use crate::period::Period;
use crate::publisher::Publisher;
use crate::territory::Territory;

/// Whether `bytes` are a zip file, as every `.xlsx` is.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The figures of a file staff hand in — an Excel workbook (the entry
/// template, the open-data workbook) or CSV with `,` or `;` —, and its
/// layout in words ("CSV, các cột cách nhau bằng dấu chấm phẩy").
pub fn read_upload(
    bytes: &[u8],
    catalogue: &'static crate::indicator::Catalogue,
) -> Result<(crate::dataset::Figures, String), Rejected> {
    if !is_workbook(bytes) {
        let figures = crate::dataset::read_figures(bytes, catalogue)?;
        let layout = format!(
            "CSV, các cột cách nhau bằng {}",
            crate::dataset::delimiter_name(figures.delimiter)
        );
        return Ok((figures, layout));
    }
    let sheets = figures_csv(bytes)?;
    let several = sheets.len() > 1;
    let mut figures = crate::dataset::Figures::default();
    let mut problems = Vec::new();
    for (sheet, csv) in &sheets {
        match crate::dataset::read_figures(csv.as_bytes(), catalogue) {
            Ok(read) => {
                figures.observations.extend(read.observations);
                figures.plans.extend(read.plans);
                figures.rates.extend(read.rates);
                figures.delimiter = read.delimiter;
            }
            // Each problem names its sheet when there are several.
            Err(rejected) => problems.extend(rejected.problems.into_iter().map(|mut problem| {
                if several {
                    problem.message = format!("trang “{sheet}”: {}", problem.message);
                }
                problem
            })),
        }
    }
    if !problems.is_empty() {
        return Err(Rejected { problems });
    }
    let names: Vec<String> = sheets
        .iter()
        .map(|(sheet, _)| format!("“{sheet}”"))
        .collect();
    let layout = format!(
        "bảng tính Excel, {} {}",
        if several { "các trang" } else { "trang" },
        names.join(", ")
    );
    Ok((figures, layout))
}

/// What a sheet holds, by its first row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SheetKind {
    /// The entry template: the figures format's own columns.
    Template,
    /// The open-data workbook's figures.
    OpenDataFigures,
    /// The open-data workbook's plans.
    OpenDataPlans,
}

fn kind_of(rows: &Rows) -> Option<SheetKind> {
    let header = rows.get(&1)?;
    let cell = |column: usize| header.get(&column).map(|text| text.trim());
    let starts_with = |titles: &[&str]| {
        titles
            .iter()
            .enumerate()
            .all(|(column, title)| cell(column) == Some(*title))
    };
    if cell(0) == Some("indicator") {
        Some(SheetKind::Template)
    } else if starts_with(&OPEN_DATA_FIGURE_HEADERS[..20]) {
        // Downloads before the last column was added lack it.
        Some(SheetKind::OpenDataFigures)
    } else if starts_with(&OPEN_DATA_PLAN_HEADERS[..10]) {
        Some(SheetKind::OpenDataPlans)
    } else {
        None
    }
}

/// The sheets of a workbook that hold figures — the template's first such
/// sheet, or the open-data workbook's figures and plans sheets —, each as
/// the `;` CSV text of the figures format, with the sheet's name.
pub fn figures_csv(bytes: &[u8]) -> Result<Vec<(String, String)>, Rejected> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| whole("tệp không phải bảng tính Excel (.xlsx) đọc được"))?;
    let workbook = part(&mut archive, "xl/workbook.xml")?
        .ok_or_else(|| whole("bảng tính thiếu phần xl/workbook.xml"))?;
    let relations = part(&mut archive, "xl/_rels/workbook.xml.rels")?.unwrap_or_default();
    let strings = match part(&mut archive, "xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    let styles = match part(&mut archive, "xl/styles.xml")? {
        Some(xml) => styles(&xml)?,
        None => Vec::new(),
    };
    let targets = relation_targets(&relations)?;
    let mut found = Vec::new();
    for (name, id) in sheets(&workbook)? {
        let Some(target) = targets.get(&id) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = part(&mut archive, &path)? else {
            continue;
        };
        let rows = sheet_rows(&xml, &strings, &styles)?;
        match kind_of(&rows) {
            Some(SheetKind::Template) => return Ok(vec![(name, to_csv(&rows))]),
            Some(SheetKind::OpenDataFigures) => {
                found.push((name, to_csv(&open_data_figures(&rows))));
            }
            Some(SheetKind::OpenDataPlans) => {
                found.push((name, to_csv(&open_data_plans(&rows))));
            }
            None => {}
        }
    }
    if found.is_empty() {
        return Err(whole(
            "bảng tính không có trang nào mà dòng 1 là tên các cột (indicator, year, value, …) \
             hay các cột của bảng tính Dữ liệu mở; hãy dùng mẫu nhập liệu hoặc bảng tính tải ở trang Dữ liệu mở",
        ));
    }
    Ok(found)
}

/// Rows of the figures format's columns (`OBSERVATION_COLUMNS`), the
/// header first, each data row at its sheet row's number, its cells those
/// `translate` names.
fn translated(
    rows: &Rows,
    translate: impl Fn(&dyn Fn(usize) -> String) -> HashMap<&'static str, String>,
) -> Rows {
    let columns = OBSERVATION_COLUMNS;
    let mut out: Rows = HashMap::new();
    out.insert(
        1,
        columns
            .iter()
            .enumerate()
            .map(|(i, name)| (i, name.to_string()))
            .collect(),
    );
    for (&number, row) in rows.iter().filter(|(number, _)| **number > 1) {
        let cell = |column: usize| {
            row.get(&column)
                .map(|t| t.trim().to_string())
                .unwrap_or_default()
        };
        let values = translate(&cell);
        out.insert(
            number,
            columns
                .iter()
                .enumerate()
                .filter_map(|(i, name)| values.get(name).map(|v| (i, v.clone())))
                .filter(|(_, v)| !v.is_empty())
                .collect(),
        );
    }
    out
}

/// A label read back as its code, or the text as it is (the check then
/// names it).
fn code_of<'a, T>(
    text: &str,
    all: impl IntoIterator<Item = &'a T>,
    label: impl Fn(&T) -> String,
    code: impl Fn(&T) -> String,
) -> String
where
    T: 'a,
{
    all.into_iter()
        .find(|item| label(item) == text)
        .map_or_else(|| text.to_string(), code)
}

/// The period of a row: its code where the sheet has one (a label can
/// name two periods: "tháng 1" is January and the first month cumulated),
/// else the period whose label it is.
fn period_code(code: &str, text: &str, year: &str) -> String {
    if !code.is_empty() {
        return code.to_string();
    }
    let Ok(year) = year.parse::<i32>() else {
        return text.to_string();
    };
    Period::all()
        .find(|p| p.of_year(year) == text)
        .map_or_else(|| text.to_string(), |p| p.code())
}

/// "năm 2024" (a date known only by its year) as files write it.
fn published_text(text: &str) -> String {
    text.strip_prefix("năm ").unwrap_or(text).to_string()
}

fn open_data_figures(rows: &Rows) -> Rows {
    translated(rows, |cell| {
        let value = cell(3);
        let mut note = cell(13);
        // A change published alone: its note begins by saying so.
        if value.is_empty()
            && let Some(rest) = note.strip_prefix(RATE_ONLY_NOTE)
        {
            note = rest.trim().to_string();
        }
        HashMap::from([
            ("indicator", cell(0)),
            ("year", cell(2)),
            ("value", value),
            ("period", period_code(&cell(21), &cell(14), &cell(2))),
            (
                "territory",
                code_of(
                    &cell(15),
                    Territory::ALL.iter(),
                    |t| t.name().to_string(),
                    |t| t.code().to_string(),
                ),
            ),
            (
                "publisher",
                code_of(
                    &cell(16),
                    Publisher::ALL.iter(),
                    |p| p.name().to_string(),
                    |p| p.code().to_string(),
                ),
            ),
            ("kind", "figure".to_string()),
            ("plan", cell(5)),
            ("plan_pct", cell(6)),
            ("change_pct", cell(7)),
            ("change_places", cell(8)),
            ("share_pct", cell(9)),
            ("out_of", cell(10)),
            (
                "status",
                code_of(
                    &cell(11),
                    Status::ALL.iter(),
                    |s| s.label().to_string(),
                    |s| s.code().to_string(),
                ),
            ),
            ("source", cell(12)),
            ("note", note),
            ("published", published_text(&cell(17))),
            ("url", cell(18)),
            ("basis", cell(19)),
            (
                "sub_territory",
                if cell(20) == OPEN_DATA_SUB_TERRITORY {
                    "yes".to_string()
                } else {
                    cell(20)
                },
            ),
        ])
    })
}

fn open_data_plans(rows: &Rows) -> Rows {
    translated(rows, |cell| {
        let mut values = HashMap::from([
            ("indicator", cell(0)),
            ("year", cell(2)),
            ("period", period_code(&cell(12), &cell(3), &cell(2))),
            (
                "territory",
                code_of(
                    &cell(4),
                    Territory::ALL.iter(),
                    |t| t.name().to_string(),
                    |t| t.code().to_string(),
                ),
            ),
            (
                "publisher",
                code_of(
                    &cell(5),
                    Publisher::ALL.iter(),
                    |p| p.name().to_string(),
                    |p| p.code().to_string(),
                ),
            ),
            ("kind", "plan".to_string()),
            ("published", published_text(&cell(7))),
            ("source", cell(8)),
            ("url", cell(9)),
            ("basis", cell(10)),
            ("note", cell(11)),
        ]);
        values.extend(target_columns(&cell(6)));
        values
    })
}

/// A target in words, as `workbook::target_in_words` writes it ("850
/// triệu USD", "tăng 4,8%", "giảm 1%", "không đổi", "tăng 9,5–10,5%"), as
/// the figures format's columns. Numbers there group thousands with dots,
/// always: the dots are dropped, the decimal comma kept for the `;` CSV.
/// Text that is none of these is left in `value` for the check to name.
fn target_columns(words: &str) -> Vec<(&'static str, String)> {
    let number = |text: &str| text.trim().replace('.', "");
    if words == "không đổi" {
        return vec![("change_pct", "0".to_string())];
    }
    let growth = words
        .strip_prefix("tăng ")
        .map(|rest| (rest, ""))
        .or_else(|| words.strip_prefix("giảm ").map(|rest| (rest, "-")));
    if let Some((rest, sign)) = growth
        && let Some(rest) = rest.strip_suffix('%')
    {
        return match rest.split_once('–') {
            Some((low, high)) => vec![
                ("change_low", format!("{sign}{}", number(low))),
                ("change_high", format!("{sign}{}", number(high))),
            ],
            None => vec![("change_pct", format!("{sign}{}", number(rest)))],
        };
    }
    // An amount and its unit: the number is what comes before the unit.
    let amount: String = words
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'))
        .collect();
    if amount.is_empty() {
        vec![("value", words.to_string())]
    } else {
        vec![("value", number(&amount))]
    }
}

fn whole(message: &str) -> Rejected {
    Rejected {
        problems: vec![Problem {
            line: None,
            column: None,
            message: message.to_string(),
        }],
    }
}

fn part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, Rejected> {
    let mut file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => return Err(whole("bảng tính bị hỏng: không đọc được")),
    };
    // A workbook is a zip: a few kilobytes may inflate to gigabytes. No
    // part of a figures workbook comes near this; reading stops past it.
    const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
    let mut text = String::new();
    file.by_ref()
        .take(MAX_PART_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|_| whole("bảng tính bị hỏng: một phần không phải văn bản UTF-8"))?;
    if text.len() as u64 > MAX_PART_BYTES {
        return Err(whole(
            "bảng tính quá lớn khi giải nén (một phần vượt 64 MB); hãy chỉ giữ trang số liệu",
        ));
    }
    Ok(Some(text))
}

fn parse(xml: &str) -> Result<roxmltree::Document<'_>, Rejected> {
    roxmltree::Document::parse(xml).map_err(|_| whole("bảng tính bị hỏng: XML không đọc được"))
}

/// The sheets in the workbook's order: name and relation id.
fn sheets(xml: &str) -> Result<Vec<(String, String)>, Rejected> {
    let document = parse(xml)?;
    Ok(document
        .descendants()
        .filter(|n| n.has_tag_name("sheet"))
        .filter_map(|sheet| {
            let id = sheet
                .attributes()
                .find(|a| a.name() == "id")
                .map(|a| a.value().to_string())?;
            Some((sheet.attribute("name").unwrap_or_default().to_string(), id))
        })
        .collect())
}

fn relation_targets(xml: &str) -> Result<HashMap<String, String>, Rejected> {
    if xml.is_empty() {
        return Ok(HashMap::new());
    }
    let document = parse(xml)?;
    Ok(document
        .descendants()
        .filter(|n| n.has_tag_name("Relationship"))
        .filter_map(|r| {
            Some((
                r.attribute("Id")?.to_string(),
                r.attribute("Target")?.to_string(),
            ))
        })
        .collect())
}

/// The text of an `<si>` or `<is>`: its `<t>` runs, joined (rich text
/// splits a string into runs; phonetic hints `<rPh>` are not the text).
fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.has_tag_name("t") && !n.ancestors().any(|a| a.has_tag_name("rPh")))
        .filter_map(|t| t.text())
        .collect()
}

fn shared_strings(xml: &str) -> Result<Vec<String>, Rejected> {
    let document = parse(xml)?;
    Ok(document
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("si"))
        .map(text_of)
        .collect())
}

/// "C12" → column 2 (from 0).
fn column_of(reference: &str) -> Option<usize> {
    let letters: String = reference
        .chars()
        .take_while(char::is_ascii_uppercase)
        .collect();
    if letters.is_empty() {
        return None;
    }
    Some(
        letters
            .bytes()
            .fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1))
            - 1,
    )
}

type Rows = HashMap<u32, HashMap<usize, String>>;

/// How a cell's style shows a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// As short as it is ("General"), or as text.
    General,
    /// With this many decimals; a percentage shows the value × 100.
    Decimals { places: u32, percent: bool },
    /// A date: the serial number is a day.
    Date,
}

/// What a number format code shows: a date if it names days, months or
/// years outside quotes and brackets, else the decimals of its first
/// section.
fn shown_by_code(code: &str) -> Shown {
    let first = code.split(';').next().unwrap_or_default();
    let mut plain = String::new();
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in first.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            _ if !quoted && !bracket => plain.push(c),
            _ => {}
        }
    }
    let lower = plain.trim().to_lowercase();
    if lower == "general" || lower == "@" || lower.is_empty() {
        return Shown::General;
    }
    if lower.contains('d') || lower.contains('y') || (lower.contains('m') && !lower.contains('0')) {
        return Shown::Date;
    }
    let places = lower.split_once('.').map_or(0, |(_, decimals)| {
        decimals
            .chars()
            .take_while(|c| matches!(c, '0' | '#' | '?'))
            .count()
    });
    Shown::Decimals {
        places: u32::try_from(places).unwrap_or(0),
        percent: lower.contains('%'),
    }
}

/// Excel's built-in number formats, by id (ECMA-376, 18.8.30).
fn shown_by_builtin(id: u32) -> Shown {
    match id {
        1 | 3 | 37 | 38 => Shown::Decimals {
            places: 0,
            percent: false,
        },
        2 | 4 | 39 | 40 => Shown::Decimals {
            places: 2,
            percent: false,
        },
        9 => Shown::Decimals {
            places: 0,
            percent: true,
        },
        10 => Shown::Decimals {
            places: 2,
            percent: true,
        },
        14..=17 | 22 | 27..=36 | 50..=58 => Shown::Date,
        _ => Shown::General,
    }
}

/// How each cell style (`s`, an index into `cellXfs`) shows numbers.
fn styles(xml: &str) -> Result<Vec<Shown>, Rejected> {
    let document = parse(xml)?;
    let custom: HashMap<u32, String> = document
        .descendants()
        .filter(|n| n.has_tag_name("numFmt"))
        .filter_map(|n| {
            Some((
                n.attribute("numFmtId")?.parse().ok()?,
                n.attribute("formatCode")?.to_string(),
            ))
        })
        .collect();
    Ok(document
        .descendants()
        .find(|n| n.has_tag_name("cellXfs"))
        .map(|xfs| {
            xfs.children()
                .filter(|n| n.has_tag_name("xf"))
                .map(|xf| {
                    let id: u32 = xf
                        .attribute("numFmtId")
                        .and_then(|id| id.parse().ok())
                        .unwrap_or(0);
                    custom
                        .get(&id)
                        .map_or_else(|| shown_by_builtin(id), |code| shown_by_code(code))
                })
                .collect()
        })
        .unwrap_or_default())
}

/// A number cell's value as its style shows it: a date as files write it,
/// a number with a decimal comma (the CSV has `;` between columns). Excel
/// keeps numbers as binary floating point: the stored text is read as the
/// shortest decimal that is that float, which is what Excel shows, and
/// only then given the format's decimals.
fn as_shown(value: &str, shown: Shown) -> String {
    let Ok(float) = value.parse::<f64>() else {
        return value.to_string();
    };
    if shown == Shown::Date {
        // Serial day 25569 is 1970-01-01 (the 1900 date system).
        return crate::format::iso_date_from_unix_days(float.floor() as i64 - 25_569);
    }
    let Ok(mut number) = Decimal::from_str(&float.to_string()) else {
        return value.to_string();
    };
    if let Shown::Decimals { places, percent } = shown {
        if percent {
            number *= Decimal::ONE_HUNDRED;
        }
        number = number.round_dp(places);
        number.rescale(places);
    } else {
        number = number.normalize();
    }
    number.to_string().replace('.', ",")
}

/// Every cell with a value, by sheet row (from 1) and column (from 0), as
/// its cell shows it.
fn sheet_rows(xml: &str, strings: &[String], styles: &[Shown]) -> Result<Rows, Rejected> {
    let document = parse(xml)?;
    let mut rows: Rows = HashMap::new();
    let mut next_row = 1;
    for row in document.descendants().filter(|n| n.has_tag_name("row")) {
        let number = row
            .attribute("r")
            .and_then(|r| r.parse().ok())
            .unwrap_or(next_row);
        next_row = number + 1;
        let mut next_column = 0;
        for cell in row.children().filter(|n| n.has_tag_name("c")) {
            let column = cell
                .attribute("r")
                .and_then(column_of)
                .unwrap_or(next_column);
            next_column = column + 1;
            // A formula's cached value may be stale or differ from what the
            // cell shows: only values are taken.
            if cell.children().any(|n| n.has_tag_name("f")) {
                return Err(whole(&format!(
                    "ô {} chứa công thức; hãy chép rồi dán giá trị (Paste Values) vào bảng tính và tải lên lại",
                    cell.attribute("r").unwrap_or("?")
                )));
            }
            let value = cell
                .children()
                .find(|n| n.has_tag_name("v"))
                .and_then(|v| v.text())
                .unwrap_or_default();
            let text = match cell.attribute("t") {
                Some("s") => value
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| strings.get(i))
                    .cloned()
                    .unwrap_or_default(),
                Some("inlineStr") => cell
                    .children()
                    .find(|n| n.has_tag_name("is"))
                    .map(text_of)
                    .unwrap_or_default(),
                Some("b") => if value == "1" { "TRUE" } else { "FALSE" }.to_string(),
                // Formula strings and errors as written.
                Some("str" | "e") => value.to_string(),
                // A number ("n" or none), as its style shows it.
                _ if value.is_empty() => String::new(),
                _ => {
                    let shown = cell
                        .attribute("s")
                        .and_then(|s| s.parse::<usize>().ok())
                        .and_then(|s| styles.get(s).copied())
                        .unwrap_or(Shown::General);
                    as_shown(value, shown)
                }
            };
            if !text.is_empty() {
                rows.entry(number).or_default().insert(column, text);
            }
        }
    }
    Ok(rows)
}

/// The rows as CSV, one line per sheet row (line N of the text is row N of
/// the sheet), as wide as the header row.
fn to_csv(rows: &Rows) -> String {
    let width = rows
        .get(&1)
        .and_then(|header| header.keys().max())
        .map_or(0, |last| last + 1);
    let last_row = rows.keys().max().copied().unwrap_or(1);
    // `;` between columns, as Excel writes CSV under Vietnamese settings:
    // what a cell shows ("1000,5") reads as it looks.
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for number in 1..=last_row {
        let row = rows.get(&number);
        let record: Vec<String> = (0..width)
            .map(|column| {
                row.and_then(|r| r.get(&column))
                    // A line break inside a cell would shift the lines
                    // after it; in a figures file it is a space.
                    .map(|text| text.replace(['\r', '\n'], " "))
                    .unwrap_or_default()
            })
            .collect();
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&record);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_column_letters() {
        assert_eq!(column_of("A1"), Some(0));
        assert_eq!(column_of("W12"), Some(22));
        assert_eq!(column_of("AA3"), Some(26));
        assert_eq!(column_of("12"), None);
    }

    #[test]
    fn refuses_what_is_not_a_workbook() {
        let rejected = figures_csv(b"PK\x03\x04 not really").unwrap_err();
        assert!(rejected.problems[0].message.contains(".xlsx"));
        assert!(!is_workbook(b"indicator,year,value\n"));
    }

    /// A zip whose one part inflates past the limit: refused by its size,
    /// without holding it all.
    #[test]
    fn refuses_a_part_that_inflates_too_far() {
        use std::io::Write as _;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file(
            "xl/workbook.xml",
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        let spaces = vec![b' '; 1024 * 1024];
        for _ in 0..65 {
            zip.write_all(&spaces).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < 1024 * 1024, "{} bytes", bytes.len());
        let rejected = figures_csv(&bytes).unwrap_err();
        assert!(
            rejected.problems[0]
                .message
                .contains("quá lớn khi giải nén"),
            "{rejected}"
        );
    }

    #[test]
    fn number_formats_say_how_a_number_shows() {
        assert_eq!(shown_by_code("General"), Shown::General);
        assert_eq!(shown_by_code("@"), Shown::General);
        assert_eq!(
            shown_by_code("#,##0.00"),
            Shown::Decimals {
                places: 2,
                percent: false
            }
        );
        assert_eq!(
            shown_by_code("0.0%"),
            Shown::Decimals {
                places: 1,
                percent: true
            }
        );
        assert_eq!(
            shown_by_code("#,##0.0 \"tỷ đồng\";[Red]-#,##0.0"),
            Shown::Decimals {
                places: 1,
                percent: false
            }
        );
        assert_eq!(shown_by_code("dd/mm/yyyy"), Shown::Date);
        assert_eq!(shown_by_code("[$-42A]d mmmm yyyy"), Shown::Date);
        assert_eq!(
            as_shown(
                "0.7",
                Shown::Decimals {
                    places: 2,
                    percent: false
                }
            ),
            "0,70"
        );
        assert_eq!(
            as_shown(
                "0.9117",
                Shown::Decimals {
                    places: 2,
                    percent: true
                }
            ),
            "91,17"
        );
        assert_eq!(as_shown("31620.599999999999", Shown::General), "31620,6");
        assert_eq!(as_shown("46115", Shown::Date), "2026-04-03");
    }

    #[test]
    fn a_target_in_words_reads_back_as_the_format_s_columns() {
        assert_eq!(
            target_columns("108.000 tỷ đồng"),
            vec![("value", "108000".to_string())]
        );
        assert_eq!(
            target_columns("tăng 4,8%"),
            vec![("change_pct", "4,8".to_string())]
        );
        assert_eq!(
            target_columns("giảm 1%"),
            vec![("change_pct", "-1".to_string())]
        );
        assert_eq!(
            target_columns("tăng 9,5–10,5%"),
            vec![
                ("change_low", "9,5".to_string()),
                ("change_high", "10,5".to_string())
            ]
        );
        assert_eq!(
            target_columns("không đổi"),
            vec![("change_pct", "0".to_string())]
        );
    }
}
