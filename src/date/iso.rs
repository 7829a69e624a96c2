//! ISO 8601 text: reading dates and datetimes, and DuckDB's text form for writing them.

use super::{from_ymd, to_ymd, Parts, MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE};
use std::fmt::Write;

/// A date such as `2024-01-31`, as days since 1970-01-01.
///
/// Accepts what DuckDB's cast to `DATE` accepts in practice: surrounding whitespace, a
/// four-digit year, one- or two-digit month and day, `-` or `/` as the separator (the same one
/// twice), and a trailing valid time, which is dropped (`2024-01-31 12:00:00`).
///
/// ```
/// use csv_kernels::date::parse_date;
/// assert_eq!(parse_date("2024-01-31"), Some(19753));
/// assert_eq!(parse_date(" 2024/1/31 "), Some(19753));
/// assert_eq!(parse_date("2024-01-31T23:59:59"), Some(19753));
/// assert_eq!(parse_date("2023-02-29"), None);
/// assert_eq!(parse_date("31/01/2024"), None);
/// ```
pub fn parse_date(text: &str) -> Option<i32> {
    let text = text.trim_ascii();
    let (days, rest) = date_prefix(text.as_bytes())?;
    if rest.is_empty() {
        return Some(days);
    }
    time_suffix(rest)?;
    Some(days)
}

/// A datetime such as `2024-01-31T12:00:00`, `2024-01-31 12:00:00.25` or `2024-01-31`
/// (midnight), as microseconds since 1970-01-01T00:00:00.
///
/// The time is `H[H]:MM[:SS[.fraction]]`; fraction digits past the sixth are dropped, and
/// `24:00:00` is midnight of the next day. A zone (`Z`, `UTC`, `+01:00`, `-0800`, `+05`) may
/// follow and is ignored: the time is kept as written, as DuckDB does for `TIMESTAMP`.
///
/// ```
/// use csv_kernels::date::{parse_datetime, MICROS_PER_DAY, MICROS_PER_HOUR};
/// let midnight = 19753 * MICROS_PER_DAY;
/// assert_eq!(parse_datetime("2024-01-31"), Some(midnight));
/// assert_eq!(parse_datetime("2024-01-31T12:00:00Z"), Some(midnight + 12 * MICROS_PER_HOUR));
/// assert_eq!(parse_datetime("2024-01-31 12:00:00.5"), Some(midnight + 12 * MICROS_PER_HOUR + 500_000));
/// assert_eq!(parse_datetime("2024-01-31 12"), None);
/// ```
pub fn parse_datetime(text: &str) -> Option<i64> {
    let text = text.trim_ascii();
    let (days, rest) = date_prefix(text.as_bytes())?;
    let midnight = i64::from(days) * MICROS_PER_DAY;
    if rest.is_empty() {
        return Some(midnight);
    }
    Some(midnight + time_suffix(rest)?)
}

/// Reads `YYYY-M[M]-D[D]` and returns the day count and the bytes after it.
pub(super) fn date_prefix(text: &[u8]) -> Option<(i32, &[u8])> {
    let (parts, _, rest) = three_parts(text, b"-/", [(4, 4), (1, 2), (1, 2)])?;
    let [year, month, day] = parts;
    Some((from_ymd(year, month as u32, day as u32)?, rest))
}

/// Reads three numbers joined by the same separator (one of `separators`), each with the
/// given (fewest, most) digits and no digit after it, so `2024-01-311` is not a date. Returns
/// the numbers, the separator and the rest.
pub(super) fn three_parts<'t>(
    text: &'t [u8],
    separators: &[u8],
    widths: [(usize, usize); 3],
) -> Option<([i64; 3], u8, &'t [u8])> {
    let (first, rest) = digits(text, widths[0].0, widths[0].1)?;
    let (&separator, rest) = rest.split_first()?;
    if !separators.contains(&separator) {
        return None;
    }
    let (second, rest) = digits(rest, widths[1].0, widths[1].1)?;
    let rest = rest.strip_prefix(&[separator])?;
    let (third, rest) = digits(rest, widths[2].0, widths[2].1)?;
    Some(([first, second, third], separator, rest))
}

