//! `first`, `last` and `string_agg`: the aggregates whose answer is input order. Each value
//! carries its [`Pos`], so states merged in any order still know which came first.

use std::borrow::Cow;

use super::codec::{invalid, Dec, Enc};
use super::{mismatch, same_kind, AggKind, AggState, Pos};
use crate::date;
use crate::value::Value;
use crate::Result;

/// `first(x)` or `last(x)`: the value at the lowest or highest position, null included (as
/// DuckDB's `first`/`last`; an empty cell in the first row makes `first` null).
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeState {
    kind: AggKind,
    best: Option<(Pos, Value<'static>)>,
}

impl EdgeState {
    pub fn kind(&self) -> AggKind {
        self.kind
    }

    /// `kind` is `First` or `Last`.
    pub fn new(kind: AggKind) -> EdgeState {
        debug_assert!(matches!(kind, AggKind::First | AggKind::Last));
        EdgeState { kind, best: None }
    }

    fn beats(&self, at: Pos) -> bool {
        match &self.best {
            None => true,
            Some((old, _)) if self.kind == AggKind::First => at < *old,
            Some((old, _)) => at > *old,
        }
    }
}

impl AggState for EdgeState {
    fn update(&mut self, value: &Value<'_>, at: Pos) -> Result<()> {
        if self.beats(at) {
            self.best = Some((at, value.clone().into_owned()));
        }
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<()> {
        same_kind(self.kind, other.kind)?;
        if let Some((at, value)) = &other.best {
            if self.beats(*at) {
                self.best = Some((*at, value.clone()));
            }
        }
        Ok(())
    }

    fn finalize(&self) -> Result<Value<'static>> {
        Ok(self.best.as_ref().map_or(Value::Null, |(_, v)| v.clone()))
    }

    fn encode(&self, out: &mut Vec<u8>) {
        let mut enc = Enc::header(out, self.kind);
        enc.bool(self.best.is_some());
        if let Some((at, value)) = &self.best {
            enc.pos(*at);
            enc.value(value);
        }
    }

    fn decode(bytes: &[u8]) -> Result<Self> {
        let (mut dec, kind) = Dec::header(bytes, &[AggKind::First, AggKind::Last])?;
        let best = match dec.bool()? {
            true => Some((dec.pos()?, dec.value()?)),
            false => None,
        };
        dec.finish()?;
        Ok(EdgeState { kind, best })
    }

    fn heap_bytes(&self) -> usize {
        match &self.best {
            Some((_, Value::Text(t))) => t.len(),
            _ => 0,
        }
    }
}

/// `string_agg(x, sep)`: non-null values as text, joined by `sep` in input order; null when
/// there are none (as DuckDB). Texts share one buffer so a value costs no allocation.
#[derive(Clone, Debug, PartialEq)]
pub struct StringAggState {
    sep: String,
    buffer: String,
    /// Each value's position and its byte range in `buffer`, in arrival order.
    items: Vec<(Pos, usize, usize)>,
    /// Whether `items` arrived in position order (the usual case: no sort at the end).
    in_order: bool,
}

/// A value as text: cells keep their text; typed values print as the expression language
/// prints them in cells (`2.0`, `1e+16`, `2024-01-31`, `2024-01-31 12:00:00`).
fn text_of<'v>(value: &'v Value<'_>) -> Cow<'v, str> {
    match value {
        Value::Text(t) => Cow::Borrowed(t.as_ref()),
        Value::Int(i) => i.to_string().into(),
        Value::Float(f) => {
            let mut out = String::new();
            crate::value::float_text(*f, &mut out);
            out.into()
        }
        Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        Value::Date(d) => date::date_text(*d).into(),
        Value::DateTime(t) => date::datetime_text(*t).into(),
        Value::Null => Cow::Borrowed(""),
    }
}

impl StringAggState {
    pub fn new(sep: &str) -> StringAggState {
        StringAggState {
            sep: sep.to_owned(),
            buffer: String::new(),
            items: Vec::new(),
            in_order: true,
        }
    }

    fn push(&mut self, at: Pos, text: &str) {
        if self.items.last().is_some_and(|(last, _, _)| *last > at) {
            self.in_order = false;
        }
        let start = self.buffer.len();
        self.buffer.push_str(text);
        self.items.push((at, start, text.len()));
    }

    /// The items in input order.
    fn ordered(&self) -> Cow<'_, [(Pos, usize, usize)]> {
        if self.in_order {
            return Cow::Borrowed(&self.items);
        }
        let mut items = self.items.clone();
        items.sort_by_key(|(at, _, _)| *at);
        Cow::Owned(items)
    }
}

