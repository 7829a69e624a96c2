//! The CLI contract: the golden cases through the real binary, exit codes, messages, --help.
// Spawns the binary as a process, which WASI cannot do: under wasmtime the CLI contract is
// checked by tests/edge/wasmtime.test.mjs instead.
#![cfg(not(target_os = "wasi"))]

mod common;

use common::cli::{cli, cli_os};
use common::{load_cases, Case, Expected};
use std::ffi::OsStr;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The CLI arguments that run `case`: options become flags as tests/cases/README.md says.
fn case_args(case: &Case) -> Vec<String> {
    let mut args = match &case.pipeline {
        Some(p) => vec!["run".to_string(), p.clone()],
        None => vec!["profile".to_string()],
    };
    for (k, v) in &case.options {
        match (k.as_str(), v.as_str()) {
            ("header", "false") => args.push("--no-header".into()),
            ("crlf", "true") => args.push("--crlf".into()),
            _ => args.extend([format!("--{}", k.replace('_', "-")), v.clone()]),
        }
    }
    args
}

/// The stderr summary the CLI prints for `expected-stats.txt` (skip and null runs).
fn stats_message(stats: &str) -> String {
    let n: Vec<&str> = stats
        .split_whitespace()
        .map(|kv| kv.split_once('=').unwrap().1)
        .collect();
    format!(
        "csv-kernels: {} rows in, {} out, {} skipped, {} cells nulled\n",
        n[0], n[1], n[2], n[3]
    )
}

#[test]
fn golden_cases_through_the_binary() {
    let mut failures = Vec::new();
    for case in load_cases() {
        let args = case_args(&case);
        // In the case's folder, where the paths its joins name lie.
        let mut child = Command::new(env!("CARGO_BIN_EXE_csv-kernels"))
            .args(&args)
            .current_dir(&case.dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let _ = child.stdin.take().unwrap().write_all(&case.input);
        let out = child.wait_with_output().unwrap();
        let problem = match &case.expected {
            Expected::Output(want) => {
                let counts = case.stats.as_deref().map(stats_message);
                let counts_ok = counts.as_ref().is_none_or(|c| stderr(&out) == *c);
                let ok = out.status.code() == Some(0) && &out.stdout == want && counts_ok;
                (!ok).then(|| {
                    format!(
                        "exit {:?}, stderr {:?} (want {counts:?}), stdout {:?}",
                        out.status.code(),
                        stderr(&out),
                        String::from_utf8_lossy(&out.stdout)
                    )
                })
            }
            Expected::Error { kind, line, column } => {
                let prefix = match line {
                    0 => format!("error: {kind}: "),
                    _ => format!("error: line {line}, column {column}: {kind}: "),
                };
                let err = stderr(&out);
                (out.status.code() != Some(2)
                    || !err.starts_with(&prefix)
                    || err.lines().count() != 1)
                    .then(|| {
                        format!(
                            "exit {:?}, stderr {err:?}, want prefix {prefix:?}",
                            out.status.code()
                        )
                    })
            }
        };
        if let Some(p) = problem {
            failures.push(format!("{}: {p}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn error_message_is_one_exact_line() {
    let out = cli(
        &["digit-factorial-sum", "--column", "value"],
        b"id,value\n1,5\n2,12a\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: line 3, column 2: invalid_number: \"12a\" is not an integer\n"
    );
    // Rows before the bad one are written: the output is a prefix of the full result.
    assert_eq!(out.stdout, b"id,value,digit_factorial_sum\n1,5,120\n");
}

#[test]
fn primes() {
    let out = cli(&["primes", "5000"], b"");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 5000);
    assert_eq!(text.lines().last(), Some("48611"));
    assert!(text.starts_with("2\n3\n5\n7\n11\n"));
    assert_eq!(cli(&["primes", "0"], b"").stdout, b"");
    let bad = cli(&["primes", "-3"], b"");
    assert_eq!(
        (bad.status.code(), stderr(&bad).as_str()),
        (Some(2), "error: primes: '-3' is not a whole number\n")
    );
    let too_many = cli(&["primes", "300000000"], b"");
    assert_eq!(too_many.status.code(), Some(2));
    assert!(
        stderr(&too_many).starts_with("error: too_many_primes: "),
        "{}",
        stderr(&too_many)
    );
}

#[test]
fn digit_factorial_sum_is_the_derive_pipeline() {
    let input = b"id,value\n1,145\n2,0\n";
    let a = cli(&["digit-factorial-sum", "--column", "value"], input);
    let b = cli(
        &[
            "run",
            "derive digit_factorial_sum = digit_factorial_sum(value)",
        ],
        input,
    );
    assert_eq!(
        a.stdout,
        b"id,value,digit_factorial_sum\n1,145,145\n2,0,1\n"
    );
    assert_eq!(a.stdout, b.stdout);
    let named = cli(
        &[
            "digit-factorial-sum",
            "--as",
            "dfs",
            "--column",
            "value",
            "--crlf",
        ],
        input,
    );
    assert_eq!(named.stdout, b"id,value,dfs\r\n1,145,145\r\n2,0,1\r\n");
    let missing = cli(&["digit-factorial-sum"], input);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["run", "--help"],
        &["digit-factorial-sum", "--help"],
        &["primes", "--help"],
        &["profile", "-h"],
    ] {
        let out = cli(args, b"");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage"),
            "{args:?}"
        );
    }
}

#[test]
fn no_arguments_is_a_usage_error_with_the_usage_on_stderr() {
    let out = cli(&[], b"");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(out.stdout, b"");
    let help = cli(&["--help"], b"");
    assert_eq!(help.status.code(), Some(0));
    assert!(
        stderr(&out).starts_with("csv-kernels: "),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("\nUsage:\n"));
    // The same text as --help, on the other stream.
    assert_eq!(out.stderr, help.stdout);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["frobnicate"][..],
        &["run"],
        &["run", "limit 1", "--bogus", "x"],
        &["run", "limit 1", "--on-error", "ignore"],
        &["run", "limit 1", "--delimiter", "ab"],
        &["profile", "extra"],
    ] {
        let out = cli(args, b"a\n1\n");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.starts_with("error: ") && err.lines().count() == 1,
            "{args:?}: {err}"
        );
    }
}

