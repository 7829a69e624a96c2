//! Aggregates with mergeable states: init / update / merge / finalize / encode / decode.
//!
//! Each aggregate keeps a small state that rows update one value at a time. Two states built
//! from different parts of the input merge into the state of the whole, so a job can be split
//! across cores, machines or runtimes: exact aggregates then give exactly what one pass gives,
//! whatever the order of the merges, and the sketches (`approx_*`) give what one pass gives
//! too, since their merges are exact (bucket counts add, registers take the maximum).
//! States serialize to a stable, versioned byte format ([`codec`]) that every runtime reads.
//!
//! ```
//! use csv_kernels::agg::{AggKind, AggState, Pos, State};
//! use csv_kernels::Value;
//! let (mut left, mut right) = (State::new(AggKind::Mean, &[])?, State::new(AggKind::Mean, &[])?);
//! left.update(&Value::Text("1.5".into()), Pos::row(0))?;
//! right.update(&Value::Int(3), Pos::row(1))?;
//! let mut bytes = Vec::new();
//! right.encode(&mut bytes);                     // e.g. sent from another machine
//! left.merge(&State::decode(&bytes)?)?;
//! assert_eq!(left.finalize()?, Value::Float(2.25));
//! # Ok::<(), csv_kernels::Error>(())
//! ```
//!
//! Order-sensitive aggregates (`first`, `last`, `string_agg`, and the tie rules of `min`, `max`
//! and `mode`) take each value's [`Pos`] in the input, so merging partial states from ranges
//! in any order still puts values in input order.

mod band;
pub mod codec;
mod ddsketch;
mod exact;
mod extremes;
mod hll;
mod keyed;
mod kind;
mod limbs;
mod numeric;
mod ordered;
mod quantile;
mod state;

pub use ddsketch::{DdSketch, RELATIVE_ACCURACY};
pub(crate) use exact::{spread, ExactSum};
pub use extremes::ExtremeState;
pub use hll::{hash_value, HllState, HLL_PRECISION, HLL_SPARSE_LIMIT};
pub use keyed::{CountDistinctState, ModeState};
pub use kind::{AggKind, Param, ResultType};
pub use numeric::{CountState, MomentsState, SumState};
pub use ordered::{EdgeState, StringAggState};
pub use quantile::{ApproxQuantileState, QuantileState};
pub use state::State;

use crate::value::Value;
use crate::{Error, ErrorKind, Number, Result};

/// Where a value sits in the input, for the aggregates whose answer depends on input order.
///
/// Positions compare by `part`, then `row`. Any numbering that follows input order works: one
/// global row number (`part` 0), the byte offset of each record, or, when a job is split into
/// ranges, the range's index as `part` and the row within the range as `row`. Positions of
/// distinct rows must differ.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub part: u64,
    pub row: u64,
}

impl Pos {
    /// Row `row` of a single, unsplit input.
    pub fn row(row: u64) -> Pos {
        Pos { part: 0, row }
    }
}

/// The contract every aggregate state meets.
///
/// States are created by [`State::new`] (or each type's `new`), which fixes the aggregate and
/// its constant arguments (`quantile`'s `q`, `string_agg`'s separator).
pub trait AggState: Sized {
    /// Adds one row's value. `Value::Null` is an empty cell: most aggregates skip it, `count()`
    /// counts it and `first`/`last` may return it. On error the state is unchanged.
    fn update(&mut self, value: &Value<'_>, at: Pos) -> Result<()>;
    /// Folds `other` (built from other rows) into this state.
    fn merge(&mut self, other: &Self) -> Result<()>;
    /// The aggregate's result for the rows seen so far; the state stays usable.
    fn finalize(&self) -> Result<Value<'static>>;
    /// Appends the state's bytes (version, kind code, payload).
    fn encode(&self, out: &mut Vec<u8>);
    /// Reads a state back; anything truncated, corrupt or of another version is
    /// `ErrorKind::InvalidState`.
    fn decode(bytes: &[u8]) -> Result<Self>;
    /// An estimate of the heap memory the state holds, for the memory budget: what it owns
    /// beyond `size_of::<Self>()` (a [`State`] is 192 bytes inline on 64-bit targets).
    fn heap_bytes(&self) -> usize;
}

/// The error for merging states of different aggregates or different constant arguments.
fn mismatch(what: &str) -> Error {
    Error::plain(
        ErrorKind::InvalidState,
        format!("cannot merge states of different {what}"),
    )
}

/// Succeeds when two states being merged belong to the same aggregate.
fn same_kind(mine: AggKind, theirs: AggKind) -> Result<()> {
    if mine == theirs {
        Ok(())
    } else {
        Err(mismatch("aggregates"))
    }
}

/// Feeds test cells to a state, row by row: `""` is an empty cell (null), anything else text.
#[cfg(test)]
fn feed_cells<S: AggState>(state: &mut S, cells: &[&str]) -> Result<()> {
    for (i, cell) in cells.iter().enumerate() {
        let value = match *cell {
            "" => Value::Null,
            text => Value::Text(text.into()),
        };
        state.update(&value, Pos::row(i as u64))?;
    }
    Ok(())
}

/// A value read as a number by the numeric aggregates: `None` for null, an error for text
/// that is not a number and for types that are not numbers.
///
/// Inlined for the values a group hands over (null, or numbers it parsed already), so a
/// row's update builds no `Result` the size of an error to take its number back out of.
#[inline]
fn number(kind: AggKind, value: &Value<'_>) -> Result<Option<Number>> {
    match value {
        Value::Null => Ok(None),
        Value::Int(i) => Ok(Some(Number::Int(*i))),
        Value::Float(f) => Ok(Some(Number::Float(*f))),
        other => number_of_other(kind, other),
    }
}

/// [`number`] for text and the types that are not numbers.
fn number_of_other(kind: AggKind, value: &Value<'_>) -> Result<Option<Number>> {
    let found = match value {
        Value::Text(t) => match crate::parse_number(t.as_bytes()) {
            Some(n) => return Ok(Some(n)),
            None => format!("{t:?}"),
        },
        other => other.type_of().map_or("null", |t| t.name()).to_owned(),
    };
    Err(Error::plain(
        ErrorKind::InvalidNumber,
        format!("{} needs numbers, found {found}", kind.name()),
    ))
}

/// Flags for infinities and NaN, which exact accumulators cannot hold; they decide the
/// result as IEEE arithmetic would, whatever the order they came in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Specials(u8);

impl Specials {
    const POS_INF: u8 = 1;
    const NEG_INF: u8 = 2;
    const NAN: u8 = 4;

    fn add(&mut self, x: f64) {
        self.0 |= match x {
            f64::INFINITY => Self::POS_INF,
            f64::NEG_INFINITY => Self::NEG_INF,
            _ => Self::NAN,
        };
    }

    fn merge(&mut self, other: Specials) {
        self.0 |= other.0;
    }

    /// The sum of everything seen when some of it was not finite.
    fn sum(self) -> Option<f64> {
        match self.0 {
            0 => None,
            Self::POS_INF => Some(f64::INFINITY),
            Self::NEG_INF => Some(f64::NEG_INFINITY),
            _ => Some(f64::NAN),
        }
    }

    fn decode(bits: u8) -> Result<Specials> {
        if bits > 7 {
            return Err(codec::invalid("bad special-value flags"));
        }
        Ok(Specials(bits))
    }
}
