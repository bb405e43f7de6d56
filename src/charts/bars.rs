//! Vertical bars in named groups (years, or the periods of a year): the
//! shape of every chart that compares years or periods. A group whose
//! figures are derived (from the next year's published change) rather than
//! published is drawn pale with an outline, and named "(suy ra)" under its
//! name, so that it never passes for a published figure. A reference value
//! (the year's plan) is a dashed line across the plot, named in the legend.

use plotters::chart::LabelAreaPosition;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{
    Accessible, ChartError, Frame, MARGIN, Width, finish_svg, nice_ceiling, palette, text_style,
    text_width, wrap,
};
use crate::format;

pub struct Series {
    pub name: String,
    pub color: RGBColor,
    /// Computed by us rather than published: always drawn as an outline over
    /// a pale fill.
    pub computed: bool,
}

pub struct Group {
    /// Written under the group: "2023", "9 tháng".
    pub label: String,
    /// Derived from the next year's change rather than published.
    pub derived: bool,
    /// The series changes basis from the year before: a divider is drawn
    /// between the two, which are not one series.
    pub break_before: bool,
    /// One value per series; `None` where a series has none for the group
    /// (no bar is drawn, rather than a bar of zero).
    pub values: Vec<Option<Decimal>>,
}

/// A value the bars are read against, drawn as a dashed line across the
/// plot: the year's plan.
pub struct Reference {
    pub value: Decimal,
    /// The legend's words for it: "Kế hoạch năm 2024: 750".
    pub label: String,
}

/// How a legend entry is drawn.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Swatch {
    Solid,
    /// Pale fill with an outline: computed or derived.
    Pale,
    /// A dashed line: the reference.
    Dashed,
}

pub struct GroupedBars<'a> {
    pub title: String,
    pub subtitle: String,
    pub footer: String,
    pub series: Vec<Series>,
    /// Oldest first.
    pub groups: Vec<Group>,
    pub reference: Option<Reference>,
    pub accessible: Accessible<'a>,
    pub width: Width,
}

const PLOT_HEIGHT: u32 = 300;
/// The height of one row of legend entries.
const LEGEND_ROW: f64 = 22.0;
const AXIS: u32 = 48;
const VALUE_PX: f64 = 13.0;
const SMALL_VALUE_PX: f64 = 11.0;
const TICK_PX: f64 = 12.0;
const LEGEND_PX: f64 = 13.0;
/// How much of a year's span its bars take together.
const GROUP_FILL: f64 = 0.72;
const PALE: f64 = 0.3;

