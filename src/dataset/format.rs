//! The files' format: their columns and header line, the separator, the
//! encoding, and numbers as machines and as Vietnamese Excel write them.

use super::*;

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

/// The open-data workbook's figures sheet ("Số liệu"): its column titles,
/// in order. Written by `workbook`, read back by `spreadsheet` (a download
/// edited and handed in again); a title changed here changes both.
pub const OPEN_DATA_FIGURE_HEADERS: [&str; 22] = [
    "Mã chỉ tiêu",
    "Chỉ tiêu",
    "Năm",
    "Giá trị",
    "Đơn vị",
    "Kế hoạch",
    "So kế hoạch (%)",
    "Tốc độ tăng so cùng kỳ (%)",
    "Thay đổi thứ hạng (bậc)",
    "Tỷ trọng (%)",
    "Trên tổng số",
    "Tình trạng",
    "Nguồn",
    "Ghi chú",
    "Kỳ",
    "Địa bàn",
    "Nơi công bố",
    "Ngày công bố",
    "Đường dẫn",
    "Gốc chuỗi số",
    "Báo cáo riêng phần tỉnh cũ",
    // The period's code: "tháng 1 năm 2026" names both January and the
    // cumulative first month.
    "Mã kỳ",
];

/// The open-data workbook's plans sheet ("Kế hoạch"), likewise.
pub const OPEN_DATA_PLAN_HEADERS: [&str; 13] = [
    "Mã chỉ tiêu",
    "Chỉ tiêu",
    "Năm",
    "Kỳ",
    "Địa bàn",
    "Nơi công bố",
    "Mục tiêu",
    "Ngày công bố",
    "Nguồn",
    "Đường dẫn",
    "Gốc chuỗi số",
    "Ghi chú",
    "Mã kỳ",
];

/// What the figures sheet writes in its last column for a report of part
/// of the province.
pub const OPEN_DATA_SUB_TERRITORY: &str = "có";

/// How the figures sheet begins the note of a change published without
/// its level (its value cell left empty).
pub const RATE_ONLY_NOTE: &str = "Chỉ công bố tốc độ tăng, không công bố giá trị.";

pub(super) const REQUIRED_OBSERVATION_COLUMNS: [&str; 5] =
    ["indicator", "year", "value", "status", "source"];

pub const ACTIVITY_COLUMNS: [&str; 5] = ["year", "kind", "topic", "text", "source"];

/// Checks that the bytes are UTF-8 text, drops a leading byte-order mark,
/// and ends lines with `\n` alone: with Windows line ends (as Excel saves),
/// the CSV reader counts each record one line short, and problems would
/// name the line above the one that is wrong.
pub(super) fn text_of(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, Rejected> {
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
pub(super) struct Header {
    pub(super) names: Vec<String>,
    /// Numbers may be written the Vietnamese way, with a decimal comma: the
    /// file came from Excel under Vietnamese settings (`;` between columns).
    pub(super) decimal_comma: bool,
}

impl Header {
    pub(super) fn read(
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

    pub(super) fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        self.names
            .iter()
            .position(|n| n == column)
            .and_then(|i| record.get(i))
            .map(str::trim)
            .unwrap_or("")
    }
}

pub(super) fn header_problem(column: &str, message: String) -> Problem {
    Problem {
        line: Some(1),
        column: Some(column.to_string()),
        message,
    }
}

pub(super) fn not_a_number(text: &str) -> String {
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

pub(super) fn parse_machine_integer(text: &str) -> Option<i64> {
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

/// The column separator of a CSV file: `,`, or `;` as Excel writes CSV
/// under Vietnamese (and most European) regional settings, where `,` is
/// the decimal mark. Decided by the header line, which names columns and
/// holds neither inside a name.
pub(super) fn delimiter_of(text: &str) -> u8 {
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
