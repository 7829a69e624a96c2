use super::*;
use crate::format::OutputFormat;
use crate::ErrorKind;

/// A fresh folder under the system's temporary folder, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str, files: &[(&str, &str)]) -> Folder {
        // Under the crate's target folder, which the wasmtime runner preopens too (a WASI
        // guest has no temporary directory of its own).
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join(format!("csv-kernels-inputs-{name}"));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        for (file, text) in files {
            let path = dir.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        Folder(dir)
    }

    fn files(&self) -> Vec<PathBuf> {
        expand::<Failure>(&self.0).ok().flatten().unwrap()
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn run_on(
    spec: &str,
    options: &Options,
    files: &[PathBuf],
    threads: usize,
) -> Result<(Vec<u8>, Stats), Error> {
    let pipeline = Pipeline::parse(spec)?;
    let mut out = Vec::new();
    let result = run_files::<Failure>(&pipeline, options, files, Vec::new(), &mut out, threads);
    match result {
        Ok((stats, _)) => Ok((out, stats)),
        Err(Failure::Csv(e)) => Err(e),
        Err(Failure::Io(e)) => panic!("{e}"),
    }
}

const PARTS: &[(&str, &str)] = &[
    // Name order, not the order written; the last has no final line end, one has CRLF, one
    // a quoted multi-line cell and one no rows at all.
    ("b.csv", "id,value\r\n4,40585\r\n5,\"1\n2\"\r\n"),
    ("a.csv", "id,value\n1,145\n2,12\n3,7\n"),
    ("c.csv", "id,value\n"),
    ("d.csv", "id,\"value\"\n6,3\n7,145"),
    // Not *.csv, or hidden: left out of a folder.
    ("e.txt", "not,csv\n"),
    (".f.csv", "hidden,file\n"),
];

/// What the files give when concatenated with the header once, through one job.
const CONCATENATED: &str = "id,value\n1,145\n2,12\n3,7\n4,40585\n5,\"1\n2\"\n6,3\n7,145\n";

#[test]
fn a_folder_gives_the_concatenations_bytes() {
    let folder = Folder::new("concat", PARTS);
    let files = folder.files();
    let names: Vec<_> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap())
        .collect();
    assert_eq!(names, ["a.csv", "b.csv", "c.csv", "d.csv"]);
    let specs = [
        "",
        "derive d = length(value) * 2",
        "filter id > 2 | select value, id",
        "sort -id",
        "group value aggregate n = count()",
        "distinct value",
        "top 2 by -id",
        "take 3",
        "take 5 | derive v2 = value",
    ];
    for spec in specs {
        let (want, want_stats) =
            crate::run(spec, CONCATENATED.as_bytes(), &Options::default()).unwrap();
        for threads in [1, 2, 3] {
            let (out, stats) = run_on(spec, &Options::default(), &files, threads).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&want),
                "{spec} on {threads} threads"
            );
            assert_eq!(
                (stats.rows_in, stats.rows_out),
                (want_stats.rows_in, want_stats.rows_out),
                "{spec}"
            );
        }
    }
    for format in OutputFormat::ALL {
        let options = Options {
            format,
            ..Options::default()
        };
        let spec = "derive d = length(value) * 2";
        let (want, _) = crate::run(spec, CONCATENATED.as_bytes(), &options).unwrap();
        let (out, _) = run_on(spec, &options, &files, 2).unwrap();
        assert_eq!(out, want, "{format:?}");
    }
}

#[test]
fn large_files_one_after_another_on_every_core_give_the_same() {
    // What `run_files` does with files of megabytes, here with ranges of a few bytes so each
    // file is many blocks; the header-only file and the one without a last line end included.
    let folder = Folder::new("each", PARTS);
    let files = folder.files();
    let header = Some(&b"id,value\n"[..]);
    let specs = [
        "",
        "derive d = length(value) * 2",
        "filter id > 2 | select value, id",
    ];
    for spec in specs {
        let (want, want_stats) =
            crate::run(spec, CONCATENATED.as_bytes(), &Options::default()).unwrap();
        let pipeline = Pipeline::parse(spec).unwrap();
        for (threads, range) in [(2, 5), (3, 16), (2, 1 << 20), (1, 5)] {
            let mut out = Vec::new();
            let options = Options::default();
            let run = RunContext {
                range_bytes: range,
                ..RunContext::new(&pipeline, &options, threads)
            };
            let stats = each_on_every_core(run, &files, header, &mut out).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&want),
                "{spec} on {threads} threads, ranges of {range}"
            );
            assert_eq!(
                (stats.rows_in, stats.rows_out),
                (want_stats.rows_in, want_stats.rows_out)
            );
            let size: u64 = files.iter().map(|f| fs::metadata(f).unwrap().len()).sum();
            assert_eq!(stats.bytes_in, size);
        }
    }
    // An error names its file and its line there.
    let folder = Folder::new(
        "each-errors",
        &[
            ("1.csv", "id,value\n1,145\n"),
            ("2.csv", "id,value\n2,1\n3,x\n"),
        ],
    );
    let files = folder.files();
    let pipeline = Pipeline::parse("derive d = digit_factorial_sum(value)").unwrap();
    let mut out = Vec::new();
    let options = Options::default();
    let run = RunContext {
        range_bytes: 4,
        ..RunContext::new(&pipeline, &options, 2)
    };
    let failed = each_on_every_core(run, &files, header, &mut out);
    let Err(Failure::Csv(e)) = failed else {
        panic!("{failed:?}")
    };
    assert_eq!((e.kind, e.position.line), (ErrorKind::InvalidNumber, 3));
    assert_eq!(e.file.as_deref(), Some(files[1].to_str().unwrap()));
    assert_eq!(out, b"id,value,d\n1,145,145\n2,1,1\n");
}