#[test]
fn files_and_io_errors() {
    let dir = std::env::temp_dir().join(format!("csv-kernels-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.csv");
    let output = dir.join("out.csv");
    std::fs::write(&input, "id,value\n1,145\n").unwrap();
    let out = cli(
        &[
            "run",
            "derive d = is_prime(value)",
            "--input",
            input.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&output).unwrap(),
        b"id,value,d\n1,145,false\n"
    );
    let missing = cli(
        &["profile", "--input", dir.join("nope.csv").to_str().unwrap()],
        b"",
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).starts_with("error: ") && stderr(&missing).contains("nope.csv"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn skip_and_null_report_counts_on_stderr() {
    let input = b"id,value\n1,145\n2,x\n";
    let skip = cli(
        &[
            "digit-factorial-sum",
            "--column",
            "value",
            "--on-error",
            "skip",
        ],
        input,
    );
    assert_eq!(skip.status.code(), Some(0));
    assert_eq!(skip.stdout, b"id,value,digit_factorial_sum\n1,145,145\n");
    assert_eq!(
        stderr(&skip),
        "csv-kernels: 2 rows in, 1 out, 1 skipped, 0 cells nulled\n"
    );
    let null = cli(
        &[
            "digit-factorial-sum",
            "--column",
            "value",
            "--on-error",
            "null",
        ],
        input,
    );
    assert_eq!(
        stderr(&null),
        "csv-kernels: 2 rows in, 2 out, 0 skipped, 1 cells nulled\n"
    );
}

#[test]
fn limit_stops_reading_early() {
    // 20 MB of rows after the limit; the job ends without parsing them (and without error
    // even though the tail is an unclosed quote).
    let mut input = b"n\n1\n2\n".to_vec();
    input.extend(std::iter::repeat_n(b"3\n".as_slice(), 10_000_000).flatten());
    input.extend_from_slice(b"\"open");
    let out = cli(&["run", "limit 2"], &input);
    assert_eq!(
        (out.status.code(), out.stdout.as_slice()),
        (Some(0), &b"n\n1\n2\n"[..])
    );
}

/// Arguments that are not UTF-8 (Linux allows any bytes but NUL in them).
#[cfg(unix)]
mod not_utf8 {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    fn bytes(b: &[u8]) -> &OsStr {
        OsStr::from_bytes(b)
    }

    #[test]
    fn text_arguments_are_a_usage_error() {
        let input = b"a\n1\n";
        let cases: [(&[&OsStr], &str); 6] = [
            (&[bytes(b"\xff")], r#""\xFF""#),
            (&[bytes(b"run"), bytes(b"select \xff")], r#""select \xFF""#),
            (
                &[
                    bytes(b"run"),
                    bytes(b"limit 1"),
                    bytes(b"--delimiter"),
                    bytes(b"\xff"),
                ],
                r#""\xFF""#,
            ),
            (
                &[bytes(b"run"), bytes(b"limit 1"), bytes(b"--\xff\n")],
                r#""--\xFF\n""#,
            ),
            (&[bytes(b"primes"), bytes(b"1\xff")], r#""1\xFF""#),
            (
                &[
                    bytes(b"digit-factorial-sum"),
                    bytes(b"--column"),
                    bytes(b"v\xe9"),
                ],
                r#""v\xE9""#,
            ),
        ];
        for (args, shown) in cases {
            let out = cli_os(args, input);
            assert_eq!(
                (out.status.code(), stderr(&out)),
                (
                    Some(2),
                    format!("error: argument {shown} is not valid UTF-8\n")
                ),
                "{args:?}"
            );
            assert_eq!(out.stdout, b"");
        }
    }

    #[test]
    fn paths_work_as_the_os_gives_them() {
        let dir = std::env::temp_dir().join(format!("csv-kernels-cli-os-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let input = dir.join(bytes(b"in\xff.csv"));
        let output = dir.join(bytes(b"out\xfe\n.csv"));
        std::fs::write(&input, "id,value\n1,145\n").unwrap();
        let run = cli_os(
            &[
                OsStr::new("run"),
                OsStr::new("derive d = digit_factorial_sum(value)"),
                OsStr::new("--input"),
                input.as_os_str(),
                OsStr::new("--output"),
                output.as_os_str(),
            ],
            b"",
        );
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        assert_eq!(std::fs::read(&output).unwrap(), b"id,value,d\n1,145,145\n");
        let profile = cli_os(
            &[
                OsStr::new("profile"),
                OsStr::new("--input"),
                input.as_os_str(),
            ],
            b"",
        );
        assert_eq!(profile.status.code(), Some(0), "{}", stderr(&profile));
        // A missing file with such a name: an I/O error on one line, the name escaped.
        let missing = dir.join(bytes(b"no\xff\n.csv"));
        let out = cli_os(
            &[
                OsStr::new("profile"),
                OsStr::new("--input"),
                missing.as_os_str(),
            ],
            b"",
        );
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(
            err.starts_with("error: \"") && err.contains(r"no\xFF\n.csv"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// `primes N` streams: with the address space capped at 32 MiB it still prints 10 million
/// primes (collecting them first needed 40 MB for the numbers alone, and 813 MB at the
/// largest N).
#[cfg(target_os = "linux")]
#[test]
fn primes_run_in_bounded_memory() {
    let script = r#"ulimit -v 32768 && "$0" primes 10000000 | tail -n 1"#;
    let out = Command::new("sh")
        .args(["-c", script, env!("CARGO_BIN_EXE_csv-kernels")])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, b"179424673\n");
}

/// A reader that stops reading (`| head`) ends the run quietly with exit 0, for `primes` and
/// for a pipeline: the broken pipe is told apart by its error kind, not by its message.
#[cfg(unix)]
#[test]
fn a_closed_output_is_not_an_error() {
    let script = r#"set -o pipefail
"$0" primes 10000000 | head -n 1
numbers=$(mktemp) && seq 1 3000000 >"$numbers"
"$0" run 'derive d = digit_factorial_sum(#1)' --no-header --input "$numbers" | head -n 2
status=$? && rm -f "$numbers" && exit $status"#;
    let out = Command::new("bash")
        .args(["-c", script, env!("CARGO_BIN_EXE_csv-kernels")])
        .output()
        .unwrap();
    assert!(out.status.success(), "{:?}: {}", out.status, stderr(&out));
    assert_eq!(out.stdout, b"2\n1,1\n2,2\n");
    assert_eq!(stderr(&out), "");
}

// Sniffing: without --delimiter the delimiter and quote are guessed (the header stays as
// given); --sniff also guesses the header and says what it decided; --no-sniff and --delimiter
// take the defaults as given.

const SEMICOLONS: &[u8] = b"id;name\n1;\"a;b\"\n2;c\n";

#[test]
fn without_a_delimiter_the_dialect_is_sniffed() {
    let out = cli(&["run", "select name"], SEMICOLONS);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, b"name\n\"a;b\"\nc\n");
    assert_eq!(out.stderr, b"", "the implicit sniff is silent");
}

#[test]
fn no_sniff_and_an_explicit_delimiter_take_the_input_as_given() {
    let out = cli(&["run", "select name", "--no-sniff"], SEMICOLONS);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown_column"));
    let out = cli(&["run", "select #1", "--delimiter", ","], b"id;name\n1;2\n");
    assert_eq!(out.stdout, b"id;name\n1;2\n");
}

#[test]
fn sniff_guesses_the_header_too_and_says_why() {
    let out = cli(&["run", "select #2", "--sniff"], b"1,2\n3,4\n5,6\n");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, b"2\n4\n6\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("csv-kernels: sniffed: delimiter ','"),
        "{stderr}"
    );
    assert!(stderr.contains("no header"), "{stderr}");
}

#[test]
fn a_one_column_file_is_not_split_on_an_uncommon_byte() {
    let out = cli(&["run", ""], b"when\n2024-01-31\n2024-02-01\n");
    assert_eq!(out.stdout, b"when\n2024-01-31\n2024-02-01\n");
}
