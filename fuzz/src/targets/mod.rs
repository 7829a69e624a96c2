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
        without_positions(&format!("{again:?}")),
        without_positions(&format!("{parsed:?}")),
        "{text:?} printed as {shown:?}"
    );
    assert_eq!(again.to_string(), shown);
}
