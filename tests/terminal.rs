//! What the CLI shows a person at a terminal: the progress bar and the summary line, under a
//! pseudo-terminal from util-linux `script`, against the same runs with stderr on a pipe.
//! The runs are made long by a reader or writer that waits, not by big inputs: the bar first
//! draws after a second, at the first chunk read from then on.
// `script -qfec` is util-linux's (the BSD one takes other arguments).
#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_csv-kernels");
const ROWS: usize = 100_000;

/// A folder with `in.csv`: ROWS rows of `id,value`, about 1.3 MB (several 256 KB chunks).
fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("csv-kernels-tty-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut csv = String::from("id,value\n");
    for i in 0..ROWS {
        csv.push_str(&format!("{i},{}\n", i * 7));
    }
    std::fs::write(dir.join("in.csv"), csv).unwrap();
    dir
}

/// Runs `command` with `sh` on a pseudo-terminal (stdin, stdout and stderr) and returns what
/// the terminal received (its line discipline turns `\n` into `\r\n`).
fn on_terminal(command: &str, dir: &Path) -> String {
    let out = Command::new("script")
        .args(["-qfec", command, "/dev/null"])
        .env("SHELL", "/bin/sh")
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("util-linux script runs");
    assert!(out.status.success(), "{command}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The bar's frames (each drawn as `\r FRAME ESC[K`) and what follows the final erase.
fn frames(shown: &str) -> (Vec<&str>, &str) {
    let pieces: Vec<&str> = shown.split("\x1b[K").collect();
    let Some((rest, drawn)) = pieces.split_last() else {
        unreachable!("split yields at least one piece")
    };
    if drawn.is_empty() {
        return (vec![], rest);
    }
    let (clear, drawn) = drawn.split_last().unwrap();
    assert_eq!(
        *clear, "\r",
        "the bar is erased before anything else is written"
    );
    let frames = drawn
        .iter()
        .map(|f| {
            f.strip_prefix('\r')
                .expect("each frame starts at the line's start")
        })
        .collect();
    (frames, rest)
}

/// `line` is `start` + `(S.SS s)` + `end` with at least `min` seconds; returns the seconds.
fn assert_timed(line: &str, start: &str, end: &str, min: f64) -> f64 {
    let seconds = line
        .strip_prefix(start)
        .and_then(|l| l.strip_suffix(end))
        .and_then(|l| l.strip_prefix('('))
        .and_then(|l| l.strip_suffix(" s)"))
        .unwrap_or_else(|| panic!("{line:?} is not {start:?}(S.SS s){end:?}"));
    assert_eq!(
        seconds.split_once('.').map(|(_, d)| d.len()),
        Some(2),
        "{line:?}"
    );
    let seconds: f64 = seconds.parse().unwrap();
    assert!(seconds >= min, "{line:?}");
    seconds
}

fn counts(rows: usize) -> String {
    format!("csv-kernels: {rows} rows in, {rows} out, 0 skipped, 0 cells nulled ")
}

fn expected_output(dir: &Path) -> Vec<u8> {
    let mut want = String::from("id,value,d\n");
    let input = std::fs::read_to_string(dir.join("in.csv")).unwrap();
    for line in input.lines().skip(1) {
        let value = line.split_once(',').unwrap().1;
        let d: u64 = value
            .bytes()
            .map(|b| [1, 1, 2, 6, 24, 120, 720, 5040, 40320, 362880][(b - b'0') as usize])
            .sum();
        want.push_str(&format!("{line},{d}\n"));
    }
    want.into_bytes()
}

const PIPELINE: &str = "derive d = digit_factorial_sum(value)";

/// Runs `command` on a terminal, checks that the bar was drawn and that every frame passes
/// `frame_ok`, and returns what the terminal showed after the bar.
fn with_bar(command: &str, dir: &Path, frame_ok: impl Fn(&str) -> bool) -> String {
    let shown = on_terminal(command, dir);
    let (drawn, rest) = frames(&shown);
    assert!(!drawn.is_empty(), "no bar: {shown:?}");
    for frame in drawn {
        assert!(frame_ok(frame), "{frame:?}");
    }
    rest.to_string()
}

/// A run of PIPELINE over all of in.csv into out.csv: its summary and its output.
fn assert_ran(rest: &str, dir: &Path) {
    assert_timed(rest, &counts(ROWS), "\r\n", 1.0);
    let out = std::fs::read(dir.join("out.csv")).unwrap();
    assert!(out == expected_output(dir), "out.csv differs");
}

#[test]
fn a_file_shows_its_share_read_then_the_summary() {
    let dir = workdir("file");
    let size = std::fs::metadata(dir.join("in.csv")).unwrap().len();
    let of = format!(" of {:.1} MiB  ", size as f64 / 1048576.0);
    // The reader that waits keeps the CLI blocked on its output for 1.5 s after the first
    // chunk, so the next chunks are read after the bar's first second. One thread: the
    // parallel path reads this small file in one block, before it writes anything.
    let command = format!(
        "'{BIN}' run '{PIPELINE}' --input in.csv --threads 1 | {{ sleep 1.5; cat > out.csv; }}"
    );
    let rest = with_bar(&command, &dir, |frame| {
        let (bar, figures) = frame.split_at(18);
        bar.starts_with('[')
            && bar.ends_with(']')
            && bar[1..17].chars().all(|c| c == '#' || c == '-')
            && figures.contains(&of)
            && figures.contains(" rows/s  ")
            && figures.ends_with(" left")
            && frame.len() < 80
    });
    assert_ran(&rest, &dir);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Input that arrives slowly on stdin from a pipe: no size to show, so bytes and time.
const SLOW_STDIN: &str = "{ head -c 300000 in.csv; sleep 1.5; tail -c +300001 in.csv; }";

#[test]
fn a_pipe_in_shows_bytes_read_and_time_elapsed() {
    let dir = workdir("stdin");
    // One thread reads chunk by chunk through the job; two fill a block from the pipe.
    for threads in ["1", "2"] {
        let command =
            format!("{SLOW_STDIN} | '{BIN}' run '{PIPELINE}' --output out.csv --threads {threads}");
        let rest = with_bar(&command, &dir, |frame| {
            frame.split_once(" read  ").is_some_and(|(read, rest)| {
                (read.ends_with(" KiB") || read.ends_with(" MiB"))
                    && rest.contains(" rows/s  0:0")
                    && rest.ends_with(" elapsed")
            })
        });
        assert_ran(&rest, &dir);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn profile_has_a_bar_and_a_summary_too() {
    let dir = workdir("profile");
    let command = format!("{SLOW_STDIN} | '{BIN}' profile --output profile.json");
    let rest = with_bar(&command, &dir, |frame| frame.ends_with(" elapsed"));
    let start = format!("csv-kernels: {ROWS} rows profiled, 0 skipped, 2 columns ");
    assert_timed(&rest, &start, "\r\n", 1.0);
    let json = std::fs::read_to_string(dir.join("profile.json")).unwrap();
    assert!(
        json.starts_with(&format!("{{\"version\":2,\"rows\":{ROWS},")),
        "{json}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Ends in.csv with a row whose value is not a number.
fn add_bad_last_row(dir: &Path) {
    let mut input = std::fs::read(dir.join("in.csv")).unwrap();
    input.extend_from_slice(b"100000,zz\n");
    std::fs::write(dir.join("in.csv"), input).unwrap();
}

#[test]
fn digit_factorial_sum_skips_rows_and_says_so() {
    let dir = workdir("dfs");
    add_bad_last_row(&dir);
    let command = format!(
        "{SLOW_STDIN} | '{BIN}' digit-factorial-sum --column value --as d --on-error skip > out.csv"
    );
    let rest = with_bar(&command, &dir, |frame| frame.ends_with(" elapsed"));
    let start = format!(
        "csv-kernels: {} rows in, {ROWS} out, 1 skipped, 0 cells nulled ",
        ROWS + 1
    );
    assert_timed(&rest, &start, "\r\n", 1.0);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A run that fails after the bar was drawn: the bar is erased and the error has the line to
/// itself, the same bytes as on a pipe.
#[test]
fn an_error_follows_an_erased_bar() {
    let dir = workdir("error");
    add_bad_last_row(&dir);
    let piped = Command::new(BIN)
        .args(["run", PIPELINE, "--input", "in.csv", "--output", "out.csv"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(piped.status.code(), Some(2));
    let error = String::from_utf8(piped.stderr).unwrap();
    assert_eq!(
        error,
        "error: line 100002, column 2: invalid_number: \"zz\" is not an integer\n"
    );
    let command = format!("{SLOW_STDIN} | '{BIN}' run '{PIPELINE}' > out.csv; test $? = 2");
    let rest = with_bar(&command, &dir, |frame| frame.ends_with(" elapsed"));
    assert_eq!(rest, error.replace('\n', "\r\n"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn quiet_silences_the_terminal() {
    let dir = workdir("quiet");
    let run = format!("{SLOW_STDIN} | '{BIN}' run '{PIPELINE}' --output out.csv --quiet");
    assert_eq!(on_terminal(&run, &dir), "");
    let profile = format!("{SLOW_STDIN} | '{BIN}' profile --quiet > /dev/null");
    assert_eq!(on_terminal(&profile, &dir), "");
    // --quiet also drops the counts a skip run reports on a pipe; errors are still said.
    let skip = Command::new(BIN)
        .args([
            "run",
            "derive d = is_prime(id)",
            "--on-error",
            "skip",
            "--quiet",
        ])
        .args(["--input", "in.csv"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(
        (skip.status.code(), skip.stderr.as_slice()),
        (Some(0), &b""[..])
    );
    let error = Command::new(BIN)
        .args([
            "run",
            "derive d = is_prime(nope)",
            "--quiet",
            "--input",
            "in.csv",
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(error.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&error.stderr).starts_with("error: "));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Rows written to the terminal would tear the bar apart: only the summary follows them.
#[test]
fn output_on_the_terminal_gets_no_bar() {
    let dir = workdir("stdout");
    let shown = on_terminal(
        &format!("{SLOW_STDIN} | '{BIN}' run 'filter id >= 99998'"),
        &dir,
    );
    let rows = "id,value\r\n99998,699986\r\n99999,699993\r\n";
    let summary = shown
        .strip_prefix(rows)
        .unwrap_or_else(|| panic!("{shown:?}"));
    let start = format!("csv-kernels: {ROWS} rows in, 2 out, 0 skipped, 0 cells nulled ");
    assert_timed(summary, &start, "\r\n", 1.0);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Rows typed at the terminal share its line with the bar: no bar then, only the summary.
/// The rows are typed slowly, then end-of-file keys (^D) until the run has ended.
#[test]
fn typed_input_gets_no_bar() {
    let typing = "printf 'a\\n1\\n'; sleep 1.3; printf '2\\n'; for i in 1 2 3; do sleep 0.2; printf '\\004'; done; sleep 1";
    let run = format!("'{BIN}' run 'filter a != \\\"\\\"' --output /dev/null");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{{ {typing}; }} | script -qfec \"{run}\" /dev/null"
        ))
        .env("SHELL", "/bin/sh")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let shown = String::from_utf8(out.stdout).unwrap();
    // The terminal echoes what is typed.
    let summary = shown
        .strip_prefix("a\r\n1\r\n2\r\n")
        .unwrap_or_else(|| panic!("{shown:?}"));
    let start = "csv-kernels: 2 rows in, 2 out, 0 skipped, 0 cells nulled ";
    assert_timed(summary, start, "\r\n", 1.0);
}

/// With stderr on a pipe nothing of the terminal's is written, however long the run: a
/// fail run says nothing, a skip run the one counts line scripts read.
#[test]
fn a_pipe_gets_no_bar_bytes() {
    let dir = workdir("pipe");
    for (policy, want) in [
        ("fail", String::new()),
        ("skip", format!("{}\n", counts(ROWS).trim_end())),
    ] {
        let child = Command::new(BIN)
            .args(["run", PIPELINE, "--input", "in.csv", "--threads", "1"])
            .args(["--on-error", policy])
            .current_dir(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Not reading stdout for 1.5 s holds the run past the bar's first second.
        std::thread::sleep(Duration::from_millis(1500));
        let out: Output = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(String::from_utf8(out.stderr).unwrap(), want);
        assert_eq!(out.stdout, expected_output(&dir));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
