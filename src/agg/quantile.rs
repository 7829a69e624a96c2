//! `median`, `quantile(x, q)` (exact: every value is kept) and `approx_quantile(x, q)` (a
//! DDSketch in bounded memory).

use super::codec::{invalid, Dec, Enc};
use super::ddsketch::DdSketch;
use super::{mismatch, number, AggKind, AggState, Pos};
use crate::value::Value;
use crate::{Error, ErrorKind, Result};

/// Checks a quantile's `q`: a number from 0 to 1.
pub(crate) fn check_q(q: f64) -> Result<f64> {
    if (0.0..=1.0).contains(&q) {
        Ok(q)
    } else {
        Err(Error::plain(
            ErrorKind::InvalidOption,
            format!("a quantile's q must be between 0 and 1, not {q}"),
        ))
    }
}

/// Exact `median(x)` and `quantile(x, q)` over numbers, interpolated as DuckDB's
/// `quantile_cont`: at rank `r = q * (n - 1)`, `lo + (r - floor r) * (hi - lo)` between the
/// values of ranks `floor r` and `ceil r`. The result is a float; values are kept as doubles,
/// as DuckDB casts them.
#[derive(Clone, Debug, PartialEq)]
pub struct QuantileState {
    kind: AggKind,
    q: f64,
    values: Vec<f64>,
}

impl QuantileState {
    pub fn kind(&self) -> AggKind {
        self.kind
    }

    /// `median` (`q` = 0.5) or `quantile` with `q` in `[0, 1]`.
    pub fn new(kind: AggKind, q: f64) -> Result<QuantileState> {
        debug_assert!(matches!(kind, AggKind::Median | AggKind::Quantile));
        let q = if kind == AggKind::Median {
            0.5
        } else {
            check_q(q)?
        };
        Ok(QuantileState {
            kind,
            q,
            values: Vec::new(),
        })
    }
}

/// The `k`-th smallest of `values` (total order: -0 before 0, NaN last), reordering them.
fn kth(values: &mut [f64], k: usize) -> f64 {
    *values.select_nth_unstable_by(k, f64::total_cmp).1
}

impl AggState for QuantileState {
    fn update(&mut self, value: &Value<'_>, _at: Pos) -> Result<()> {
        if let Some(n) = number(self.kind, value)? {
            self.values.push(n.as_f64());
        }
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<()> {
        if self.kind != other.kind || self.q.to_bits() != other.q.to_bits() {
            return Err(mismatch("quantiles"));
        }
        self.values.extend_from_slice(&other.values);
        Ok(())
    }

    fn finalize(&self) -> Result<Value<'static>> {
        let n = self.values.len();
        if n == 0 {
            return Ok(Value::Null);
        }
        let rank = self.q * (n - 1) as f64;
        let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
        let mut values = self.values.clone();
        let low = kth(&mut values, lo);
        if hi == lo {
            return Ok(Value::Float(low));
        }
        // After the selection everything above `lo` is no smaller: `hi` = `lo` + 1 is its
        // minimum.
        let high = values[lo + 1..]
            .iter()
            .copied()
            .min_by(f64::total_cmp)
            .unwrap_or(low);
        Ok(Value::Float(low + (rank - lo as f64) * (high - low)))
    }

    fn encode(&self, out: &mut Vec<u8>) {
        let mut enc = Enc::header(out, self.kind);
        enc.f64(self.q);
        enc.len(self.values.len());
        self.values.iter().for_each(|&v| enc.f64(v));
    }

    fn decode(bytes: &[u8]) -> Result<Self> {
        let (mut dec, kind) = Dec::header(bytes, &[AggKind::Median, AggKind::Quantile])?;
        let mut state = QuantileState::new(kind, dec.f64()?)?;
        if kind == AggKind::Median && state.q.to_bits() != 0.5f64.to_bits() {
            return Err(invalid("median with q other than 0.5"));
        }
        let n = dec.count(8)?;
        state.values = (0..n).map(|_| dec.f64()).collect::<Result<Vec<f64>>>()?;
        dec.finish()?;
        Ok(state)
    }

    fn heap_bytes(&self) -> usize {
        8 * self.values.capacity()
    }
}

