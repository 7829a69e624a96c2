//! The reader against a byte-at-a-time model of the dialect, on random inputs: every
//! classification path (SIMD and SWAR), whole and cut at every offset. The model is written
//! for clarity, not speed, so a shortcut in the fast reader shows up as a difference.

use csv_kernels::reader::classify::Path;
use csv_kernels::reader::{Flow, Reader, Record};
use csv_kernels::{Error, Limits, Options};

/// Records as (line, number, byte, fields, row problem), then the final error.
type Outcome = (
    Vec<(u64, u64, u64, Vec<Vec<u8>>, Option<String>)>,
    Option<String>,
);

fn describe(e: &Error) -> String {
    format!(
        "{} {} {}",
        e.kind.name(),
        e.position.line,
        e.position.column
    )
}

fn read(options: &Options, path: Path, input: &[u8], cuts: &[usize]) -> Outcome {
    let mut reader = Reader::with_path(options, path);
    let mut records = Vec::new();
    let mut emit = |r: &Record, p: Option<Error>| {
        let fields = r.iter().map(|f| f.to_vec()).collect();
        records.push((r.line, r.number, r.byte, fields, p.as_ref().map(describe)));
        Ok(Flow::Continue)
    };
    let mut start = 0;
    let mut result = Ok(());
    for &cut in cuts.iter().chain([input.len()].iter()) {
        result = result.and_then(|()| reader.feed(&input[start..cut], &mut emit));
        start = cut;
    }
    let error = result
        .and_then(|()| reader.finish(&mut emit))
        .err()
        .map(|e| describe(&e));
    (records, error)
}

