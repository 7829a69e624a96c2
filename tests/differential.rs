//! Differential test against CPython's `csv` module, the reference the README promises
//! byte-identity with: random CSV (quotes, delimiters, CR/LF mixes, empty fields, Unicode,
//! now and then a malformed quote) goes through the core's pass-through (`run("")`) and
//! through `csv.reader(strict=True)` + `csv.writer(lineterminator="\n")` in one `python3`
//! process, and the two must agree byte for byte.
//!
//! The only differences allowed are the documented dialect choices (README, "The CSV
//! dialect"), each handled in one place below:
//! - a leading UTF-8 BOM is dropped here; Python keeps it in the first field, so Python is
//!   given the input without it;
//! - blank lines are skipped here; Python returns them as empty rows, which its side drops;
//! - every record must have the first record's field count here (`ragged_row`); Python takes
//!   ragged rows, so a `ragged_row` error must match rows of differing lengths there;
//! - a header is required here (`empty_input` for an input without records when
//!   `header = true`); Python reads nothing;
//! - CPython before 3.11.9 (and 3.12.0-3.12.2) wrote a field holding a bare CR unquoted, which
//!   does not read back; the script asks such a writer for the newer rule (see PYTHON).
//!
//! Structural errors must coincide: Python raises `csv.Error` exactly when the core stops with
//! `invalid_quote` or `unclosed_quote`.
//!
//! A fixed seed and 1,500 inputs keep it to seconds in `npm test`;
//! `CSV_KERNELS_DIFF_CASES=200000` (and `CSV_KERNELS_DIFF_SEED=N`) run more.
// Spawns python3, which WASI cannot do.
#![cfg(not(target_os = "wasi"))]

use csv_kernels::{ErrorKind, Options};
use std::io::Write;
use std::process::{Command, Stdio};

/// Reads cases framed as `DELIMITER QUOTE LENGTH\n` + LENGTH bytes of UTF-8 CSV (the two
/// characters as byte values); answers each with `O? LENGTH\n` + the rewritten CSV, or `E? 0\n`
/// when the reader raised csv.Error, where `?` is `R` when the rows read (before any error)
/// have differing lengths and `-` otherwise.
const PYTHON: &str = r#"
import csv, io, sys
data = sys.stdin.buffer.read()
out = sys.stdout.buffer
v = sys.version_info
# Older writers quote only around the line terminator's characters: with "\r\n" as the
# terminator they quote a bare CR too (the newer rule); each row's "\r\n" becomes "\n".
old_writer = v < (3, 11, 9) or (3, 12) <= v < (3, 12, 3)
pos = 0
while pos < len(data):
    nl = data.index(b"\n", pos)
    delimiter, quote, length = map(int, data[pos:nl].split())
    text = data[nl + 1 : nl + 1 + length].decode("utf-8")
    pos = nl + 1 + length
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=chr(delimiter),
                        quotechar=chr(quote), strict=True)
    rows, failed = [], False
    try:
        for row in reader:
            if row:
                rows.append(row)
    except csv.Error:
        failed = True
    ragged = len({len(row) for row in rows}) > 1
    if failed:
        out.write(b"E%s 0\n" % (b"R" if ragged else b"-"))
        continue
    buf = io.StringIO()
    for row in rows:
        one = io.StringIO()
        csv.writer(one, delimiter=chr(delimiter), quotechar=chr(quote),
                   lineterminator="\r\n" if old_writer else "\n").writerow(row)
        line = one.getvalue()
        buf.write(line[:-2] + "\n" if old_writer else line)
    written = buf.getvalue().encode("utf-8")
    out.write(b"O%s %d\n" % (b"R" if ragged else b"-", len(written)) + written)
"#;

/// SplitMix64: every seed, 0 included, gives a full-period stream, so any
/// CSV_KERNELS_DIFF_SEED works as given.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number below `n` (the slight modulo bias does not matter for test data).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const LINE_ENDS: &[&[u8]] = &[b"\n", b"\r\n", b"\r"];

/// One generated input and the dialect it is written in.
struct Case {
    csv: Vec<u8>,
    delimiter: u8,
    quote: u8,
    header: bool,
}

/// Field text: what makes CSV hard, with Unicode that is not a line end to either side
/// (U+2028, U+0085) beside what is.
fn field_text(rng: &mut Rng, delimiter: u8, quote: u8) -> String {
    let pieces = [
        "a", "value", "12", "-3.5", " ", "é", "日本", "🦀", "\u{2028}", "\u{85}", "\n", "\r",
        "\r\n", ",", ";", "\t", "|", "\"", "'", "\"\"",
    ];
    let mut text = String::new();
    for _ in 0..rng.below(4) {
        let piece: &&str = rng.pick(&pieces);
        text.push_str(piece);
    }
    if rng.chance(5) {
        text.push(char::from(delimiter));
    }
    if rng.chance(5) {
        text.push(char::from(quote));
    }
    text
}

