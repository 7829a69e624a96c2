//! `--input` as a folder or a glob: the files read as one input, header once, through the
//! real binary, against the same binary on the files concatenated; and `--output` files.
#![cfg(not(target_os = "wasi"))]

#[allow(dead_code)] // cli_os is for tests/cli.rs
#[path = "common/cli.rs"]
mod cli;

use cli::cli;
use std::fs;
use std::path::{Path, PathBuf};

/// A folder of files under the temporary folder, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str, files: &[(&str, String)]) -> Folder {
        let dir =
            std::env::temp_dir().join(format!("csv-kernels-cli-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        for (file, text) in files {
            fs::write(dir.join(file), text).unwrap();
        }
        Folder(dir)
    }

    fn path(&self, rest: &str) -> String {
        self.0.join(rest).to_str().unwrap().to_string()
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Five files of generated rows (a quoted multi-line cell, CRLF in one, no final line end in
/// the last) and the same rows as one CSV with the header once.
fn parts() -> (Vec<(&'static str, String)>, String) {
    let names = [
        "day-01.csv",
        "day-02.csv",
        "day-03.csv",
        "day-10.csv",
        "day-11.csv",
    ];
    let mut files = Vec::new();
    let mut whole = String::from("id,city,value\n");
    let mut id = 0u64;
    for (f, name) in names.iter().enumerate() {
        let end = if f == 1 { "\r\n" } else { "\n" };
        let mut text = format!("id,city,value{end}");
        for r in 0..(40 + f * 7) {
            id += 1;
            let city = ["Oslo", "\"Lima, Peru\"", "Kyiv", "\"two\nlines\""][(id % 4) as usize];
            let row = format!("{id},{city},{}", (id * 7919) % 100_003);
            whole.push_str(&row);
            whole.push('\n');
            text.push_str(&row);
            if !(f == names.len() - 1 && r == 39 + f * 7) {
                text.push_str(end);
            }
        }
        files.push((*name, text));
    }
    (files, whole)
}

#[test]
fn a_folder_or_glob_gives_the_bytes_of_the_concatenation() {
    let (files, whole) = parts();
    let folder = Folder::new("same-bytes", &files);
    let specs = [
        "derive dfs = digit_factorial_sum(value)",
        "filter value > 50000 | select city, value",
        "group city aggregate n = count(), total = sum(value)",
        "sort -value, id | take 7",
        "distinct city",
        "top 3 by value",
        "take 12",
    ];
    for spec in specs {
        let want = cli(&["run", spec], whole.as_bytes());
        assert!(want.status.success(), "{spec}");
        for input in [folder.path(""), folder.path("day-*.csv")] {
            for threads in ["1", "2"] {
                let got = cli(&["run", spec, "--input", &input, "--threads", threads], b"");
                assert!(
                    got.status.success(),
                    "{spec}: {}",
                    String::from_utf8_lossy(&got.stderr)
                );
                assert_eq!(
                    got.stdout, want.stdout,
                    "{spec} over {input} on {threads} threads"
                );
            }
        }
    }
    // The seed command, another format, and a glob that picks some of the files.
    let want = cli(
        &[
            "digit-factorial-sum",
            "--column",
            "value",
            "--format",
            "ndjson",
        ],
        whole.as_bytes(),
    );
    let got = cli(
        &[
            "digit-factorial-sum",
            "--column",
            "value",
            "--format",
            "ndjson",
            "--input",
            &folder.path(""),
        ],
        b"",
    );
    assert_eq!((got.status.code(), &got.stdout), (Some(0), &want.stdout));
    let got = cli(
        &[
            "run",
            "select id",
            "--input",
            &folder.path("day-1[0-9].csv"),
        ],
        b"",
    );
    let ids: Vec<&str> = std::str::from_utf8(&got.stdout).unwrap().lines().collect();
    assert_eq!(
        (ids.len(), ids[1], ids[ids.len() - 1]),
        (1 + 61 + 68, "142", "270")
    );
}

#[test]
fn profile_reads_a_folder_as_one_input() {
    let (files, whole) = parts();
    let folder = Folder::new("profile", &files);
    let want = cli(&["profile"], whole.as_bytes());
    let got = cli(&["profile", "--input", &folder.path("")], b"");
    assert_eq!((got.status.code(), got.stdout), (Some(0), want.stdout));
}

#[test]
fn errors_name_the_file() {
    let folder = Folder::new(
        "errors",
        &[
            ("a.csv", "id,value\n1,145\n".into()),
            ("b.csv", "id,value\n2,1\n3,x\n".into()),
            ("c.csv", "id,amount\n4,1\n".into()),
        ],
    );
    let b = folder.path("b.csv");
    let got = cli(
        &[
            "digit-factorial-sum",
            "--column",
            "value",
            "--input",
            &folder.path("[ab].csv"),
        ],
        b"",
    );
    assert_eq!(got.status.code(), Some(2));
    assert_eq!(
        got.stdout,
        b"id,value,digit_factorial_sum\n1,145,145\n2,1,1\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&got.stderr),
        format!("error: {b}: line 3, column 2: invalid_number: \"x\" is not an integer\n")
    );
    let got = cli(&["run", "", "--input", &folder.path("")], b"");
    let (a, c) = (folder.path("a.csv"), folder.path("c.csv"));
    assert_eq!((got.status.code(), got.stdout.len()), (Some(2), 0));
    assert_eq!(
        String::from_utf8_lossy(&got.stderr),
        format!("error: {c}: line 1, column 2: header_mismatch: the header of {c} (id,amount) differs from the header of {a} (id,value)\n")
    );
}

#[test]
fn an_empty_folder_or_a_glob_matching_nothing_exits_2() {
    let folder = Folder::new("empty", &[("readme.txt", "x".into())]);
    let dir = folder.path("");
    let dir = Path::new(&dir).display().to_string();
    let got = cli(&["run", "", "--input", &dir], b"");
    assert_eq!(got.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&got.stderr),
        format!("error: {dir}: empty_input: {dir} holds no *.csv or *.csv.gz file\n")
    );
    let pattern = folder.path("*.csv");
    let got = cli(&["profile", "--input", &pattern], b"");
    assert_eq!(got.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&got.stderr),
        format!("error: {pattern}: empty_input: {pattern} matches no file\n")
    );
}

#[test]
fn output_replaces_a_file_and_never_an_input() {
    let folder = Folder::new(
        "output",
        &[
            ("a.csv", "value\n145\n12\n".into()),
            ("bad.csv", "value\n145\nx\n".into()),
            (
                "out.csv",
                "an older output, longer than the new one\n".repeat(3),
            ),
        ],
    );
    let (a, bad, out) = (
        folder.path("a.csv"),
        folder.path("bad.csv"),
        folder.path("out.csv"),
    );
    let seed = |input: &str, output: &str| {
        let args = [
            "digit-factorial-sum",
            "--column",
            "value",
            "--input",
            input,
            "--output",
            output,
        ];
        cli(&args, b"")
    };
    // Written over a longer file: the new output and nothing after it.
    let got = seed(&a, &out);
    assert_eq!(got.status.code(), Some(0));
    assert_eq!(
        fs::read(&out).unwrap(),
        b"value,digit_factorial_sum\n145,145\n12,3\n"
    );
    // A failed run leaves the rows before the error, and nothing of the file before.
    fs::write(&out, "x".repeat(200)).unwrap();
    let got = seed(&bad, &out);
    assert_eq!(got.status.code(), Some(2));
    assert_eq!(
        fs::read(&out).unwrap(),
        b"value,digit_factorial_sum\n145,145\n"
    );
    // The output may not be an input, one file or one of a folder's: refused, the file intact.
    for input in [a.clone(), folder.path("")] {
        let got = seed(&input, &a);
        assert_eq!(got.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&got.stderr),
            format!("error: --output {a}: the output is also an input ({a}): writing it would overwrite what is being read\n")
        );
        assert_eq!(fs::read(&a).unwrap(), b"value\n145\n12\n");
    }
    let got = cli(&["profile", "--input", &a, "--output", &a], b"");
    assert_eq!(got.status.code(), Some(2));
    assert_eq!(fs::read(&a).unwrap(), b"value\n145\n12\n");
}
