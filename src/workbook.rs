//! Every figure as an Excel workbook: numbers as numbers (formatted with
//! the digits they were published with), Vietnamese headers, and a second
//! sheet that says where the figures come from and what the columns mean.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::dataset::{
    OPEN_DATA_FIGURE_HEADERS, OPEN_DATA_PLAN_HEADERS, OPEN_DATA_SUB_TERRITORY, RATE_ONLY_NOTE,
};
use crate::format;
use crate::indicator::Catalogue;
use crate::model::{Observation, Plan, Rate, Target};

/// A plan's target the way reports write it: "850 triệu USD", "tăng 4,8%",
/// "tăng 9,5–10,5%".
pub fn target_in_words(target: &Target, unit: &str) -> String {
    match target {
        Target::Amount(amount) => format::with_unit(amount, unit),
        Target::Growth(growth) => format::change_in_words(growth),
        Target::GrowthRange { low, high } => {
            format!("tăng {}–{}%", format::number(low), format::number(high))
        }
    }
}

/// Excel's number format for a figure's published digits: 0,70 keeps its
/// trailing zero, 108.000 gets no decimals.
fn number_format(value: &Decimal) -> Format {
    let decimals = value.scale() as usize;
    let pattern = if decimals == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(decimals))
    };
    Format::new().set_num_format(pattern)
}

/// Excel stores numbers as binary floating point: this is the one place a
/// figure becomes a float, on its way out of the program.
fn write_decimal(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &Decimal,
) -> Result<(), XlsxError> {
    let number = value.to_f64().unwrap_or(f64::NAN);
    sheet.write_number_with_format(row, col, number, &number_format(value))?;
    Ok(())
}

