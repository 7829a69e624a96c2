use super::*;
use crate::OnError;

/// One thread, through the same streaming path the CLI uses.
fn one_thread(pipeline: &Pipeline, options: &Options, input: &[u8]) -> (Vec<u8>, String) {
    let mut out = Vec::new();
    let mut job = Job::with_pipeline(pipeline.clone(), *options);
    let result = crate::run::stream::run_job::<Failure>(&mut job, input, &mut out);
    (out, outcome(result))
}

fn parallel(
    pipeline: &Pipeline,
    options: &Options,
    input: impl Read,
    threads: usize,
    range_bytes: usize,
) -> (Vec<u8>, String) {
    let mut out = Vec::new();
    let result = run_parallel::<Failure>(pipeline, options, input, &mut out, threads, range_bytes);
    (out, outcome(result))
}

/// A reader that hands out at most a few bytes per call, as a pipe may.
struct Trickle<'a> {
    data: &'a [u8],
    state: u64,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf
            .len()
            .min(self.data.len())
            .min(1 + next(&mut self.state) % 61);
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fn outcome(result: std::result::Result<Stats, Failure>) -> String {
    match result {
        Ok(s) => format!("{s:?}"),
        Err(Failure::Csv(e)) => format!("{:?} {:?} {}", e.kind, e.position, e.message),
        Err(Failure::Io(e)) => format!("io {e}"),
    }
}

/// xorshift: a fixed seed keeps every run the same.
fn next(state: &mut u64) -> usize {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    (*state >> 11) as usize
}

fn random_rows(state: &mut u64, rows: usize, broken: bool) -> Vec<u8> {
    let names = [
        "alpha",
        "\"gamma, delta\"",
        "\"line\nbreak\"",
        "\"say \"\"hi\"\"\"",
        "\"cr\r\nlf\"",
        "",
        "x\"y",
        "12",
    ];
    let mut out = b"id,value,name\r\n".to_vec();
    for i in 0..rows {
        let value = next(state) % 100_000;
        let name = names[next(state) % if broken { names.len() } else { 6 }];
        let end = ["\n", "\r\n", "\r", "\n\n"][next(state) % 4];
        out.extend_from_slice(format!("{i},{value},{name}{end}").as_bytes());
        if broken && next(state).is_multiple_of(50) {
            out.extend_from_slice(
                ["1,2\n", "\0,1,2\n", "\"open", "1,\"x\"y,3\n"][next(state) % 4].as_bytes(),
            );
        }
    }
    out
}

#[test]
fn same_bytes_counters_and_errors_as_one_thread() {
    let specs = [
        "",
        "derive d = digit_factorial_sum(value)",
        "where value > 50000",
        "select name, id",
        "where name contains \"a\" | derive p = is_prime(value)",
        "take 5",
        // Run in parts merged on the calling thread:
        "group name aggregate n = count(), s = sum(value), l = string_agg(id, \"-\"), f = first(id)",
        "distinct name",
        "where value > 100 | group name aggregate m = mean(value), q = median(value) | sort -m",
        "aggregate n = count(), v = max(value), m = mode(name)",
    ];
    let mut state = 0x1234_5678_9ABC_DEF1u64;
    for round in 0..400 {
        let broken = round % 3 == 0;
        let rows = next(&mut state) % 120;
        let mut input = random_rows(&mut state, rows, broken);
        if round % 7 == 0 {
            input.splice(0..0, b"\xEF\xBB\xBF".iter().copied());
        }
        if round % 5 == 0 {
            input.truncate(input.len().saturating_sub(next(&mut state) % 4));
        }
        let mut options = Options {
            header: round % 4 != 1,
            on_error: [OnError::Fail, OnError::Skip, OnError::Null][round % 3],
            ..Options::default()
        };
        if round % 11 == 0 {
            options.format = OutputFormat::Ndjson;
        }
        let pipeline = Pipeline::parse(specs[round % specs.len()]).unwrap();
        let want = one_thread(&pipeline, &options, &input);
        for (threads, range_bytes) in [
            (2, 7),
            (3, 40),
            (4, 1 + next(&mut state) % 300),
            (2, 1 << 20),
        ] {
            let got = parallel(&pipeline, &options, &input[..], threads, range_bytes);
            // The same through short reads: the next block is read while a block runs. (A
            // `take` runs as one job, which counts the bytes it was given before it stopped.)
            let data = &input[..];
            let mut runs = vec![got];
            if is_parallel_safe(&pipeline, &options) {
                let trickle = Trickle { data, state };
                runs.push(parallel(&pipeline, &options, trickle, threads, range_bytes));
            }
            for got in runs {
                assert_eq!(
                    (String::from_utf8_lossy(&got.0), &got.1),
                    (String::from_utf8_lossy(&want.0), &want.1),
                    "round {round}, {threads} threads, {range_bytes} bytes: {:?}",
                    String::from_utf8_lossy(&input)
                );
            }
        }
    }
}