/// `approx_quantile(x, q)`: a [`DdSketch`] answer within 1% relative error.
#[derive(Clone, Debug, PartialEq)]
pub struct ApproxQuantileState {
    q: f64,
    sketch: DdSketch,
}

impl ApproxQuantileState {
    pub fn new(q: f64) -> Result<ApproxQuantileState> {
        Ok(ApproxQuantileState {
            q: check_q(q)?,
            sketch: DdSketch::default(),
        })
    }
}

impl AggState for ApproxQuantileState {
    fn update(&mut self, value: &Value<'_>, _at: Pos) -> Result<()> {
        let Some(n) = number(AggKind::ApproxQuantile, value)? else {
            return Ok(());
        };
        let x = n.as_f64();
        if !x.is_finite() {
            return Err(Error::plain(
                ErrorKind::InvalidNumber,
                format!("approx_quantile needs finite numbers, found {x}"),
            ));
        }
        self.sketch.add(x);
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<()> {
        if self.q.to_bits() != other.q.to_bits() {
            return Err(mismatch("quantiles"));
        }
        self.sketch.merge(&other.sketch);
        Ok(())
    }

    fn finalize(&self) -> Result<Value<'static>> {
        Ok(self
            .sketch
            .quantile(self.q)
            .map_or(Value::Null, Value::Float))
    }

    fn encode(&self, out: &mut Vec<u8>) {
        let mut enc = Enc::header(out, AggKind::ApproxQuantile);
        enc.f64(self.q);
        self.sketch.encode(&mut enc);
    }

    fn decode(bytes: &[u8]) -> Result<Self> {
        let (mut dec, _) = Dec::header(bytes, &[AggKind::ApproxQuantile])?;
        let q = check_q(dec.f64()?).map_err(|_| invalid("q out of range"))?;
        let sketch = DdSketch::decode(&mut dec)?;
        dec.finish()?;
        Ok(ApproxQuantileState { q, sketch })
    }

    fn heap_bytes(&self) -> usize {
        self.sketch.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quantile(q: f64, cells: &[&str]) -> Value<'static> {
        let kind = if q == 0.5 {
            AggKind::Median
        } else {
            AggKind::Quantile
        };
        let mut state = QuantileState::new(kind, q).unwrap();
        crate::agg::feed_cells(&mut state, cells).unwrap();
        state.finalize().unwrap()
    }

    #[test]
    fn interpolates_like_quantile_cont() {
        assert_eq!(quantile(0.5, &["3", "1", "2"]), Value::Float(2.0));
        assert_eq!(quantile(0.5, &["4", "1", "", "2", "3"]), Value::Float(2.5));
        // r = 0.25 * 4 = 1 exactly: the second smallest.
        assert_eq!(
            quantile(0.25, &["10", "20", "30", "40", "50"]),
            Value::Float(20.0)
        );
        // r = 0.1 * 3 = 0.3: 10 + 0.3 * (20 - 10).
        assert_eq!(
            quantile(0.1, &["40", "20", "10", "30"]),
            Value::Float(10.0 + 0.3 * 10.0)
        );
        assert_eq!(quantile(1.0, &["-1", "7.5"]), Value::Float(7.5));
        assert_eq!(quantile(0.0, &["-1", "7.5"]), Value::Float(-1.0));
        assert_eq!(quantile(0.5, &["", ""]), Value::Null);
    }

    #[test]
    fn q_is_checked() {
        assert!(QuantileState::new(AggKind::Quantile, 1.5).is_err());
        assert!(QuantileState::new(AggKind::Quantile, f64::NAN).is_err());
        assert!(ApproxQuantileState::new(-0.1).is_err());
        let (a, b) = (
            QuantileState::new(AggKind::Quantile, 0.2).unwrap(),
            QuantileState::new(AggKind::Quantile, 0.3).unwrap(),
        );
        assert!(a.clone().merge(&b).is_err());
    }

    #[test]
    fn approx_refuses_infinity() {
        let mut s = ApproxQuantileState::new(0.5).unwrap();
        let err = s
            .update(&Value::Float(f64::INFINITY), Pos::row(0))
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidNumber);
        assert_eq!(s.finalize(), Ok(Value::Null));
    }
}