/// Every version of every figure (columns A–N as before, then where and
/// when each was published), the plans on their own sheet, and a sheet on
/// the sources.
pub fn workbook(
    observations: &[Observation],
    rates: &[Rate],
    plans: &[Plan],
    sources: &[String],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // Dated by the newest publication it holds rather than by the moment it
    // is made: the same figures make the same bytes, so that a static copy
    // and every server agree on the file.
    let newest = observations
        .iter()
        .filter_map(|o| o.published)
        .chain(plans.iter().filter_map(|p| p.published))
        .max();
    let created = match newest {
        Some(day) => {
            let (year, month, day) = day.first_day();
            ExcelDateTime::from_ymd(year as u16, month, day)?
        }
        None => ExcelDateTime::from_ymd(2023, 12, 1)?,
    };
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title("Số liệu công khai của Sở Công Thương tỉnh Gia Lai")
            .set_author("Sở Công Thương tỉnh Gia Lai")
            .set_comment(format!("Nguồn: {}", sources.join("; "))),
    );
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Số liệu")?;
    for (col, header) in (0u16..).zip(OPEN_DATA_FIGURE_HEADERS) {
        sheet.write_string_with_format(0, col, header, &bold)?;
    }
    for (row, o) in (1u32..).zip(observations) {
        sheet.write_string(row, 0, o.indicator.code)?;
        sheet.write_string(row, 1, o.indicator.name)?;
        sheet.write_number(row, 2, f64::from(o.year))?;
        write_decimal(sheet, row, 3, &o.value)?;
        sheet.write_string(row, 4, o.indicator.unit)?;
        let optional = [
            (5, o.plan),
            (6, o.plan_pct),
            (7, o.change_pct),
            (9, o.share_pct),
        ];
        for (col, value) in optional {
            if let Some(value) = value {
                write_decimal(sheet, row, col, &value)?;
            }
        }
        if let Some(places) = o.change_places {
            sheet.write_number(row, 8, places as f64)?;
        }
        if let Some(out_of) = o.out_of {
            sheet.write_number(row, 10, out_of as f64)?;
        }
        sheet.write_string(row, 11, o.status.label())?;
        sheet.write_string(row, 12, &o.source)?;
        if let Some(note) = &o.note {
            sheet.write_string(row, 13, note)?;
        }
        sheet.write_string(row, 14, o.period.of_year(o.year))?;
        sheet.write_string(row, 15, o.territory.name())?;
        sheet.write_string(row, 16, o.publisher.name())?;
        if let Some(published) = o.published {
            sheet.write_string(row, 17, published.label())?;
        }
        if let Some(url) = &o.url {
            sheet.write_url(row, 18, url.as_str())?;
        }
        if let Some(basis) = &o.basis {
            sheet.write_string(row, 19, basis)?;
        }
        if o.sub_territory {
            sheet.write_string(row, 20, OPEN_DATA_SUB_TERRITORY)?;
        }
        sheet.write_string(row, 21, o.period.code())?;
    }
    // Changes published without a level: the same columns, the value
    // left empty.
    let first = u32::try_from(observations.len()).unwrap_or(u32::MAX - 1) + 1;
    for (row, r) in (first..).zip(rates) {
        sheet.write_string(row, 0, r.indicator.code)?;
        sheet.write_string(row, 1, r.indicator.name)?;
        sheet.write_number(row, 2, f64::from(r.year))?;
        sheet.write_string(row, 4, r.indicator.unit)?;
        write_decimal(sheet, row, 7, &r.change_pct)?;
        sheet.write_string(row, 11, r.status.label())?;
        sheet.write_string(row, 12, &r.source)?;
        let note = match &r.note {
            Some(note) => format!("{RATE_ONLY_NOTE} {note}"),
            None => RATE_ONLY_NOTE.to_string(),
        };
        sheet.write_string(row, 13, &note)?;
        sheet.write_string(row, 14, r.period.of_year(r.year))?;
        sheet.write_string(row, 15, r.territory.name())?;
        sheet.write_string(row, 16, r.publisher.name())?;
        if let Some(published) = r.published {
            sheet.write_string(row, 17, published.label())?;
        }
        if let Some(url) = &r.url {
            sheet.write_url(row, 18, url.as_str())?;
        }
        if let Some(basis) = &r.basis {
            sheet.write_string(row, 19, basis)?;
        }
        if r.sub_territory {
            sheet.write_string(row, 20, OPEN_DATA_SUB_TERRITORY)?;
        }
        sheet.write_string(row, 21, r.period.code())?;
    }
    for (col, width) in [
        (0, 24),
        (1, 48),
        (3, 14),
        (4, 11),
        (11, 12),
        (12, 60),
        (13, 50),
    ] {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;

    let plan_sheet = workbook.add_worksheet();
    plan_sheet.set_name("Kế hoạch")?;
    for (col, header) in (0u16..).zip(OPEN_DATA_PLAN_HEADERS) {
        plan_sheet.write_string_with_format(0, col, header, &bold)?;
    }
    for (row, p) in (1u32..).zip(plans) {
        plan_sheet.write_string(row, 0, p.indicator.code)?;
        plan_sheet.write_string(row, 1, p.indicator.name)?;
        plan_sheet.write_number(row, 2, f64::from(p.year))?;
        plan_sheet.write_string(row, 3, p.period.of_year(p.year))?;
        plan_sheet.write_string(row, 4, p.territory.name())?;
        plan_sheet.write_string(row, 5, p.publisher.name())?;
        plan_sheet.write_string(row, 6, target_in_words(&p.target, p.indicator.unit))?;
        if let Some(published) = p.published {
            plan_sheet.write_string(row, 7, published.label())?;
        }
        plan_sheet.write_string(row, 8, &p.source)?;
        if let Some(url) = &p.url {
            plan_sheet.write_url(row, 9, url.as_str())?;
        }
        if let Some(basis) = &p.basis {
            plan_sheet.write_string(row, 10, basis)?;
        }
        if let Some(note) = &p.note {
            plan_sheet.write_string(row, 11, note)?;
        }
        plan_sheet.write_string(row, 12, p.period.code())?;
    }
    for (col, width) in [(0, 24), (1, 48), (3, 16), (4, 30), (6, 24), (8, 50)] {
        plan_sheet.set_column_width(col, width)?;
    }

    let about = workbook.add_worksheet();
    about.set_name("Giới thiệu")?;
    let lines = [
        "Số liệu công khai của Sở Công Thương tỉnh Gia Lai".to_string(),
        format!("Nguồn: {}", sources.join("; ")),
        format!("Xuất ngày {}.", format::today()),
        "Giá trị giữ đúng số chữ số đã công bố. Tình trạng: ước tính, sơ bộ hoặc chính thức.".to_string(),
        "So kế hoạch (%): 100 là đạt kế hoạch, 128 là vượt 28%. Tốc độ tăng: % so với cùng kỳ năm trước."
            .to_string(),
        "Thứ hạng: hạng càng nhỏ càng tốt; thay đổi dương là tăng bậc.".to_string(),
    ];
    for (row, line) in (0u32..).zip(lines) {
        if row == 0 {
            about.write_string_with_format(row, 0, line, &bold)?;
        } else {
            about.write_string(row, 0, line)?;
        }
    }
    about.set_column_width(0, 100)?;
    workbook.save_to_buffer()
}

