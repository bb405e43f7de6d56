//! Each chart the site publishes, built from a year's figures into its SVG
//! (wide and narrow layouts) and the data table that follows it on a page:
//! one file per chart. The catalogue of charts is `chart_kind`.

mod history;

pub use history::{HistorySection, IndicatorHistory};
mod retail_composition;
mod trade_balance;

use rust_decimal::Decimal;

use crate::charts::{ChartError, Width};
use crate::indicator::Indicator;
use crate::model::{Observation, Status, YearFigures};
use crate::report;
use crate::web::chart_kind::ChartKind;
use crate::web::year::YearData;

/// A table of a chart's data: the first column names the row, the others
/// hold figures.
pub struct DataTable {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
    /// How many columns after the first hold figures (right-aligned); any
    /// after those hold notes.
    pub figure_columns: usize,
}

pub struct TableRow {
    pub cells: Vec<String>,
    /// A total or computed row, set apart from the published parts.
    pub emphasis: bool,
}

/// How a figure behind a chart came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Published(Status),
    /// From the next year's published change.
    Derived,
    /// Computed here from published figures (the trade balance).
    Computed,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Standing::Published(status) => status.label(),
            Standing::Derived => "suy ra từ tốc độ tăng",
            Standing::Computed => "tính toán",
        }
    }
}

/// One figure behind a chart, in machine form, for the chart's CSV.
pub struct ChartRecord {
    pub year: i32,
    pub code: &'static str,
    pub name: &'static str,
    pub value: Decimal,
    pub unit: &'static str,
    pub share_pct: Option<Decimal>,
    pub standing: Standing,
    pub source: String,
}

impl ChartRecord {
    fn of(observation: &Observation) -> ChartRecord {
        ChartRecord {
            year: observation.year,
            code: observation.indicator.code,
            name: observation.indicator.name,
            value: observation.value,
            unit: observation.indicator.unit,
            share_pct: observation.share_pct,
            standing: Standing::Published(observation.status),
            source: observation.source.clone(),
        }
    }

    /// A figure that is not stored: derived or computed from `source`'s.
    fn unstored(
        year: i32,
        indicator: &'static Indicator,
        value: Decimal,
        standing: Standing,
        source: &str,
    ) -> ChartRecord {
        ChartRecord {
            year,
            code: indicator.code,
            name: indicator.name,
            value,
            unit: indicator.unit,
            share_pct: None,
            standing,
            source: source.to_string(),
        }
    }

    /// A year's value of an indicator as a chart shows it: the stored
    /// figure where there is one, else the derived `value`.
    fn stored_or_derived(
        years: &[YearFigures],
        year: i32,
        indicator: &'static Indicator,
        value: Decimal,
        source: &str,
    ) -> ChartRecord {
        match report::stored(years, indicator.code, year) {
            Some(observation) => ChartRecord::of(observation),
            None => ChartRecord::unstored(year, indicator, value, Standing::Derived, source),
        }
    }
}

pub struct ChartView {
    pub kind: ChartKind,
    /// The chart laid out for wide screens, print and downloads.
    pub svg: String,
    /// The same chart laid out for phones.
    pub svg_narrow: String,
    pub table: DataTable,
    pub records: Vec<ChartRecord>,
}

impl ChartView {
    pub fn slug(&self) -> &'static str {
        self.kind.slug()
    }

    pub fn title(&self) -> &'static str {
        self.kind.title()
    }

    /// The chart's own page in a view (`view_path`: "/2024/9-thang").
    pub fn page(&self, view_path: &str) -> String {
        crate::web::address::chart_page(self.kind, view_path)
    }
}

/// A chart drawn in its wide and its narrow layout; the narrow one's ids
/// get "-hep" so that both can sit in one page.
fn both_layouts(
    id: &str,
    draw: impl Fn(&str, Width) -> Result<String, ChartError>,
) -> Result<(String, String), ChartError> {
    Ok((
        draw(id, Width::Wide)?,
        draw(&format!("{id}-hep"), Width::Narrow)?,
    ))
}

impl ChartView {
    /// Draws `kind` for the year of `data` (charts that compare years show
    /// every year up to it); `None` when that year lacks the chart's
    /// figures.
    pub fn of(kind: ChartKind, data: &YearData) -> Result<Option<ChartView>, ChartError> {
        let id = format!("bieu-do-{}", kind.slug());
        match kind {
            ChartKind::RetailComposition => retail_composition::build(data, &id),
            ChartKind::TradeBalance => trade_balance::build(data, &id),
            ChartKind::RetailHistory | ChartKind::IndustryOutputHistory => {
                history::build(kind, data, &id)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts;
    use crate::db::{IfMissing, Store};

    #[test]
    fn every_chart_the_site_serves_draws_the_same_pixels_compacted() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open_with(&dir.path().join("t.sqlite"), IfMissing::Seed).unwrap();
        // And a year whose retail figure starts a new series: its chart
        // draws the break.
        let next = crate::dataset::read_figures(
            "indicator,year,value,change_pct,status,basis,published,source\n\
             retail.total,2024,60771,10.14,estimate,thong-ke,2024-12-27,Sở Công Thương\n"
                .as_bytes(),
            store.catalogue(),
        )
        .unwrap();
        store.import(&next).unwrap();
        let years = YearData::load(&store, None, None).unwrap().years;
        assert!(!years.is_empty());
        let mut compared = 0;
        for year in years {
            let data = YearData::load(&store, Some(year), None).unwrap();
            for kind in ChartKind::ALL {
                let Some(served) = ChartView::of(kind, &data).unwrap() else {
                    continue;
                };
                let drawn = charts::as_drawn(|| ChartView::of(kind, &data))
                    .unwrap()
                    .unwrap();
                assert!(
                    served.svg.len() < drawn.svg.len(),
                    "{kind:?} was not compacted"
                );
                for (layout, served, drawn) in [
                    ("rộng", &served.svg, &drawn.svg),
                    ("hẹp", &served.svg_narrow, &drawn.svg_narrow),
                ] {
                    charts::assert_same_pixels(&format!("{kind:?} {year} {layout}"), served, drawn);
                    compared += 1;
                }
            }
        }
        // The seed has every chart, 2024 its retail history.
        assert_eq!(compared, (ChartKind::ALL.len() + 1) * 2);
    }
}
