//! The catalogue of indicators.
//!
//! Codes are fixed: data files, the database, the JSON API and the open-data
//! downloads use them, so a code is never renamed once published. Names, units and explanations live
//! here, in code, rather than in the database: the pages are written around
//! these indicators, and a data file that names an unknown code or another
//! unit is a mistake to reject, not a new indicator to invent.

/// How an indicator's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An amount in money (tỷ đồng, triệu USD): it can be summed, and a
    /// previous year's value follows from its change.
    Amount,
    /// An index against the same period of the previous year (100 = no
    /// change): 101,69 means "tăng 1,69%".
    IndexOnPreviousYear,
    /// A position in a ranking: 1 is best, out of `out_of` places.
    Rank,
}

/// The areas the department reports on; each has its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Industry,
    Retail,
    Trade,
    Ecommerce,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Indicator {
    pub code: &'static str,
    /// The full name, as official reports write it.
    pub name: &'static str,
    /// A short label for cards, tables and chart axes.
    pub short_name: &'static str,
    /// The unit in words, as published ("tỷ đồng", "triệu USD").
    pub unit: &'static str,
    pub kind: Kind,
    pub area: Area,
    /// The total this indicator is a part of, if any.
    pub part_of: Option<&'static str>,
    /// What the figure means, for readers (shown on the about page).
    pub meaning: &'static str,
}

pub const INDUSTRY_OUTPUT: &str = "industry.output";
pub const INDUSTRY_IIP: &str = "industry.iip";
pub const RETAIL_TOTAL: &str = "retail.total";
pub const RETAIL_COMMERCE: &str = "retail.commerce";
pub const RETAIL_ACCOMMODATION: &str = "retail.accommodation";
pub const RETAIL_FOOD_SERVICE: &str = "retail.food_service";
pub const RETAIL_TRAVEL: &str = "retail.travel";
pub const RETAIL_OTHER_SERVICES: &str = "retail.other_services";
pub const TRADE_EXPORT: &str = "trade.export";
pub const TRADE_IMPORT: &str = "trade.import";
pub const TRADE_BALANCE: &str = "trade.balance";
pub const ECOMMERCE_RANK_NATIONAL: &str = "ecommerce.rank_national";
pub const ECOMMERCE_RANK_REGION: &str = "ecommerce.rank_region";

/// The five components of retail sales and service revenue, in the order
/// the source lists them.
pub const RETAIL_PARTS: [&str; 5] = [
    RETAIL_COMMERCE,
    RETAIL_ACCOMMODATION,
    RETAIL_FOOD_SERVICE,
    RETAIL_TRAVEL,
    RETAIL_OTHER_SERVICES,
];

