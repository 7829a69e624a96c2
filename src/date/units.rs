//! Calendar units for `date_diff` and `date_trunc`, with DuckDB's semantics.

use super::{
    from_ymd, to_ymd, MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND,
};

/// A unit of `date_diff` / `date_trunc`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    Year,
    Quarter,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,
    Microsecond,
}

impl Unit {
    /// Every unit, longest first.
    pub const ALL: [Unit; 10] = [
        Unit::Year,
        Unit::Quarter,
        Unit::Month,
        Unit::Week,
        Unit::Day,
        Unit::Hour,
        Unit::Minute,
        Unit::Second,
        Unit::Millisecond,
        Unit::Microsecond,
    ];

    /// The canonical name, as in `date_diff('month', a, b)`.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Year => "year",
            Unit::Quarter => "quarter",
            Unit::Month => "month",
            Unit::Week => "week",
            Unit::Day => "day",
            Unit::Hour => "hour",
            Unit::Minute => "minute",
            Unit::Second => "second",
            Unit::Millisecond => "millisecond",
            Unit::Microsecond => "microsecond",
        }
    }

    /// A unit from its name, any case, with DuckDB's plurals and abbreviations (`years`, `yr`,
    /// `mon`, `d`, `hrs`, `min`, `s`, `ms`, `us`...).
    ///
    /// ```
    /// use csv_kernels::date::Unit;
    /// assert_eq!(Unit::parse("Months"), Some(Unit::Month));
    /// assert_eq!(Unit::parse("hr"), Some(Unit::Hour));
    /// assert_eq!(Unit::parse("fortnight"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Unit> {
        let name = name.to_ascii_lowercase();
        let unit = match name.as_str() {
            "year" | "years" | "y" | "yr" | "yrs" => Unit::Year,
            "quarter" | "quarters" => Unit::Quarter,
            "month" | "months" | "mon" | "mons" => Unit::Month,
            "week" | "weeks" | "w" => Unit::Week,
            "day" | "days" | "d" => Unit::Day,
            "hour" | "hours" | "h" | "hr" | "hrs" => Unit::Hour,
            "minute" | "minutes" | "m" | "min" | "mins" => Unit::Minute,
            "second" | "seconds" | "s" | "sec" | "secs" => Unit::Second,
            "millisecond" | "milliseconds" | "ms" | "msec" | "msecs" => Unit::Millisecond,
            "microsecond" | "microseconds" | "us" | "usec" | "usecs" => Unit::Microsecond,
            _ => return None,
        };
        Some(unit)
    }

    /// The length of a fixed-size unit from a day down, in microseconds.
    fn fixed_micros(self) -> Option<i64> {
        Some(match self {
            Unit::Day => MICROS_PER_DAY,
            Unit::Hour => MICROS_PER_HOUR,
            Unit::Minute => MICROS_PER_MINUTE,
            Unit::Second => MICROS_PER_SECOND,
            Unit::Millisecond => 1000,
            Unit::Microsecond => 1,
            _ => return None,
        })
    }
}

/// How many `unit` boundaries lie between datetimes `a` and `b` (negative when `b` is
/// earlier), as DuckDB's `date_diff`: from 2024-01-31 to 2024-02-01 is one month, from
/// 23:59 to 00:01 one day. Weeks are the exception, as in DuckDB: whole 7-day spans between
/// the two dates, rounded toward zero. `None` only when microseconds overflow.
///
/// ```
/// use csv_kernels::date::{date_diff, parse_datetime, Unit};
/// let a = parse_datetime("2024-03-31 23:00").unwrap();
/// let b = parse_datetime("2024-04-01 01:00").unwrap();
/// assert_eq!(date_diff(Unit::Quarter, a, b), Some(1));
/// assert_eq!(date_diff(Unit::Day, a, b), Some(1));
/// assert_eq!(date_diff(Unit::Hour, b, a), Some(-2));
/// ```
pub fn date_diff(unit: Unit, a: i64, b: i64) -> Option<i64> {
    let months = |t: i64| {
        let (year, month, _) = to_ymd(t.div_euclid(MICROS_PER_DAY));
        year * 12 + i64::from(month) - 1
    };
    Some(match unit {
        Unit::Year => months(b).div_euclid(12) - months(a).div_euclid(12),
        Unit::Quarter => months(b).div_euclid(3) - months(a).div_euclid(3),
        Unit::Month => months(b) - months(a),
        Unit::Week => (b.div_euclid(MICROS_PER_DAY) - a.div_euclid(MICROS_PER_DAY)) / 7,
        Unit::Microsecond => b.checked_sub(a)?,
        fixed => {
            let size = fixed.fixed_micros()?;
            b.div_euclid(size) - a.div_euclid(size)
        }
    })
}