impl AggState for StringAggState {
    fn update(&mut self, value: &Value<'_>, at: Pos) -> Result<()> {
        if !value.is_null() {
            self.push(at, &text_of(value));
        }
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<()> {
        if self.sep != other.sep {
            return Err(mismatch("separators"));
        }
        for &(at, start, len) in &other.items {
            self.push(at, &other.buffer[start..start + len]);
        }
        Ok(())
    }

    fn finalize(&self) -> Result<Value<'static>> {
        if self.items.is_empty() {
            return Ok(Value::Null);
        }
        let mut out = String::with_capacity(self.buffer.len() + self.sep.len() * self.items.len());
        for (i, &(_, start, len)) in self.ordered().iter().enumerate() {
            if i > 0 {
                out.push_str(&self.sep);
            }
            out.push_str(&self.buffer[start..start + len]);
        }
        Ok(Value::Text(out.into()))
    }

    fn encode(&self, out: &mut Vec<u8>) {
        let mut enc = Enc::header(out, AggKind::StringAgg);
        enc.bytes(self.sep.as_bytes());
        enc.len(self.items.len());
        for &(at, start, len) in self.ordered().iter() {
            enc.pos(at);
            enc.bytes(&self.buffer.as_bytes()[start..start + len]);
        }
    }

    fn decode(bytes: &[u8]) -> Result<Self> {
        let (mut dec, _) = Dec::header(bytes, &[AggKind::StringAgg])?;
        let mut state = StringAggState::new(dec.text()?);
        for _ in 0..dec.count(20)? {
            let at = dec.pos()?;
            state.push(at, dec.text()?);
        }
        dec.finish()?;
        if !state.in_order {
            return Err(invalid("string_agg items out of order"));
        }
        Ok(state)
    }

    fn heap_bytes(&self) -> usize {
        self.sep.capacity()
            + self.buffer.capacity()
            + self.items.capacity() * std::mem::size_of::<(Pos, usize, usize)>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value<'static> {
        Value::Text(s.to_owned().into())
    }

    #[test]
    fn first_and_last_include_nulls() {
        let (mut first, mut last) = (
            EdgeState::new(AggKind::First),
            EdgeState::new(AggKind::Last),
        );
        for (i, v) in [Value::Null, text("a"), text("b")].iter().enumerate() {
            first.update(v, Pos::row(i as u64)).unwrap();
            last.update(v, Pos::row(i as u64)).unwrap();
        }
        assert_eq!(first.finalize(), Ok(Value::Null));
        assert_eq!(last.finalize(), Ok(text("b")));
        assert_eq!(EdgeState::new(AggKind::Last).finalize(), Ok(Value::Null));
    }

    #[test]
    fn string_agg_joins_in_input_order() {
        let mut s = StringAggState::new(", ");
        s.update(&text("c"), Pos::row(5)).unwrap();
        s.update(&Value::Null, Pos::row(6)).unwrap();
        let mut early = StringAggState::new(", ");
        early.update(&text("a"), Pos::row(0)).unwrap();
        early.update(&Value::Int(-2), Pos::row(1)).unwrap();
        s.merge(&early).unwrap();
        assert_eq!(s.finalize(), Ok(text("a, -2, c")));
        let mut bytes = Vec::new();
        s.encode(&mut bytes);
        let back = StringAggState::decode(&bytes).unwrap();
        assert_eq!(back.finalize(), Ok(text("a, -2, c")));
        assert!(s.merge(&StringAggState::new(";")).is_err());
        assert_eq!(StringAggState::new(",").finalize(), Ok(Value::Null));
    }

    #[test]
    fn typed_values_as_text() {
        assert_eq!(text_of(&Value::Float(2.0)), "2.0");
        assert_eq!(text_of(&Value::Float(0.1)), "0.1");
        assert_eq!(text_of(&Value::Float(1e16)), "1e+16");
        assert_eq!(text_of(&Value::Date(0)), "1970-01-01");
        assert_eq!(text_of(&Value::Date(19753)), "2024-01-31");
        assert_eq!(text_of(&Value::Date(-1)), "1969-12-31");
        assert_eq!(text_of(&Value::Date(11016)), "2000-02-29");
        assert_eq!(
            text_of(&Value::DateTime(86_400_000_000 + 3_723_000_001)),
            "1970-01-02 01:02:03.000001"
        );
        assert_eq!(text_of(&Value::DateTime(-1_000_000)), "1969-12-31 23:59:59");
    }
}
