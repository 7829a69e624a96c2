//! Reads the golden cases in tests/cases (format: tests/cases/README.md).
// Each test crate that includes this module reads the fields it needs.
#![allow(dead_code)]

#[allow(dead_code)] // only the CLI's test crates run the binary
pub mod cli;

use std::fs;
use std::path::{Path, PathBuf};

pub struct Case {
    pub name: String,
    pub input: Vec<u8>,
    /// `None` for a profile case.
    pub pipeline: Option<String>,
    pub options: Vec<(String, String)>,
    pub expected: Expected,
    /// `rows_in=.. rows_out=.. rows_skipped=.. cells_nulled=..`, when the case pins them.
    pub stats: Option<String>,
    /// The second inputs of `join` steps: every other `*.csv` file, named by its file name.
    pub tables: Vec<(String, Vec<u8>)>,
    pub dir: PathBuf,
}

pub enum Expected {
    Output(Vec<u8>),
    Error {
        kind: String,
        line: u64,
        column: u64,
    },
}

pub fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

pub fn load_cases() -> Vec<Case> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(cases_dir())
        .expect("tests/cases exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter().map(|dir| load_case(&dir)).collect()
}

fn load_case(dir: &Path) -> Case {
    let read = |name: &str| fs::read(dir.join(name)).ok();
    let text =
        |name: &str| read(name).map(|b| String::from_utf8(b).expect("case text files are UTF-8"));
    let pipeline = text("pipeline.txt");
    let options = text("options.txt")
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, v) = l.split_once('=').expect("options.txt lines are key=value");
            (k.trim().to_string(), v.trim().to_string())
        })
        .collect();
    let expected =
        match text("expected-error.txt") {
            Some(e) => {
                let parts: Vec<&str> = e.split_whitespace().collect();
                assert_eq!(
                    parts.len(),
                    3,
                    "{}: expected-error.txt is `kind line column`",
                    dir.display()
                );
                Expected::Error {
                    kind: parts[0].into(),
                    line: parts[1].parse().unwrap(),
                    column: parts[2].parse().unwrap(),
                }
            }
            None => {
                let file = if pipeline.is_some() {
                    "expected.csv"
                } else {
                    "expected.json"
                };
                Expected::Output(read(file).unwrap_or_else(|| {
                    panic!("{}: no {file} or expected-error.txt", dir.display())
                }))
            }
        };
    Case {
        name: dir.file_name().unwrap().to_string_lossy().into_owned(),
        input: read("input.csv").unwrap_or_else(|| panic!("{}: no input.csv", dir.display())),
        pipeline,
        options,
        expected,
        stats: text("expected-stats.txt").map(|s| s.trim().to_string()),
        tables: tables(dir),
        dir: dir.to_path_buf(),
    }
}

fn tables(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv") && n != "input.csv" && n != "expected.csv")
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| (n.clone(), fs::read(dir.join(&n)).unwrap()))
        .collect()
}
