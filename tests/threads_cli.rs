//! `csv-kernels run --threads N`: the same bytes, stderr and exit status for every N, on an
//! input large enough to be cut into several blocks of ranges.
// Spawns the binary as a process, which WASI cannot do.
#![cfg(not(target_os = "wasi"))]

use std::process::{Command, Output};

fn cli(args: &[&str], input: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_csv-kernels"))
        .args(args)
        .arg("--input")
        .arg(input)
        .output()
        .expect("the binary runs")
}

#[test]
fn every_thread_count_gives_the_same_output() {
    // About 10 MB: more than two 4 MB ranges, with quoted line ends, doubled quotes and CRLF.
    let mut input = b"id,value,name\r\n".to_vec();
    let names = [
        "\"gamma, delta\"",
        "\"two\nlines\"",
        "\"say \"\"hi\"\"\"",
        "plain",
    ];
    let mut n: u64 = 1;
    for i in 0..360_000u64 {
        n = n.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let name = names[(n >> 40) as usize % names.len()];
        input.extend_from_slice(format!("{i},{},{name}\r\n", (n >> 33) % 1_000_000).as_bytes());
    }
    input.extend_from_slice(b"x,not a number,z\n");
    let path = std::env::temp_dir().join(format!("threads-cli-{}.csv", std::process::id()));
    std::fs::write(&path, &input).unwrap();
    for spec in ["derive d = digit_factorial_sum(id)", "where value > 500000"] {
        let one = cli(&["run", spec, "--threads", "1"], &path);
        assert_eq!(
            one.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&one.stderr)
        );
        for threads in ["2", "3"] {
            let many = cli(&["run", spec, "--threads", threads], &path);
            assert_eq!(many.status.code(), one.status.code());
            assert_eq!(many.stderr, one.stderr);
            assert!(
                many.stdout == one.stdout,
                "{spec}: {threads} threads differ"
            );
        }
    }
    let bad = cli(&["run", "", "--threads", "0"], &path);
    assert_eq!(bad.status.code(), Some(2));
    std::fs::remove_file(&path).unwrap();
}
