//! Reading the data files: the figures (`observations.csv`) and the
//! department's activities (`activities.csv`).
//!
//! A file is read whole and checked whole before anything is written: the
//! caller gets either every row, or every problem with its line and column
//! in words a staff member understands. The formats are documented in
//! `data/README.md`.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::indicator::{self, Catalogue, Kind};
use crate::model::{
    Activity, ActivityKind, FigureKey, Observation, Plan, Published, Rate, Status, Target,
    sort_observations,
};
use crate::period::Period;
use crate::publisher::Publisher;
use crate::territory::Territory;

mod format;
mod read;
mod rules;
mod write;

use format::*;
use read::Row;
use rules::{Entry, entry_of};

pub use format::{
    ACTIVITY_COLUMNS, OBSERVATION_COLUMNS, OPEN_DATA_FIGURE_HEADERS, OPEN_DATA_PLAN_HEADERS,
    OPEN_DATA_SUB_TERRITORY, RATE_ONLY_NOTE, delimiter_name, parse_machine_decimal,
    parse_vietnamese_decimal,
};
pub use read::{read_activities, read_figures, read_observations, read_record};
pub use write::{write_figures, write_observations};

/// One problem in a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The line in the file, counting the header as line 1; none for a
    /// problem with the file as a whole.
    pub line: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.column) {
            (Some(line), Some(column)) => write!(f, "dòng {line}, cột {column}: {}", self.message),
            (Some(line), None) => write!(f, "dòng {line}: {}", self.message),
            (None, Some(column)) => write!(f, "cột {column}: {}", self.message),
            (None, None) => write!(f, "{}", self.message),
        }
    }
}

/// Every problem found in a file; nothing of it should be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Rejected {
    pub problems: Vec<Problem>,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "tệp có {} lỗi, không ghi dữ liệu nào:",
            self.problems.len()
        )?;
        for problem in &self.problems {
            writeln!(f, "  {problem}")?;
        }
        Ok(())
    }
}

fn whole_file(message: impl Into<String>) -> Rejected {
    Rejected {
        problems: vec![Problem {
            line: None,
            column: None,
            message: message.into(),
        }],
    }
}

/// What a figures file holds: the figures, the plans, and the character
/// that separated its columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub observations: Vec<Observation>,
    pub plans: Vec<Plan>,
    /// Changes published without their level.
    pub rates: Vec<Rate>,
    pub delimiter: u8,
}

impl Default for Figures {
    fn default() -> Self {
        Figures {
            observations: Vec::new(),
            plans: Vec::new(),
            rates: Vec::new(),
            delimiter: b',',
        }
    }
}

impl Figures {
    /// How many rows the file had: figures, plans and changes published
    /// alone.
    pub fn len(&self) -> usize {
        self.observations.len() + self.plans.len() + self.rates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests;
