//! Text functions. Arguments arrive non-null (the registry marks them strict); any value reads
//! as its text, as DuckDB's implicit casts to VARCHAR do.

use crate::error::Result;
use crate::expr::convert::{to_int, to_text};
use crate::value::Value;
use std::borrow::Cow;

fn text<'r>(s: String) -> Value<'r> {
    Value::Text(Cow::Owned(s))
}

fn arg<'r>(args: &[Value<'r>], i: usize) -> Cow<'r, str> {
    args.get(i).map_or(Cow::Borrowed(""), to_text)
}

/// An integer argument; the registry makes strict functions skip nulls, so `None` cannot reach
/// here, but 0 is a harmless reading of it.
fn int_arg(args: &[Value], i: usize) -> Result<i64> {
    Ok(args.get(i).map(to_int).transpose()?.flatten().unwrap_or(0))
}

pub(crate) fn lower<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(text(arg(args, 0).to_lowercase()))
}

pub(crate) fn upper<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(text(arg(args, 0).to_uppercase()))
}

/// Spaces only, as DuckDB's `trim`.
pub(crate) fn trim<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(match arg(args, 0) {
        Cow::Borrowed(s) => Value::Text(Cow::Borrowed(s.trim_matches(' '))),
        Cow::Owned(s) => text(s.trim_matches(' ').to_string()),
    })
}

/// Characters (Unicode scalar values), not bytes.
pub(crate) fn length<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(Value::Int(arg(args, 0).chars().count() as i64))
}

pub(crate) fn contains<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(Value::Bool(arg(args, 0).contains(arg(args, 1).as_ref())))
}

pub(crate) fn starts_with<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(Value::Bool(arg(args, 0).starts_with(arg(args, 1).as_ref())))
}

pub(crate) fn ends_with<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(Value::Bool(arg(args, 0).ends_with(arg(args, 1).as_ref())))
}

/// Every occurrence; an empty `from` leaves the text as it is (DuckDB).
pub(crate) fn replace<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    let (haystack, from, to) = (arg(args, 0), arg(args, 1), arg(args, 2));
    if from.is_empty() {
        return Ok(Value::Text(haystack));
    }
    Ok(text(haystack.replace(from.as_ref(), &to)))
}

/// DuckDB's `substring`: 1-based `start` in characters; a negative start counts from the end;
/// position 0 lies just before the first character; without `len`, to the end.
pub(crate) fn substr<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    let s = arg(args, 0);
    let count = s.chars().count() as i64;
    let start = int_arg(args, 1)?;
    let begin = match start {
        0 => -1,
        n if n > 0 => n - 1,
        n => count + n,
    };
    let (from, to) = if args.len() > 2 {
        let len = int_arg(args, 2)?;
        let end = begin.saturating_add(len);
        (begin.min(end), begin.max(end))
    } else {
        (begin, count)
    };
    let (from, to) = (from.clamp(0, count), to.clamp(0, count));
    Ok(text(
        s.chars()
            .skip(from as usize)
            .take((to - from) as usize)
            .collect(),
    ))
}

/// The `n`-th part (1-based; negative counts from the end) of the text split on `sep`;
/// "" when there is no such part. An empty separator splits nothing.
pub(crate) fn split_part<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    let (s, sep, n) = (arg(args, 0), arg(args, 1), int_arg(args, 2)?);
    let parts: Vec<&str> = if sep.is_empty() {
        vec![s.as_ref()]
    } else {
        s.split(sep.as_ref()).collect()
    };
    let index = match n {
        0 => None,
        n if n > 0 => usize::try_from(n - 1).ok(),
        n => usize::try_from(n.unsigned_abs())
            .ok()
            .and_then(|k| parts.len().checked_sub(k)),
    };
    Ok(text(
        index
            .and_then(|i| parts.get(i))
            .map_or(String::new(), |p| p.to_string()),
    ))
}
