//! From a column's accumulated state to its reported profile: the type, then the statistics
//! that type has.

use super::column::{Bound, ColumnProfile, ColumnStats, ColumnType, TopValue};
use super::dates::DateStats;
use super::histogram::BINS;
use crate::agg::spread;
use crate::date::{date_text, datetime_text, datetime_to_date, DetectedFormat, MICROS_PER_DAY};
use crate::number::{parse_number, Number};

const QUARTILES: [f64; 3] = [0.25, 0.5, 0.75];

/// `quantile_cont` over `(value, count)` pairs sorted by value: at rank `r = q (n - 1)`, the
/// value of rank `floor r` plus `r - floor r` of the step to the value of rank `ceil r`.
fn quantiles(sorted: &[(f64, u64)]) -> Option<[f64; 3]> {
    let n = sorted.iter().fold(0u64, |a, p| a.saturating_add(p.1));
    if n == 0 {
        return None; // only a decoded state that contradicts itself gets here
    }
    let at = |rank: u64| {
        let mut seen = 0u64;
        for &(value, count) in sorted {
            seen = seen.saturating_add(count);
            if seen > rank {
                return value;
            }
        }
        f64::NAN // unreachable: rank < n
    };
    Some(QUARTILES.map(|q| {
        let rank = q * (n - 1) as f64;
        let (lo, hi) = (rank.floor(), rank.ceil());
        let low = at(lo as u64);
        if lo == hi {
            low
        } else {
            low + (rank - lo) * (at(hi as u64) - low)
        }
    }))
}

fn sorted(mut pairs: Vec<(f64, u64)>) -> Vec<(f64, u64)> {
    pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    pairs
}

impl ColumnStats {
    pub fn finish(self) -> ColumnProfile {
        let found = self.dates.as_ref().and_then(|d| d.finish());
        let column_type = if self.count == 0 {
            ColumnType::Empty
        } else if self.all_integer {
            ColumnType::Integer
        } else if self.all_number {
            ColumnType::Float
        } else if self.all_boolean {
            ColumnType::Boolean
        } else {
            match found {
                Some(f) if f.has_time => ColumnType::DateTime,
                Some(_) => ColumnType::Date,
                None => ColumnType::Text,
            }
        };
        let has_cells = self.count > 0;
        let mut profile = ColumnProfile {
            name: self.name.clone(),
            column_type,
            count: self.count,
            nulls: self.nulls,
            distinct: self.values.distinct(),
            approximate: self.values.exact().is_none(),
            min: None,
            max: None,
            date_format: None,
            date_order_ambiguous: false,
            mean: None,
            stddev: None,
            q1: None,
            median: None,
            q3: None,
            min_length: has_cells.then_some(self.min_length),
            max_length: has_cells.then_some(self.max_length),
            top_values: None,
            histogram: None,
        };
        match column_type {
            ColumnType::Integer | ColumnType::Float => self.numbers(&mut profile),
            ColumnType::Date | ColumnType::DateTime => {
                if let Some(found) = found {
                    self.dates(found, &mut profile);
                }
            }
            ColumnType::Text | ColumnType::Boolean => {
                let top = self.values.top(self.count).into_iter();
                let top = top.map(|(value, count)| TopValue { value, count });
                profile.top_values = Some(top.collect());
            }
            ColumnType::Empty => {}
        }
        profile
    }

    fn numbers(&self, p: &mut ColumnProfile) {
        let n = self.count;
        p.min = self.min.map(Bound::Number);
        p.max = self.max.map(Bound::Number);
        let float = |x: f64| Some(Bound::Number(Number::Float(x)));
        p.mean = float(self.sum.to_f64() / n as f64);
        if n > 1 {
            let var = spread(n, &self.sum, &self.squares) / n as f64 / (n - 1) as f64;
            p.stddev = Some(var.sqrt());
        }
        let quartiles = match (self.values.exact(), &self.sketch) {
            (Some(counts), _) => {
                let pairs = counts
                    .iter()
                    .filter_map(|(key, &count)| parse_number(key).map(|x| (x.as_f64(), count)));
                quantiles(&sorted(pairs.collect()))
            }
            (None, Some(sketch)) => match QUARTILES.map(|q| sketch.quantile(q)) {
                [Some(a), Some(b), Some(c)] => Some([a, b, c]),
                _ => None,
            },
            (None, None) => None,
        };
        if let Some([q1, median, q3]) = quartiles {
            (p.q1, p.median, p.q3) = (float(q1), float(median), float(q3));
        }
        let integers = p.column_type == ColumnType::Integer;
        p.histogram = self.bins.histogram(BINS, if integers { 0 } else { -1074 });
    }

    fn dates(&self, found: DetectedFormat, p: &mut ColumnProfile) {
        let date_only = p.column_type == ColumnType::Date;
        // A date column's values print as dates, unless (a mean, a quartile) they fall
        // between two midnights.
        let text = |micros: i64| {
            Some(Bound::Text(if date_only && micros % MICROS_PER_DAY == 0 {
                date_text(datetime_to_date(micros))
            } else {
                datetime_text(micros)
            }))
        };
        p.min = text(found.min);
        p.max = text(found.max);
        p.date_format = Some(found.strftime());
        p.date_order_ambiguous = found.ambiguous;
        let Some(stats) = &self.readings[found.slot()] else {
            return;
        };
        p.mean = stats.mean().and_then(text);
        p.stddev = stats.stddev_days();
        let micros = |x: f64| (x * MICROS_PER_DAY as f64).round() as i64;
        let quartiles = match self.values.exact() {
            Some(counts) => {
                let pairs = counts.iter().filter_map(|(key, &count)| {
                    let value = std::str::from_utf8(key).ok()?;
                    found.parse(value).map(|m| (m as f64, count))
                });
                quantiles(&sorted(pairs.collect())).map(|q| q.map(|m| m.round() as i64))
            }
            None => approx_quartiles(stats).map(|q| q.map(micros)),
        };
        if let Some(quartiles) = quartiles {
            [p.q1, p.median, p.q3] = quartiles.map(text);
        }
        p.histogram = stats
            .bins
            .histogram(BINS, if date_only { 0 } else { -1074 });
    }
}

/// Quartiles in days from the fine histogram, interpolated between ranks as the exact ones are.
fn approx_quartiles(stats: &DateStats) -> Option<[f64; 3]> {
    let n = stats.bins.total();
    (n > 0).then(|| {
        QUARTILES.map(|q| {
            let rank = q * (n - 1) as f64;
            let (lo, hi) = (rank.floor(), rank.ceil());
            let low = stats.bins.at_rank(lo as u64);
            low + (rank - lo) * (stats.bins.at_rank(hi as u64) - low)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_interpolate_like_quantile_cont() {
        // 1, 2, 2, 10: ranks 0.75, 1.5, 2.25.
        let q = quantiles(&[(1.0, 1), (2.0, 2), (10.0, 1)]);
        assert_eq!(q, Some([1.75, 2.0, 4.0]));
        assert_eq!(quantiles(&[(5.0, 1)]), Some([5.0, 5.0, 5.0]));
        assert_eq!(quantiles(&[]), None);
        assert_eq!(super::super::dates::days(MICROS_PER_DAY * 3 / 2), 1.5);
    }
}
