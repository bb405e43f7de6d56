//! The composition of retail sales and service revenue: a sorted horizontal
//! bar chart. A pie would hide the two components below 1% (0,12% and
//! 0,06%) as invisible slivers; bars sorted by size with the value and the
//! share written beside each keep all five readable.

use plotters::chart::LabelAreaPosition;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{
    Accessible, ChartError, Frame, MARGIN, Width, finish_svg, fit, nice_ceiling, palette,
    text_style, text_width,
};
use crate::format;

pub struct RetailPart {
    pub name: String,
    pub value: Decimal,
    pub share_pct: Option<Decimal>,
}

pub struct RetailComposition {
    /// The period shown, as reports name it: "năm 2023", "9 tháng năm 2024".
    pub when: String,
    pub unit: String,
    pub total: Decimal,
    /// The status in words ("ước tính").
    pub status: String,
    pub source: String,
    pub parts: Vec<RetailPart>,
}

const ROW: u32 = 46;
/// In the narrow layout each name sits above its bar, so a row is taller.
const STACKED_ROW: u32 = 52;
const AXIS: u32 = 46;
const NAME_PX: f64 = 14.0;
const VALUE_PX: f64 = 13.0;
const TICK_PX: f64 = 12.0;
const LABEL_GAP: f64 = 8.0;

fn value_label(part: &RetailPart) -> String {
    match &part.share_pct {
        Some(share) => format!(
            "{} ({})",
            format::number(&part.value),
            format::percent(share)
        ),
        None => format::number(&part.value),
    }
}

