//! Dates and datetimes: ISO 8601 and strftime-style formats, calendar arithmetic.
//!
//! A date is an `i32` count of days since 1970-01-01 and a datetime an `i64` count of
//! microseconds since 1970-01-01T00:00:00, in the proleptic Gregorian calendar with no time
//! zone, so every runtime computes the same calendar. Semantics follow DuckDB's `DATE` and
//! `TIMESTAMP` where they are not stated here:
//!
//! - Text reads through [`parse_date`] and [`parse_datetime`] (ISO 8601) or [`parse_with_format`]
//!   and [`DateFormat`] (strftime-style specifiers).
//! - A zone suffix (`Z`, ` UTC`, `+01:00`, `-0800`, `+05`) is accepted and ignored: the wall-clock
//!   time is kept as written, as DuckDB's cast of such text to `TIMESTAMP` does. There is no
//!   zone database, so no conversion could be exact anyway.
//! - Values print back as `YYYY-MM-DD` and `YYYY-MM-DD HH:MM:SS[.ffffff]` ([`date_text`],
//!   [`datetime_text`]), DuckDB's text form.
//! - [`date_diff`] counts unit boundaries crossed and [`date_trunc`] rounds down; both take
//!   datetimes, so a date goes through [`date_to_datetime`] first (DuckDB does the same: its
//!   `date_trunc` of a `DATE` is a `TIMESTAMP`).
//!
//! ```
//! use csv_kernels::date::{self, Unit};
//! let t = date::parse_datetime("2024-01-31T12:34:56.5Z").unwrap();
//! assert_eq!(date::datetime_text(t), "2024-01-31 12:34:56.5");
//! assert_eq!(date::weekday(t), 3); // Wednesday; Sunday is 0
//! let feb = date::parse_datetime("2024-02-01").unwrap();
//! assert_eq!(date::date_diff(Unit::Month, t, feb), Some(1));
//! assert_eq!(date::format(t, "%d %b %Y").as_deref(), Some("31 Jan 2024"));
//! ```

mod detect;
mod iso;
mod strftime;
mod units;

pub use detect::{detect_date_format, DateDetector, DateLayout, DetectedFormat};
pub use iso::{date_text, datetime_text, parse_date, parse_datetime};
pub use strftime::{format, parse_with_format, DateFormat, FormatError};
pub use units::{date_diff, date_trunc, Unit};

pub const MICROS_PER_SECOND: i64 = 1_000_000;
pub const MICROS_PER_MINUTE: i64 = 60 * MICROS_PER_SECOND;
pub const MICROS_PER_HOUR: i64 = 60 * MICROS_PER_MINUTE;
pub const MICROS_PER_DAY: i64 = 24 * MICROS_PER_HOUR;

/// Month names, January first; the three-letter forms are their prefixes.
pub(crate) const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Weekday names, Sunday first (index = [`weekday`]).
pub(crate) const WEEKDAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

