//! Recognising a column of dates: ISO year-first, or day/month/year and month/day/year with the
//! order decided by the whole column. Streaming, so the profile can feed it cell by cell.

use super::iso::{date_prefix, three_parts, time_suffix};
use super::{from_ymd, MICROS_PER_DAY};

/// The order of a date's parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateLayout {
    /// `2024-01-31` (ISO 8601; also with `/`).
    YearMonthDay,
    /// `31/01/2024` (also `31/01/24`).
    DayMonthYear,
    /// `01/31/2024` (also `01/31/24`).
    MonthDayYear,
}

/// What [`DateDetector`] found: every non-empty value read as a date in one layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DetectedFormat {
    pub layout: DateLayout,
    /// `-`, `/` or `.` (day or month first only) between the date's parts.
    pub separator: u8,
    /// Years written with two digits (`31/01/24`, only with `/`): 69-99 are 1969-1999 and
    /// 00-68 are 2000-2068, as `%y` reads them.
    pub two_digit_year: bool,
    /// Some value had a time of day (the column is datetimes; the rest are midnight).
    pub has_time: bool,
    /// Every value had day and month of 12 or less, so nothing in the column decided between
    /// day-first and month-first; month-first was taken, as DuckDB's sniffer and most date
    /// libraries do.
    pub ambiguous: bool,
    /// The earliest and latest values, in microseconds since 1970-01-01.
    pub min: i64,
    pub max: i64,
}

impl DetectedFormat {
    /// The layout as a strftime-style format, e.g. `%d/%m/%Y` or `%Y-%m-%d %H:%M:%S`.
    pub fn strftime(&self) -> String {
        let order = match self.layout {
            DateLayout::YearMonthDay => ["%Y", "%m", "%d"],
            DateLayout::DayMonthYear => ["%d", "%m", "%Y"],
            DateLayout::MonthDayYear => ["%m", "%d", "%Y"],
        };
        let order = order.map(|part| {
            if self.two_digit_year && part == "%Y" {
                "%y"
            } else {
                part
            }
        });
        let mut out = order.join(&char::from(self.separator).to_string());
        if self.has_time {
            out.push_str(" %H:%M:%S");
        }
        out
    }

    /// Which of [`DateDetector::observe_readings`]'s slots this layout's values came in.
    pub fn slot(&self) -> usize {
        usize::from(self.layout == DateLayout::MonthDayYear)
    }

    /// Reads one value in this layout (with an optional time, as the detector accepted).
    pub fn parse(&self, text: &str) -> Option<i64> {
        match read(text)? {
            Shape::YearFirst { micros, .. } => {
                (self.layout == DateLayout::YearMonthDay).then_some(micros)
            }
            Shape::YearLast(v) if v.two_digit_year == self.two_digit_year => {
                let (month, day) = match self.layout {
                    DateLayout::YearMonthDay => return None,
                    DateLayout::DayMonthYear => (v.second, v.first),
                    DateLayout::MonthDayYear => (v.first, v.second),
                };
                v.micros(month, day)
            }
            Shape::YearLast(_) => None,
        }
    }
}

/// One value's reading, before the column decides the order of day and month.
enum Shape {
    YearFirst {
        separator: u8,
        micros: i64,
        time: bool,
    },
    YearLast(YearLast),
}

/// `A/B/YYYY[ time]` (or `A/B/YY`), with A and B still uninterpreted.
struct YearLast {
    separator: u8,
    two_digit_year: bool,
    first: u32,
    second: u32,
    year: i64,
    time: Option<i64>,
}

impl YearLast {
    fn micros(&self, month: u32, day: u32) -> Option<i64> {
        let days = i64::from(from_ymd(self.year, month, day)?);
        Some(days * MICROS_PER_DAY + self.time.unwrap_or(0))
    }
}

fn read(text: &str) -> Option<Shape> {
    let text = text.trim_ascii().as_bytes();
    if let Some((days, rest)) = date_prefix(text) {
        let time = if rest.is_empty() {
            0
        } else {
            time_suffix(rest)?
        };
        return Some(Shape::YearFirst {
            separator: text[4],
            micros: i64::from(days) * MICROS_PER_DAY + time,
            time: !rest.is_empty(),
        });
    }
    let ([first, second, year], separator, rest) =
        three_parts(text, b"-/.", [(1, 2), (1, 2), (2, 4)])?;
    // The year's digits: what lies between the last separator and the rest.
    let head = &text[..text.len() - rest.len()];
    let year_digits = head.len()
        - head
            .iter()
            .rposition(|&b| b == separator)
            .map_or(0, |p| p + 1);
    // Two-digit years only with `/`: `1.2.10` is more often a version than a date.
    let two_digit_year = match year_digits {
        4 => false,
        2 if separator == b'/' => true,
        _ => return None,
    };
    let year = match year {
        y if !two_digit_year => y,
        y if y >= 69 => 1900 + y,
        y => 2000 + y,
    };
    let time = if rest.is_empty() {
        None
    } else {
        Some(time_suffix(rest)?)
    };
    Some(Shape::YearLast(YearLast {
        separator,
        two_digit_year,
        first: first as u32,
        second: second as u32,
        year,
        time,
    }))
}

