//! count, sum, mean, var and stddev: exact accumulators, so merges in any order agree to the
//! bit.

use super::codec::{Dec, Enc};
use super::exact::{spread, ExactSum};
use super::{number, same_kind, AggKind, AggState, Pos, Specials};
use crate::value::Value;
use crate::{Error, ErrorKind, Number, Result};

/// `count()` (every row) and `count(x)` (non-null values).
#[derive(Clone, Debug, PartialEq)]
pub struct CountState {
    kind: AggKind,
    n: u64,
}

impl CountState {
    pub fn kind(&self) -> AggKind {
        self.kind
    }

    /// `kind` is `CountRows` or `Count`.
    pub fn new(kind: AggKind) -> CountState {
        debug_assert!(matches!(kind, AggKind::CountRows | AggKind::Count));
        CountState { kind, n: 0 }
    }
}

impl AggState for CountState {
    fn update(&mut self, value: &Value<'_>, _at: Pos) -> Result<()> {
        if self.kind == AggKind::CountRows || !value.is_null() {
            self.n += 1;
        }
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<()> {
        same_kind(self.kind, other.kind)?;
        self.n = self.n.saturating_add(other.n);
        Ok(())
    }

    fn finalize(&self) -> Result<Value<'static>> {
        Ok(Value::Int(i64::try_from(self.n).unwrap_or(i64::MAX)))
    }

    fn encode(&self, out: &mut Vec<u8>) {
        Enc::header(out, self.kind).u64(self.n);
    }

    fn decode(bytes: &[u8]) -> Result<Self> {
        let (mut dec, kind) = Dec::header(bytes, &[AggKind::CountRows, AggKind::Count])?;
        let n = dec.u64()?;
        dec.finish()?;
        Ok(CountState { kind, n })
    }

    fn heap_bytes(&self) -> usize {
        0
    }
}

/// `sum(x)`: integers add exactly in an `i128` (so no order of additions or merges can
/// overflow midway); the result is an `int` if it fits 64 bits and an error if not. Once a
/// float is seen the result is a float: the exact sum of everything, rounded once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SumState {
    seen: bool,
    any_float: bool,
    ints: i128,
    floats: ExactSum,
    specials: Specials,
}

impl SumState {
    pub fn new() -> SumState {
        SumState::default()
    }
}

fn overflow() -> Error {
    // The kind the expression language gives integer overflow.
    Error::plain(
        ErrorKind::OutOfRange,
        "sum overflows a 64-bit integer".to_owned(),
    )
}

impl AggState for SumState {
    fn update(&mut self, value: &Value<'_>, _at: Pos) -> Result<()> {
        let Some(n) = number(AggKind::Sum, value)? else {
            return Ok(());
        };
        match n {
            Number::Int(i) => {
                self.ints = self.ints.checked_add(i128::from(i)).ok_or_else(overflow)?;
            }
            Number::Float(f) => {
                if f.is_finite() {
                    self.floats.add_f64(f);
                } else {
                    self.specials.add(f);
                }
                self.any_float = true;
            }
        }
        self.seen = true;
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<()> {
        self.ints = self.ints.checked_add(other.ints).ok_or_else(overflow)?;
        self.floats.merge(&other.floats);
        self.specials.merge(other.specials);
        self.seen |= other.seen;
        self.any_float |= other.any_float;
        Ok(())
    }

    fn finalize(&self) -> Result<Value<'static>> {
        if !self.seen {
            return Ok(Value::Null);
        }
        if !self.any_float {
            return i64::try_from(self.ints)
                .map(Value::Int)
                .map_err(|_| overflow());
        }
        if let Some(special) = self.specials.sum() {
            return Ok(Value::Float(special));
        }
        let mut total = self.floats.clone();
        total.add_int(self.ints);
        Ok(Value::Float(total.to_f64()))
    }

    fn encode(&self, out: &mut Vec<u8>) {
        let mut enc = Enc::header(out, AggKind::Sum);
        enc.bool(self.seen);
        enc.bool(self.any_float);
        enc.u8(self.specials.0);
        enc.i128(self.ints);
        self.floats.encode(&mut enc);
    }

