//! Per-column accumulators of the profile.

use super::histogram::{Builder, Histogram};
use crate::number::{parse_number, Number};

/// The inferred type of a column: the narrowest type every non-empty cell fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
pub enum ColumnType {
    Integer,
    Float,
    Boolean,
    Text,
    /// Every cell is empty.
    Empty,
}

impl ColumnType {
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::Integer => "integer",
            ColumnType::Float => "float",
            ColumnType::Boolean => "boolean",
            ColumnType::Text => "text",
            ColumnType::Empty => "empty",
        }
    }
}

/// The profile of one column. Numbers (`min`, `max`, `mean`, `histogram`) are present only for
/// integer and float columns; lengths are in characters over non-empty cells.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ColumnProfile {
    pub name: String,
    #[cfg_attr(feature = "serde", serde(rename = "type"))]
    pub column_type: ColumnType,
    /// Non-empty cells.
    pub count: u64,
    /// Empty cells.
    pub nulls: u64,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub min: Option<Number>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub max: Option<Number>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub mean: Option<f64>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub min_length: Option<u64>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub max_length: Option<u64>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub histogram: Option<Histogram>,
}

#[derive(Clone, Debug)]
pub(crate) struct ColumnStats {
    name: String,
    count: u64,
    nulls: u64,
    all_integer: bool,
    all_number: bool,
    all_boolean: bool,
    min: Option<Number>,
    max: Option<Number>,
    int_sum: i128,
    float_sum: f64,
    min_length: u64,
    max_length: u64,
    histogram: Builder,
}

impl ColumnStats {
    pub fn new(name: String) -> ColumnStats {
        ColumnStats {
            name,
            count: 0,
            nulls: 0,
            all_integer: true,
            all_number: true,
            all_boolean: true,
            min: None,
            max: None,
            int_sum: 0,
            float_sum: 0.0,
            min_length: u64::MAX,
            max_length: 0,
            histogram: Builder::default(),
        }
    }

    pub fn add(&mut self, cell: &[u8]) {
        if cell.is_empty() {
            self.nulls += 1;
            return;
        }
        self.count += 1;
        let length = cell.iter().filter(|&&b| (b as i8) >= -0x40).count() as u64;
        self.min_length = self.min_length.min(length);
        self.max_length = self.max_length.max(length);
        if self.all_boolean && !is_boolean(cell) {
            self.all_boolean = false;
        }
        if !self.all_number {
            return;
        }
        let Some(n) = parse_number(cell) else {
            self.all_number = false;
            self.all_integer = false;
            return;
        };
        match n {
            Number::Int(i) => self.int_sum += i as i128,
            Number::Float(f) => {
                self.all_integer = false;
                self.float_sum += f;
            }
        }
        if self.min.is_none_or(|m| n.compare(m).is_lt()) {
            self.min = Some(n);
        }
        if self.max.is_none_or(|m| n.compare(m).is_gt()) {
            self.max = Some(n);
        }
        self.histogram.add(n.as_f64());
    }

    pub fn finish(self) -> ColumnProfile {
        let column_type = if self.count == 0 {
            ColumnType::Empty
        } else if self.all_integer {
            ColumnType::Integer
        } else if self.all_number {
            ColumnType::Float
        } else if self.all_boolean {
            ColumnType::Boolean
        } else {
            ColumnType::Text
        };
        let numeric = matches!(column_type, ColumnType::Integer | ColumnType::Float);
        let has_cells = self.count > 0;
        ColumnProfile {
            name: self.name,
            column_type,
            count: self.count,
            nulls: self.nulls,
            min: self.min.filter(|_| numeric),
            max: self.max.filter(|_| numeric),
            mean: numeric.then(|| (self.int_sum as f64 + self.float_sum) / self.count as f64),
            min_length: has_cells.then_some(self.min_length),
            max_length: has_cells.then_some(self.max_length),
            histogram: if numeric {
                self.histogram.finish(column_type == ColumnType::Integer)
            } else {
                None
            },
        }
    }
}

fn is_boolean(cell: &[u8]) -> bool {
    matches!(
        cell,
        b"true" | b"false" | b"True" | b"False" | b"TRUE" | b"FALSE"
    )
}
