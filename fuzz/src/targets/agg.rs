//! Aggregate states (the group step's building blocks): decoding any bytes never panics, and
//! states built from rows merge exactly, in either order, and survive encode/decode.

use crate::Input;
use csv_kernels::agg::{AggKind, AggState, Pos, State};
use csv_kernels::Value;

/// One cell per line: empty is null; `i`/`f`/`b` and the rest read as an integer, a float or a
/// boolean when they can (typed columns), anything else is text (an untyped column).
fn cells(bytes: &[u8]) -> Vec<Value<'static>> {
    let text = String::from_utf8_lossy(bytes);
    let cell = |line: &str| -> Value<'static> {
        let (tag, rest) = line.split_at(line.chars().next().map_or(0, char::len_utf8));
        let typed = match tag {
            "i" => rest.parse().ok().map(Value::Int),
            "f" => rest.parse().ok().map(Value::Float),
            "b" => rest.parse().ok().map(Value::Bool),
            _ => None,
        };
        match typed {
            Some(v) => v,
            None if line.is_empty() => Value::Null,
            None => Value::Text(line.to_string().into()),
        }
    };
    text.split('\n').map(cell).collect()
}

fn encoded(state: &State) -> Vec<u8> {
    let mut bytes = Vec::new();
    state.encode(&mut bytes);
    bytes
}

/// A decoded state re-encodes to bytes that decode to the same encoding, and can be
/// finalized and merged with itself without a panic.
fn decode_any(bytes: &[u8]) {
    let Ok(state) = State::decode(bytes) else {
        return;
    };
    let bytes = encoded(&state);
    let again = match State::decode(&bytes) {
        Ok(s) => s,
        Err(e) => panic!("a re-encoded {:?} state does not decode: {e}", state.kind()),
    };
    assert_eq!(
        encoded(&again),
        bytes,
        "{:?}: encoding is not stable",
        state.kind()
    );
    let _ = state.finalize();
    let _ = state.heap_bytes();
    let _ = state.clone().merge(&state);
}

/// Input: a mode byte (even: decode the rest as a state; odd: the aggregate, from the rest of
/// the byte), q, the split row, then cells one per line. Rows go to one state and to two
/// states split at the split row; the two merged in either order finalize as the one does
/// (exact aggregates and the sketches alike: their merges are exact), every update succeeds
/// or fails the same way, and the state round-trips through its encoding.
pub fn agg(data: &[u8]) {
    let mut input = Input::new(data);
    let mode = input.byte();
    if mode & 1 == 0 {
        decode_any(input.rest());
        return;
    }
    let kind = AggKind::ALL[usize::from(mode >> 1) % AggKind::ALL.len()];
    let q = f64::from(input.byte()) / 255.0;
    let split = usize::from(input.byte());
    let args = match kind.arity() {
        0 | 1 => vec![],
        _ if kind == AggKind::StringAgg => vec![Value::Text(", ".into())],
        _ => vec![Value::Float(q)],
    };
    let Ok(mut whole) = State::new(kind, &args) else {
        return;
    };
    let (mut first, mut second) = (whole.clone(), whole.clone());
    let rows = cells(input.rest());
    for (i, value) in rows.iter().enumerate() {
        let at = Pos::row(i as u64);
        let one = whole.update(value, at).is_ok();
        let part = if i < split { &mut first } else { &mut second };
        assert_eq!(
            part.update(value, at).is_ok(),
            one,
            "{kind:?} row {i} {value:?}"
        );
    }
    let (mut ab, mut ba) = (first.clone(), second.clone());
    let merged = (ab.merge(&second), ba.merge(&first));
    assert!(merged.0.is_ok() && merged.1.is_ok(), "{kind:?}: {merged:?}");
    let show = |s: &State| format!("{:?}", s.finalize());
    assert_eq!(
        show(&ab),
        show(&whole),
        "{kind:?}: split at {split} then merged"
    );
    assert_eq!(show(&ba), show(&whole), "{kind:?}: merged the other way");
    decode_any(&encoded(&whole));
    let back = State::decode(&encoded(&whole)).map(|s| show(&s));
    assert_eq!(
        back.as_deref().ok(),
        Some(show(&whole).as_str()),
        "{kind:?}: decode"
    );
}