    fn decode(bytes: &[u8]) -> Result<Self> {
        let (mut dec, _) = Dec::header(bytes, &[AggKind::Sum])?;
        let state = SumState {
            seen: dec.bool()?,
            any_float: dec.bool()?,
            specials: Specials::decode(dec.u8()?)?,
            ints: dec.i128()?,
            floats: ExactSum::decode(&mut dec)?,
        };
        dec.finish()?;
        Ok(state)
    }

    fn heap_bytes(&self) -> usize {
        self.floats.heap_bytes()
    }
}

/// `mean`, `var` and `stddev` (sample variance, as DuckDB's `var_samp`/`stddev_samp`): the
/// exact sum and sum of squares, combined once at the end (see [`spread`]).
#[derive(Clone, Debug, PartialEq)]
pub struct MomentsState {
    kind: AggKind,
    n: u64,
    sum: ExactSum,
    squares: ExactSum,
    specials: Specials,
}

impl MomentsState {
    pub fn kind(&self) -> AggKind {
        self.kind
    }

    /// `kind` is `Mean`, `Var` or `Stddev`.
    pub fn new(kind: AggKind) -> MomentsState {
        debug_assert!(matches!(
            kind,
            AggKind::Mean | AggKind::Var | AggKind::Stddev
        ));
        MomentsState {
            kind,
            n: 0,
            sum: ExactSum::default(),
            squares: ExactSum::default(),
            specials: Specials::default(),
        }
    }

    fn wants_squares(&self) -> bool {
        self.kind != AggKind::Mean
    }
}

impl AggState for MomentsState {
    fn update(&mut self, value: &Value<'_>, _at: Pos) -> Result<()> {
        match number(self.kind, value)? {
            None => return Ok(()),
            Some(Number::Int(i)) => {
                self.sum.add_int(i128::from(i));
                if self.wants_squares() {
                    self.squares.add_int(i128::from(i) * i128::from(i));
                }
            }
            Some(Number::Float(f)) if f.is_finite() => {
                self.sum.add_f64(f);
                if self.wants_squares() {
                    self.squares.add_f64_square(f);
                }
            }
            Some(Number::Float(f)) => self.specials.add(f),
        }
        self.n += 1;
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<()> {
        same_kind(self.kind, other.kind)?;
        self.n = self.n.saturating_add(other.n);
        self.sum.merge(&other.sum);
        self.squares.merge(&other.squares);
        self.specials.merge(other.specials);
        Ok(())
    }

    fn finalize(&self) -> Result<Value<'static>> {
        let n = self.n;
        if n == 0 || (n < 2 && self.wants_squares()) {
            return Ok(Value::Null);
        }
        let result = match (self.kind, self.specials.sum()) {
            (AggKind::Mean, Some(special)) => special,
            (_, Some(_)) => f64::NAN,
            (AggKind::Mean, None) => self.sum.to_f64() / n as f64,
            (_, None) => {
                let var = spread(n, &self.sum, &self.squares) / n as f64 / (n - 1) as f64;
                match self.kind {
                    AggKind::Stddev => var.sqrt(),
                    _ => var,
                }
            }
        };
        Ok(Value::Float(result))
    }

    fn encode(&self, out: &mut Vec<u8>) {
        let mut enc = Enc::header(out, self.kind);
        enc.u64(self.n);
        enc.u8(self.specials.0);
        self.sum.encode(&mut enc);
        self.squares.encode(&mut enc);
    }

    fn decode(bytes: &[u8]) -> Result<Self> {
        let kinds = [AggKind::Mean, AggKind::Var, AggKind::Stddev];
        let (mut dec, kind) = Dec::header(bytes, &kinds)?;
        let state = MomentsState {
            kind,
            n: dec.u64()?,
            specials: Specials::decode(dec.u8()?)?,
            sum: ExactSum::decode(&mut dec)?,
            squares: ExactSum::decode(&mut dec)?,
        };
        dec.finish()?;
        Ok(state)
    }

