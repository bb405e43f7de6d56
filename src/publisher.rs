//! Who published a figure. Codes are fixed. Where two publishers print the
//! same figure differently, both are kept; a page leads with one, by the
//! rule of `leading_order`, and says what the others printed.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Publisher {
    /// Sở Công Thương: the department, whose site this is.
    SoCongThuong,
    /// The provincial statistics office, under any of its names (Cục Thống
    /// kê tỉnh, Chi cục Thống kê, Thống kê tỉnh).
    ThongKe,
    /// The provincial People's Committee.
    Ubnd,
    /// VECOM, the Vietnam E-commerce Association (the EBI ranking).
    Vecom,
    /// A newspaper that does not name the agency behind a figure.
    BaoChi,
}

impl Publisher {
    /// Every publisher, in the order a page leads with them when several
    /// published the same figure: the department's own figures first (the
    /// site is the department's), then the statistics office, the
    /// People's Committee, VECOM, the press.
    pub const ALL: [Publisher; 5] = [
        Publisher::SoCongThuong,
        Publisher::ThongKe,
        Publisher::Ubnd,
        Publisher::Vecom,
        Publisher::BaoChi,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Publisher::SoCongThuong => "so-cong-thuong",
            Publisher::ThongKe => "thong-ke",
            Publisher::Ubnd => "ubnd",
            Publisher::Vecom => "vecom",
            Publisher::BaoChi => "bao-chi",
        }
    }

    /// Every code, for messages: "so-cong-thuong, thong-ke, …".
    pub fn codes() -> String {
        Publisher::ALL.map(Publisher::code).join(", ")
    }

    pub fn from_code(code: &str) -> Option<Publisher> {
        Publisher::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The publisher's name in a sentence: "Cục Thống kê công bố …".
    pub fn name(self) -> &'static str {
        match self {
            Publisher::SoCongThuong => "Sở Công Thương",
            Publisher::ThongKe => "Cục Thống kê",
            Publisher::Ubnd => "UBND tỉnh",
            Publisher::Vecom => "Hiệp hội Thương mại điện tử Việt Nam (VECOM)",
            Publisher::BaoChi => "báo chí",
        }
    }

    /// Which publisher's figure a page leads with: the first in `ALL`.
    pub fn leading_order(self) -> usize {
        Publisher::ALL
            .iter()
            .position(|p| *p == self)
            .unwrap_or(Publisher::ALL.len())
    }
}
