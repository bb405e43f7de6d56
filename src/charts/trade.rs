//! Exports against imports, with the trade balance between them: a group of
//! three bars per year. The balance is computed (exports − imports), never
//! published, so its bar is drawn lighter and its legend says "tính toán".

use plotters::chart::LabelAreaPosition;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{
    Accessible, ChartError, Frame, MARGIN, finish_svg, nice_ceiling, palette, text_style,
    text_width,
};
use crate::format;

pub struct TradeYear {
    pub year: i32,
    pub export: Decimal,
    pub import: Decimal,
}

impl TradeYear {
    pub fn balance(&self) -> Decimal {
        self.export - self.import
    }
}

pub struct TradeBalanceChart {
    /// Oldest first.
    pub years: Vec<TradeYear>,
    pub unit: String,
    pub status: String,
    pub source: String,
}

const WIDTH: u32 = 800;
const PLOT_HEIGHT: u32 = 300;
const LEGEND: u32 = 30;
const AXIS: u32 = 40;
const VALUE_PX: f64 = 13.0;
const TICK_PX: f64 = 12.0;
const LEGEND_PX: f64 = 13.0;

struct Series {
    name: &'static str,
    color: RGBColor,
    /// Computed rather than published: drawn as an outline over a light fill.
    computed: bool,
}

const SERIES: [Series; 3] = [
    Series {
        name: "Xuất khẩu",
        color: palette::BLUE,
        computed: false,
    },
    Series {
        name: "Nhập khẩu",
        color: palette::VERMILION,
        computed: false,
    },
    Series {
        name: "Cán cân thương mại (tính toán)",
        color: palette::GREEN,
        computed: true,
    },
];

fn values(year: &TradeYear) -> [Decimal; 3] {
    [year.export, year.import, year.balance()]
}

pub fn trade_balance(input: &TradeBalanceChart, id: &str) -> Result<String, ChartError> {
    let (first, last) = match (input.years.first(), input.years.last()) {
        (Some(first), Some(last)) => (first.year, last.year),
        _ => {
            return Err(ChartError::NoData(
                "không có năm nào có số liệu xuất nhập khẩu",
            ));
        }
    };
    let period = if first == last {
        format!("năm {last}")
    } else {
        format!("{first}–{last}")
    };
    let title = format!("Xuất khẩu, nhập khẩu và cán cân thương mại {period}");
    let subtitle = format!(
        "Đơn vị: {}. Cán cân = xuất khẩu − nhập khẩu, do trang này tính từ số đã công bố.",
        input.unit
    );
    let footer = format!("Nguồn: {}. Số liệu {}.", input.source, input.status);
    let frame = Frame::new(WIDTH, &title, &subtitle, &footer);
    let height = frame.header_height() + LEGEND + PLOT_HEIGHT + frame.footer_height();

    let all: Vec<f64> = input
        .years
        .iter()
        .flat_map(values)
        .map(|v| v.to_f64().unwrap_or(0.0))
        .collect();
    let highest = all.iter().copied().fold(0.0, f64::max);
    let lowest = all.iter().copied().fold(0.0, f64::min);
    // Headroom above the tallest bar for its value label.
    let y_max = nice_ceiling(highest * 1.12);
    let y_min = if lowest < 0.0 {
        -nice_ceiling(-lowest * 1.2)
    } else {
        0.0
    };
    let groups = input.years.len();

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        frame.draw(&root, height)?;

        // The legend, laid out left to right with measured widths.
        let legend_y = frame.header_height() as i32 + 4;
        let mut x = MARGIN;
        for series in &SERIES {
            let swatch = [(x as i32, legend_y), (x as i32 + 14, legend_y + 14)];
            if series.computed {
                root.draw(&Rectangle::new(swatch, series.color.mix(0.3).filled()))?;
                root.draw(&Rectangle::new(swatch, series.color.stroke_width(2)))?;
            } else {
                root.draw(&Rectangle::new(swatch, series.color.filled()))?;
            }
            root.draw(&Text::new(
                series.name,
                (x as i32 + 20, legend_y + 7),
                text_style(LEGEND_PX, false, palette::INK).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
            x += 20.0 + text_width(series.name, LEGEND_PX, false) + 24.0;
        }

        let plot_area = root
            .clone()
            .shrink((0, frame.header_height() + LEGEND), (WIDTH, PLOT_HEIGHT));
        let tick = |y: &f64| format::tick(*y, 0);
        let no_label = |_: &f64| String::new();
        let y_label_area = text_width(&format::tick(y_max, 0), TICK_PX, false)
            .max(text_width(&format::tick(y_min, 0), TICK_PX, false))
            .ceil() as u32
            + 14;
        // Year g spans g..g+1 on a plain numeric axis, named by hand below
        // the axis: plotters' segmented axes add an empty segment.
        let mut chart = ChartBuilder::on(&plot_area)
            .margin_left(MARGIN as u32)
            .margin_right(MARGIN as u32)
            .margin_top(8)
            .x_label_area_size(AXIS)
            .y_label_area_size(y_label_area)
            .build_cartesian_2d(0f64..groups as f64, y_min..y_max)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(palette::GRID)
            .axis_style(palette::MUTED)
            .x_labels(2)
            .set_tick_mark_size(LabelAreaPosition::Bottom, 0)
            .x_label_formatter(&no_label)
            .y_labels(6)
            .y_label_formatter(&tick)
            .y_label_style(text_style(TICK_PX, false, palette::MUTED))
            .draw()?;

        let year_style =
            text_style(TICK_PX + 1.0, true, palette::INK).pos(Pos::new(HPos::Center, VPos::Top));
        chart.draw_series(input.years.iter().enumerate().map(|(g, year)| {
            EmptyElement::at((g as f64 + 0.5, y_min))
                + Text::new(year.year.to_string(), (0, 10), year_style.clone())
        }))?;

        // Three bars share a year's span, each 22% of it.
        const BAR: f64 = 0.22;
        let left_of = |k: usize| 0.14 + k as f64 * (BAR + 0.04);
        for (g, year) in input.years.iter().enumerate() {
            for (k, (series, value)) in SERIES.iter().zip(values(year)).enumerate() {
                let v = value.to_f64().unwrap_or(0.0);
                let left = g as f64 + left_of(k);
                let corners = [(left, 0.0), (left + BAR, v)];
                if series.computed {
                    chart.draw_series([
                        Rectangle::new(corners, series.color.mix(0.3).filled()),
                        Rectangle::new(corners, series.color.stroke_width(2)),
                    ])?;
                } else {
                    chart.draw_series([Rectangle::new(corners, series.color.filled())])?;
                }
                let (v_pos, dy) = if v < 0.0 {
                    (VPos::Top, 6)
                } else {
                    (VPos::Bottom, -6)
                };
                chart.draw_series([EmptyElement::at((left + BAR / 2.0, v))
                    + Text::new(
                        format::number(&value),
                        (0, dy),
                        text_style(VALUE_PX, true, palette::INK).pos(Pos::new(HPos::Center, v_pos)),
                    )])?;
            }
        }
        root.present()?;
    }

    let description = format!(
        "Biểu đồ cột theo năm, đơn vị {}: {}.",
        input.unit,
        input
            .years
            .iter()
            .map(|y| {
                let balance = y.balance();
                format!(
                    "năm {}: xuất khẩu {}, nhập khẩu {}, cán cân {} {} (tính toán)",
                    y.year,
                    format::number(&y.export),
                    format::number(&y.import),
                    if balance.is_sign_negative() {
                        "nhập siêu"
                    } else {
                        "xuất siêu"
                    },
                    format::number(&balance.abs())
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
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