#[test]
fn ranges_in_memory() {
    let pipeline = Pipeline::parse("where value > 1").unwrap();
    let (out, stats) =
        run_ranges(&pipeline, b"value\n1\n2\n\"3\"\n", &Options::default(), 2).unwrap();
    assert_eq!(
        (out, stats.rows_in, stats.rows_out),
        (b"value\n2\n3\n".to_vec(), 3, 2)
    );
    let e = run_ranges(&pipeline, b"value\n1\n2\nx\n", &Options::default(), 2).unwrap_err();
    assert_eq!(
        (e.kind, e.position.line),
        (crate::ErrorKind::InvalidNumber, 4)
    );
}

#[test]
fn a_message_names_the_same_line_as_one_thread() {
    // Records many ranges into the input, spanning lines: the position is the record's first
    // line in the whole input, and the message counts lines within the record, so neither
    // depends on where a range starts.
    let mut head = b"id,name\n".to_vec();
    for i in 0..40 {
        head.extend_from_slice(format!("{i},\"x\ny\"\n").as_bytes());
    }
    let pipeline = Pipeline::parse("").unwrap();
    for (tail, want) in [
        (
            &b"40,\"a\nb\nc\"z\n"[..],
            "InvalidQuote Position { line: 82, column: 2, record: 42, byte: 358 } \
             unexpected 'z' after a closing quote on line 3 of the record \
             (double a quote inside a quoted field)",
        ),
        (
            b"40,\"a\nb\",\"c\nd\n",
            "UnclosedQuote Position { line: 82, column: 3, record: 42, byte: 358 } \
             the quoted field opened on line 2 of the record is not closed before the end \
             of the input",
        ),
    ] {
        let input = [&head[..], tail].concat();
        let options = Options::default();
        assert_eq!(one_thread(&pipeline, &options, &input).1, want);
        for (threads, range_bytes) in [(2, 7), (3, 40), (4, 1 << 20)] {
            let got = parallel(&pipeline, &options, &input[..], threads, range_bytes);
            assert_eq!(got.1, want, "{threads} threads, {range_bytes}-byte ranges");
        }
    }
}

#[test]
fn cuts_and_walks() {
    let block = b"a,\"b\nc\"\nd,e\n\"f\"\"\",g\nh\n";
    let cuts = split::cuts(block, b'"', 3, false).unwrap();
    assert_eq!(cuts.last(), Some(&20));
    for w in cuts.windows(2) {
        assert!(block[w[0] - 1] == b'\n' && w[0] < w[1]);
    }
    let c = Classifier::new(b',', b'"', Path::detect());
    let walk = split::walk(&block[..8], &c, b'"', b',');
    assert_eq!((walk.ends_between_records, walk.line_ends), (true, 2));
    // Cut inside the quoted field: the walk says so.
    assert!(!split::walk(&block[..5], &c, b'"', b',').ends_between_records);
    assert!(!split::walk(b"\"a\"b\n", &c, b'"', b',').ends_between_records);
}

/// A reader that remembers how far it was read.
struct Counting<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Read for Counting<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.data.len() - self.pos);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn an_unclosed_quote_does_not_pull_the_whole_input_into_memory() {
    let mut input = b"a,b\n1,2\n3,\"open\n".to_vec();
    input.extend(std::iter::repeat_n(b"4,5\n".iter().copied(), 1 << 19).flatten());
    let mut options = Options::default();
    options.limits.max_record_bytes = 1000;
    let pipeline = Pipeline::parse("").unwrap();
    let want = one_thread(&pipeline, &options, &input);
    let mut source = Counting {
        data: &input,
        pos: 0,
    };
    let mut out = Vec::new();
    let result = run_parallel::<Failure>(&pipeline, &options, &mut source, &mut out, 2, 64);
    assert_eq!((out, outcome(result)), want);
    assert!(
        source.pos < input.len() / 2,
        "read {} of {}",
        source.pos,
        input.len()
    );
}