/// Each column of the figures format, whether it is required, and what it
/// holds, in Vietnamese: the template's "Hướng dẫn" sheet.
const COLUMN_HELP: [(&str, &str, &str); 23] = [
    (
        "indicator",
        "bắt buộc",
        "Mã chỉ tiêu, chọn trong danh sách (trang Danh mục).",
    ),
    ("year", "bắt buộc", "Năm của số liệu, bốn chữ số: 2025."),
    (
        "value",
        "bắt buộc với số liệu",
        "Giá trị theo đơn vị của chỉ tiêu, viết dạng máy: chỉ chữ số, dấu chấm thập phân, không dấu phân cách hàng nghìn (31620.6, không viết 31.620,6). Giữ đúng số chữ số đã công bố: 0.70 khác 0.7. Với kế hoạch: mục tiêu dạng số lượng (850).",
    ),
    (
        "period",
        "không (mặc định year)",
        "Kỳ số liệu: year (cả năm); m1…m11 (lũy kế N tháng đầu năm: m3 là quý I, m6 là 6 tháng, m9 là 9 tháng); month-1…month-12 (riêng một tháng). Cả năm ghi year, không ghi m12.",
    ),
    (
        "territory",
        "không (mặc định theo thời gian)",
        "Địa bàn: gia-lai (tỉnh Gia Lai từ 1/7/2025, gồm Gia Lai và Bình Định cũ), gia-lai-cu (Gia Lai trước 1/7/2025), binh-dinh (Bình Định trước 1/7/2025). Để trống: kỳ kết thúc từ tháng 7/2025 là gia-lai, trước đó là gia-lai-cu.",
    ),
    (
        "publisher",
        "không (mặc định so-cong-thuong)",
        "Nơi công bố: so-cong-thuong (Sở Công Thương), thong-ke (Cục/Chi cục Thống kê, Thống kê tỉnh), ubnd (UBND tỉnh), vecom (Hiệp hội TMĐT), bao-chi (báo không nêu cơ quan).",
    ),
    (
        "kind",
        "không (mặc định figure)",
        "figure: số liệu thực hiện; plan: kế hoạch, chỉ tiêu phấn đấu.",
    ),
    (
        "unit",
        "không",
        "Đơn vị; nếu ghi phải đúng đơn vị của chỉ tiêu (để phát hiện nhập nhầm đơn vị).",
    ),
    (
        "plan",
        "không",
        "Kế hoạch năm (số lượng) in kèm số liệu, nếu có.",
    ),
    (
        "plan_pct",
        "không",
        "Đạt bao nhiêu % kế hoạch: 100 là đạt, 128 là vượt 28%.",
    ),
    (
        "change_pct",
        "không",
        "Tốc độ tăng so với cùng kỳ năm trước, %: 9.45 là tăng 9,45%, -2.1 là giảm 2,1%. Với kế hoạch: mục tiêu tăng trưởng.",
    ),
    (
        "change_low",
        "chỉ kế hoạch",
        "Cận dưới của khoảng tăng trưởng kế hoạch (tăng 9,5–10,5%: ghi 9.5).",
    ),
    (
        "change_high",
        "chỉ kế hoạch",
        "Cận trên của khoảng tăng trưởng kế hoạch (ghi 10.5); không nhỏ hơn change_low.",
    ),
    (
        "change_places",
        "không",
        "Chỉ cho xếp hạng: số bậc tăng (2) hoặc giảm (-1).",
    ),
    (
        "share_pct",
        "không",
        "Chỉ cho thành phần: tỷ trọng trong tổng đã công bố, %.",
    ),
    (
        "out_of",
        "không",
        "Chỉ cho xếp hạng: tổng số tỉnh được xếp (63, 34).",
    ),
    (
        "status",
        "bắt buộc với số liệu",
        "Tình trạng: estimate (ước tính), preliminary (sơ bộ), official (chính thức). Kế hoạch để trống.",
    ),
    (
        "basis",
        "không",
        "Gốc của chuỗi số khi nơi công bố đổi cách tính (ví dụ thong-ke-2024); số khác gốc không nối chung một đường trên biểu đồ.",
    ),
    (
        "sub_territory",
        "không",
        "yes: báo cáo riêng phần tỉnh cũ (phía Đông, phía Tây) sau 1/7/2025.",
    ),
    (
        "published",
        "không (mặc định ngày nhập)",
        "Ngày công bố: YYYY-MM-DD hoặc YYYY-MM (2024-12-27, 2024-12). Công bố lại với giá trị khác là một lần điều chỉnh; mọi lần đều được giữ.",
    ),
    ("url", "không", "Địa chỉ trang đã đăng số liệu (https://…)."),
    (
        "source",
        "bắt buộc",
        "Nguồn bằng lời: báo cáo, bài báo, cuộc họp.",
    ),
    ("note", "không", "Điều người đọc cần biết về số liệu."),
];

