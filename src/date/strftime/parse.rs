//! Reading a datetime with a compiled format: the fields as they are read, then the one
//! datetime they name (or none, for a day that does not exist).

use super::Field;
use crate::date::{
    from_ymd, MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND, MONTH_NAMES,
    WEEKDAY_NAMES,
};

/// Field values read so far.
#[derive(Default)]
pub(super) struct Parsed {
    year: Option<i64>,
    month: Option<i64>,
    day: Option<i64>,
    day_of_year: Option<i64>,
    /// `%m` or `%d` was read (not a month name): then `%j` is ignored.
    month_or_day_number: bool,
    hour: i64,
    pm: Option<bool>,
    minute: i64,
    second: i64,
    micros: i64,
}

impl Parsed {
    /// Reads one field from the start of `text` and returns what follows it.
    pub(super) fn read<'t>(&mut self, field: Field, text: &'t str) -> Option<&'t str> {
        if let Some((min, max, _)) = field.digits() {
            let text = text.trim_start();
            let count = text
                .bytes()
                .take_while(u8::is_ascii_digit)
                .take(max)
                .count();
            if count < min {
                return None;
            }
            let value = text[..count]
                .bytes()
                .fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
            let scale = |digits: u32| value * 10i64.pow(digits - count as u32);
            self.month_or_day_number |= matches!(field, Field::Month | Field::Day);
            match field {
                Field::Year => self.year = Some(value),
                Field::Year2 => self.year = Some(value + if value >= 69 { 1900 } else { 2000 }),
                Field::Month => self.month = Some(value),
                Field::Day => self.day = Some(value),
                Field::DayOfYear => self.day_of_year = Some(value),
                Field::Hour | Field::Hour12 => self.hour = value,
                Field::Minute => self.minute = value,
                Field::Second => self.second = value,
                Field::Micros => self.micros = scale(6),
                Field::Millis => self.micros = scale(3) * 1000,
                Field::WeekdayNumber if value > 6 => return None,
                Field::IsoWeekdayNumber if !(1..=7).contains(&value) => return None,
                _ => {}
            }
            if field == Field::Hour12 && !(1..=12).contains(&value) {
                return None;
            }
            return Some(&text[count..]);
        }
        let (names, length): (&[&str], Option<usize>) = match field {
            Field::MonthAbbr => (&MONTH_NAMES, Some(3)),
            Field::MonthName => (&MONTH_NAMES, None),
            Field::WeekdayAbbr => (&WEEKDAY_NAMES, Some(3)),
            Field::WeekdayName => (&WEEKDAY_NAMES, None),
            _ => (&["AM", "PM"], None),
        };
        let (index, rest) = names.iter().enumerate().find_map(|(i, name)| {
            let name = length.map_or(*name, |n| &name[..n]);
            let head = text.get(..name.len())?;
            head.eq_ignore_ascii_case(name)
                .then(|| (i, &text[name.len()..]))
        })?;
        match field {
            Field::MonthAbbr | Field::MonthName => self.month = Some(index as i64 + 1),
            Field::AmPm => self.pm = Some(index == 1),
            _ => {}
        }
        Some(rest)
    }

    pub(super) fn resolve(&self) -> Option<i64> {
        let year = self.year.unwrap_or(1900);
        // As in DuckDB, a day of the year counts unless a month or day number was read (a
        // month name does not count), and day 366 of a common year runs on into the next year.
        let by_day_of_year = self.day_of_year.filter(|_| !self.month_or_day_number);
        let days = match by_day_of_year {
            Some(n) if (1..=366).contains(&n) => i64::from(from_ymd(year, 1, 1)?) + n - 1,
            Some(_) => return None,
            None => {
                let month = u32::try_from(self.month.unwrap_or(1)).ok()?;
                let day = u32::try_from(self.day.unwrap_or(1)).ok()?;
                i64::from(from_ymd(year, month, day)?)
            }
        };
        let hour = match self.pm {
            None => self.hour,
            Some(_) if self.hour > 12 => return None,
            Some(pm) => self.hour % 12 + if pm { 12 } else { 0 },
        };
        if hour > 23 || self.minute > 59 || self.second > 59 {
            return None;
        }
        let time = hour * MICROS_PER_HOUR
            + self.minute * MICROS_PER_MINUTE
            + self.second * MICROS_PER_SECOND
            + self.micros;
        Some(days * MICROS_PER_DAY + time)
    }
}