#[test]
fn counts_every_files_bytes() {
    let folder = Folder::new("bytes", PARTS);
    let files = folder.files();
    let size: u64 = files.iter().map(|f| fs::metadata(f).unwrap().len()).sum();
    for threads in [1, 2] {
        let (_, stats) = run_on("derive d = value", &Options::default(), &files, threads).unwrap();
        assert_eq!(stats.bytes_in, size);
        assert_eq!((stats.rows_in, stats.rows_out), (7, 7));
    }
}

#[test]
fn errors_name_the_file_and_its_line() {
    let folder = Folder::new(
        "errors",
        &[
            ("1.csv", "id,value\n1,145\n"),
            ("2.csv", "id,value\n2,1\n3,x\n"),
            ("3.csv", "id,value\n\"4,1\n"),
        ],
    );
    let files = folder.files();
    for (spec, threads) in [
        ("derive d = digit_factorial_sum(value)", 2),
        ("derive d = digit_factorial_sum(value)", 1),
        ("derive d = digit_factorial_sum(value) | sort id", 2),
    ] {
        let e = run_on(spec, &Options::default(), &files, threads).unwrap_err();
        assert_eq!(
            (e.kind, e.position.line, e.position.column),
            (ErrorKind::InvalidNumber, 3, 2),
            "{spec}"
        );
        assert_eq!(e.file.as_deref(), Some(files[1].to_str().unwrap()));
        assert!(e.to_string().starts_with(&format!(
            "{}: line 3, column 2: invalid_number",
            files[1].display()
        )));
    }
    // Rows of the files before a failure are written, as with one input.
    let pipeline = Pipeline::parse("derive d = digit_factorial_sum(value)").unwrap();
    let mut out = Vec::new();
    let result = run_files::<Failure>(
        &pipeline,
        &Options::default(),
        &files,
        Vec::new(),
        &mut out,
        2,
    );
    assert!(result.is_err());
    assert_eq!(out, b"id,value,d\n1,145,145\n2,1,1\n");
    // An unclosed quote at the end of a file is that file's, not swallowing the next one.
    let options = Options {
        on_error: crate::OnError::Skip,
        ..Options::default()
    };
    let e = run_on("", &options, &files, 1).unwrap_err();
    assert_eq!(
        (e.kind, e.position.line, e.file.as_deref()),
        (
            ErrorKind::UnclosedQuote,
            2,
            Some(files[2].to_str().unwrap())
        )
    );
}

#[test]
fn differing_headers_name_both_files_before_any_output() {
    let folder = Folder::new(
        "headers",
        &[
            ("a.csv", "id,value\n1,2\n"),
            ("b.csv", "\"id\",value\n3,4\n"),
            ("c.csv", "id,val\n5,6\n"),
        ],
    );
    let files = folder.files();
    let pipeline = Pipeline::parse("").unwrap();
    let mut out = Vec::new();
    let e = match run_files::<Failure>(
        &pipeline,
        &Options::default(),
        &files,
        Vec::new(),
        &mut out,
        2,
    ) {
        Err(Failure::Csv(e)) => e,
        _ => panic!("headers differ"),
    };
    assert_eq!(out, b"");
    let (a, c) = (files[0].display(), files[2].display());
    assert_eq!(e.kind, ErrorKind::HeaderMismatch);
    assert_eq!((e.position.line, e.position.column), (1, 2));
    assert_eq!(
        e.message,
        format!("the header of {c} (id,val) differs from the header of {a} (id,value)")
    );
    // Without a header only the width counts.
    let options = Options {
        header: false,
        ..Options::default()
    };
    let folder = Folder::new("widths", &[("a.csv", "1,2\n"), ("b.csv", "3,4,5\n")]);
    let e = run_on("", &options, &folder.files(), 1).unwrap_err();
    assert_eq!(e.kind, ErrorKind::HeaderMismatch);
    let files = folder.files();
    let (a, b) = (files[0].display(), files[1].display());
    assert_eq!(e.message, format!("{b} has 3 columns where {a} has 2"));
    let (out, _) = run_on(
        "",
        &options,
        &Folder::new("same-widths", &[("a.csv", "1,2\n"), ("b.csv", "3,4")]).files(),
        1,
    )
    .unwrap();
    assert_eq!(out, b"1,2\n3,4\n");
}

