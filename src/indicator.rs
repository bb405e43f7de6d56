//! The catalogue of indicators, as data.
//!
//! `data/indicators.csv` is the one list of indicators: a new indicator in
//! an existing section is a row there plus its figures. The list is read
//! into the database with the rest of `data/`, and every page, chart, the
//! API, the downloads, the entry template and `check` read it from there.
//!
//! Codes are fixed: data files, the database, the JSON API and the open-data
//! downloads use them, so a code is never renamed once published. The few
//! codes that code itself gives a meaning to (a trade balance is exports
//! minus imports; the retail composition is the parts of the retail total)
//! are the constants below; everything else about an indicator — its
//! names, unit, kind, section and what it is part of — is the catalogue's.
//!
//! Why interned and `'static`: an indicator's code is part of every
//! figure's key (`FigureKey`, `Copy`, hashed and compared everywhere), and
//! every figure carries its indicator. A catalogue changes only when a
//! database is made from another `data/` folder, a handful of times in a
//! process's life (once for the site; once per test database), so each
//! distinct catalogue is kept for the life of the process and shared by
//! every database that holds the same one.

use std::sync::{Mutex, OnceLock};

/// How an indicator's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An amount in money (tỷ đồng, triệu USD): it can be summed, and a
    /// previous year's value follows from its change.
    Amount,
    /// A physical quantity (tấn): summed and derived like an amount, but
    /// never added to or compared with money.
    Quantity,
    /// An index against the same period of the previous year (100 = no
    /// change): 101,69 means "tăng 1,69%".
    IndexOnPreviousYear,
    /// An index against the month before (100 = no change): 97,6 means
    /// "giảm 2,4% so với tháng trước". Never set beside a year-on-year one.
    IndexOnPreviousMonth,
    /// A position in a ranking: 1 is best, out of `out_of` places.
    Rank,
    /// Points on a published scale (the EBI score): neither summed nor
    /// turned into a percentage.
    Score,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Amount,
        Kind::Quantity,
        Kind::IndexOnPreviousYear,
        Kind::IndexOnPreviousMonth,
        Kind::Rank,
        Kind::Score,
    ];

    /// The code in `indicators.csv` and the API.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Amount => "amount",
            Kind::Quantity => "quantity",
            Kind::IndexOnPreviousYear => "index",
            Kind::IndexOnPreviousMonth => "index_month",
            Kind::Rank => "rank",
            Kind::Score => "score",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Whether values of one period add up (over months, over the two old
    /// provinces) and a previous year follows from a published change.
    pub fn is_additive(self) -> bool {
        matches!(self, Kind::Amount | Kind::Quantity)
    }
}

/// The areas the department reports on; each has its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    Industry,
    Retail,
    Trade,
    Ecommerce,
}

impl Area {
    pub const ALL: [Area; 4] = [Area::Industry, Area::Retail, Area::Trade, Area::Ecommerce];

    /// The code in `indicators.csv`: the section page's path.
    pub fn code(self) -> &'static str {
        match self {
            Area::Industry => "cong-nghiep",
            Area::Retail => "ban-le",
            Area::Trade => "xuat-nhap-khau",
            Area::Ecommerce => "thuong-mai-dien-tu",
        }
    }

    pub fn from_code(code: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|a| a.code() == code)
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct Indicator {
    pub code: &'static str,
    /// The full name, as official reports write it.
    pub name: &'static str,
    /// A short label for cards, tables and chart axes.
    pub short_name: &'static str,
    /// The unit in words, as published ("tỷ đồng", "triệu USD", "tấn").
    pub unit: &'static str,
    pub kind: Kind,
    pub area: Area,
    /// The total this indicator is a part of, if any. A total's parts may
    /// be an incomplete breakdown (coffee within exports): pages show each
    /// part's share and never pretend the parts add up.
    pub part_of: Option<&'static str>,
    /// What the figure means, for readers (shown on the about page).
    pub meaning: &'static str,
    /// Its place in the catalogue: the order pages and files list figures.
    pub position: usize,
    /// Whether it is one of the headline figures of the overview and the
    /// briefing.
    pub headline: bool,
}

impl Indicator {
    /// Whether the indicator is a part of some total (shown in its total's
    /// breakdown rather than as a card of its own).
    pub fn is_part(&self) -> bool {
        self.part_of.is_some()
    }
}

