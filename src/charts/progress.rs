//! A year's cumulative periods against the same periods a year earlier,
//! with the year's plan as a line: how far along the year is.

use rust_decimal::Decimal;

use super::bars::{Group, GroupedBars, Reference, Series, grouped_bars};
use super::{Accessible, ChartError, Width, palette};
use crate::format;

pub struct ProgressPoint {
    /// "Quý I", "9 tháng", "Cả năm".
    pub label: String,
    pub this_year: Option<Decimal>,
    /// The same period a year earlier.
    pub last_year: Option<Decimal>,
}

pub struct ProgressChart {
    /// The indicator's name: "Kim ngạch xuất khẩu".
    pub name: String,
    pub unit: String,
    pub year: i32,
    /// In the order of the year.
    pub points: Vec<ProgressPoint>,
    /// The year's plan, in the indicator's unit, where one was set as an
    /// amount.
    pub plan: Option<Decimal>,
    /// "Sở Công Thương, UBND tỉnh".
    pub sources: String,
    /// The statuses of the figures shown: "ước tính, sơ bộ".
    pub statuses: String,
}

pub fn progress(input: &ProgressChart, id: &str, width: Width) -> Result<String, ChartError> {
    if input.points.is_empty() {
        return Err(ChartError::NoData("không có kỳ nào có số liệu"));
    }
    let (year, last) = (input.year, input.year - 1);
    let title = format!(
        "{} lũy kế các kỳ năm {year} so với cùng kỳ năm {last}",
        input.name
    );
    let value = |v: &Option<Decimal>| v.as_ref().map_or_else(|| "—".to_string(), format::number);
    let plan_words = input
        .plan
        .map(|plan| format!("Kế hoạch năm {year}: {}", format::number(&plan)));
    let description = format!(
        "Biểu đồ cột theo kỳ, đơn vị {}: {}.{}",
        input.unit,
        input
            .points
            .iter()
            .map(|p| {
                format!(
                    "{}: năm {year} {}, năm {last} {}",
                    p.label,
                    value(&p.this_year),
                    value(&p.last_year)
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        plan_words
            .as_ref()
            .map(|words| format!(" Đường đứt nét: {words}."))
            .unwrap_or_default()
    );
    grouped_bars(&GroupedBars {
        subtitle: format!("Đơn vị: {}. Mỗi kỳ tính từ đầu năm.", input.unit),
        footer: format!("Nguồn: {}. Số liệu {}.", input.sources, input.statuses),
        series: vec![
            Series {
                name: format!("Năm {year}"),
                color: palette::BLUE,
                computed: false,
            },
            Series {
                name: format!("Cùng kỳ năm {last}"),
                color: palette::MUTED,
                computed: false,
            },
        ],
        groups: input
            .points
            .iter()
            .map(|p| Group {
                label: p.label.clone(),
                derived: false,
                break_before: false,
                values: vec![p.this_year, p.last_year],
            })
            .collect(),
        reference: input.plan.zip(plan_words).map(|(value, label)| Reference {
            value,
            label: format!("{label} {}", input.unit),
        }),
        accessible: Accessible {
            id,
            title: &title,
            description: &description,
        },
        title: title.clone(),
        width,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{as_drawn, assert_same_pixels};

    fn exports_2024() -> ProgressChart {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        ProgressChart {
            name: "Kim ngạch xuất khẩu".to_string(),
            unit: "triệu USD".to_string(),
            year: 2024,
            points: vec![
                ProgressPoint {
                    label: "2 tháng".to_string(),
                    this_year: Some(d("167")),
                    last_year: None,
                },
                ProgressPoint {
                    label: "9 tháng".to_string(),
                    this_year: Some(d("700")),
                    last_year: Some(d("570")),
                },
                ProgressPoint {
                    label: "10 tháng".to_string(),
                    this_year: Some(d("750")),
                    last_year: None,
                },
            ],
            plan: Some(d("750")),
            sources: "Sở Công Thương, UBND tỉnh".to_string(),
            statuses: "ước tính".to_string(),
        }
    }

    #[test]
    fn names_both_years_and_the_plan_and_draws_no_bar_where_last_year_has_none() {
        let svg = progress(&exports_2024(), "p", Width::Wide).unwrap();
        for words in [
            "Kim ngạch xuất khẩu lũy kế các kỳ năm 2024 so với cùng kỳ năm 2023",
            "Năm 2024",
            "Cùng kỳ năm 2023",
            "Kế hoạch năm 2024: 750 triệu USD",
            "2 tháng: năm 2024 167, năm 2023 —",
            "9 tháng: năm 2024 700, năm 2023 570",
            "Đường đứt nét: Kế hoạch năm 2024: 750.",
        ] {
            assert!(svg.contains(words), "{words}");
        }
        // Four bars: a bar of zero would be a figure nobody published.
        let with_plan = svg.matches(">570<").count() + svg.matches(">167<").count();
        assert_eq!(with_plan, 2);
        let without = ProgressChart {
            plan: None,
            ..exports_2024()
        };
        let svg = progress(&without, "p", Width::Wide).unwrap();
        assert!(!svg.contains("Kế hoạch"));
    }

    #[test]
    fn a_name_wider_than_its_group_goes_on_two_lines_on_phones() {
        // Six periods, as 2024's exports had.
        let mut chart = exports_2024();
        for label in ["4 tháng", "6 tháng", "Cả năm"] {
            chart.points.push(ProgressPoint {
                label: label.to_string(),
                this_year: Some(Decimal::ONE_HUNDRED),
                last_year: Some(Decimal::TEN),
            });
        }
        let svg = progress(&chart, "p", Width::Narrow).unwrap();
        assert!(!svg.contains(">10 tháng<"), "{svg}");
        assert!(svg.contains(">10<") && svg.contains(">tháng<"));
        let wide = progress(&chart, "p", Width::Wide).unwrap();
        assert!(wide.contains(">10 tháng<"));
    }

    #[test]
    fn compacted_it_draws_the_same_pixels() {
        for width in [Width::Wide, Width::Narrow] {
            let served = progress(&exports_2024(), "p", width).unwrap();
            let drawn = as_drawn(|| progress(&exports_2024(), "p", width)).unwrap();
            assert!(served.len() < drawn.len());
            assert_same_pixels("tiến độ", &served, &drawn);
        }
    }
}
