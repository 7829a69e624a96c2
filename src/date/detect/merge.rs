//! Merging and encoding [`DateDetector`]s, so a column split across parts of the input is
//! recognised exactly as it would be in one pass (the profile's mergeable state).

use super::{DateDetector, Range};
use crate::codec::{invalid, Dec, Enc};
use crate::Result;

fn merge_range(mine: &mut Range, theirs: Range) {
    if let Some((low, high)) = theirs {
        let (min, max) = mine.get_or_insert((low, high));
        *min = (*min).min(low);
        *max = (*max).max(high);
    }
}

impl DateDetector {
    /// True until the first value is fed.
    pub fn is_empty(&self) -> bool {
        self.family.is_none() && !self.failed
    }

    /// Folds in a detector fed with other values of the same column.
    pub fn merge(&mut self, other: &DateDetector) {
        if other.is_empty() {
            return;
        }
        if self.is_empty() {
            *self = other.clone();
            return;
        }
        if self.failed || other.failed || self.family != other.family {
            *self = DateDetector {
                failed: true,
                ..DateDetector::default()
            };
            return;
        }
        self.has_time |= other.has_time;
        merge_range(&mut self.year_first, other.year_first);
        merge_range(&mut self.day_first, other.day_first);
        merge_range(&mut self.month_first, other.month_first);
        self.day_first_ruled_out |= other.day_first_ruled_out;
        self.month_first_ruled_out |= other.month_first_ruled_out;
        if self.day_first_ruled_out && self.month_first_ruled_out {
            self.failed = true;
        }
    }

    pub(crate) fn encode(&self, enc: &mut Enc<'_>) {
        enc.bool(self.failed);
        match self.family {
            None => enc.u8(0),
            Some((year_first, separator, two_digit_year)) => {
                enc.u8(1);
                enc.bool(year_first);
                enc.u8(separator);
                enc.bool(two_digit_year);
            }
        }
        enc.bool(self.has_time);
        for range in [self.year_first, self.day_first, self.month_first] {
            match range {
                None => enc.u8(0),
                Some((min, max)) => {
                    enc.u8(1);
                    enc.i64(min);
                    enc.i64(max);
                }
            }
        }
        enc.bool(self.day_first_ruled_out);
        enc.bool(self.month_first_ruled_out);
    }

    pub(crate) fn decode(dec: &mut Dec<'_>) -> Result<DateDetector> {
        let failed = dec.bool()?;
        let family = match dec.u8()? {
            0 => None,
            1 => Some((dec.bool()?, dec.u8()?, dec.bool()?)),
            _ => return Err(invalid("bad date family")),
        };
        let has_time = dec.bool()?;
        let mut ranges = [None; 3];
        for range in &mut ranges {
            *range = match dec.u8()? {
                0 => None,
                1 => Some((dec.i64()?, dec.i64()?)),
                _ => return Err(invalid("bad date range")),
            };
        }
        let [year_first, day_first, month_first] = ranges;
        Ok(DateDetector {
            family,
            failed,
            has_time,
            year_first,
            day_first,
            month_first,
            day_first_ruled_out: dec.bool()?,
            month_first_ruled_out: dec.bool()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fed(values: &[&str]) -> DateDetector {
        let mut d = DateDetector::default();
        values.iter().for_each(|v| {
            d.observe(v);
        });
        d
    }

    #[test]
    fn merged_parts_decide_as_one_pass() {
        let values = ["01/02/2024", "05/06/2023", "13/02/2024", "02/03/2024 10:00"];
        for split in 0..=values.len() {
            let mut left = fed(&values[..split]);
            left.merge(&fed(&values[split..]));
            assert_eq!(left.finish(), fed(&values).finish(), "split at {split}");
        }
        let mut iso = fed(&["2024-01-31"]);
        iso.merge(&fed(&["31/01/2024"]));
        assert_eq!(iso.finish(), None);
    }

    #[test]
    fn encoding_round_trips() {
        for d in [
            fed(&[]),
            fed(&["x"]),
            fed(&["01/02/24", "12/31/99"]),
            fed(&["2024-01-31T10:00"]),
        ] {
            let mut bytes = Vec::new();
            d.encode(&mut Enc(&mut bytes));
            let mut dec = Dec::raw(&bytes);
            assert_eq!(DateDetector::decode(&mut dec).unwrap(), d);
            dec.finish().unwrap();
        }
    }
}
