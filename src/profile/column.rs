//! Per-column accumulators of the profile.

use super::histogram::{Builder, Histogram};
use crate::date::{date_text, datetime_text, datetime_to_date, DateDetector};
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
    /// Every value is a date: ISO `2024-01-31`, or day/month/year or month/day/year with the
    /// order decided by the whole column.
    Date,
    /// As `Date`, and at least one value has a time of day.
    #[cfg_attr(feature = "serde", serde(rename = "datetime"))]
    DateTime,
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
            ColumnType::Date => "date",
            ColumnType::DateTime => "datetime",
            ColumnType::Text => "text",
            ColumnType::Empty => "empty",
        }
    }
}

/// The smallest or largest value of a column: a number, or a date or datetime in its ISO text
/// form (`2024-01-31`, `2024-01-31 12:00:00`).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(untagged))]
pub enum Bound {
    Number(Number),
    Text(String),
}

/// The profile of one column. `min` and `max` are present for integer, float, date and
/// datetime columns, `mean` and `histogram` for numbers only, `date_format` (a strftime-style
/// format such as `%d/%m/%Y`) for dates; lengths are in characters over non-empty cells.
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
    pub min: Option<Bound>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub max: Option<Bound>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub date_format: Option<String>,
    /// Day and month were 12 or less in every value, so the column could not tell
    /// day-first from month-first; month-first was taken.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "std::ops::Not::not"))]
    pub date_order_ambiguous: bool,
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
    /// Fed while every value so far could be a date.
    dates: Option<DateDetector>,
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
            dates: Some(DateDetector::default()),
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
        if let Some(dates) = &mut self.dates {
            let fits = std::str::from_utf8(cell).is_ok_and(|text| dates.observe(text));
            if !fits {
                self.dates = None;
            }
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
        let dates = self.dates.as_ref().and_then(DateDetector::finish);
        let column_type = if self.count == 0 {
            ColumnType::Empty
        } else if self.all_integer {
            ColumnType::Integer
        } else if self.all_number {
            ColumnType::Float
        } else if self.all_boolean {
            ColumnType::Boolean
        } else {
            match dates {
                Some(found) if found.has_time => ColumnType::DateTime,
                Some(_) => ColumnType::Date,
                None => ColumnType::Text,
            }
        };
        let numeric = matches!(column_type, ColumnType::Integer | ColumnType::Float);
        let has_cells = self.count > 0;
        let dates =
            dates.filter(|_| matches!(column_type, ColumnType::Date | ColumnType::DateTime));
        let date_bound = |micros: i64| {
            Bound::Text(match column_type {
                ColumnType::Date => date_text(datetime_to_date(micros)),
                _ => datetime_text(micros),
            })
        };
        let (min, max) = match dates {
            Some(found) => (Some(date_bound(found.min)), Some(date_bound(found.max))),
            None if numeric => (self.min.map(Bound::Number), self.max.map(Bound::Number)),
            None => (None, None),
        };
        ColumnProfile {
            name: self.name,
            column_type,
            count: self.count,
            nulls: self.nulls,
            min,
            max,
            date_format: dates.map(|found| found.strftime()),
            date_order_ambiguous: dates.is_some_and(|found| found.ambiguous),
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
