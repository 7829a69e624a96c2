//! strftime-style formats (`%Y-%m-%d %H:%M:%S`), compiled once and used to write and read
//! datetimes, with DuckDB's `strftime` / `strptime` behaviour.

use super::{weekday_of_days, Parts, MICROS_PER_DAY, MONTH_NAMES, WEEKDAY_NAMES};
use parse::Parsed;
use std::fmt::{self, Write};

mod parse;

/// A format string that does not compile: an unknown specifier such as `%e`, or a lone `%`
/// at the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    pub message: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FormatError {}

/// What one `%` specifier stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    /// `%Y`: the year, at least four digits when written.
    Year,
    /// `%y`: two digits; when read, 69-99 are 1969-1999 and 00-68 are 2000-2068.
    Year2,
    Month,
    /// `%b`: `Jan`; read case-insensitively.
    MonthAbbr,
    /// `%B`: `January`; read case-insensitively.
    MonthName,
    Day,
    /// `%j`: day of the year, 001-366.
    DayOfYear,
    Hour,
    /// `%I`: 01-12, with `%p`.
    Hour12,
    /// `%p`: `AM` / `PM`.
    AmPm,
    Minute,
    Second,
    /// `%f`: microseconds, six digits.
    Micros,
    /// `%g`: milliseconds, three digits.
    Millis,
    /// `%a`: `Sun`; read and ignored.
    WeekdayAbbr,
    /// `%A`: `Sunday`; read and ignored.
    WeekdayName,
    /// `%w`: 0 (Sunday) to 6; read and ignored.
    WeekdayNumber,
    /// `%u`: 1 (Monday) to 7 (Sunday); read and ignored.
    IsoWeekdayNumber,
}

impl Field {
    fn from_letter(letter: char) -> Option<Field> {
        Some(match letter {
            'Y' => Field::Year,
            'y' => Field::Year2,
            'm' => Field::Month,
            'b' | 'h' => Field::MonthAbbr,
            'B' => Field::MonthName,
            'd' => Field::Day,
            'j' => Field::DayOfYear,
            'H' => Field::Hour,
            'I' => Field::Hour12,
            'p' => Field::AmPm,
            'M' => Field::Minute,
            'S' => Field::Second,
            'f' => Field::Micros,
            'g' => Field::Millis,
            'a' => Field::WeekdayAbbr,
            'A' => Field::WeekdayName,
            'w' => Field::WeekdayNumber,
            'u' => Field::IsoWeekdayNumber,
            _ => return None,
        })
    }

    /// The fewest and most digits a numeric field reads, and the width it is written with.
    fn digits(self) -> Option<(usize, usize, usize)> {
        Some(match self {
            Field::Year => (1, 4, 4),
            Field::Year2 | Field::Month | Field::Day => (1, 2, 2),
            Field::Hour | Field::Hour12 | Field::Minute | Field::Second => (1, 2, 2),
            Field::DayOfYear => (1, 3, 3),
            Field::Micros => (1, 6, 6),
            Field::Millis => (1, 3, 3),
            Field::WeekdayNumber | Field::IsoWeekdayNumber => (1, 1, 1),
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    Literal(String),
    /// A run of whitespace: written as is, and when reading it matches one or more whitespace
    /// characters, as DuckDB's `strptime` does.
    Space(String),
    /// `padded` is false for the `%-d` form (no leading zeros when written).
    Field {
        field: Field,
        padded: bool,
    },
}

/// A compiled strftime-style format.
///
/// Specifiers: `%Y %y %m %b %h %B %d %j %H %I %p %M %S %f %g %a %A %w %u %%`; `%-d`, `%-m`,
/// `%-H`, `%-I`, `%-M`, `%-S`, `%-j`, `%-y` write without leading zeros. Reading accepts one or
/// two digits for two-digit fields, skips whitespace before a number and requires the whole
/// text to match. Fields left out default to 1900-01-01 00:00:00, as in DuckDB.
///
/// ```
/// use csv_kernels::date::{DateFormat, parse_datetime};
/// let f = DateFormat::compile("%d/%m/%Y %H:%M")?;
/// let t = f.parse("5/1/2024 9:30").unwrap();
/// assert_eq!(Some(t), parse_datetime("2024-01-05 09:30"));
/// assert_eq!(f.format(t), "05/01/2024 09:30");
/// assert!(DateFormat::compile("%e").is_err());
/// # Ok::<(), csv_kernels::date::FormatError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateFormat {
    items: Vec<Item>,
}

impl DateFormat {
    pub fn compile(format: &str) -> Result<DateFormat, FormatError> {
        let mut items = Vec::new();
        let mut chars = format.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                let space = c.is_whitespace();
                match items.last_mut() {
                    Some(Item::Space(run)) if space => run.push(c),
                    Some(Item::Literal(run)) if !space => run.push(c),
                    _ if space => items.push(Item::Space(c.to_string())),
                    _ => items.push(Item::Literal(c.to_string())),
                }
                continue;
            }
            let padded = chars.next_if_eq(&'-').is_none();
            let letter = chars.next().ok_or_else(|| FormatError {
                message: format!("date format '{format}' ends with a lone %"),
            })?;
            if letter == '%' && padded {
                match items.last_mut() {
                    Some(Item::Literal(run)) => run.push('%'),
                    _ => items.push(Item::Literal("%".into())),
                }
                continue;
            }
            let field = Field::from_letter(letter)
                .filter(|f| padded || f.digits().is_some())
                .ok_or_else(|| FormatError {
                    message: format!(
                        "unknown specifier %{}{letter} in date format '{format}'",
                        if padded { "" } else { "-" }
                    ),
                })?;
            items.push(Item::Field { field, padded });
        }
        Ok(DateFormat { items })
    }