/// The entry template: the figures format's columns on the first sheet
/// (in text format, so that typed digits are kept as typed), drop-down
/// lists for every code, the codes with their names, and what each column
/// means. Filled in and saved, it imports as it is.
pub fn entry_template(catalogue: &'static Catalogue) -> Result<Vec<u8>, XlsxError> {
    use rust_xlsxwriter::{DataValidation, Formula};

    use crate::model::Status;
    use crate::period::Period;
    use crate::publisher::Publisher;
    use crate::territory::Territory;

    const ROWS: u32 = 2000;
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            // The day its format last changed (the public record's
            // columns), not the moment it is made: the same bytes every time.
            .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 11, 27)?)
            .set_title("Mẫu nhập số liệu — Sở Công Thương tỉnh Gia Lai")
            .set_author("Sở Công Thương tỉnh Gia Lai"),
    );
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let wrap = Format::new().set_text_wrap();

    // The lists the drop-downs offer: code, and what it means.
    let lists: Vec<(&str, Vec<(String, String)>)> = vec![
        (
            "indicator",
            catalogue
                .all()
                .iter()
                .map(|i| (i.code.to_string(), format!("{} ({})", i.name, i.unit)))
                .collect(),
        ),
        (
            "period",
            Period::all().map(|p| (p.code(), p.label())).collect(),
        ),
        (
            "territory",
            Territory::ALL
                .iter()
                .map(|t| (t.code().to_string(), t.name().to_string()))
                .collect(),
        ),
        (
            "publisher",
            Publisher::ALL
                .iter()
                .map(|p| (p.code().to_string(), p.name().to_string()))
                .collect(),
        ),
        (
            "kind",
            vec![
                ("figure".to_string(), "số liệu thực hiện".to_string()),
                ("plan".to_string(), "kế hoạch".to_string()),
            ],
        ),
        (
            "status",
            Status::ALL
                .iter()
                .map(|s| (s.code().to_string(), s.label().to_string()))
                .collect(),
        ),
        (
            "sub_territory",
            vec![("yes".to_string(), "báo cáo riêng phần tỉnh cũ".to_string())],
        ),
    ];

    let sheet = workbook.add_worksheet();
    sheet.set_name("Số liệu")?;
    for (col, name) in (0u16..).zip(crate::dataset::OBSERVATION_COLUMNS) {
        sheet.write_string_with_format(0, col, name, &bold)?;
        sheet.set_column_format(col, &text)?;
        let width = match name {
            "source" | "note" | "url" => 40,
            "indicator" => 24,
            _ => 14,
        };
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (list, (name, entries)) in lists.iter().enumerate() {
        let Some(col) = crate::dataset::OBSERVATION_COLUMNS
            .iter()
            .position(|c| c == name)
        else {
            continue;
        };
        // The list's codes sit in column 3 × list of the "Danh mục" sheet.
        let letters = column_letters(3 * list);
        let validation = DataValidation::new()
            .allow_list_formula(Formula::new(format!(
                "='Danh mục'!${letters}$2:${letters}${}",
                entries.len() + 1
            )))
            .set_error_title("Mã không có trong danh sách")?
            .set_error_message(format!(
                "Cột {name}: hãy chọn một mã trong danh sách (xem trang Danh mục)."
            ))?;
        sheet.add_data_validation(1, col as u16, ROWS, col as u16, &validation)?;
    }

    let codes = workbook.add_worksheet();
    codes.set_name("Danh mục")?;
    for (list, (name, entries)) in lists.iter().enumerate() {
        let col = (3 * list) as u16;
        codes.write_string_with_format(0, col, *name, &bold)?;
        codes.write_string_with_format(0, col + 1, "ý nghĩa", &bold)?;
        for (row, (code, meaning)) in (1u32..).zip(entries) {
            codes.write_string(row, col, code)?;
            codes.write_string(row, col + 1, meaning)?;
        }
        codes.set_column_width(col, 22)?;
        codes.set_column_width(col + 1, 40)?;
    }

    let help = workbook.add_worksheet();
    help.set_name("Hướng dẫn")?;
    let lines = [
        "Mẫu nhập số liệu của Sở Công Thương tỉnh Gia Lai",
        "Mỗi dòng của trang Số liệu là một số liệu (hoặc một kế hoạch) theo một lần công bố. Không sửa dòng 1 (tên cột).",
        "Các ô đã đặt dạng văn bản để giữ đúng chữ số đã nhập. Số viết dạng máy: 31620.6 (dấu chấm thập phân, không dấu phân cách hàng nghìn).",
        "Lưu tệp dạng Excel (.xlsx) rồi nhập bằng lệnh: congthuong import --db data/congthuong.sqlite tep.xlsx (thêm --dry-run để xem trước, không ghi gì).",
        "Ví dụ: trade.export | 2024 | 800 | year | gia-lai-cu | so-cong-thuong | figure | triệu USD | | 106.67 | 17.65 | … | estimate | … | 2024-12-27 | https://… | Sở Công Thương, hội nghị tổng kết",
    ];
    for (row, line) in (0u32..).zip(lines) {
        if row == 0 {
            help.write_string_with_format(row, 0, line, &bold)?;
        } else {
            help.write_string(row, 0, line)?;
        }
    }
    let first = lines.len() as u32 + 1;
    for (col, header) in (0u16..).zip(["Cột", "Bắt buộc", "Ý nghĩa"]) {
        help.write_string_with_format(first, col, header, &bold)?;
    }
    for (row, (column, required, meaning)) in (first + 1..).zip(COLUMN_HELP) {
        help.write_string(row, 0, column)?;
        help.write_string(row, 1, required)?;
        help.write_string_with_format(row, 2, meaning, &wrap)?;
    }
    help.set_column_width(0, 16)?;
    help.set_column_width(1, 26)?;
    help.set_column_width(2, 100)?;

    workbook.save_to_buffer()
}

/// Column letters for a column number from 0: 0 → "A", 27 → "AB".
fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_figures_make_the_same_bytes_at_any_moment() {
        let observations = crate::dataset::read_observations(
            include_bytes!("../data/observations.csv"),
            crate::indicator::Catalogue::committed(),
        )
        .unwrap();
        let sources = vec!["Sở Công Thương".to_string()];
        let first = (
            workbook(&observations, &[], &[], &sources).unwrap(),
            entry_template(crate::indicator::Catalogue::committed()).unwrap(),
        );
        // Past the next second, which a creation time would show.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let second = (
            workbook(&observations, &[], &[], &sources).unwrap(),
            entry_template(crate::indicator::Catalogue::committed()).unwrap(),
        );
        assert!(first == second);
    }
}
