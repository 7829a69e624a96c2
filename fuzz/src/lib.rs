//! What the fuzz targets share: reading test parameters off the front of libFuzzer's bytes,
//! and cutting an input into chunks at boundaries those bytes choose.
//!
//! Every target starts from a few header bytes (options, a chunking seed) followed by the
//! CSV itself, so a seed file is readable: two bytes, then plain CSV.

use csv_kernels::{OnError, Options};

pub mod targets;

/// Takes bytes off the front of the fuzzer's input; missing bytes read as 0, so every input
/// is valid and short inputs still mean something.
pub struct Input<'a> {
    rest: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Input<'a> {
        Input { rest: data }
    }

    pub fn byte(&mut self) -> u8 {
        match self.rest.split_first() {
            Some((&b, rest)) => {
                self.rest = rest;
                b
            }
            None => 0,
        }
    }

    /// The next `len` bytes (fewer at the end).
    pub fn take(&mut self, len: usize) -> &'a [u8] {
        let (head, rest) = self.rest.split_at(len.min(self.rest.len()));
        self.rest = rest;
        head
    }

    /// Everything left.
    pub fn rest(self) -> &'a [u8] {
        self.rest
    }
}

/// CSV options from one byte: delimiter, quote, header, CRLF output, error policy, and now
/// and then small limits, so the limit errors are reachable with small inputs.
pub fn options(bits: u8) -> Options {
    let mut options = Options {
        delimiter: [b',', b';', b'\t', b'|'][usize::from(bits & 3)],
        quote: if bits & 4 == 0 { b'"' } else { b'\'' },
        header: bits & 8 == 0,
        crlf: bits & 16 != 0,
        on_error: [OnError::Fail, OnError::Skip, OnError::Null, OnError::Fail]
            [usize::from(bits >> 5 & 3)],
        ..Options::default()
    };
    if bits & 128 != 0 {
        options.limits.max_field_bytes = 8;
        options.limits.max_record_bytes = 24;
        options.limits.max_columns = 4;
    }
    options
}

/// Chunk lengths for feeding `len` bytes: from a seed, a run of lengths between 1 and 16
/// (seed 0 is one whole chunk), so boundaries land inside quotes, CRLFs, BOMs and UTF-8.
pub fn chunks(data: &[u8], seed: u8) -> Vec<&[u8]> {
    if seed == 0 {
        return vec![data];
    }
    // xorshift32 from the seed: any deterministic spread of lengths will do.
    let mut state = u32::from(seed).wrapping_mul(0x9E37_79B9) | 1;
    let mut pieces = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let len = (state % 16 + 1) as usize;
        let (head, tail) = rest.split_at(len.min(rest.len()));
        pieces.push(head);
        rest = tail;
    }
    pieces
}

/// Debug text of a value with every `SpecPos { .. }` removed: two pipelines that differ only
/// in where their parts stood in the spec text compare equal.
pub fn without_positions(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(at) = rest.find("SpecPos {") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('}').map_or(rest.len(), |i| i + 1);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_input_in_order() {
        let data: Vec<u8> = (0..=255).collect();
        for seed in 0..=255 {
            let pieces = chunks(&data, seed);
            assert_eq!(pieces.concat(), data);
            assert!(pieces.iter().all(|p| !p.is_empty()));
        }
        assert_eq!(chunks(b"", 7).len(), 0);
    }

    #[test]
    fn positions_are_dropped() {
        assert_eq!(
            without_positions("Name(\"a\", SpecPos { line: 1, column: 5 }), x"),
            "Name(\"a\", ), x"
        );
    }
}