pub const INDUSTRY_OUTPUT: &str = "industry.output";
pub const RETAIL_TOTAL: &str = "retail.total";
pub const TRADE_EXPORT: &str = "trade.export";
pub const TRADE_IMPORT: &str = "trade.import";
pub const TRADE_BALANCE: &str = "trade.balance";

/// The columns of `indicators.csv`, in order. `headline` (`yes` or
/// empty) may be left out.
pub const COLUMNS: [&str; 9] = [
    "code",
    "name",
    "short_name",
    "unit",
    "kind",
    "section",
    "part_of",
    "meaning",
    "headline",
];

/// One row of `indicators.csv`, as written (owned, comparable): what the
/// database stores and what decides whether two catalogues are the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub unit: String,
    pub kind: Kind,
    pub area: Area,
    pub part_of: Option<String>,
    pub meaning: String,
    pub headline: bool,
}

/// A problem in a catalogue file, with the line (1 = the header) and the
/// column where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: &'static str,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "dòng {}, cột {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// The catalogue: every indicator, in the file's order (the order pages
/// list them in).
#[derive(Debug)]
pub struct Catalogue {
    definitions: Vec<Definition>,
    indicators: Vec<Indicator>,
}

/// The committed `data/indicators.csv`, built into the program so that a
/// database can be made wherever it runs.
pub const COMMITTED: &[u8] = include_bytes!("../data/indicators.csv");