/// The start of the `unit` that datetime `x` falls in: the first day of its year, quarter or
/// month, the Monday of its week, or the whole day, hour, minute, second or millisecond.
/// `None` only when that start lies before the earliest datetime an `i64` holds.
///
/// ```
/// use csv_kernels::date::{date_trunc, parse_datetime, Unit};
/// let t = parse_datetime("2024-05-07 12:34:56.789").unwrap();
/// assert_eq!(date_trunc(Unit::Quarter, t), parse_datetime("2024-04-01"));
/// assert_eq!(date_trunc(Unit::Week, t), parse_datetime("2024-05-06"));
/// assert_eq!(date_trunc(Unit::Minute, t), parse_datetime("2024-05-07 12:34"));
/// ```
pub fn date_trunc(unit: Unit, x: i64) -> Option<i64> {
    let days = x.div_euclid(MICROS_PER_DAY);
    let (year, month, _) = to_ymd(days);
    let start_days = match unit {
        Unit::Year => i64::from(from_ymd(year, 1, 1)?),
        Unit::Quarter => i64::from(from_ymd(year, (month - 1) / 3 * 3 + 1, 1)?),
        Unit::Month => i64::from(from_ymd(year, month, 1)?),
        // 1970-01-01 was a Thursday, three days after a Monday.
        Unit::Week => days - (days + 3).rem_euclid(7),
        fixed => {
            let size = fixed.fixed_micros()?;
            return x.checked_sub(x.rem_euclid(size));
        }
    };
    start_days.checked_mul(MICROS_PER_DAY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::at;

    fn diff(unit: &str, a: &str, b: &str) -> i64 {
        let unit = Unit::parse(unit).expect("a known unit");
        date_diff(unit, at(a), at(b)).expect("no overflow")
    }

    /// Each expected figure was checked against DuckDB 2.0's `date_diff`.
    #[test]
    fn diff_counts_boundaries_like_duckdb() {
        assert_eq!(diff("week", "2024-01-07", "2024-01-08"), 0);
        assert_eq!(diff("week", "2024-01-01", "2024-01-07"), 0);
        assert_eq!(diff("week", "2024-01-03", "2024-01-10"), 1);
        assert_eq!(diff("week", "2024-01-03", "2024-01-09"), 0);
        assert_eq!(diff("week", "2024-01-10", "2024-01-03"), -1);
        assert_eq!(diff("week", "2024-01-10", "2024-01-04"), 0);
        assert_eq!(diff("week", "2024-01-03 12:00", "2024-01-10 11:00"), 1);
        assert_eq!(diff("hour", "1969-12-31 23:30", "1970-01-01 00:10"), 1);
        assert_eq!(diff("hour", "1969-12-31 22:30", "1969-12-31 23:10"), 1);
        assert_eq!(diff("day", "2024-01-01 23:00", "2024-01-02 01:00"), 1);
        assert_eq!(diff("day", "2024-01-03 12:00", "2024-01-02 13:00"), -1);
        assert_eq!(
            diff("second", "2024-01-01 23:00:00.9", "2024-01-01 23:00:01.1"),
            1
        );
        assert_eq!(diff("month", "2024-01-31", "2024-02-01"), 1);
        assert_eq!(diff("month", "2024-01-03 12:00", "2023-12-31 13:00"), -1);
        assert_eq!(diff("quarter", "2024-03-31", "2024-04-01"), 1);
        assert_eq!(diff("year", "2024-12-31", "2025-01-01"), 1);
        assert_eq!(
            diff("minute", "1969-12-31 23:59:30", "1970-01-01 00:00:10"),
            1
        );
        assert_eq!(
            diff("second", "1969-12-31 23:59:59.5", "1970-01-01 00:00:00.1"),
            1
        );
        assert_eq!(
            diff("day", "1969-12-31 23:59:59.5", "1970-01-01 00:00:00.1"),
            1
        );
        assert_eq!(
            diff("microseconds", "2024-01-03 12:00", "2024-01-03 12:00:01"),
            1_000_000
        );
        assert_eq!(
            diff("millisecond", "2024-01-03 12:00", "2024-01-03 12:00:01"),
            1000
        );
        assert_eq!(diff("hour", "2024-01-03", "2024-01-04"), 24);
        assert_eq!(diff("years", "1999-06-01", "2024-01-01"), 25);
        assert_eq!(diff("quarter", "0001-01-01", "0000-12-31"), -1);
    }

    #[test]
    fn trunc_like_duckdb() {
        let cases = [
            ("week", "2024-01-07", "2024-01-01"),
            ("week", "2024-01-08 10:00", "2024-01-08"),
            ("month", "2024-01-07", "2024-01-01"),
            ("hour", "2024-01-07", "2024-01-07"),
            ("quarter", "2024-05-07 12:34:56", "2024-04-01"),
            ("quarter", "2024-12-31 23:59:59", "2024-10-01"),
            ("year", "2024-12-31 23:59:59", "2024-01-01"),
            ("day", "2024-12-31 23:59:59", "2024-12-31"),
            ("week", "1969-12-31 23:59:59.5", "1969-12-29"),
            ("second", "1969-12-31 23:59:59.5", "1969-12-31 23:59:59"),
            ("ms", "1969-12-31 23:59:59.5005", "1969-12-31 23:59:59.5"),
            ("us", "1969-12-31 23:59:59.5005", "1969-12-31 23:59:59.5005"),
        ];
        for (unit, x, expected) in cases {
            let unit = Unit::parse(unit).unwrap();
            assert_eq!(date_trunc(unit, at(x)), Some(at(expected)), "{unit:?} {x}");
        }
    }

    #[test]
    fn names() {
        for unit in Unit::ALL {
            assert_eq!(Unit::parse(unit.name()), Some(unit));
            assert_eq!(Unit::parse(&unit.name().to_uppercase()), Some(unit));
        }
        assert_eq!(Unit::parse("mins"), Some(Unit::Minute));
        assert_eq!(Unit::parse(""), None);
        assert_eq!(Unit::parse("decade"), None);
    }

    #[test]
    fn extremes_do_not_panic() {
        for unit in Unit::ALL {
            for x in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX] {
                let _ = date_trunc(unit, x);
                let _ = date_diff(unit, x, i64::MAX);
                let _ = date_diff(unit, i64::MIN, x);
            }
        }
        assert_eq!(date_diff(Unit::Microsecond, i64::MIN, i64::MAX), None);
        assert_eq!(date_trunc(Unit::Second, i64::MIN), None);
        assert_eq!(date_trunc(Unit::Microsecond, i64::MIN), Some(i64::MIN));
    }
}