#[test]
fn an_empty_folder_or_glob_is_an_error() {
    let folder = Folder::new("empty", &[("notes.txt", "x\n")]);
    let e = match expand::<Failure>(&folder.0) {
        Err(Failure::Csv(e)) => e,
        _ => panic!("an empty folder"),
    };
    assert_eq!(e.kind, ErrorKind::EmptyInput);
    assert_eq!(
        e.message,
        format!("{} holds no *.csv or *.csv.gz file", folder.0.display())
    );
    let pattern = folder.0.join("*.csv");
    let e = match expand::<Failure>(&pattern) {
        Err(Failure::Csv(e)) => e,
        _ => panic!("a glob matching nothing"),
    };
    assert_eq!(e.message, format!("{} matches no file", pattern.display()));
    // One plain file is not expanded; a missing one is left for the caller's open.
    assert!(matches!(
        expand::<Failure>(&folder.0.join("notes.txt")),
        Ok(None)
    ));
    assert!(matches!(
        expand::<Failure>(&folder.0.join("missing.csv")),
        Ok(None)
    ));
}

#[test]
fn globs_expand_in_name_order_across_folders() {
    let folder = Folder::new(
        "glob",
        &[
            ("2024/b-10.csv", "x\n"),
            ("2024/b-2.csv", "x\n"),
            ("2023/b-1.csv", "x\n"),
            ("2023/a-1.csv", "x\n"),
            ("2023/b-1.txt", "x\n"),
            ("2024/sub/b-3.csv", "x\n"),
        ],
    );
    let found = |pattern: &str| -> Vec<String> {
        let files = expand::<Failure>(&folder.0.join(pattern))
            .ok()
            .flatten()
            .unwrap();
        files
            .iter()
            .map(|f| {
                f.strip_prefix(&folder.0)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(
        found("*/b-*.csv"),
        ["2023/b-1.csv", "2024/b-10.csv", "2024/b-2.csv"]
    );
    assert_eq!(found("202[4]/b-?.csv"), ["2024/b-2.csv"]);
    assert_eq!(
        found("2023/*"),
        ["2023/a-1.csv", "2023/b-1.csv", "2023/b-1.txt"]
    );
    assert_eq!(found("*/sub/*.csv"), ["2024/sub/b-3.csv"]);
}

#[test]
fn a_folder_profiles_as_the_concatenation() {
    let folder = Folder::new("profile", PARTS);
    let want = crate::profile(CONCATENATED.as_bytes(), &Options::default())
        .unwrap()
        .to_json();
    let got = profile_files::<Failure>(&Options::default(), &folder.files())
        .ok()
        .unwrap()
        .to_json();
    assert_eq!(got, want);
}

#[test]
fn the_dialect_is_sniffed_once_from_the_first_file() {
    let folder = Folder::new(
        "sniff",
        &[("a.csv", "id;value\n1;145\n"), ("b.csv", "id;value\n2;1\n")],
    );
    let options = Options {
        sniff: Sniff::Dialect,
        ..Options::default()
    };
    let pipeline = Pipeline::parse("derive d = digit_factorial_sum(value)").unwrap();
    let mut out = Vec::new();
    let (_, sniffed) = run_files::<Failure>(
        &pipeline,
        &options,
        &folder.files(),
        Vec::new(),
        &mut out,
        2,
    )
    .ok()
    .unwrap();
    assert_eq!(sniffed.map(|s| s.delimiter), Some(b';'));
    assert_eq!(out, b"id;value;d\n1;145;145\n2;1;1\n");
}

/// Each file of a folder is compressed or not on its own (told by its first bytes): headers
/// are checked on the plain bytes, and one thread or many give the concatenation's output.
#[test]
fn gzip_and_plain_files_read_as_one_input() {
    let gzip = |plain: &[u8]| crate::input::tests::member(plain, 0);
    let folder = Folder::new("gzip", &[]);
    let (a, b, c) = (
        "id,value\n1,145\n",
        "id,value\n2,40585\n3,x\n",
        "id,value\n4,12\n",
    );
    fs::write(folder.0.join("1.csv"), gzip(a.as_bytes())).unwrap();
    fs::write(folder.0.join("2.csv"), b).unwrap();
    fs::write(folder.0.join("3.csv.gz"), gzip(c.as_bytes())).unwrap();
    fs::write(folder.0.join("4.gz"), gzip(c.as_bytes())).unwrap(); // not *.csv.gz: left out
    let files = folder.files();
    assert_eq!(files.len(), 3);
    let options = Options {
        on_error: crate::OnError::Skip,
        ..Options::default()
    };
    for spec in ["derive d = digit_factorial_sum(value)", "sort -id"] {
        let concatenated = b"id,value\n1,145\n2,40585\n3,x\n4,12\n";
        let (want, want_stats) = crate::run(spec, concatenated, &options).unwrap();
        for threads in [1, 2] {
            let (out, stats) = run_on(spec, &options, &files, threads).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&want)
            );
            let counts = |s: Stats| (s.rows_in, s.rows_out, s.rows_skipped);
            assert_eq!(counts(stats), counts(want_stats), "{spec} on {threads}");
        }
    }
    let profile = profile_files::<Failure>(&Options::default(), &files).unwrap();
    assert_eq!(profile.rows, 4);
}
