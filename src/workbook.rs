//! Every figure as an Excel workbook: numbers as numbers (formatted with
//! the digits they were published with), Vietnamese headers, and a second
//! sheet that says where the figures come from and what the columns mean.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};

use crate::format;
use crate::model::Observation;

const HEADERS: [&str; 14] = [
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
];

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

pub fn workbook(observations: &[Observation], sources: &[String]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Số liệu công khai của Sở Công Thương tỉnh Gia Lai")
            .set_author("Sở Công Thương tỉnh Gia Lai")
            .set_comment(format!("Nguồn: {}", sources.join("; "))),
    );
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Số liệu")?;
    for (col, header) in (0u16..).zip(HEADERS) {
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
