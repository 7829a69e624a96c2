//! The blocking steps: `sort`, `group … aggregate`, `aggregate`, `distinct` and `top`, each
//! under a memory budget.
//!
//! A blocking step sees every row before it can write its first one, so it is an
//! [`Operator`]: the Job feeds it rows with [`Operator::push`] and drains its output with
//! [`Operator::finish`] once the input (or the step before it) has ended.
//!
//! How the Job plugs them in: when the plan reaches a blocking step it compiles the step's
//! expressions (sort and top keys, aggregate arguments) like any other over the row's slots,
//! and for every row that reaches the step it calls `push(cells, values)` with the row's
//! visible cells as they would be written (`&[u8]` each) and the values of those compiled
//! expressions, in the order the operator was built with (for [`Group`], one value per
//! aggregate, `Value::Null` for `count()`). At `finish` the operator hands its output rows to
//! a callback as cells; the Job runs the rest of the pipeline over them as over input rows,
//! so the steps after a `sort` or a `group` stream as usual. The output columns are the
//! input's for `sort`, `distinct` and `top`, and the group columns followed by one column
//! per aggregate for [`Group`] (types from [`crate::agg::AggKind::result_type`]).
//!
//! Memory: every operator counts the bytes it holds (stored rows and the aggregate states'
//! `heap_bytes`) against its [`Budget`]. Natively a step over budget spills to temporary
//! files ([`spill`]: sorted runs merged at the end for `sort`, partitions of encoded partial
//! states for `group` and `distinct`) and gives the same bytes as in memory. On wasm32, with
//! no file system to spill to, going over the budget is an error naming the step and the
//! budget. `top` never spills: it holds at most a few times N rows.
//!
//! ```
//! use csv_kernels::agg::AggKind;
//! use csv_kernels::ops::{AggSpec, Budget, Group, Operator, DEFAULT_MEMORY_LIMIT};
//! use csv_kernels::Value;
//! // group city aggregate n = count(), total = sum(amount)
//! let aggs = [AggSpec::new(AggKind::CountRows, vec![]), AggSpec::new(AggKind::Sum, vec![])];
//! let mut group = Group::new(vec![0], &aggs, Budget::new("group", DEFAULT_MEMORY_LIMIT))?;
//! for (city, amount) in [("Oslo", "3"), ("Lima", "4"), ("Oslo", "5")] {
//!     let amount_value = Value::Text(amount.into());
//!     group.push(&[city.as_bytes(), amount.as_bytes()], &[Value::Null, amount_value])?;
//! }
//! let mut out = Vec::new();
//! group.finish(&mut |cells| {
//!     out.push(cells.join(&b","[..]));
//!     Ok(())
//! })?;
//! assert_eq!(out, [b"Oslo,2,8".to_vec(), b"Lima,1,4".to_vec()]);
//! # Ok::<(), csv_kernels::Error>(())
//! ```

mod budget;
mod distinct;
mod group;
mod key;
#[cfg(not(target_arch = "wasm32"))]
mod merge;
#[cfg(not(target_arch = "wasm32"))]
mod partition;
mod record;
mod sort;
#[cfg(not(target_arch = "wasm32"))]
pub mod spill;
mod table;
#[cfg(test)]
mod tests;
mod top;

pub use crate::options::memory::{parse_memory_limit, DEFAULT_MEMORY_LIMIT};
pub use budget::Budget;
pub use distinct::Distinct;
pub use group::{AggSpec, Group};
pub use sort::Sort;
pub use top::Top;

use crate::value::Value;
use crate::Result;

/// Receives output rows as cells, in output order.
pub type Emit<'e> = dyn FnMut(&[&[u8]]) -> Result<()> + 'e;

/// A blocking step: takes every row, then emits its output.
pub trait Operator {
    /// One input row: its cells as they would be written, and the values of the step's
    /// expressions (keys or aggregate arguments) in the order the operator was built with.
    fn push(&mut self, cells: &[&[u8]], values: &[Value<'_>]) -> Result<()>;
    /// Ends the input and hands every output row to `emit`, in order. Call it once.
    fn finish(&mut self, emit: &mut Emit<'_>) -> Result<()>;
    /// What the step holds now and has spilled so far.
    fn usage(&self) -> Usage;

    /// Ends the input like `finish`, but hands out partial states to merge elsewhere (only
    /// [`Group`] has them).
    fn finish_partials(&mut self, _emit: &mut Emit<'_>) -> Result<()> {
        Err(no_partials())
    }

    /// Takes in one row of another part's `finish_partials` (only [`Group`] has them).
    fn push_partial(&mut self, _cells: &[&[u8]]) -> Result<()> {
        Err(no_partials())
    }
}

fn no_partials() -> crate::Error {
    crate::Error::plain(
        crate::ErrorKind::JobFailed,
        "only group and aggregate have partial states",
    )
}

/// An operator's use of memory and temporary files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// The bytes held in memory now, as counted against the budget.
    pub memory_bytes: usize,
    /// How many times the step spilled to temporary files (0 when it ran in memory).
    pub spills: usize,
}

/// The error for a row that does not bring what the step was built for (a bug in the caller,
/// never in the data).
fn check_width(step: &str, what: &str, got: usize, wanted: usize) -> Result<()> {
    if got == wanted {
        return Ok(());
    }
    Err(crate::Error::plain(
        crate::ErrorKind::JobFailed,
        format!("{step}: {got} {what} given, {wanted} expected"),
    ))
}

/// Appends the record of the cells at `columns` (a group or distinct key).
fn put_selected(step: &str, out: &mut Vec<u8>, cells: &[&[u8]], columns: &[usize]) -> Result<()> {
    record::put_count(out, columns.len());
    for &column in columns {
        match cells.get(column) {
            Some(cell) => record::put_field(out, Some(cell)),
            None => check_width(step, "cells", cells.len(), column + 1)?,
        }
    }
    Ok(())
}