    fn heap_bytes(&self) -> usize {
        self.sum.heap_bytes() + self.squares.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<S: AggState>(mut state: S, values: &[Value<'_>]) -> Result<Value<'static>> {
        for (i, v) in values.iter().enumerate() {
            state.update(v, Pos::row(i as u64))?;
        }
        state.finalize()
    }

    fn text(s: &str) -> Value<'_> {
        Value::Text(s.into())
    }

    #[test]
    fn counts() {
        let values = [Value::Int(1), Value::Null, text("a")];
        assert_eq!(
            run(CountState::new(AggKind::CountRows), &values),
            Ok(Value::Int(3))
        );
        assert_eq!(
            run(CountState::new(AggKind::Count), &values),
            Ok(Value::Int(2))
        );
    }

    #[test]
    fn sums_stay_integers_until_a_float_arrives() {
        assert_eq!(run(SumState::new(), &[]), Ok(Value::Null));
        assert_eq!(run(SumState::new(), &[Value::Null]), Ok(Value::Null));
        let ints = [text("7"), Value::Null, text(" -2 "), Value::Int(10)];
        assert_eq!(run(SumState::new(), &ints), Ok(Value::Int(15)));
        let mixed = [text("1"), text("0.5"), Value::Int(2)];
        assert_eq!(run(SumState::new(), &mixed), Ok(Value::Float(3.5)));
        // A text float that happens to be whole still makes the sum a float.
        assert_eq!(run(SumState::new(), &[text("2.0")]), Ok(Value::Float(2.0)));
        let tenths = vec![text("0.1"); 10];
        assert_eq!(run(SumState::new(), &tenths), Ok(Value::Float(1.0)));
    }

    #[test]
    fn sum_overflow_is_an_error_not_a_wrap() {
        let big = [Value::Int(i64::MAX), Value::Int(1)];
        let err = run(SumState::new(), &big).unwrap_err();
        assert_eq!(err.kind, ErrorKind::OutOfRange);
        // Overflow midway that comes back into range is fine: the i128 never wraps.
        let back = [
            Value::Int(i64::MAX),
            Value::Int(i64::MAX),
            Value::Int(-i64::MAX),
        ];
        assert_eq!(run(SumState::new(), &back), Ok(Value::Int(i64::MAX)));
    }

    #[test]
    fn bad_text_leaves_the_state_alone() {
        let mut s = SumState::new();
        s.update(&Value::Int(4), Pos::row(0)).unwrap();
        let err = s.update(&text("abc"), Pos::row(1)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidNumber);
        assert!(s.update(&Value::Bool(true), Pos::row(2)).is_err());
        assert_eq!(s.finalize(), Ok(Value::Int(4)));
    }

    #[test]
    fn infinities_follow_ieee() {
        let inf = [Value::Float(f64::INFINITY), Value::Int(1)];
        assert_eq!(run(SumState::new(), &inf), Ok(Value::Float(f64::INFINITY)));
        let both = [Value::Float(f64::INFINITY), Value::Float(f64::NEG_INFINITY)];
        let Ok(Value::Float(x)) = run(SumState::new(), &both) else {
            panic!("not a float")
        };
        assert!(x.is_nan());
    }

    #[test]
    fn moments() {
        let values: Vec<Value> = ["2", "4", "4", "4", "5", "5", "7", "9"]
            .into_iter()
            .map(text)
            .collect();
        let mean = run(MomentsState::new(AggKind::Mean), &values);
        assert_eq!(mean, Ok(Value::Float(5.0)));
        // Σ(x-5)² = 32, sample variance 32/7.
        let var = run(MomentsState::new(AggKind::Var), &values);
        assert_eq!(var, Ok(Value::Float(32.0 / 7.0)));
        let sd = run(MomentsState::new(AggKind::Stddev), &values);
        assert_eq!(sd, Ok(Value::Float((32.0f64 / 7.0).sqrt())));
        let one = [Value::Int(3)];
        assert_eq!(run(MomentsState::new(AggKind::Var), &one), Ok(Value::Null));
        assert_eq!(
            run(MomentsState::new(AggKind::Mean), &one),
            Ok(Value::Float(3.0))
        );
        assert_eq!(run(MomentsState::new(AggKind::Mean), &[]), Ok(Value::Null));
    }

    #[test]
    fn variance_survives_a_large_offset() {
        let values: Vec<Value> = (1..=4).map(|i| Value::Float(1e12 + f64::from(i))).collect();
        let var = run(MomentsState::new(AggKind::Var), &values);
        assert_eq!(var, Ok(Value::Float(5.0 / 3.0)));
    }
}