impl Catalogue {
    /// The committed catalogue.
    pub fn committed() -> &'static Catalogue {
        static COMMITTED_CATALOGUE: OnceLock<&'static Catalogue> = OnceLock::new();
        COMMITTED_CATALOGUE.get_or_init(|| {
            let definitions = parse(COMMITTED)
                .unwrap_or_else(|problems| panic!("data/indicators.csv: {}", problems[0]));
            Catalogue::intern(definitions)
        })
    }

    /// The catalogue of these definitions, shared with any identical one
    /// made before.
    pub fn intern(definitions: Vec<Definition>) -> &'static Catalogue {
        static INTERNED: Mutex<Vec<&'static Catalogue>> = Mutex::new(Vec::new());
        let mut interned = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = interned.iter().find(|c| c.definitions == definitions) {
            return found;
        }
        let leak = |text: &str| -> &'static str { Box::leak(text.to_owned().into_boxed_str()) };
        let indicators = definitions
            .iter()
            .enumerate()
            .map(|(position, d)| Indicator {
                code: leak(&d.code),
                name: leak(&d.name),
                short_name: leak(&d.short_name),
                unit: leak(&d.unit),
                kind: d.kind,
                area: d.area,
                part_of: d.part_of.as_deref().map(leak),
                meaning: leak(&d.meaning),
                position,
                headline: d.headline,
            })
            .collect();
        let catalogue: &'static Catalogue = Box::leak(Box::new(Catalogue {
            definitions,
            indicators,
        }));
        interned.push(catalogue);
        catalogue
    }

    pub fn definitions(&self) -> &[Definition] {
        &self.definitions
    }

    /// Every indicator, in the catalogue's order.
    pub fn all(&'static self) -> &'static [Indicator] {
        &self.indicators
    }

    /// The indicator with this code, if the catalogue has it.
    pub fn find(&'static self, code: &str) -> Option<&'static Indicator> {
        self.indicators.iter().find(|i| i.code == code)
    }

    /// The indicators of one section page, in the catalogue's order.
    pub fn of_area(&'static self, area: Area) -> Vec<&'static Indicator> {
        self.indicators.iter().filter(|i| i.area == area).collect()
    }

    /// The parts of `total`, in the catalogue's order.
    pub fn parts_of(&'static self, total: &str) -> Vec<&'static Indicator> {
        self.indicators
            .iter()
            .filter(|i| i.part_of == Some(total))
            .collect()
    }

    /// The headline figures of the overview and the briefing, in order.
    pub fn headlines(&'static self) -> Vec<&'static Indicator> {
        self.indicators.iter().filter(|i| i.headline).collect()
    }

    /// The parts of `total` and their own parts, in the catalogue's order.
    pub fn within(&'static self, total: &str) -> Vec<&'static Indicator> {
        self.indicators
            .iter()
            .filter(|i| {
                let mut at = i.part_of;
                // A chain is at most as long as the catalogue (no cycles).
                for _ in 0..self.indicators.len() {
                    match at {
                        Some(code) if code == total => return true,
                        Some(code) => at = self.find(code).and_then(|t| t.part_of),
                        None => return false,
                    }
                }
                false
            })
            .collect()
    }

    /// The total at the top of `code`'s `part_of` chain (itself if it is
    /// no part): what a published share (`share_pct`) is a share of.
    pub fn root_of(&'static self, code: &str) -> Option<&'static Indicator> {
        let mut at = self.find(code)?;
        for _ in 0..self.indicators.len() {
            match at.part_of.and_then(|total| self.find(total)) {
                Some(total) => at = total,
                None => return Some(at),
            }
        }
        Some(at)
    }

    /// The codes, for messages: "industry.output, industry.iip, …".
    pub fn codes(&self) -> String {
        self.indicators
            .iter()
            .map(|i| i.code)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Whether following `part_of` from `code` comes back to it.
fn comes_back(definitions: &[(usize, Definition)], code: &str) -> bool {
    let mut at = code;
    for _ in 0..=definitions.len() {
        let Some(next) = definitions
            .iter()
            .find(|(_, d)| d.code == at)
            .and_then(|(_, d)| d.part_of.as_deref())
        else {
            return false;
        };
        if next == code {
            return true;
        }
        at = next;
    }
    true
}

/// Reads `indicators.csv`: UTF-8 (a byte-order mark tolerated), `,`
/// between columns, the header naming at least [`COLUMNS`] (in any order).
/// Every problem is reported, each with its line and column.
pub fn parse(bytes: &[u8]) -> Result<Vec<Definition>, Vec<Problem>> {
    let problem = |line: usize, column: &'static str, message: String| Problem {
        line,
        column,
        message,
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header.iter().map(|h| h.trim().to_string()).collect(),
        Err(error) => return Err(vec![problem(1, "code", format!("không đọc được: {error}"))]),
    };
    let mut problems = Vec::new();
    let position: Vec<Option<usize>> = COLUMNS
        .iter()
        .map(|column| header.iter().position(|h| h == column))
        .collect();
    for (column, at) in COLUMNS.iter().zip(&position) {
        if at.is_none() && *column != "headline" {
            problems.push(problem(
                1,
                column,
                "thiếu cột này ở dòng tiêu đề".to_string(),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut definitions: Vec<(usize, Definition)> = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                problems.push(problem(
                    line,
                    "code",
                    format!("không đọc được dòng: {error}"),
                ));
                continue;
            }
        };
        let cell = |i: usize| -> String {
            position[i]
                .and_then(|at| record.get(at))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let mut required = |i: usize| -> String {
            let text = cell(i);
            if text.is_empty() {
                problems.push(problem(line, COLUMNS[i], "không được để trống".to_string()));
            }
            text
        };
        let code = required(0);
        let name = required(1);
        let short_name = required(2);
        let unit = required(3);
        let kind_text = required(4);
        let area_text = required(5);
        let meaning = required(7);
        let part_of = Some(cell(6)).filter(|p| !p.is_empty());
        let headline = match cell(8).as_str() {
            "" | "no" => false,
            "yes" => true,
            other => {
                problems.push(problem(
                    line,
                    "headline",
                    format!("\"{other}\" phải là yes hoặc để trống"),
                ));
                false
            }
        };
        if !code.is_empty()
            && !code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_')
        {
            problems.push(problem(
                line,
                "code",
                format!("\"{code}\": mã chỉ gồm chữ thường không dấu, chữ số, '.' và '_'"),
            ));
        }
        let kind = Kind::from_code(&kind_text);
        if kind.is_none() && !kind_text.is_empty() {
            let valid: Vec<_> = Kind::ALL.iter().map(|k| k.code()).collect();
            problems.push(problem(
                line,
                "kind",
                format!(
                    "\"{kind_text}\" không phải loại hợp lệ; dùng {}",
                    valid.join(", ")
                ),
            ));
        }
        let area = Area::from_code(&area_text);
        if area.is_none() && !area_text.is_empty() {
            let valid: Vec<_> = Area::ALL.iter().map(|a| a.code()).collect();
            problems.push(problem(
                line,
                "section",
                format!(
                    "\"{area_text}\" không phải trang hợp lệ; dùng {}",
                    valid.join(", ")
                ),
            ));
        }
        if let Some((earlier, _)) = definitions.iter().find(|(_, d)| d.code == code) {
            problems.push(problem(
                line,
                "code",
                format!("mã \"{code}\" đã có ở dòng {earlier}"),
            ));
        }
        if let (Some(kind), Some(area)) = (kind, area) {
            definitions.push((
                line,
                Definition {
                    code,
                    name,
                    short_name,
                    unit,
                    kind,
                    area,
                    part_of,
                    meaning,
                    headline,
                },
            ));
        }
    }
    // A part names a total of the catalogue, in the same unit and section;
    // following `part_of` never comes back (lodging and meals within
    // "lưu trú và ăn uống" within the retail total is two levels).
    for (line, definition) in &definitions {
        let Some(total_code) = &definition.part_of else {
            continue;
        };
        let total = definitions.iter().find(|(_, d)| &d.code == total_code);
        let message = match total {
            None => Some(format!("\"{total_code}\" không có trong danh mục")),
            Some((_, total)) if total.code == definition.code => {
                Some("một chỉ tiêu không thể là thành phần của chính nó".to_string())
            }
            Some(_) if comes_back(&definitions, &definition.code) => Some(format!(
                "\"{total_code}\" lại là thành phần của \"{}\" (vòng lặp)",
                definition.code
            )),
            Some((_, total)) if total.unit != definition.unit => Some(format!(
                "đơn vị \"{}\" khác đơn vị của tổng \"{total_code}\" (\"{}\"): một số lượng khác đơn vị là một chỉ tiêu riêng, không phải thành phần",
                definition.unit, total.unit
            )),
            Some((_, total)) if total.area != definition.area => Some(format!(
                "tổng \"{total_code}\" thuộc trang khác ({})",
                total.area.code()
            )),
            Some(_) => None,
        };
        if let Some(message) = message {
            problems.push(problem(*line, "part_of", message));
        }
    }
    if definitions.is_empty() && problems.is_empty() {
        problems.push(problem(
            1,
            "code",
            "danh mục không có chỉ tiêu nào".to_string(),
        ));
    }
    if problems.is_empty() {
        Ok(definitions.into_iter().map(|(_, d)| d).collect())
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_catalogue_reads_and_its_parts_name_known_totals() {
        let catalogue = Catalogue::committed();
        assert!(catalogue.find("trade.export.coffee").is_some());
        let retail: Vec<_> = catalogue
            .parts_of(RETAIL_TOTAL)
            .iter()
            .map(|i| i.code)
            .collect();
        assert_eq!(
            retail,
            [
                "retail.commerce",
                "retail.accommodation_food",
                "retail.travel",
                "retail.other_services"
            ]
        );
        let lodging_and_meals: Vec<_> = catalogue
            .parts_of("retail.accommodation_food")
            .iter()
            .map(|i| i.code)
            .collect();
        assert_eq!(
            lodging_and_meals,
            ["retail.accommodation", "retail.food_service"]
        );
        let exports: Vec<_> = catalogue
            .parts_of(TRADE_EXPORT)
            .iter()
            .map(|i| i.code)
            .collect();
        assert_eq!(
            exports,
            [
                "trade.export.coffee",
                "trade.export.wood",
                "trade.export.rubber",
                "trade.export.other"
            ]
        );
    }

    #[test]
    fn identical_catalogues_are_one() {
        let a = Catalogue::intern(parse(COMMITTED).unwrap());
        assert!(std::ptr::eq(a, Catalogue::committed()));
    }

    #[test]
    fn problems_are_named_by_line_and_column() {
        let file = "code,name,short_name,unit,kind,section,part_of,meaning\n\
                    a.total,Tổng,Tổng,tỷ đồng,amount,ban-le,,Tổng.\n\
                    a.part,Phần,Phần,tấn,amount,ban-le,a.total,Phần.\n\
                    a.total,Lặp,Lặp,tỷ đồng,sum,noi-khac,,\n\
                    B,X,X,x,rank,ban-le,a.none,X.\n";
        let problems = parse(file.as_bytes()).unwrap_err();
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.starts_with("dòng 3, cột part_of: đơn vị \"tấn\"")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|t| t.starts_with("dòng 4, cột meaning")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|t| t.starts_with("dòng 4, cột kind")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|t| t.starts_with("dòng 4, cột section")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("dòng 4, cột code: mã \"a.total\" đã có ở dòng 2")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|t| t.starts_with("dòng 5, cột code")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("dòng 5, cột part_of: \"a.none\"")),
            "{text:?}"
        );
    }
}
