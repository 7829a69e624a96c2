//! Runs every golden case through the exported functions, whole and in chunks.

use super::{assert_error, get};
use csv_kernels_web::{profile, profile_json, run, CsvOptions, Job, Profiler};
use js_sys::{Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

pub struct RawCase {
    pub name: &'static str,
    pub input: &'static [u8],
    pub pipeline: Option<&'static str>,
    pub options: Option<&'static str>,
    pub expected_csv: Option<&'static [u8]>,
    pub expected_json: Option<&'static str>,
    pub expected_error: Option<&'static str>,
    pub expected_stats: Option<&'static str>,
    /// The second inputs of joins, by name.
    pub tables: &'static [(&'static str, &'static [u8])],
}

include!(concat!(env!("OUT_DIR"), "/golden_cases.rs"));

/// Chunk sizes for the streaming runs: one byte at a time splits every CRLF, quote and UTF-8
/// sequence; `usize::MAX` is one chunk.
const CHUNKS: [usize; 4] = [1, 3, 64, usize::MAX];

pub fn check(case: &RawCase) {
    match case.pipeline {
        Some(pipeline) => check_pipeline(case, pipeline),
        None => check_profile(case),
    }
}

/// `options.txt` as the JS object a caller would pass, values as strings.
fn options(case: &RawCase) -> Option<CsvOptions> {
    let object = Object::new();
    for line in case.options.unwrap_or("").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, value) = line.split_once('=').expect("options.txt: name=value");
        Reflect::set(&object, &name.trim().into(), &value.trim().into()).unwrap();
    }
    if !case.tables.is_empty() {
        let tables = Object::new();
        for (name, bytes) in case.tables {
            let bytes = js_sys::Uint8Array::from(*bytes);
            Reflect::set(&tables, &(*name).into(), &bytes).unwrap();
        }
        Reflect::set(&object, &"tables".into(), &tables).unwrap();
    }
    Some(object.unchecked_into())
}

fn check_pipeline(case: &RawCase, pipeline: &str) {
    let whole = run(pipeline, case.input, options(case));
    let want = case.expected_csv;
    expect(case, "run()", whole.map(|out| (out, None)), want);
    for size in CHUNKS {
        let streamed = stream(case, pipeline, size);
        expect(case, &format!("Job, chunks of {size}"), streamed, want);
    }
}

fn stream(case: &RawCase, pipeline: &str, size: usize) -> Outcome {
    let mut job = Job::new(pipeline, options(case))?;
    let mut out = Vec::new();
    for chunk in case.input.chunks(size.min(case.input.len().max(1))) {
        if job.is_done() {
            break;
        }
        out.extend(job.push(chunk)?.to_vec());
    }
    out.extend(job.finish()?.to_vec());
    Ok((out, Some(job.stats().into())))
}

type Outcome = Result<(Vec<u8>, Option<JsValue>), JsValue>;

fn expect(case: &RawCase, how: &str, got: Outcome, want: Option<&[u8]>) {
    let context = format!("{} via {how}", case.name);
    match (case.expected_error, got) {
        (Some(expected), Err(error)) => {
            let (kind, line, column) = parse_error_line(expected);
            assert_error(&error, kind, line, column, &context);
        }
        (Some(expected), Ok((out, _))) => panic!(
            "{context}: expected error {expected:?}, got output {:?}",
            String::from_utf8_lossy(&out)
        ),
        (None, Err(error)) => panic!("{context}: unexpected error {error:?}"),
        (None, Ok((out, stats))) => {
            let expected = want.expect("the case has an expected output");
            assert!(
                out == expected,
                "{context}: output differs\n got: {:?}\nwant: {:?}",
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(expected)
            );
            if let (Some(want), Some(stats)) = (case.expected_stats, stats) {
                let got = format!(
                    "rows_in={} rows_out={} rows_skipped={} cells_nulled={}",
                    get(&stats, "rowsIn").as_f64().unwrap(),
                    get(&stats, "rowsOut").as_f64().unwrap(),
                    get(&stats, "rowsSkipped").as_f64().unwrap(),
                    get(&stats, "cellsNulled").as_f64().unwrap(),
                );
                assert_eq!(got, want.trim(), "{context}: stats");
            }
        }
    }
}

fn check_profile(case: &RawCase) {
    let as_text = |json: Result<String, JsValue>| json.map(|j| (j.into_bytes(), None));
    expect_profile(
        case,
        "profileJson()",
        as_text(profile_json(case.input, options(case))),
    );
    let object = profile(case.input, options(case)).map(|p| stringify(&p.into()));
    expect_profile(case, "profile()", as_text(object));
    for size in CHUNKS {
        let streamed = (|| {
            let mut profiler = Profiler::new(options(case))?;
            for chunk in case.input.chunks(size.min(case.input.len().max(1))) {
                profiler.push(chunk)?;
            }
            Ok(stringify(&profiler.finish()?.into()))
        })();
        expect_profile(
            case,
            &format!("Profiler, chunks of {size}"),
            as_text(streamed),
        );
    }
}

/// Compares a profile as JSON text. The core's own JSON (`profileJson`) must match the
/// expected bytes exactly; objects are compared after a round trip through `JSON.stringify`
/// on both sides, since JS prints `2.0` as `2`.
fn expect_profile(case: &RawCase, how: &str, got: Outcome) {
    let expected = case.expected_json.map(|json| {
        if how == "profileJson()" {
            json.trim_end_matches('\n').to_string()
        } else {
            // The JS profile has camelCase keys; expected.json is the CLI's snake_case text.
            let camel = camel_case_keys(json);
            stringify(&JSON::parse(&camel).expect("expected.json parses"))
        }
    });
    expect(case, how, got, expected.as_deref().map(str::as_bytes));
}

/// JSON text with every object key (a string followed by `:`) written in camelCase; strings
/// that are values, such as column names, are left as they are.
fn camel_case_keys(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..open]);
        let body = &rest[open + 1..];
        let mut end = 0;
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let string = &body[..end];
        rest = &body[end + 1..];
        let is_key = rest.trim_start().starts_with(':');
        out.push('"');
        if is_key {
            let mut words = string.split('_');
            out.push_str(words.next().unwrap_or_default());
            for word in words {
                let mut chars = word.chars();
                out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
                out.push_str(chars.as_str());
            }
        } else {
            out.push_str(string);
        }
        out.push('"');
    }
    out.push_str(rest);
    out
}

fn stringify(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().into()
}

fn parse_error_line(line: &str) -> (&str, u64, u64) {
    let parts: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(parts.len(), 3, "expected-error.txt is `kind line column`");
    (
        parts[0],
        parts[1].parse().unwrap(),
        parts[2].parse().unwrap(),
    )
}