/// The dialect, one byte at a time over the whole input.
fn model(input: &[u8], o: &Options) -> Outcome {
    let Limits {
        max_field_bytes,
        max_record_bytes,
        max_columns,
    } = o.limits;
    let is_end = |b: u8| b == b'\r' || b == b'\n';
    let mut i = if input.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut line = 1u64;
    // Counts the line end at `i`: a CR always, an LF unless a CR came just before.
    let ends_line = |i: usize| input[i] == b'\r' || i == 0 || input[i - 1] != b'\r';
    let mut records = Vec::new();
    let mut expected = None;
    let fail = |records, kind: &str, line: u64, column: usize| -> Outcome {
        (records, Some(format!("{kind} {line} {column}")))
    };
    loop {
        while i < input.len() && is_end(input[i]) {
            line += ends_line(i) as u64;
            i += 1;
        }
        if i == input.len() {
            if o.header && records.is_empty() {
                return fail(records, "empty_input", 1, 1);
            }
            return (records, None);
        }
        let (record_line, record_byte) = (line, i as u64);
        let mut fields: Vec<Vec<u8>> = Vec::new();
        let (mut total, mut nul) = (0usize, None);
        loop {
            let column = fields.len() + 1;
            let mut content = Vec::new();
            // Appends one content byte and checks the limits, the field's first.
            macro_rules! push {
                ($b:expr) => {{
                    content.push($b);
                    if $b == 0 && nul.is_none() {
                        nul = Some(column);
                    }
                    if content.len() > max_field_bytes {
                        return fail(records, "field_too_long", record_line, column);
                    }
                    if total + content.len() > max_record_bytes {
                        return fail(records, "record_too_long", record_line, column);
                    }
                }};
            }
            if i < input.len() && input[i] == o.quote {
                let quote_line = line;
                i += 1;
                loop {
                    let Some(&b) = input.get(i) else {
                        return fail(records, "unclosed_quote", quote_line, column);
                    };
                    if b == o.quote {
                        if input.get(i + 1) == Some(&o.quote) {
                            push!(b);
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    if is_end(b) {
                        line += ends_line(i) as u64;
                    }
                    push!(b);
                    i += 1;
                }
                match input.get(i) {
                    Some(&b) if b != o.delimiter && !is_end(b) => {
                        return fail(records, "invalid_quote", record_line, column)
                    }
                    _ => {}
                }
            } else {
                while i < input.len() && input[i] != o.delimiter && !is_end(input[i]) {
                    push!(input[i]);
                    i += 1;
                }
            }
            if fields.len() == max_columns {
                return fail(records, "too_many_columns", record_line, column);
            }
            total += content.len();
            fields.push(content);
            if i < input.len() && input[i] == o.delimiter {
                i += 1;
                continue;
            }
            break; // a line end (left for the blank-line loop to count) or the end of input
        }
        let number = records.len() as u64 + 1;
        let width = *expected.get_or_insert(fields.len());
        let problem = if let Some(column) = nul {
            Some(format!("nul_byte {record_line} {column}"))
        } else if let Some(bad) = fields.iter().position(|f| std::str::from_utf8(f).is_err()) {
            Some(format!("invalid_utf8 {record_line} {}", bad + 1))
        } else if fields.len() != width {
            let column = fields.len().min(width) + 1;
            Some(format!("ragged_row {record_line} {column}"))
        } else {
            None
        };
        records.push((record_line, number, record_byte, fields, problem));
    }
}

/// splitmix64: a fixed seed keeps every run the same.
struct Seq(u64);

impl Seq {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

fn random_input(seq: &mut Seq, pieces: usize) -> Vec<u8> {
    const PARTS: &[&[u8]] = &[
        b",",
        b",",
        b";",
        b"\"",
        b"\"",
        b"\"\"",
        b"'",
        b"\n",
        b"\r\n",
        b"\r",
        b"\n\n",
        b"abc",
        b"x",
        b"12345678",
        b" ",
        b"\0",
        b"\xff",
        b"\xc3",
        b"\xa9",
        b"\xc3\xa9",
        b"\xEF\xBB\xBF",
        b"\"q,\nq\"",
        b"\"a\"\"b\"",
    ];
    let mut out = Vec::new();
    for _ in 0..pieces {
        out.extend_from_slice(PARTS[seq.below(PARTS.len())]);
    }
    out
}

fn random_options(seq: &mut Seq) -> Options {
    let mut o = Options {
        header: seq.below(2) == 0,
        ..Options::default()
    };
    if seq.below(4) == 0 {
        (o.delimiter, o.quote) = (b';', b'\'');
    }
    if seq.below(3) == 0 {
        o.limits = Limits {
            max_field_bytes: 1 + seq.below(12),
            max_record_bytes: 1 + seq.below(30),
            max_columns: 1 + seq.below(6),
        };
    }
    o
}

#[test]
fn every_path_matches_the_model_at_every_cut() {
    let mut seq = Seq(7);
    for round in 0..1500 {
        let pieces = seq.below(40);
        let input = random_input(&mut seq, pieces);
        let options = random_options(&mut seq);
        let want = model(&input, &options);
        for path in Path::all_available() {
            let whole = read(&options, path, &input, &[]);
            assert_eq!(whole, want, "round {round} {path:?} {input:?} {options:?}");
            for cut in 0..=input.len() {
                let got = read(&options, path, &input, &[cut]);
                assert_eq!(got, want, "round {round} {path:?} cut {cut} {input:?}");
            }
            let ones: Vec<usize> = (1..input.len()).collect();
            assert_eq!(read(&options, path, &input, &ones), want, "{path:?} bytes");
        }
    }
}

#[test]
fn long_inputs_across_blocks_and_batches() {
    let mut seq = Seq(99);
    for round in 0..40 {
        let pieces = 2000 + seq.below(3000);
        let input = random_input(&mut seq, pieces);
        let options = Options {
            header: false,
            ..Options::default()
        };
        let want = model(&input, &options);
        for path in Path::all_available() {
            let mut cuts: Vec<usize> = (0..seq.below(8)).map(|_| seq.below(input.len())).collect();
            cuts.sort();
            assert_eq!(
                read(&options, path, &input, &cuts),
                want,
                "round {round} {path:?}"
            );
        }
    }
}