pub fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1-12) of `year`; 0 for a month out of range.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a valid calendar date, or `None` (February 30, month 13, a year
/// whose days do not fit an `i32`).
///
/// ```
/// use csv_kernels::date::from_ymd;
/// assert_eq!(from_ymd(1970, 1, 1), Some(0));
/// assert_eq!(from_ymd(2000, 3, 1), Some(11017));
/// assert_eq!(from_ymd(2023, 2, 29), None);
/// ```
pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<i32> {
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    i32::try_from(days_from_civil(year, month, day)).ok()
}

/// Day count of a date already known to be valid. Counts in 400-year eras of 146097 days with
/// the year starting on March 1, so February's leap day is the last day of its year and needs
/// no special case (the well-known "days from civil" construction).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y.rem_euclid(400);
    let shifted_month = (i64::from(month) + 9) % 12; // March = 0
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The calendar date (year, month 1-12, day 1-31) of a day count; the inverse of [`from_ymd`].
pub fn to_ymd(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // March = 0
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Midnight of a date as a datetime; `None` only for days beyond about ±292,000 years.
pub fn date_to_datetime(days: i32) -> Option<i64> {
    i64::from(days).checked_mul(MICROS_PER_DAY)
}

/// The date a datetime falls on (rounding down, so 1969-12-31T23:00 is 1969-12-31).
pub fn datetime_to_date(micros: i64) -> i32 {
    // |i64::MAX / MICROS_PER_DAY| is about 1.07e8, well inside i32.
    micros.div_euclid(MICROS_PER_DAY) as i32
}

/// A datetime split into calendar fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parts {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub micros: u32,
}

impl Parts {
    pub fn of(micros: i64) -> Parts {
        let days = micros.div_euclid(MICROS_PER_DAY);
        let of_day = micros.rem_euclid(MICROS_PER_DAY);
        let (year, month, day) = to_ymd(days);
        Parts {
            year,
            month,
            day,
            hour: (of_day / MICROS_PER_HOUR) as u32,
            minute: (of_day / MICROS_PER_MINUTE % 60) as u32,
            second: (of_day / MICROS_PER_SECOND % 60) as u32,
            micros: (of_day % MICROS_PER_SECOND) as u32,
        }
    }

    /// Day of the year, 1 for January 1.
    pub fn day_of_year(&self) -> u32 {
        let before: u32 = (1..self.month).map(|m| days_in_month(self.year, m)).sum();
        before + self.day
    }
}

pub fn year(micros: i64) -> i64 {
    Parts::of(micros).year
}

pub fn month(micros: i64) -> i64 {
    i64::from(Parts::of(micros).month)
}

pub fn day(micros: i64) -> i64 {
    i64::from(Parts::of(micros).day)
}

/// Day of the week as DuckDB's `dayofweek`: Sunday = 0 ... Saturday = 6.
pub fn weekday(micros: i64) -> i64 {
    weekday_of_days(micros.div_euclid(MICROS_PER_DAY))
}

/// [`weekday`] of a day count (1970-01-01 was a Thursday).
pub(crate) fn weekday_of_days(days: i64) -> i64 {
    (days + 4).rem_euclid(7)
}

pub fn hour(micros: i64) -> i64 {
    micros.rem_euclid(MICROS_PER_DAY) / MICROS_PER_HOUR
}

pub fn minute(micros: i64) -> i64 {
    micros.rem_euclid(MICROS_PER_HOUR) / MICROS_PER_MINUTE
}

/// Whole seconds of the minute (fractions dropped, as DuckDB's `second`).
pub fn second(micros: i64) -> i64 {
    micros.rem_euclid(MICROS_PER_MINUTE) / MICROS_PER_SECOND
}

/// Test shorthand: a datetime from ISO text that the test knows is valid.
#[cfg(test)]
pub(crate) fn at(text: &str) -> i64 {
    parse_datetime(text).expect("a valid test datetime")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_over_many_centuries() {
        // Every day from 1600-01-01 to 2400-12-31 maps to a date that maps back.
        let start = days_from_civil(1600, 1, 1);
        let end = days_from_civil(2400, 12, 31);
        let mut expected = (1600, 1, 1);
        for days in start..=end {
            assert_eq!(to_ymd(days), expected);
            assert_eq!(days_from_civil(expected.0, expected.1, expected.2), days);
            let (y, m, d) = expected;
            expected = if d < days_in_month(y, m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
        }
    }

    #[test]
    fn known_day_numbers() {
        assert_eq!(from_ymd(1970, 1, 1), Some(0));
        assert_eq!(from_ymd(1969, 12, 31), Some(-1));
        assert_eq!(from_ymd(2024, 1, 31), Some(19753));
        assert_eq!(from_ymd(2000, 2, 29), Some(11016));
        assert_eq!(from_ymd(1900, 2, 29), None);
        assert_eq!(from_ymd(2024, 0, 1), None);
        assert_eq!(from_ymd(2024, 4, 31), None);
        assert_eq!(from_ymd(1, 1, 1), Some(-719162));
        assert_eq!(to_ymd(-719162), (1, 1, 1));
        assert_eq!(from_ymd(100_000_000, 1, 1), None);
    }

    #[test]
    fn fields_of_a_datetime() {
        // 2024-01-31 12:34:56.789012
        let t = 19753 * MICROS_PER_DAY + 45_296_789_012;
        let p = Parts::of(t);
        assert_eq!(
            (p.year, p.month, p.day, p.hour, p.minute, p.second, p.micros),
            (2024, 1, 31, 12, 34, 56, 789_012)
        );
        assert_eq!(p.day_of_year(), 31);
        assert_eq!((year(t), month(t), day(t)), (2024, 1, 31));
        assert_eq!((hour(t), minute(t), second(t)), (12, 34, 56));
        assert_eq!(weekday(t), 3);
        // Before 1970 the fields still count forward from midnight.
        let before = -1; // 1969-12-31 23:59:59.999999
        assert_eq!((hour(before), minute(before), second(before)), (23, 59, 59));
        assert_eq!(weekday(before), 3);
        assert_eq!(Parts::of(before).micros, 999_999);
        assert_eq!(datetime_to_date(before), -1);
    }

    #[test]
    fn weekdays_start_on_sunday() {
        let sunday = from_ymd(2024, 1, 7).unwrap();
        for offset in 0..14 {
            let micros = date_to_datetime(sunday + offset).unwrap();
            assert_eq!(weekday(micros), i64::from(offset % 7));
        }
    }

    /// A small deterministic generator, so the random tests repeat exactly.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    #[test]
    fn text_round_trips_for_random_values() {
        let mut rng = Lcg(1);
        let (first, last) = (
            parse_datetime("0001-01-01").unwrap(),
            at("9999-12-31 23:59:59"),
        );
        for _ in 0..20_000 {
            let t = first + rng.below((last - first) as u64) as i64;
            assert_eq!(parse_datetime(&datetime_text(t)), Some(t));
            let d = datetime_to_date(t);
            assert_eq!(parse_date(&date_text(d)), Some(d));
            let f = "%Y-%m-%d %H:%M:%S.%f";
            assert_eq!(parse_with_format(&format(t, f).unwrap(), f), Some(t));
        }
    }

    #[test]
    fn random_text_never_panics() {
        let alphabet: Vec<char> = "0123456789-/.:T Z+%aAbBdmyYHMSfjpIgwu-é".chars().collect();
        let mut rng = Lcg(2);
        for _ in 0..20_000 {
            let len = rng.below(24) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
                .collect();
            let _ = (parse_date(&text), parse_datetime(&text), Unit::parse(&text));
            let _ = detect_date_format([text.as_str()]);
            if let Ok(compiled) = DateFormat::compile(&text) {
                let _ = compiled.format(rng.below(u64::MAX) as i64);
                let _ = compiled.parse("2024-01-31 12:00:00");
                let _ = compiled.parse(&text);
            }
        }
    }

    #[test]
    fn extremes_do_not_panic() {
        for t in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX] {
            let p = Parts::of(t);
            assert!((1..=12).contains(&p.month) && (1..=31).contains(&p.day));
            let _ = (weekday(t), datetime_to_date(t), p.day_of_year());
        }
        assert_eq!(date_to_datetime(i32::MAX), None);
        assert_eq!(date_to_datetime(-1), Some(-MICROS_PER_DAY));
    }
}