/// The running range of one reading of the column, or `None` once a value fails it.
type Range = Option<(i64, i64)>;

fn widen(range: &mut Range, value: Option<i64>) -> bool {
    match (value, range.as_mut()) {
        (Some(v), Some((min, max))) => {
            *min = (*min).min(v);
            *max = (*max).max(v);
            true
        }
        (Some(v), None) => {
            *range = Some((v, v));
            true
        }
        (None, _) => false,
    }
}

/// Watches a column's values one at a time and says at the end whether they are all dates of
/// one layout. Day-first and month-first readings are followed side by side, with their own
/// ranges, until a value such as `31/01/2024` rules one out; memory stays constant.
///
/// ```
/// use csv_kernels::date::{DateDetector, DateLayout};
/// let mut d = DateDetector::default();
/// for v in ["01/02/2024", "13/02/2024", "05/11/2023"] {
///     d.observe(v);
/// }
/// let found = d.finish().unwrap();
/// assert_eq!((found.layout, found.ambiguous), (DateLayout::DayMonthYear, false));
/// assert_eq!(found.strftime(), "%d/%m/%Y");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DateDetector {
    /// The first value's family (year first?), separator and year width (two digits?);
    /// later values must match them.
    family: Option<(bool, u8, bool)>,
    failed: bool,
    has_time: bool,
    /// Ranges of the readings still possible: year-first, day-first, month-first.
    year_first: Range,
    day_first: Range,
    month_first: Range,
    day_first_ruled_out: bool,
    month_first_ruled_out: bool,
}

impl DateDetector {
    /// Feeds one non-empty value; returns false once the column can no longer be dates (the
    /// caller may stop feeding).
    pub fn observe(&mut self, text: &str) -> bool {
        self.observe_readings(text).is_some()
    }

    /// As [`observe`](Self::observe), returning the value's microseconds under each reading
    /// still possible: slot 0 is year-first or day-first, slot 1 month-first (see
    /// [`DetectedFormat::slot`]); `None` once the column can no longer be dates.
    pub fn observe_readings(&mut self, text: &str) -> Option<[Option<i64>; 2]> {
        if self.failed {
            return None;
        }
        let readings = match read(text) {
            Some(Shape::YearFirst {
                separator,
                micros,
                time,
            }) if *self.family.get_or_insert((true, separator, false))
                == (true, separator, false) =>
            {
                self.has_time |= time;
                widen(&mut self.year_first, Some(micros));
                Some([Some(micros), None])
            }
            Some(Shape::YearLast(v))
                if *self
                    .family
                    .get_or_insert((false, v.separator, v.two_digit_year))
                    == (false, v.separator, v.two_digit_year) =>
            {
                self.has_time |= v.time.is_some();
                let day_first = v
                    .micros(v.second, v.first)
                    .filter(|_| !self.day_first_ruled_out);
                let month_first = v
                    .micros(v.first, v.second)
                    .filter(|_| !self.month_first_ruled_out);
                if !self.day_first_ruled_out && !widen(&mut self.day_first, day_first) {
                    self.day_first_ruled_out = true;
                }
                if !self.month_first_ruled_out && !widen(&mut self.month_first, month_first) {
                    self.month_first_ruled_out = true;
                }
                let open = !(self.day_first_ruled_out && self.month_first_ruled_out);
                open.then_some([day_first, month_first])
            }
            _ => None,
        };
        self.failed = readings.is_none();
        readings
    }

    /// The layout every value fitted, or `None` (no values, or one that is not a date).
    pub fn finish(&self) -> Option<DetectedFormat> {
        if self.failed {
            return None;
        }
        let (year_first, separator, two_digit_year) = self.family?;
        let (layout, range, ambiguous) = if year_first {
            (DateLayout::YearMonthDay, self.year_first, false)
        } else if self.month_first_ruled_out {
            (DateLayout::DayMonthYear, self.day_first, false)
        } else {
            let ambiguous = !self.day_first_ruled_out;
            (DateLayout::MonthDayYear, self.month_first, ambiguous)
        };
        let (min, max) = range?;
        Some(DetectedFormat {
            layout,
            separator,
            two_digit_year,
            has_time: self.has_time,
            ambiguous,
            min,
            max,
        })
    }
}

/// Detects the date layout of a column from its values (empty ones are skipped), deciding
/// between day-first and month-first from the whole column. See [`DateDetector`].
///
/// ```
/// use csv_kernels::date::{detect_date_format, DateLayout};
/// let us = detect_date_format(["01/31/2024", "02/01/2024", ""]).unwrap();
/// assert_eq!(us.layout, DateLayout::MonthDayYear);
/// assert!(detect_date_format(["31/01/2024", "01/31/2024"]).is_none());
/// ```
pub fn detect_date_format<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<DetectedFormat> {
    let mut detector = DateDetector::default();
    for value in values {
        if !value.trim_ascii().is_empty() && !detector.observe(value) {
            return None;
        }
    }
    detector.finish()
}

mod merge;

#[cfg(test)]
mod tests;
