//! Reading a workbook staff filled in (`.xlsx`, as Excel or LibreOffice
//! save it): the first sheet whose first row names the columns of the
//! figures format (`indicator`, `year`, `value`, …), turned into that
//! format's CSV text, one line per sheet row, so that `dataset` checks it
//! like any file and its problems name the sheet's own row numbers.
//!
//! Read here rather than with a spreadsheet crate: those hand numeric cells
//! over as floating point, and a figure typed as 0,70 must keep its digits.
//! The sheet's XML holds each cell as text — a number as Excel wrote it, a
//! string (in the template's text-formatted columns) exactly as typed.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use crate::dataset::{Problem, Rejected};

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
    if is_workbook(bytes) {
        let (sheet, csv) = figures_csv(bytes)?;
        let figures = crate::dataset::read_figures(csv.as_bytes(), catalogue)?;
        Ok((figures, format!("bảng tính Excel, trang “{sheet}”")))
    } else {
        let figures = crate::dataset::read_figures(bytes, catalogue)?;
        let layout = format!(
            "CSV, các cột cách nhau bằng {}",
            crate::dataset::delimiter_name(figures.delimiter)
        );
        Ok((figures, layout))
    }
}

/// A workbook's figures sheet, as CSV text, and the sheet's name.
pub fn figures_csv(bytes: &[u8]) -> Result<(String, String), Rejected> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| whole("tệp không phải bảng tính Excel (.xlsx) đọc được"))?;
    let workbook = part(&mut archive, "xl/workbook.xml")?
        .ok_or_else(|| whole("bảng tính thiếu phần xl/workbook.xml"))?;
    let relations = part(&mut archive, "xl/_rels/workbook.xml.rels")?.unwrap_or_default();
    let strings = match part(&mut archive, "xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    let targets = relation_targets(&relations)?;
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
        let rows = sheet_rows(&xml, &strings)?;
        if rows
            .get(&1)
            .and_then(|row| row.get(&0))
            .is_some_and(|first| first.trim() == "indicator")
        {
            return Ok((name, to_csv(&rows)));
        }
    }
    Err(whole(
        "bảng tính không có trang nào mà dòng 1 là tên các cột (indicator, year, value, …); \
         hãy dùng mẫu nhập liệu tải ở trang Dữ liệu mở",
    ))
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

/// Every cell with a value, by sheet row (from 1) and column (from 0).
fn sheet_rows(xml: &str, strings: &[String]) -> Result<Rows, Rejected> {
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
                // Numbers ("n" or none) and formula strings ("str") as written.
                _ => value.to_string(),
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
    let mut writer = csv::WriterBuilder::new()
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
}
