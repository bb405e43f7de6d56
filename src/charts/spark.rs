//! A headline figure's history at a glance: a small bar per year (or per
//! period of this year), for the overview's cards.
//!
//! Written as SVG directly rather than through plotters: it has no axes,
//! labels or legend — what plotters lays out and measures for the other
//! charts — only a dozen rectangles, and seven of them sit on one page, so
//! a few hundred bytes each keep the overview within its weight budget.
//! Its words are in `<title>` and `<desc>` (and the card beside it says
//! the figure): screen readers read the values, paper prints the bars.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{ChartError, escape_xml};
use crate::format;

pub struct SparkPoint {
    /// "2024", "9 tháng".
    pub label: String,
    pub value: Decimal,
    /// Derived from a published change, not published: drawn pale.
    pub derived: bool,
}

pub struct SparkChart {
    /// "Xuất khẩu qua các năm (triệu USD)": the chart's title.
    pub title: String,
    pub unit: String,
    /// Oldest first; the last is the figure the card shows.
    pub points: Vec<SparkPoint>,
}

const WIDTH: f64 = 160.0;
const HEIGHT: f64 = 40.0;
const GAP: f64 = 3.0;
/// The palette's blue (the figure shown) and its pale form (derived).
const BLUE: &str = "#0072b2";
const PALE: &str = "#9cc4df";
/// The years before, in the palette's muted grey: the card's own figure
/// stands out.
const MUTED: &str = "#8a8a8a";

/// The chart as an SVG element; `id` makes its title and description
/// addressable.
pub fn spark(input: &SparkChart, id: &str) -> Result<String, ChartError> {
    if input.points.len() < 2 {
        return Err(ChartError::NoData("cần ít nhất hai giá trị"));
    }
    let values: Vec<f64> = input
        .points
        .iter()
        .map(|p| p.value.to_f64().unwrap_or(0.0))
        .collect();
    // Bars start from zero, so that their lengths compare; a negative
    // value (a trade deficit) is drawn below the line.
    let top = values.iter().cloned().fold(0.0_f64, f64::max);
    let bottom = values.iter().cloned().fold(0.0_f64, f64::min);
    let span = if top - bottom > 0.0 {
        top - bottom
    } else {
        1.0
    };
    let zero = HEIGHT * top / span;
    let bar = (WIDTH - GAP * (values.len() - 1) as f64) / values.len() as f64;
    let description = format!(
        "Đơn vị {}: {}.",
        input.unit,
        input
            .points
            .iter()
            .map(|p| format!(
                "{} {}{}",
                p.label,
                format::number(&p.value),
                super::derived_mark(p.derived)
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let mut svg = format!(
        "<svg class=\"spark\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape_xml(&input.title),
        escape_xml(&description)
    );
    let last = values.len() - 1;
    for (i, (point, value)) in input.points.iter().zip(&values).enumerate() {
        let height = (HEIGHT * value.abs() / span).max(1.0);
        let y = if *value >= 0.0 { zero - height } else { zero };
        let fill = match (i == last, point.derived) {
            (_, true) => PALE,
            (true, false) => BLUE,
            (false, false) => MUTED,
        };
        svg.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{height:.1}\" fill=\"{fill}\"/>",
            i as f64 * (bar + GAP)
        ));
    }
    svg.push_str("</svg>");
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str, value: i64, derived: bool) -> SparkPoint {
        SparkPoint {
            label: label.to_string(),
            value: Decimal::from(value),
            derived,
        }
    }

    #[test]
    fn bars_are_as_long_as_their_values_and_say_them() {
        let svg = spark(
            &SparkChart {
                title: "Xuất khẩu qua các năm".to_string(),
                unit: "triệu USD".to_string(),
                points: vec![
                    point("2022", 660, true),
                    point("2023", 680, false),
                    point("2024", 1320, false),
                ],
            },
            "x",
        )
        .unwrap();
        let document = roxmltree::Document::parse(&svg).unwrap();
        let heights: Vec<f64> = document
            .descendants()
            .filter(|n| n.has_tag_name("rect"))
            .map(|n| n.attribute("height").unwrap().parse().unwrap())
            .collect();
        assert_eq!(heights, [20.0, 20.6, 40.0]);
        let desc = document
            .descendants()
            .find(|n| n.has_tag_name("desc"))
            .and_then(|n| n.text())
            .unwrap();
        assert_eq!(
            desc,
            "Đơn vị triệu USD: 2022 660 (suy ra từ tốc độ tăng); 2023 680; 2024 1.320."
        );
    }

    #[test]
    fn one_value_is_no_history() {
        let input = SparkChart {
            title: String::new(),
            unit: String::new(),
            points: vec![point("2024", 1, false)],
        };
        assert!(spark(&input, "x").is_err());
    }
}