/// Reads the part after a date: `T` or spaces, a time, an optional zone; returns the
/// microseconds since midnight (up to a whole day, for `24:00:00`).
pub(super) fn time_suffix(rest: &[u8]) -> Option<i64> {
    let rest = match rest.split_first()? {
        (b'T' | b't', rest) => rest,
        (b' ', rest) => rest.trim_ascii_start(),
        _ => return None,
    };
    let (hour, rest) = digits(rest, 1, 2)?;
    let rest = rest.strip_prefix(b":")?;
    let (minute, mut rest) = digits(rest, 2, 2)?;
    let mut second = 0;
    let mut micros = 0;
    if let Some(after) = rest.strip_prefix(b":") {
        (second, rest) = digits(after, 2, 2)?;
        if let Some(after) = rest.strip_prefix(b".") {
            (micros, rest) = fraction(after);
        }
    }
    zone(rest)?;
    let within_day = hour < 24 && minute < 60 && second < 60;
    let end_of_day = hour == 24 && minute == 0 && second == 0 && micros == 0;
    if !(within_day || end_of_day) {
        return None;
    }
    Some(hour * MICROS_PER_HOUR + minute * MICROS_PER_MINUTE + second * 1_000_000 + micros)
}

/// Fraction digits as microseconds: the first six count, later ones are dropped (DuckDB
/// truncates too); no digits at all (`12:00:00.`) is zero, as DuckDB accepts it.
fn fraction(text: &[u8]) -> (i64, &[u8]) {
    let count = text.iter().take_while(|b| b.is_ascii_digit()).count();
    let mut micros = 0;
    for position in 0..6 {
        let digit = text[..count]
            .get(position)
            .map_or(0, |b| i64::from(b - b'0'));
        micros = micros * 10 + digit;
    }
    (micros, &text[count..])
}

/// Accepts an optional zone designator and nothing after it.
fn zone(text: &[u8]) -> Option<()> {
    let text = text.trim_ascii_start();
    match text {
        b"" | b"Z" | b"z" | b"UTC" | b"utc" => return Some(()),
        _ => {}
    }
    let rest = text
        .strip_prefix(b"+")
        .or_else(|| text.strip_prefix(b"-"))?;
    // `+05`, `+05:30` or `+0530`: hours, then optionally minutes.
    let (hours, rest) = two_digits(rest)?;
    let minutes = match rest {
        [] => 0,
        [b':', more @ ..] => exactly_two_digits(more)?,
        more => exactly_two_digits(more)?,
    };
    (hours < 24 && minutes < 60).then_some(())
}

fn two_digits(text: &[u8]) -> Option<(i64, &[u8])> {
    match text {
        [a, b, rest @ ..] if a.is_ascii_digit() && b.is_ascii_digit() => {
            Some((i64::from(a - b'0') * 10 + i64::from(b - b'0'), rest))
        }
        _ => None,
    }
}

fn exactly_two_digits(text: &[u8]) -> Option<i64> {
    two_digits(text).and_then(|(n, rest)| rest.is_empty().then_some(n))
}

/// Reads `min..=max` ASCII digits (no more may follow) and returns their value and the rest.
pub(super) fn digits(text: &[u8], min: usize, max: usize) -> Option<(i64, &[u8])> {
    let count = text.iter().take_while(|b| b.is_ascii_digit()).count();
    if count < min || count > max {
        return None;
    }
    let value = text[..count]
        .iter()
        .fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
    Some((value, &text[count..]))
}

/// A date as DuckDB prints it: `2024-01-31`; years before 1 as `0001-01-01 (BC)` (year 0 is
/// 1 BC), years past 9999 with all their digits.
///
/// ```
/// assert_eq!(csv_kernels::date::date_text(19753), "2024-01-31");
/// ```
pub fn date_text(days: i32) -> String {
    let mut out = String::with_capacity(10);
    let bc = write_date(&mut out, to_ymd(i64::from(days)));
    if bc {
        out.push_str(" (BC)");
    }
    out
}

