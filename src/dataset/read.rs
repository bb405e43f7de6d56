//! Reading a file row by row, every problem named by line and column: one
//! loop over the records for every kind of file.

use super::*;

/// Collects the problems of one row.
pub(super) struct Row<'a> {
    pub(super) line: u64,
    pub(super) header: &'a Header,
    pub(super) record: &'a csv::StringRecord,
    pub(super) problems: &'a mut Vec<Problem>,
}

impl Row<'_> {
    pub(super) fn text(&self, column: &str) -> &str {
        self.header.get(self.record, column)
    }

    pub(super) fn problem(&mut self, column: &str, message: String) {
        self.problems.push(Problem {
            line: Some(self.line),
            column: Some(column.to_string()),
            message,
        });
    }

    pub(super) fn required(&mut self, column: &str) -> Option<String> {
        let text = self.text(column).to_string();
        if text.is_empty() {
            self.problem(column, "bỏ trống, cần có giá trị".to_string());
            None
        } else {
            Some(text)
        }
    }

    pub(super) fn year(&mut self) -> Option<i32> {
        let text = self.required("year")?;
        match crate::period::parse_year(&text) {
            Ok(year) => Some(year),
            Err(not_a_year) => {
                self.problem("year", not_a_year.to_string());
                None
            }
        }
    }

    pub(super) fn decimal(&mut self, column: &str) -> Option<Decimal> {
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

    pub(super) fn integer(&mut self, column: &str) -> Option<i64> {
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

/// The figures of a file that holds no plans (the committed seed, tests).
pub fn read_observations(
    bytes: &[u8],
    catalogue: &'static Catalogue,
) -> Result<Vec<Observation>, Rejected> {
    read_figures(bytes, catalogue).map(|figures| figures.observations)
}

/// Calls `visit` with each row of a file that has cells — the one loop
/// over records of every kind of file: a record that cannot be read, or
/// whose cells do not match the header's columns, is a problem on its
/// line; a row of empty cells is skipped.
fn for_each_row(
    reader: &mut csv::Reader<&[u8]>,
    header: &Header,
    delimiter: u8,
    problems: &mut Vec<Problem>,
    mut visit: impl FnMut(&mut Row<'_>),
) {
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
        visit(&mut Row {
            line,
            header,
            record: &record,
            problems,
        });
    }
}

/// Reads a figures file. Either every row is good and all come back, or
/// nothing does and every problem is listed.
pub fn read_figures(bytes: &[u8], catalogue: &'static Catalogue) -> Result<Figures, Rejected> {
    read_figures_dated(bytes, catalogue, false)
}

/// Reads a file of the record a database is made from, where every row
/// must say when it was published: each publication becomes a release
/// dated by that day, and an undated one would be dated by the making of
/// the database — a release that never was.
pub fn read_record(bytes: &[u8], catalogue: &'static Catalogue) -> Result<Figures, Rejected> {
    read_figures_dated(bytes, catalogue, true)
}

fn read_figures_dated(
    bytes: &[u8],
    catalogue: &'static Catalogue,
    dates_required: bool,
) -> Result<Figures, Rejected> {
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
    for_each_row(&mut reader, &header, delimiter, &mut problems, |row| {
        let line = row.line;
        let Some(entry) = entry_of(row, catalogue) else {
            return;
        };
        // A change published alone is a figure's publication: one row each.
        let (is_plan, key, published) = match &entry {
            Entry::Figure(o) => (false, o.key(), o.published),
            Entry::Rate(r) => (false, r.key(), r.published),
            Entry::Plan(p) => (true, p.key(), p.published),
        };
        if dates_required && published.is_none() {
            row.problem(
                "published",
                "thiếu ngày công bố: số liệu của hồ sơ công bố ghi ngày (hoặc tháng, năm) trang đã đăng; không ghi ngày thì không biết số liệu ra lúc nào".to_string(),
            );
            return;
        }
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
            return;
        }
        first_line_of.insert((is_plan, key, published), line);
        match entry {
            Entry::Figure(observation) => observations.push(observation),
            Entry::Rate(rate) => rates.push(rate),
            Entry::Plan(plan) => plans.push(plan),
        }
    });
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
    for_each_row(&mut reader, &header, b',', &mut problems, |row| {
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
    });
    if problems.is_empty() {
        Ok(activities)
    } else {
        Err(Rejected { problems })
    }
}