pub fn retail_composition(
    input: &RetailComposition,
    id: &str,
    width: Width,
) -> Result<String, ChartError> {
    if input.parts.is_empty() {
        return Err(ChartError::NoData("cơ cấu bán lẻ không có thành phần nào"));
    }
    let mut parts: Vec<&RetailPart> = input.parts.iter().collect();
    parts.sort_by_key(|part| std::cmp::Reverse(part.value));
    let count = parts.len();

    let title = format!(
        "Cơ cấu tổng mức bán lẻ hàng hóa và doanh thu dịch vụ {}",
        input.when
    );
    let subtitle = format!(
        "Tổng: {} ({}). Nhãn: giá trị, {} (tỷ trọng).",
        format::with_unit(&input.total, &input.unit),
        input.status,
        input.unit
    );
    let footer = format!("Nguồn: {}. Số liệu {}.", input.source, input.status);
    let chart_width = width.pixels();
    let chart_width_f = f64::from(chart_width);
    // Narrow: names above their bars, at the chart's full width; wide:
    // names in a column left of the bars.
    let stacked = width == Width::Narrow;
    let frame = Frame::new(chart_width, &title, &subtitle, &footer);
    let row = if stacked { STACKED_ROW } else { ROW };
    let plot_height = row * count as u32 + AXIS;
    let height = frame.header_height() + plot_height + frame.footer_height();

    // Lay out from measured text: the name column as wide as the widest name
    // (up to a third of the chart), the axis long enough that every value
    // label fits to the right of its bar.
    let name_room = if stacked {
        chart_width_f - 2.0 * MARGIN
    } else {
        chart_width_f / 3.0
    };
    let names: Vec<String> = parts
        .iter()
        .map(|p| fit(&p.name, NAME_PX, false, name_room))
        .collect();
    let name_area = if stacked {
        // Room for the axis line only.
        4.0
    } else {
        names
            .iter()
            .map(|n| text_width(n, NAME_PX, false))
            .fold(0.0, f64::max)
            .ceil()
            + 14.0
    };
    // Room on the right for half of the last tick label, centred on the
    // axis end, and for the value labels.
    let right_margin = if stacked { 30.0 } else { 24.0 };
    let plot_width = chart_width_f - MARGIN - name_area - right_margin;
    let labels: Vec<String> = parts.iter().map(|p| value_label(p)).collect();
    let needed_max = parts
        .iter()
        .zip(&labels)
        .map(|(part, label)| {
            let value = part.value.to_f64().unwrap_or(0.0);
            let room = plot_width - LABEL_GAP - text_width(label, VALUE_PX, true);
            value * plot_width / room.max(1.0)
        })
        .fold(0.0, f64::max);
    let x_max = nice_ceiling(needed_max);
    // The smallest components are under 0,1% of the axis: give every bar at
    // least two pixels so that none disappears.
    let min_bar = x_max * 2.0 / plot_width;

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (chart_width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        frame.draw(&root, height)?;
        let plot_area = root
            .clone()
            .shrink((0, frame.header_height()), (chart_width, plot_height));

        // Rows are laid out on a plain numeric axis (row i spans i..i+1,
        // largest at the top) and named by hand: plotters' segmented axes
        // add an empty segment and place labels at their own key points.
        let mut chart = ChartBuilder::on(&plot_area)
            .margin_left(MARGIN as u32)
            .margin_right(right_margin as u32)
            .y_label_area_size(name_area as u32)
            .x_label_area_size(AXIS)
            .build_cartesian_2d(0f64..x_max, 0f64..count as f64)?;

        let tick = |x: &f64| format::tick(*x, 0);
        let no_label = |_: &f64| String::new();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(palette::GRID)
            .axis_style(palette::MUTED)
            .x_labels(6)
            .y_labels(2)
            .set_tick_mark_size(LabelAreaPosition::Left, 0)
            .x_label_formatter(&tick)
            .y_label_formatter(&no_label)
            .x_label_style(text_style(TICK_PX, false, palette::MUTED))
            .x_desc(input.unit.clone())
            .axis_desc_style(text_style(TICK_PX, false, palette::MUTED))
            .draw()?;

        let bottom_of = |i: usize| (count - 1 - i) as f64;
        // Where in its row a bar sits (bottom, top, middle), as a fraction.
        let (bar_bottom, bar_top) = if stacked { (0.08, 0.5) } else { (0.2, 0.8) };
        let bar_middle = (bar_bottom + bar_top) / 2.0;
        chart.draw_series(parts.iter().enumerate().map(|(i, part)| {
            let value = part.value.to_f64().unwrap_or(0.0).max(min_bar);
            Rectangle::new(
                [
                    (0.0, bottom_of(i) + bar_bottom),
                    (value, bottom_of(i) + bar_top),
                ],
                palette::BLUE.filled(),
            )
        }))?;
        let label_style =
            text_style(VALUE_PX, true, palette::INK).pos(Pos::new(HPos::Left, VPos::Center));
        if stacked {
            let name_style =
                text_style(NAME_PX, false, palette::INK).pos(Pos::new(HPos::Left, VPos::Center));
            chart.draw_series(names.iter().enumerate().map(|(i, name)| {
                EmptyElement::at((0.0, bottom_of(i) + 0.76))
                    + Text::new(name.clone(), (6, 0), name_style.clone())
            }))?;
        } else {
            let name_style =
                text_style(NAME_PX, false, palette::INK).pos(Pos::new(HPos::Right, VPos::Center));
            chart.draw_series(names.iter().enumerate().map(|(i, name)| {
                EmptyElement::at((0.0, bottom_of(i) + 0.5))
                    + Text::new(name.clone(), (-(LABEL_GAP as i32), 0), name_style.clone())
            }))?;
        }
        chart.draw_series(
            parts
                .iter()
                .zip(&labels)
                .enumerate()
                .map(|(i, (part, label))| {
                    let value = part.value.to_f64().unwrap_or(0.0).max(min_bar);
                    EmptyElement::at((value, bottom_of(i) + bar_middle))
                        + Text::new(label.clone(), (LABEL_GAP as i32, 0), label_style.clone())
                }),
        )?;
        root.present()?;
    }

    let description = format!(
        "Biểu đồ thanh ngang, xếp từ lớn đến nhỏ, {}: {}. Tổng: {}.",
        input.when,
        parts
            .iter()
            .zip(&labels)
            .map(|(part, _)| {
                let mut text = format!(
                    "{} {}",
                    part.name,
                    format::with_unit(&part.value, &input.unit)
                );
                if let Some(share) = &part.share_pct {
                    text.push_str(&format!(", chiếm {}", format::percent(share)));
                }
                text
            })
            .collect::<Vec<_>>()
            .join("; "),
        format::with_unit(&input.total, &input.unit)
    );
    finish_svg(
        svg,
        &Accessible {
            id,
            title: &title,
            description: &description,
        },
    )
}