pub static INDICATORS: &[Indicator] = &[
    Indicator {
        code: INDUSTRY_OUTPUT,
        name: "Giá trị sản xuất công nghiệp (giá so sánh 2010)",
        short_name: "Giá trị sản xuất công nghiệp",
        unit: "tỷ đồng",
        kind: Kind::Amount,
        area: Area::Industry,
        part_of: None,
        meaning: "Tổng giá trị sản phẩm do các cơ sở công nghiệp trên địa bàn tỉnh làm ra trong năm, \
                  tính theo giá năm 2010 để loại trừ biến động giá: so sánh giữa các năm cho thấy \
                  sản lượng thực tăng hay giảm.",
    },
    Indicator {
        code: INDUSTRY_IIP,
        name: "Chỉ số sản xuất ngành công nghiệp (IIP)",
        short_name: "Chỉ số sản xuất công nghiệp (IIP)",
        unit: "%",
        kind: Kind::IndexOnPreviousYear,
        area: Area::Industry,
        part_of: None,
        meaning: "Chỉ số phản ánh khối lượng sản xuất công nghiệp so với cùng kỳ năm trước \
                  (cùng kỳ = 100%): 101,69% nghĩa là sản xuất tăng 1,69%.",
    },
    Indicator {
        code: RETAIL_TOTAL,
        name: "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ",
        short_name: "Tổng mức bán lẻ và doanh thu dịch vụ",
        unit: "tỷ đồng",
        kind: Kind::Amount,
        area: Area::Retail,
        part_of: None,
        meaning: "Toàn bộ doanh thu bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng trên địa bàn tỉnh \
                  (giá hiện hành), gồm thương nghiệp, lưu trú, ăn uống, lữ hành và dịch vụ khác.",
    },
    Indicator {
        code: RETAIL_COMMERCE,
        name: "Thương nghiệp",
        short_name: "Thương nghiệp",
        unit: "tỷ đồng",
        kind: Kind::Amount,
        area: Area::Retail,
        part_of: Some(RETAIL_TOTAL),
        meaning: "Doanh thu bán lẻ hàng hóa của các cơ sở thương nghiệp.",
    },
    Indicator {
        code: RETAIL_ACCOMMODATION,
        name: "Dịch vụ lưu trú",
        short_name: "Dịch vụ lưu trú",
        unit: "tỷ đồng",
        kind: Kind::Amount,
        area: Area::Retail,
        part_of: Some(RETAIL_TOTAL),
        meaning: "Doanh thu của khách sạn, nhà nghỉ và các cơ sở lưu trú khác.",
    },
    Indicator {
        code: RETAIL_FOOD_SERVICE,
        name: "Dịch vụ ăn uống",
        short_name: "Dịch vụ ăn uống",
        unit: "tỷ đồng",
        kind: Kind::Amount,
        area: Area::Retail,
        part_of: Some(RETAIL_TOTAL),
        meaning: "Doanh thu của nhà hàng, quán ăn, quán uống.",
    },
    Indicator {
        code: RETAIL_TRAVEL,
        name: "Dịch vụ lữ hành và hoạt động hỗ trợ du lịch",
        short_name: "Lữ hành, hỗ trợ du lịch",
        unit: "tỷ đồng",
        kind: Kind::Amount,
        area: Area::Retail,
        part_of: Some(RETAIL_TOTAL),
        meaning: "Doanh thu của đại lý lữ hành, điều hành tour và dịch vụ hỗ trợ du lịch.",
    },
    Indicator {
        code: RETAIL_OTHER_SERVICES,
        name: "Hoạt động dịch vụ khác",
        short_name: "Dịch vụ khác",
        unit: "tỷ đồng",
        kind: Kind::Amount,
        area: Area::Retail,
        part_of: Some(RETAIL_TOTAL),
        meaning: "Doanh thu các dịch vụ tiêu dùng còn lại (sửa chữa, giải trí, chăm sóc cá nhân…).",
    },
    Indicator {
        code: TRADE_EXPORT,
        name: "Kim ngạch xuất khẩu",
        short_name: "Xuất khẩu",
        unit: "triệu USD",
        kind: Kind::Amount,
        area: Area::Trade,
        part_of: None,
        meaning: "Tổng giá trị hàng hóa của doanh nghiệp trên địa bàn tỉnh bán ra nước ngoài.",
    },
    Indicator {
        code: TRADE_IMPORT,
        name: "Kim ngạch nhập khẩu",
        short_name: "Nhập khẩu",
        unit: "triệu USD",
        kind: Kind::Amount,
        area: Area::Trade,
        part_of: None,
        meaning: "Tổng giá trị hàng hóa doanh nghiệp trên địa bàn tỉnh mua từ nước ngoài.",
    },
    Indicator {
        code: TRADE_BALANCE,
        name: "Cán cân thương mại hàng hóa",
        short_name: "Cán cân thương mại",
        unit: "triệu USD",
        kind: Kind::Amount,
        area: Area::Trade,
        part_of: None,
        meaning: "Kim ngạch xuất khẩu trừ kim ngạch nhập khẩu: dương là xuất siêu, âm là nhập siêu. \
                  Chỉ lưu khi được công bố; nếu không, trang tự tính và ghi rõ là số tính toán.",
    },
    Indicator {
        code: ECOMMERCE_RANK_NATIONAL,
        name: "Xếp hạng chỉ số thương mại điện tử (EBI) cả nước",
        short_name: "Xếp hạng TMĐT cả nước",
        unit: "hạng",
        kind: Kind::Rank,
        area: Area::Ecommerce,
        part_of: None,
        meaning: "Thứ hạng của Gia Lai trong Chỉ số thương mại điện tử Việt Nam (EBI) do Hiệp hội \
                  Thương mại điện tử Việt Nam (VECOM) công bố hằng năm cho 63 tỉnh, thành phố.",
    },
    Indicator {
        code: ECOMMERCE_RANK_REGION,
        name: "Xếp hạng chỉ số thương mại điện tử (EBI) khu vực Tây Nguyên",
        short_name: "Xếp hạng TMĐT Tây Nguyên",
        unit: "hạng",
        kind: Kind::Rank,
        area: Area::Ecommerce,
        part_of: None,
        meaning: "Thứ hạng của Gia Lai trong số 5 tỉnh Tây Nguyên theo cùng chỉ số EBI.",
    },
];

/// The indicator with this code, if the catalogue has it.
pub fn find(code: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|indicator| indicator.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_unique_and_every_part_names_a_known_total() {
        for (i, indicator) in INDICATORS.iter().enumerate() {
            assert!(
                INDICATORS[i + 1..].iter().all(|o| o.code != indicator.code),
                "{} twice",
                indicator.code
            );
            if let Some(total) = indicator.part_of {
                assert!(
                    find(total).is_some(),
                    "{} is part of unknown {total}",
                    indicator.code
                );
            }
        }
    }

    #[test]
    fn the_retail_parts_are_the_parts_of_the_retail_total() {
        let parts: Vec<_> = INDICATORS
            .iter()
            .filter(|i| i.part_of == Some(RETAIL_TOTAL))
            .map(|i| i.code)
            .collect();
        assert_eq!(parts, RETAIL_PARTS);
    }
}