pub fn grouped_bars(chart: &GroupedBars<'_>) -> Result<String, ChartError> {
    if chart.groups.is_empty() || chart.series.is_empty() {
        return Err(ChartError::NoData("biểu đồ không có năm nào có số liệu"));
    }
    let width = chart.width.pixels();
    let frame = Frame::new(width, &chart.title, &chart.subtitle, &chart.footer);
    let any_derived = chart.groups.iter().any(|g| g.derived);
    let show_legend = chart.series.len() > 1 || any_derived;
    // (A break and a reference add their own entries below, with or without
    // the others.)
    let mut entries: Vec<(String, RGBColor, Swatch)> = Vec::new();
    if show_legend {
        entries = chart
            .series
            .iter()
            .map(|s| {
                let swatch = if s.computed {
                    Swatch::Pale
                } else {
                    Swatch::Solid
                };
                (s.name.clone(), s.color, swatch)
            })
            .collect();
        if any_derived {
            entries.push((
                "Màu nhạt: năm suy ra từ tốc độ tăng".to_string(),
                palette::MUTED,
                Swatch::Pale,
            ));
        }
    }
    if let Some(reference) = &chart.reference {
        entries.push((reference.label.clone(), palette::INK, Swatch::Dashed));
    }
    if chart.groups.iter().any(|g| g.break_before) {
        entries.push((
            "Vạch dọc: đổi nơi công bố hoặc cách tính, hai bên không so sánh trực tiếp".to_string(),
            palette::MUTED,
            Swatch::Solid,
        ));
    }
    // Legend entries left to right with measured widths, wrapping to a new
    // row where the next would cross the right margin.
    let mut legend_places = Vec::with_capacity(entries.len());
    let (mut x, mut row) = (MARGIN, 0u32);
    for (name, _, _) in &entries {
        let entry_width = 20.0 + text_width(name, LEGEND_PX, false);
        if x > MARGIN && x + entry_width > f64::from(width) - MARGIN {
            x = MARGIN;
            row += 1;
        }
        legend_places.push((x, row));
        x += entry_width + 24.0;
    }
    let legend = if entries.is_empty() {
        0
    } else {
        ((f64::from(row) + 1.0) * LEGEND_ROW + 8.0).ceil() as u32
    };
    let height = frame.header_height() + legend + PLOT_HEIGHT + frame.footer_height();

    let all: Vec<f64> = chart
        .groups
        .iter()
        .flat_map(|g| g.values.iter().flatten())
        .chain(chart.reference.iter().map(|r| &r.value))
        .map(|v| v.to_f64().unwrap_or(0.0))
        .collect();
    let highest = all.iter().copied().fold(0.0, f64::max);
    let lowest = all.iter().copied().fold(0.0, f64::min);
    // Headroom above the tallest bar (and below the lowest) for its label.
    let y_max = nice_ceiling(highest * 1.12);
    let y_min = if lowest < 0.0 {
        -nice_ceiling(-lowest * 1.2)
    } else {
        0.0
    };
    let groups = chart.groups.len();
    let per_bar = GROUP_FILL / chart.series.len() as f64;
    let bar = per_bar * 0.88;
    let left_of = |k: usize| (1.0 - GROUP_FILL) / 2.0 + k as f64 * per_bar + (per_bar - bar) / 2.0;

    let y_label_area = text_width(&format::tick(y_max, 0), TICK_PX, false)
        .max(text_width(&format::tick(y_min, 0), TICK_PX, false))
        .ceil() as u32
        + 14;
    let plot_width = f64::from(width) - 2.0 * MARGIN - f64::from(y_label_area);
    let bar_pixels = plot_width / groups as f64 * bar;
    // Value labels shrink rather than overlap when many bars share the width.
    let widest_label = chart
        .groups
        .iter()
        .flat_map(|g| g.values.iter().flatten())
        .map(|v| text_width(&format::number(v), VALUE_PX, true))
        .fold(0.0, f64::max);
    let value_px = if widest_label <= bar_pixels + per_bar * 0.1 * plot_width / groups as f64 {
        VALUE_PX
    } else {
        SMALL_VALUE_PX
    };

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        frame.draw(&root, height)?;

        let legend_top = frame.header_height() as f64 + 4.0;
        for ((name, color, swatch), (x, row)) in entries.iter().zip(&legend_places) {
            let (x, y) = (
                *x as i32,
                (legend_top + f64::from(*row) * LEGEND_ROW) as i32,
            );
            let corners = [(x, y), (x + 14, y + 14)];
            match swatch {
                Swatch::Pale => {
                    root.draw(&Rectangle::new(corners, color.mix(PALE).filled()))?;
                    root.draw(&Rectangle::new(corners, color.stroke_width(2)))?;
                }
                Swatch::Solid => root.draw(&Rectangle::new(corners, color.filled()))?,
                Swatch::Dashed => root.draw(&DashedPathElement::new(
                    [(x, y + 7), (x + 14, y + 7)],
                    4,
                    2,
                    color.stroke_width(2),
                ))?,
            }
            root.draw(&Text::new(
                name.clone(),
                (x + 20, y + 7),
                text_style(LEGEND_PX, false, palette::INK).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }

        let plot_area = root
            .clone()
            .shrink((0, frame.header_height() + legend), (width, PLOT_HEIGHT));
        let tick = |y: &f64| format::tick(*y, 0);
        let no_label = |_: &f64| String::new();
        // Year g spans g..g+1 on a plain numeric axis and is named by hand
        // below it: plotters' segmented axes add an empty segment.
        let mut plot = ChartBuilder::on(&plot_area)
            .margin_left(MARGIN as u32)
            .margin_right(MARGIN as u32)
            .margin_top(8)
            .x_label_area_size(AXIS)
            .y_label_area_size(y_label_area)
            .build_cartesian_2d(0f64..groups as f64, y_min..y_max)?;
        plot.configure_mesh()
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

        let label_style =
            text_style(TICK_PX + 1.0, true, palette::INK).pos(Pos::new(HPos::Center, VPos::Top));
        let derived_style =
            text_style(TICK_PX, false, palette::MUTED).pos(Pos::new(HPos::Center, VPos::Top));
        for (g, group) in chart.groups.iter().enumerate() {
            if group.break_before {
                plot.draw_series([PathElement::new(
                    [(g as f64, y_min), (g as f64, y_max)],
                    palette::MUTED.stroke_width(2),
                )])?;
            }
            let center = (g as f64 + 0.5, y_min);
            // A name wider than its group's span ("10 tháng" under a
            // phone's narrow bars) goes on two lines rather than into its
            // neighbour's.
            let span = plot_width / groups as f64 - 4.0;
            for (line, text) in wrap(&group.label, TICK_PX + 1.0, true, span)
                .into_iter()
                .enumerate()
            {
                plot.draw_series([EmptyElement::at(center)
                    + Text::new(text, (0, 10 + 16 * line as i32), label_style.clone())])?;
            }
            if group.derived {
                plot.draw_series([EmptyElement::at(center)
                    + Text::new("(suy ra)", (0, 27), derived_style.clone())])?;
            }
            for (k, (series, value)) in chart.series.iter().zip(&group.values).enumerate() {
                let Some(value) = value else { continue };
                let v = value.to_f64().unwrap_or(0.0);
                let left = g as f64 + left_of(k);
                let corners = [(left, 0.0), (left + bar, v)];
                if series.computed || group.derived {
                    plot.draw_series([
                        Rectangle::new(corners, series.color.mix(PALE).filled()),
                        Rectangle::new(corners, series.color.stroke_width(2)),
                    ])?;
                } else {
                    plot.draw_series([Rectangle::new(corners, series.color.filled())])?;
                }
            }
        }
        // Over the bars, so that a bar above the plan is seen to cross it.
        if let Some(reference) = &chart.reference {
            let v = reference.value.to_f64().unwrap_or(0.0);
            plot.draw_series([DashedPathElement::new(
                [(0.0, v), (groups as f64, v)],
                8,
                5,
                palette::INK.stroke_width(2),
            )])?;
        }
        // Values last, each on a white ground where a line crosses it, so
        // that the reference line never runs through a figure.
        for (g, group) in chart.groups.iter().enumerate() {
            for (k, value) in group.values.iter().enumerate() {
                let Some(value) = value else { continue };
                let v = value.to_f64().unwrap_or(0.0);
                let text = format::number(value);
                let (v_pos, dy) = if v < 0.0 {
                    (VPos::Top, 6)
                } else {
                    (VPos::Bottom, -6)
                };
                let at = (g as f64 + left_of(k) + bar / 2.0, v);
                if chart.reference.is_some() {
                    let half = (text_width(&text, value_px, true) / 2.0).ceil() as i32 + 2;
                    let (top, bottom) = if v < 0.0 {
                        (dy - 1, dy + value_px as i32 + 2)
                    } else {
                        (dy - value_px as i32 - 2, dy + 1)
                    };
                    plot.draw_series([EmptyElement::at(at)
                        + Rectangle::new([(-half, top), (half, bottom)], WHITE.filled())])?;
                }
                plot.draw_series([EmptyElement::at(at)
                    + Text::new(
                        text,
                        (0, dy),
                        text_style(value_px, true, palette::INK).pos(Pos::new(HPos::Center, v_pos)),
                    )])?;
            }
        }
        root.present()?;
    }
    finish_svg(svg, &chart.accessible)
}
