//! The territories figures are published for. Since 1/7/2025 the province
//! of Gia Lai is the merged Gia Lai and Bình Định (Nghị quyết
//! 202/2025/QH15); before that each old province published its own
//! figures. Codes are fixed.

use crate::period::Period;

/// The first month of the merged province: July 2025.
pub const MERGER: (i32, u8) = (2025, 7);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Territory {
    /// The province since 1/7/2025: Gia Lai and Bình Định merged.
    GiaLai,
    /// Gia Lai before 1/7/2025.
    GiaLaiCu,
    /// Bình Định before 1/7/2025.
    BinhDinh,
}

impl Territory {
    pub const ALL: [Territory; 3] = [Territory::GiaLai, Territory::GiaLaiCu, Territory::BinhDinh];

    pub fn code(self) -> &'static str {
        match self {
            Territory::GiaLai => "gia-lai",
            Territory::GiaLaiCu => "gia-lai-cu",
            Territory::BinhDinh => "binh-dinh",
        }
    }

    /// Every code, for messages: "gia-lai, gia-lai-cu, binh-dinh".
    pub fn codes() -> String {
        Territory::ALL.map(Territory::code).join(", ")
    }

    pub fn from_code(code: &str) -> Option<Territory> {
        Territory::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The province in words, as a page says which one it covers.
    pub fn name(self) -> &'static str {
        match self {
            Territory::GiaLai => "tỉnh Gia Lai (từ 1/7/2025, gồm Gia Lai và Bình Định cũ)",
            Territory::GiaLaiCu => "tỉnh Gia Lai (trước 1/7/2025)",
            Territory::BinhDinh => "tỉnh Bình Định (trước 1/7/2025)",
        }
    }

    /// The territory a figure of `period` in `year` is for when a file
    /// does not say: the merged province for periods that end from July
    /// 2025 on (they include its months before the merger, as published),
    /// the old Gia Lai before.
    pub fn by_date(year: i32, period: Period) -> Territory {
        if ends_after_merger(year, period) {
            Territory::GiaLai
        } else {
            Territory::GiaLaiCu
        }
    }

    /// Whether a figure of this territory may be for `period` of `year`:
    /// the merged province from July 2025, the old ones before it (a report
    /// on an old province's part of the merged one aside).
    pub fn covers(self, year: i32, period: Period) -> bool {
        match self {
            Territory::GiaLai => ends_after_merger(year, period),
            Territory::GiaLaiCu | Territory::BinhDinh => !ends_after_merger(year, period),
        }
    }

    /// The old provinces, whose amounts summed make the merged territory's
    /// for earlier periods.
    pub fn is_old(self) -> bool {
        self != Territory::GiaLai
    }
}

/// A period of `year` that ends in or after July 2025.
fn ends_after_merger(year: i32, period: Period) -> bool {
    (year, period.end_month()) >= MERGER
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_merged_province_starts_with_periods_ending_in_july_2025() {
        assert_eq!(
            Territory::by_date(2025, Period::Cumulative(6)),
            Territory::GiaLaiCu
        );
        assert_eq!(
            Territory::by_date(2025, Period::Month(6)),
            Territory::GiaLaiCu
        );
        assert_eq!(
            Territory::by_date(2025, Period::Cumulative(8)),
            Territory::GiaLai
        );
        assert_eq!(
            Territory::by_date(2025, Period::Month(7)),
            Territory::GiaLai
        );
        assert_eq!(Territory::by_date(2025, Period::Year), Territory::GiaLai);
        assert_eq!(Territory::by_date(2024, Period::Year), Territory::GiaLaiCu);
        assert_eq!(
            Territory::by_date(2026, Period::Month(1)),
            Territory::GiaLai
        );
        assert!(!Territory::GiaLai.covers(2024, Period::Year));
        assert!(!Territory::BinhDinh.covers(2025, Period::Cumulative(9)));
        for territory in Territory::ALL {
            assert_eq!(Territory::from_code(territory.code()), Some(territory));
        }
    }
}
