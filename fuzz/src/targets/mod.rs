//! The checks each fuzz target runs on one input, as plain functions: the libFuzzer binaries
//! in fuzz_targets/ call them, and `cargo test` in this crate replays the committed corpus
//! through them without libFuzzer. A failed check panics, which libFuzzer records as a crash.

use crate::{chunks, options, without_positions, Input};

mod agg;
mod expr;
mod job;

pub use agg::agg;
use csv_kernels::reader::{Flow, Reader, Record};
use csv_kernels::{Error, Options, Pipeline};
pub use expr::expr;
pub use job::{job, parallel};

/// One emitted record, owned: fields, line, record number, byte offset, row problem.
type Event = (Vec<Vec<u8>>, u64, u64, u64, Option<Error>);

fn read(pieces: &[&[u8]], options: &Options) -> (Vec<Event>, Result<(), Error>) {
    let mut reader = Reader::new(options);
    let mut events = Vec::new();
    let mut emit = |record: &Record, problem: Option<Error>| {
        let fields = record.iter().map(<[u8]>::to_vec).collect();
        events.push((fields, record.line, record.number, record.byte, problem));
        Ok(Flow::Continue)
    };
    let mut result = Ok(());
    for piece in pieces {
        result = reader.feed(piece, &mut emit);
        if result.is_err() {
            break;
        }
    }
    if result.is_ok() {
        result = reader.finish(&mut emit);
    }
    (events, result)
}

/// The push reader, fed whole or in chunks cut at fuzzer-chosen boundaries, emits the same
/// records (fields, line, record number, byte offset, row problem) and ends with the same
/// result. Input: an options byte, a chunking seed, then the CSV.
pub fn reader(data: &[u8]) {
    let mut input = Input::new(data);
    let options = options(input.byte());
    let seed = input.byte();
    let csv = input.rest();
    let whole = read(&[csv], &options);
    let chunked = read(&chunks(csv, seed.max(1)), &options);
    assert_eq!(whole, chunked, "whole vs chunked (seed {seed})");
}

/// The pipeline parser: any text parses or fails with an error, never a panic; a parsed
/// pipeline's Display is canonical spec text that parses back to the same pipeline (positions
/// aside) and prints the same again. Input: the spec text.
pub fn pipeline(data: &[u8]) {
    let Ok(spec) = std::str::from_utf8(data) else {
        return;
    };
    round_trip(spec, Pipeline::parse);
}

/// If `text` parses, its Display is text that parses back to the same tree (Debug equal,
/// positions aside) and prints the same again.
pub(crate) fn round_trip<T, E>(text: &str, parse: fn(&str) -> Result<T, E>)
where
    T: std::fmt::Display + std::fmt::Debug,
    E: std::fmt::Display,
{
    let Ok(parsed) = parse(text) else {
        return;
    };
    let shown = parsed.to_string();
    let again = match parse(&shown) {
        Ok(p) => p,
        Err(e) => panic!("{text:?} printed as {shown:?}, which does not parse: {e}"),
    };
    assert_eq!(
        folded_negations(&without_positions(&format!("{again:?}"))),
        folded_negations(&without_positions(&format!("{parsed:?}"))),
        "{text:?} printed as {shown:?}"
    );
    assert_eq!(again.to_string(), shown);
}

/// Known and reported (known/pipeline/negated-literal): `-(3)` parses as a negation of the
/// literal 3 but may print as `-3`, which parses as the literal -3: the same value. Both
/// trees are compared with every negation of a plain integer literal folded into the literal.
fn folded_negations(debug: &str) -> String {
    const NEG: &str = "Unary { op: Neg, pos: , operand: Literal(Number(";
    let mut text = debug.to_string();
    // From the last match back, so a fold never shifts a match still to come. Only a
    // negation right around a non-negative literal prints as one literal: `-(-(5))` prints as
    // `-(-5)`.
    let mut end = text.len();
    while let Some(at) = text[..end].rfind(NEG) {
        if let Some(folded) = fold_one(&text[at + NEG.len()..]) {
            text = format!("{}{}", &text[..at], folded);
        }
        end = at;
    }
    text
}

/// `KIND(V), "T"), ) }...` into `Literal(Number(KIND(-V), "-T"), )...`.
fn fold_one(rest: &str) -> Option<String> {
    let open = rest.find('(')?;
    let close = rest.find(')')?;
    let (kind, value) = (&rest[..open], &rest[open + 1..close]);
    let after = rest[close..].strip_prefix("), \"")?;
    let quote = after.find('"')?;
    let (shown, tail) = (&after[..quote], &after[quote..]);
    // Only integers written with a leading digit print that way: `-(-5)`, `-(+5)` and
    // `-(1e30)` print as written.
    if kind != "Int" || !shown.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let tail = tail.strip_prefix("\"), ) }")?;
    // An integer has no negative zero.
    let sign = if kind == "Int" && value == "0" {
        ""
    } else {
        "-"
    };
    Some(format!(
        "Literal(Number({kind}({sign}{value}), \"-{shown}\"), ){tail}"
    ))
}