/// A datetime as DuckDB prints it: `2024-01-31 12:00:00`, with a fraction only when there is
/// one, without trailing zeros (`12:00:00.25`).
///
/// ```
/// let t = csv_kernels::date::parse_datetime("2024-01-31T12:00:00.250").unwrap();
/// assert_eq!(csv_kernels::date::datetime_text(t), "2024-01-31 12:00:00.25");
/// ```
pub fn datetime_text(micros: i64) -> String {
    let p = Parts::of(micros);
    let mut out = String::with_capacity(26);
    let bc = write_date(&mut out, (p.year, p.month, p.day));
    // Writing to a String cannot fail.
    let _ = write!(out, " {:02}:{:02}:{:02}", p.hour, p.minute, p.second);
    if p.micros > 0 {
        let digits = format!("{:06}", p.micros);
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    if bc {
        out.push_str(" (BC)");
    }
    out
}

/// Writes `YYYY-MM-DD` and says whether the year is BC (the caller adds the suffix).
fn write_date(out: &mut String, (year, month, day): (i64, u32, u32)) -> bool {
    let bc = year <= 0;
    let shown = if bc { 1 - year } else { year };
    let _ = write!(out, "{shown:04}-{month:02}-{day:02}");
    bc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::MICROS_PER_SECOND;

    const JAN31: i64 = 19753 * MICROS_PER_DAY;

    #[test]
    fn dates_accepted() {
        for text in [
            "2024-01-31",
            "2024/01/31",
            "2024-1-31",
            "\t2024-01-31 ",
            "2024-01-31 00:00",
            "2024-01-31T12:00:00.123Z",
            "2024-01-31 24:00:00",
        ] {
            assert_eq!(parse_date(text), Some(19753), "{text}");
        }
        assert_eq!(parse_date("2024-2-9"), Some(19762));
        assert_eq!(parse_date("0000-01-01"), Some(-719528));
    }

    #[test]
    fn dates_rejected() {
        for text in [
            "",
            "2024",
            "2024-01",
            "2024-01-31x",
            "2024-01/31",
            "2024.01.31",
            "24-01-31",
            "20240-01-31",
            "2024-001-31",
            "2024-01-311",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "2024-02-30",
            "2024-01-31 25:00",
            "2024-01-31T",
            "31/01/2024",
            "+2024-01-31",
            "2024-01-31 12:00:00 +2",
            "２０２４-01-31",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn datetimes() {
        let h12 = JAN31 + 12 * MICROS_PER_HOUR;
        let cases = [
            ("2024-01-31", JAN31),
            ("2024-01-31T12:00", h12),
            ("2024-01-31 12:00:00", h12),
            ("2024-01-31   12:00:00", h12),
            ("2024-01-31t12:00:00", h12),
            (
                "2024-01-31 2:03:04",
                JAN31 + 2 * MICROS_PER_HOUR + 184 * MICROS_PER_SECOND,
            ),
            ("2024-01-31 12:00:00.5", h12 + 500_000),
            ("2024-01-31 12:00:00.000001", h12 + 1),
            ("2024-01-31 12:00:00.1234567", h12 + 123_456),
            ("2024-01-31 12:00:00.", h12),
            ("2024-01-31 12:00:00Z", h12),
            ("2024-01-31 12:00:00 UTC", h12),
            ("2024-01-31 12:00:00+00:00", h12),
            ("2024-01-31 12:00:00-08:00", h12),
            ("2024-01-31 12:00:00+0530", h12),
            ("2024-01-31 12:00:00+05", h12),
            ("2024-01-31 24:00:00", JAN31 + MICROS_PER_DAY),
            ("1969-12-31 23:59:59.999999", -1),
        ];
        for (text, micros) in cases {
            assert_eq!(parse_datetime(text), Some(micros), "{text}");
        }
        for text in [
            "2024-01-31 12",
            "2024-01-31 12:0",
            "2024-01-31 12:60",
            "2024-01-31 12:00:60",
            "2024-01-31 24:00:01",
            "2024-01-31 123:00",
            "2024-01-31 12:00:00x",
            "2024-01-31 12:00:00+5",
            "2024-01-31 12:00:00+25:00",
            "2024-01-31 12:00:00+01:60",
            "2024-01-31 12:00:00.5.5",
            "2024-01-31_12:00:00",
        ] {
            assert_eq!(parse_datetime(text), None, "{text}");
        }
    }

    #[test]
    fn text_forms() {
        assert_eq!(date_text(0), "1970-01-01");
        assert_eq!(date_text(-1), "1969-12-31");
        assert_eq!(date_text(-719162), "0001-01-01");
        assert_eq!(date_text(-719163), "0001-12-31 (BC)");
        assert_eq!(date_text(2_932_897), "10000-01-01");
        assert_eq!(datetime_text(JAN31), "2024-01-31 00:00:00");
        assert_eq!(datetime_text(JAN31 + 45_296_000_000), "2024-01-31 12:34:56");
        assert_eq!(datetime_text(JAN31 + 120_000), "2024-01-31 00:00:00.12");
        assert_eq!(datetime_text(JAN31 + 1), "2024-01-31 00:00:00.000001");
        assert_eq!(datetime_text(-1), "1969-12-31 23:59:59.999999");
        assert_eq!(
            datetime_text(-719163 * MICROS_PER_DAY),
            "0001-12-31 00:00:00 (BC)"
        );
        // Text written reads back to the same value.
        for micros in [0, -1, JAN31 + 987_654_321, 253_402_300_799_999_999] {
            assert_eq!(parse_datetime(&datetime_text(micros)), Some(micros));
        }
    }

    #[test]
    fn extremes_do_not_panic() {
        let _ = datetime_text(i64::MIN);
        let _ = datetime_text(i64::MAX);
        let _ = date_text(i32::MIN);
        let _ = date_text(i32::MAX);
        assert_eq!(
            parse_datetime("9999-12-31 23:59:59.999999"),
            Some(253_402_300_799_999_999)
        );
    }
}
