//! Per-column accumulators of the profile: every one adds cells and merges with the state of
//! other parts of the same column, so split inputs profile exactly as one pass does.

use super::dates::DateStats;
use super::histogram::{Bins, Histogram, BINS};
use super::values::Values;
use crate::agg::{DdSketch, ExactSum};
use crate::date::DateDetector;
use crate::number::{parse_number, Number};
use crate::{Error, ErrorKind, Result};

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

/// The profile of one column (every field is described in the README's profile section).
/// `min`, `max`, `mean`, `stddev`, the quartiles and `histogram` are present for integer,
/// float, date and datetime columns (numbers, or ISO text for dates, whose `stddev` and
/// histogram are in days), `date_format` (a strftime-style format such as `%d/%m/%Y`) for
/// dates, `top_values` for text and boolean columns; lengths are in characters over non-empty
/// cells.
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
    /// Distinct non-empty cells, compared as text.
    pub distinct: u64,
    /// More than 10,000 distinct values: `distinct`, the quartiles and `top_values` are
    /// estimates.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "std::ops::Not::not"))]
    pub approximate: bool,
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
    pub mean: Option<Bound>,
    /// The sample standard deviation (in days for dates).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub stddev: Option<f64>,
    /// The quartiles, interpolated between neighbouring values as DuckDB's `quantile_cont`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub q1: Option<Bound>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub median: Option<Bound>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub q3: Option<Bound>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub min_length: Option<u64>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub max_length: Option<u64>,
    /// The ten most frequent values, most frequent first (ties in byte order).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub top_values: Option<Vec<TopValue>>,
    /// Counts of numbers, or of dates as days since 1970-01-01.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub histogram: Option<Histogram>,
}

