//! The CLI binary as a process, for the test crates that check its contract.

use std::ffi::OsStr;
use std::io::Write;
use std::process::{Command, Output, Stdio};

pub fn cli(args: &[&str], stdin: &[u8]) -> Output {
    cli_os(&args.iter().map(OsStr::new).collect::<Vec<_>>(), stdin)
}

/// Runs the binary with arguments that need not be UTF-8.
pub fn cli_os(args: &[&OsStr], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_csv-kernels"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command may exit before reading all of stdin (a usage error, a reached limit).
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}
