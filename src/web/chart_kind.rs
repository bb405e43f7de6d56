//! The charts the site publishes, by name: their slugs, titles and the
//! indicators they show. The slugs are part of stable URLs
//! (`/bieu-do/<slug>.svg`): never rename one. Drawing them is
//! `chart_views`'s job; this catalogue is kept apart so that the page frame
//! (which links a chart as its share image) needs no chart drawing.

use crate::indicator::{self, Catalogue};
use crate::model::YearFigures;
use crate::report;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    RetailComposition,
    TradeBalance,
    RetailHistory,
    IndustryOutputHistory,
}

impl ChartKind {
    pub const ALL: [ChartKind; 4] = [
        ChartKind::RetailComposition,
        ChartKind::TradeBalance,
        ChartKind::RetailHistory,
        ChartKind::IndustryOutputHistory,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ChartKind::RetailComposition => "co-cau-ban-le",
            ChartKind::TradeBalance => "can-can-thuong-mai",
            ChartKind::RetailHistory => "ban-le-qua-cac-nam",
            ChartKind::IndustryOutputHistory => "gia-tri-san-xuat-cong-nghiep",
        }
    }

    /// The chart's heading on pages.
    pub fn title(self) -> &'static str {
        match self {
            ChartKind::RetailComposition => "Cơ cấu bán lẻ hàng hóa và doanh thu dịch vụ",
            ChartKind::TradeBalance => "Xuất khẩu, nhập khẩu và cán cân thương mại",
            ChartKind::RetailHistory => "Tổng mức bán lẻ và doanh thu dịch vụ qua các năm",
            ChartKind::IndustryOutputHistory => "Giá trị sản xuất công nghiệp qua các năm",
        }
    }

    /// The indicators whose figures the chart shows, for citations.
    pub fn codes(self, catalogue: &'static Catalogue) -> Vec<&'static str> {
        match self {
            ChartKind::RetailComposition => {
                let mut codes = vec![indicator::RETAIL_TOTAL];
                codes.extend(
                    catalogue
                        .within(indicator::RETAIL_TOTAL)
                        .iter()
                        .map(|i| i.code),
                );
                codes
            }
            ChartKind::TradeBalance => vec![
                indicator::TRADE_EXPORT,
                indicator::TRADE_IMPORT,
                indicator::TRADE_BALANCE,
            ],
            ChartKind::RetailHistory => vec![indicator::RETAIL_TOTAL],
            ChartKind::IndustryOutputHistory => vec![indicator::INDUSTRY_OUTPUT],
        }
    }

    /// Whether a period's `figures` hold what the chart needs (as
    /// `chart_views` draws it): a page shares only a chart that exists.
    pub fn draws_from(self, figures: &YearFigures, catalogue: &'static Catalogue) -> bool {
        match self {
            ChartKind::RetailComposition => {
                report::retail(figures, catalogue).is_some_and(|retail| !retail.parts.is_empty())
            }
            ChartKind::TradeBalance => report::trade(figures).is_some(),
            ChartKind::RetailHistory | ChartKind::IndustryOutputHistory => self
                .codes(catalogue)
                .iter()
                .all(|code| figures.get(code).is_some()),
        }
    }

    pub fn from_slug(slug: &str) -> Option<ChartKind> {
        ChartKind::ALL.into_iter().find(|kind| kind.slug() == slug)
    }
}
