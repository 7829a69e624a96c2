//! Statistics of one reading of a date column (year-first or day-first, or month-first): the
//! column's order of day and month is only known at its end, so both candidate readings are
//! summed side by side while both are possible.

use super::histogram::Bins;
use crate::agg::codec::{Dec, Enc};
use crate::agg::{spread, ExactSum};
use crate::date::MICROS_PER_DAY;
use crate::Result;

/// Bins of the fine histogram kept for dates: the reported histogram is a coarser view of it,
/// and past the exact limit the quartiles come from it (within one bin, 1/1024 of the range).
pub const DATE_BINS: usize = 1024;

/// Microseconds as days since 1970-01-01 (a datetime's time of day is the fraction).
pub fn days(micros: i64) -> f64 {
    micros as f64 / MICROS_PER_DAY as f64
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DateStats {
    n: u64,
    sum: ExactSum,
    squares: ExactSum,
    pub bins: Bins,
}

impl Default for DateStats {
    fn default() -> Self {
        DateStats {
            n: 0,
            sum: ExactSum::default(),
            squares: ExactSum::default(),
            bins: Bins::new(DATE_BINS),
        }
    }
}

impl DateStats {
    pub fn add(&mut self, micros: i64) {
        self.n += 1;
        self.sum.add_int(i128::from(micros));
        self.squares
            .add_int(i128::from(micros) * i128::from(micros));
        self.bins.add(days(micros), 1);
    }

    pub fn merge(&mut self, other: &DateStats) {
        self.n = self.n.saturating_add(other.n);
        self.sum.merge(&other.sum);
        self.squares.merge(&other.squares);
        self.bins.merge(&other.bins);
    }

    /// The mean, to the microsecond.
    pub fn mean(&self) -> Option<i64> {
        (self.n > 0).then(|| (self.sum.to_f64() / self.n as f64).round() as i64)
    }

    /// The sample standard deviation in days.
    pub fn stddev_days(&self) -> Option<f64> {
        (self.n > 1).then(|| {
            let n = self.n as f64;
            let var = spread(self.n, &self.sum, &self.squares) / n / (n - 1.0);
            var.sqrt() / MICROS_PER_DAY as f64
        })
    }

    pub fn encode(&self, enc: &mut Enc<'_>) {
        enc.u64(self.n);
        self.sum.encode(enc);
        self.squares.encode(enc);
        self.bins.encode(enc);
    }

    pub fn decode(dec: &mut Dec<'_>) -> Result<DateStats> {
        Ok(DateStats {
            n: dec.u64()?,
            sum: ExactSum::decode(dec)?,
            squares: ExactSum::decode(dec)?,
            bins: Bins::decode(dec, DATE_BINS)?,
        })
    }
}