/// One of a column's most frequent values.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TopValue {
    pub value: String,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ColumnStats {
    pub name: String,
    pub count: u64,
    pub nulls: u64,
    pub all_integer: bool,
    pub all_number: bool,
    pub all_boolean: bool,
    pub min: Option<Number>,
    pub max: Option<Number>,
    /// Exact sums of the numbers and their squares, for the mean and standard deviation.
    pub sum: ExactSum,
    pub squares: ExactSum,
    pub min_length: u64,
    pub max_length: u64,
    pub bins: Bins,
    /// The numbers' quantile sketch, once the column has too many distinct values to keep.
    pub sketch: Option<DdSketch>,
    /// Fed while every value so far could be a date.
    pub dates: Option<DateDetector>,
    /// The statistics of each reading the dates still allow (see `DateDetector`'s slots).
    pub readings: [Option<DateStats>; 2],
    pub values: Values,
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
            sum: ExactSum::default(),
            squares: ExactSum::default(),
            min_length: u64::MAX,
            max_length: 0,
            bins: Bins::new(BINS),
            sketch: None,
            dates: Some(DateDetector::default()),
            readings: [None, None],
            values: Values::default(),
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
        self.add_date(cell);
        self.values.add(cell);
        if self.all_number {
            self.add_number(cell);
        }
        if self.values.exact().is_none() && self.values.counts().is_some() {
            self.sketch = self.seeded_sketch();
            self.values.settle();
        }
    }

    fn add_date(&mut self, cell: &[u8]) {
        let Some(dates) = &mut self.dates else {
            return;
        };
        let readings = std::str::from_utf8(cell)
            .ok()
            .and_then(|text| dates.observe_readings(text));
        let Some(readings) = readings else {
            self.dates = None;
            self.readings = [None, None];
            return;
        };
        for (stats, micros) in self.readings.iter_mut().zip(readings) {
            match micros {
                Some(m) => stats.get_or_insert_with(DateStats::default).add(m),
                None => *stats = None,
            }
        }
    }

    fn add_number(&mut self, cell: &[u8]) {
        let Some(n) = parse_number(cell) else {
            self.all_number = false;
            self.all_integer = false;
            self.sketch = None;
            return;
        };
        match n {
            Number::Int(i) => {
                self.sum.add_int(i128::from(i));
                self.squares.add_int(i128::from(i) * i128::from(i));
            }
            Number::Float(f) => {
                self.all_integer = false;
                self.sum.add_f64(f);
                self.squares.add_f64_square(f);
            }
        }
        self.extremes(n);
        self.bins.add(n.as_f64(), 1);
        if let Some(sketch) = &mut self.sketch {
            sketch.add(n.as_f64());
        }
    }

    /// Takes `n` as the minimum or maximum if it is one. Equal numbers written differently
    /// (`10` and `1e1`, `0.0` and `-0.0`) are decided by their form, never by which came first,
    /// so any split of the input picks the same one: an integer, then the IEEE total order.
    fn extremes(&mut self, n: Number) {
        // Greater when `a` is the preferred form of an equal value.
        let prefer = |a: Number, b: Number| {
            let key = |x: Number| (matches!(x, Number::Int(_)), x.as_f64());
            let (ka, kb) = (key(a), key(b));
            ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
        };
        if self
            .min
            .is_none_or(|m| n.compare(m).then_with(|| prefer(m, n)).is_lt())
        {
            self.min = Some(n);
        }
        if self
            .max
            .is_none_or(|m| n.compare(m).then_with(|| prefer(n, m)).is_gt())
        {
            self.max = Some(n);
        }
    }

    /// The numbers' sketch: the one kept, or one made from the exact counts.
    fn seeded_sketch(&self) -> Option<DdSketch> {
        if !self.all_number {
            return None;
        }
        let Some(counts) = self.values.counts() else {
            return self.sketch.clone();
        };
        let mut sketch = DdSketch::default();
        for (key, &n) in counts {
            if let Some(x) = parse_number(key) {
                sketch.add_n(x.as_f64(), n);
            }
        }
        Some(sketch)
    }

    /// Folds in the state of the same column over other rows.
    pub fn merge(&mut self, other: &ColumnStats) -> Result<()> {
        if self.name != other.name {
            return Err(Error::plain(
                ErrorKind::InvalidState,
                format!(
                    "cannot merge the profiles of columns {:?} and {:?}",
                    self.name, other.name
                ),
            ));
        }
        let sketches = [self.seeded_sketch(), other.seeded_sketch()];
        self.count = self.count.saturating_add(other.count);
        self.nulls = self.nulls.saturating_add(other.nulls);
        self.all_integer &= other.all_integer;
        self.all_number &= other.all_number;
        self.all_boolean &= other.all_boolean;
        [other.min, other.max]
            .into_iter()
            .flatten()
            .for_each(|n| self.extremes(n));
        self.sum.merge(&other.sum);
        self.squares.merge(&other.squares);
        self.min_length = self.min_length.min(other.min_length);
        self.max_length = self.max_length.max(other.max_length);
        self.bins.merge(&other.bins);
        match (&mut self.dates, &other.dates) {
            (Some(mine), Some(theirs)) => {
                if mine.is_empty() {
                    self.readings = other.readings.clone();
                } else if !theirs.is_empty() {
                    for (stats, theirs) in self.readings.iter_mut().zip(&other.readings) {
                        match (stats.as_mut(), theirs) {
                            (Some(stats), Some(theirs)) => stats.merge(theirs),
                            // A reading one part ruled out is ruled out for the whole.
                            _ => *stats = None,
                        }
                    }
                }
                mine.merge(theirs);
            }
            _ => {
                self.dates = None;
                self.readings = [None, None];
            }
        }
        self.values.merge(&other.values);
        if self.values.exact().is_some() || !self.all_number {
            self.sketch = None;
        } else {
            let [mine, theirs] = sketches;
            self.sketch = mine.zip(theirs).map(|(mut a, b)| {
                a.merge(&b);
                a
            });
        }
        self.values.settle();
        Ok(())
    }
}

fn is_boolean(cell: &[u8]) -> bool {
    matches!(
        cell,
        b"true" | b"false" | b"True" | b"False" | b"TRUE" | b"FALSE"
    )
}