fn write_field(rng: &mut Rng, out: &mut Vec<u8>, text: &str, delimiter: u8, quote: u8) {
    let bytes = text.as_bytes();
    let must_quote = bytes.first() == Some(&quote)
        || bytes
            .iter()
            .any(|&b| b == delimiter || b == b'\n' || b == b'\r');
    if must_quote || rng.chance(20) {
        out.push(quote);
        for &b in bytes {
            out.push(b);
            if b == quote {
                out.push(quote);
            }
        }
        out.push(quote);
        // Now and then text after the closing quote: an error on both sides.
        if rng.chance(1) {
            out.push(b'x');
        }
    } else {
        out.extend_from_slice(bytes);
    }
}

fn random_case(rng: &mut Rng) -> Case {
    let delimiter = *rng.pick(b",,,;\t|");
    let quote = if rng.chance(15) { b'\'' } else { b'"' };
    let mut csv = Vec::new();
    if rng.chance(5) {
        csv.extend_from_slice("\u{feff}".as_bytes());
    }
    let width = 1 + rng.below(4);
    let records = rng.below(7);
    for r in 0..records {
        if rng.chance(8) {
            csv.extend_from_slice(rng.pick::<&[u8]>(LINE_ENDS));
        }
        let fields = if rng.chance(4) {
            1 + rng.below(5)
        } else {
            width
        };
        for f in 0..fields {
            if f > 0 {
                csv.push(delimiter);
            }
            let text = field_text(rng, delimiter, quote);
            write_field(rng, &mut csv, &text, delimiter, quote);
        }
        if r + 1 < records || rng.chance(70) {
            csv.extend_from_slice(rng.pick::<&[u8]>(LINE_ENDS));
        }
    }
    if rng.chance(1) {
        csv.push(quote); // an unclosed quote at the end
    }
    Case {
        csv,
        delimiter,
        quote,
        header: rng.chance(30),
    }
}

/// What CPython made of one case: the rewritten CSV, or `None` when it raised csv.Error, and
/// whether the rows it read (before any error) have differing lengths.
struct Python {
    csv: Option<Vec<u8>>,
    ragged: bool,
}

/// What `script` run by python3 writes for `input` on its stdin. The reference must answer:
/// a missing python3 or a failed run fails the test (it is never skipped).
fn python(script: &str, input: Vec<u8>) -> Vec<u8> {
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3, the differential test's reference, must be installed");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("the python side ran");
    writer
        .join()
        .unwrap()
        .expect("the python side read its input");
    assert!(output.status.success(), "the python side failed");
    output.stdout
}

/// Runs every case through CPython in one process. The reference must answer: a missing
/// python3 or an answer that does not parse fails the test (it is never skipped).
fn through_python(cases: &[Case]) -> Vec<Python> {
    let mut input = Vec::new();
    for c in cases {
        // Python keeps a BOM as text: the core drops it, so Python never sees it.
        let csv = c.csv.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&c.csv);
        writeln!(input, "{} {} {}", c.delimiter, c.quote, csv.len()).unwrap();
        input.extend_from_slice(csv);
    }
    let output = python(PYTHON, input);
    let mut answers = Vec::new();
    let mut rest = output.as_slice();
    let garbage = "the python side's answer is not `TAG LEN\\nBYTES`";
    while !rest.is_empty() {
        let nl = rest.iter().position(|&b| b == b'\n').expect(garbage);
        let head = std::str::from_utf8(&rest[..nl]).expect(garbage);
        let (tag, len) = head.split_once(' ').expect(garbage);
        let len: usize = len.parse().expect(garbage);
        assert!(
            matches!(tag, "O-" | "OR" | "E-" | "ER"),
            "{garbage}: tag {tag:?}"
        );
        let body = rest.get(nl + 1..nl + 1 + len).expect(garbage).to_vec();
        rest = &rest[nl + 1 + len..];
        answers.push(Python {
            csv: tag.starts_with('O').then_some(body),
            ragged: tag.ends_with('R'),
        });
    }
    answers
}