    /// Whether the format has a time of day (hours, minutes, seconds or fractions).
    pub fn has_time(&self) -> bool {
        self.items.iter().any(|item| {
            matches!(item, Item::Field { field, .. } if matches!(field,
                Field::Hour | Field::Hour12 | Field::Minute | Field::Second
                    | Field::Micros | Field::Millis))
        })
    }

    /// Writes a datetime in this format.
    pub fn format(&self, micros: i64) -> String {
        let mut out = String::new();
        self.write(micros, &mut out);
        out
    }

    /// Appends a datetime in this format to `out`.
    pub fn write(&self, micros: i64, out: &mut String) {
        let p = Parts::of(micros);
        let days = micros.div_euclid(MICROS_PER_DAY);
        for item in &self.items {
            let (field, padded) = match item {
                Item::Literal(text) | Item::Space(text) => {
                    out.push_str(text);
                    continue;
                }
                Item::Field { field, padded } => (*field, *padded),
            };
            let weekday = weekday_of_days(days) as usize;
            if let Some(name) = name_of(field, &p, weekday) {
                out.push_str(name);
                continue;
            }
            let number: i64 = match field {
                Field::Year => p.year,
                Field::Year2 => p.year.rem_euclid(100),
                Field::Month => i64::from(p.month),
                Field::Day => i64::from(p.day),
                Field::DayOfYear => i64::from(p.day_of_year()),
                Field::Hour => i64::from(p.hour),
                Field::Hour12 => i64::from((p.hour + 11) % 12 + 1),
                Field::Minute => i64::from(p.minute),
                Field::Second => i64::from(p.second),
                Field::Micros => i64::from(p.micros),
                Field::Millis => i64::from(p.micros / 1000),
                Field::WeekdayNumber => weekday as i64,
                Field::IsoWeekdayNumber => (weekday as i64 + 6) % 7 + 1,
                // Names were written above.
                _ => continue,
            };
            let width = if padded {
                field.digits().map_or(0, |(_, _, w)| w)
            } else {
                0
            };
            // Writing to a String cannot fail.
            let _ = write!(out, "{number:0width$}");
        }
    }

    /// Reads text in this format as a datetime; `None` when it does not match or names an
    /// impossible date or time.
    pub fn parse(&self, text: &str) -> Option<i64> {
        let mut fields = Parsed::default();
        let mut rest = text.trim();
        for item in &self.items {
            rest = match item {
                Item::Literal(literal) => rest.strip_prefix(literal.as_str())?,
                Item::Space(_) => {
                    let trimmed = rest.trim_start();
                    (trimmed.len() < rest.len()).then_some(trimmed)?
                }
                Item::Field { field, .. } => fields.read(*field, rest)?,
            };
        }
        if !rest.is_empty() {
            return None;
        }
        fields.resolve()
    }
}

/// The text of a field written as a word (`Jan`, `Friday`, `PM`), or `None` for numbers.
fn name_of(field: Field, p: &Parts, weekday: usize) -> Option<&'static str> {
    let month = MONTH_NAMES[p.month as usize - 1];
    let day = WEEKDAY_NAMES[weekday];
    Some(match field {
        Field::MonthAbbr => &month[..3],
        Field::MonthName => month,
        Field::WeekdayAbbr => &day[..3],
        Field::WeekdayName => day,
        Field::AmPm if p.hour < 12 => "AM",
        Field::AmPm => "PM",
        _ => return None,
    })
}

/// Reads `text` with a strftime-style `format` (see [`DateFormat`]); `None` when the format
/// does not compile or the text does not match it. Compile a [`DateFormat`] once instead when
/// reading many values.
///
/// ```
/// use csv_kernels::date::{parse_with_format, parse_datetime};
/// assert_eq!(parse_with_format("31 jan 2024", "%d %b %Y"), parse_datetime("2024-01-31"));
/// assert_eq!(parse_with_format("2024 032", "%Y %j"), parse_datetime("2024-02-01"));
/// assert_eq!(parse_with_format("30/02/2024", "%d/%m/%Y"), None);
/// ```
pub fn parse_with_format(text: &str, format: &str) -> Option<i64> {
    DateFormat::compile(format).ok()?.parse(text)
}

/// Writes a datetime with a strftime-style `format` (see [`DateFormat`]); `None` when the
/// format does not compile.
///
/// ```
/// let t = csv_kernels::date::parse_datetime("2024-01-05 13:04:05.123").unwrap();
/// assert_eq!(csv_kernels::date::format(t, "%A %-d %B %Y, %I:%M %p").unwrap(),
///            "Friday 5 January 2024, 01:04 PM");
/// ```
pub fn format(micros: i64, format: &str) -> Option<String> {
    Some(DateFormat::compile(format).ok()?.format(micros))
}

#[cfg(test)]
mod tests;