/// Why the core and CPython disagree on `case`, or `None` when they agree or differ only in
/// a documented way.
fn disagreement(case: &Case, python: &Python) -> Option<String> {
    let options = Options {
        delimiter: case.delimiter,
        quote: case.quote,
        header: case.header,
        ..Options::default()
    };
    let core = csv_kernels::run("", &case.csv, &options);
    let agree = match (&core, &python.csv) {
        (Ok((out, _)), Some(csv)) => out == csv && !python.ragged,
        // The core stops at the first ragged row; Python read past it (perhaps into a later
        // structural error).
        (Err(e), _) if e.kind == ErrorKind::RaggedRow => python.ragged,
        (Err(e), Some(csv)) if e.kind == ErrorKind::EmptyInput => case.header && csv.is_empty(),
        (Err(e), None) => {
            matches!(e.kind, ErrorKind::InvalidQuote | ErrorKind::UnclosedQuote) && !python.ragged
        }
        _ => false,
    };
    (!agree).then(|| {
        format!(
            "core {:?}\npython (ragged {}) {:?}",
            core.map(|(out, _)| String::from_utf8_lossy(&out).into_owned()),
            python.ragged,
            python
                .csv
                .as_ref()
                .map(|csv| String::from_utf8_lossy(csv).into_owned())
        )
    })
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn pass_through_matches_cpython_csv() {
    let count = env_number("CSV_KERNELS_DIFF_CASES", 1500) as usize;
    let mut rng = Rng(env_number("CSV_KERNELS_DIFF_SEED", 0x5EED_C5F0));
    let cases: Vec<Case> = (0..count).map(|_| random_case(&mut rng)).collect();
    let answers = through_python(&cases);
    assert_eq!(answers.len(), cases.len());
    let mut failures = Vec::new();
    let mut compared_rows = 0;
    for (case, python) in cases.iter().zip(&answers) {
        if python.csv.is_some() && !python.ragged {
            compared_rows += 1;
        }
        if let Some(why) = disagreement(case, python) {
            failures.push(format!(
                "input {:?} (delimiter {:?}, quote {:?}, header {}):\n{why}",
                String::from_utf8_lossy(&case.csv),
                char::from(case.delimiter),
                char::from(case.quote),
                case.header
            ));
        }
    }
    eprintln!("{compared_rows} of {count} inputs compared byte for byte, the rest were errors");
    // The generator must mostly produce inputs both sides accept, or the test says little.
    assert!(
        compared_rows * 2 > count,
        "only {compared_rows} of {count} inputs compared"
    );
    assert!(
        failures.is_empty(),
        "{} of {count} inputs differ; first ones:\n{}",
        failures.len(),
        failures[..failures.len().min(5)].join("\n\n")
    );
}

/// Compresses each input with CPython's `gzip` module: a level, a file name in the header and
/// a split into members chosen by the input's own first byte. Answers `LENGTH\n` + the bytes.
const GZIP: &str = r#"
import gzip, io, sys
data = sys.stdin.buffer.read()
out = sys.stdout.buffer
pos = 0
while pos < len(data):
    nl = data.index(b"\n", pos)
    length = int(data[pos:nl])
    plain = data[nl + 1 : nl + 1 + length]
    pos = nl + 1 + length
    pick = plain[0] if plain else 0
    cut = len(plain) * (pick % 3) // 3
    packed = b""
    for i, part in enumerate([plain[:cut], plain[cut:]] if pick % 3 else [plain]):
        buf = io.BytesIO()
        name = "part%d.csv" % i if pick % 2 else ""
        with gzip.GzipFile(filename=name, mode="wb", fileobj=buf, mtime=pick, compresslevel=1 + pick % 9) as f:
            f.write(part)
        packed += buf.getvalue()
    out.write(b"%d\n" % len(packed) + packed)
"#;

/// Every gzip stream CPython writes reads as the bytes it holds, fed whole or in chunks.
#[test]
fn gzip_from_cpython_reads_as_its_plain_bytes() {
    let mut rng = Rng(env_number("CSV_KERNELS_DIFF_SEED", 0x5EED_C5F0) ^ 0x6A09);
    let cases: Vec<Case> = (0..300).map(|_| random_case(&mut rng)).collect();
    let mut input = Vec::new();
    for c in &cases {
        writeln!(input, "{}", c.csv.len()).unwrap();
        input.extend_from_slice(&c.csv);
    }
    let output = python(GZIP, input);
    let mut rest = output.as_slice();
    for case in &cases {
        let nl = rest.iter().position(|&b| b == b'\n').expect("LENGTH\\n");
        let len: usize = std::str::from_utf8(&rest[..nl]).unwrap().parse().unwrap();
        let gz = &rest[nl + 1..nl + 1 + len];
        rest = &rest[nl + 1 + len..];
        let options = Options {
            delimiter: case.delimiter,
            quote: case.quote,
            header: case.header,
            ..Options::default()
        };
        let plain = csv_kernels::run("", &case.csv, &options).map_err(|e| e.to_string());
        for size in [gz.len().max(1), 1, 7, 64] {
            let mut job = csv_kernels::Job::new("", options).unwrap();
            let mut out = Vec::new();
            let got = gz
                .chunks(size)
                .try_for_each(|chunk| job.push(chunk, &mut out))
                .and_then(|()| job.finish(&mut out))
                .map(|stats| (out, stats))
                .map_err(|e| e.to_string());
            assert_eq!(
                got,
                plain,
                "{:?} in chunks of {size}",
                String::from_utf8_lossy(&case.csv)
            );
        }
    }
    assert!(rest.is_empty());
}
