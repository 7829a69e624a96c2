//! Checks of the exported API beyond the golden cases: types, options, errors, streaming.

use super::{assert_error, get};
use csv_kernels_web::*;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn options(pairs: &[(&str, JsValue)]) -> Option<CsvOptions> {
    let object = Object::new();
    for (name, value) in pairs {
        Reflect::set(&object, &(*name).into(), value).unwrap();
    }
    Some(object.unchecked_into())
}

pub fn kernels_return_plain_numbers() {
    assert_eq!(first_n(6).unwrap(), vec![2, 3, 5, 7, 11, 13]);
    assert_eq!(digit_factorial_sum("145").unwrap(), 145.0);
    assert_eq!(digit_factorial_sum("40585").unwrap(), 40585.0);
    let error = digit_factorial_sum("1.5").unwrap_err();
    assert_error(&error, "invalid_number", 0, 0, "digitFactorialSum");
    let error = first_n(u32::MAX).unwrap_err();
    assert_error(&error, "too_many_primes", 0, 0, "firstN");
}

pub fn options_accept_js_types_and_spellings() {
    let csv = b"a;b\n1;22\n";
    let semicolon_crlf = options(&[("delimiter", ";".into()), ("crlf", true.into())]);
    assert_eq!(run("", csv, semicolon_crlf).unwrap(), b"a;b\r\n1;22\r\n");
    let derive = "derive d = digit_factorial_sum(#2)";
    for header in [JsValue::from(false), JsValue::from("false")] {
        let no_header = options(&[("header", header), ("delimiter", ";".into())]);
        assert_eq!(run(derive, b"1;22\n", no_header).unwrap(), b"1;22;4\n");
    }
    let small = options(&[("maxFieldBytes", 1.into()), ("delimiter", ";".into())]);
    assert_error(
        &run("", csv, small).unwrap_err(),
        "field_too_long",
        2,
        2,
        "maxFieldBytes",
    );
    let skip = options(&[
        ("on-error", "skip".into()),
        ("on_error", JsValue::UNDEFINED),
    ]);
    let out = run("derive d = digit_factorial_sum(v)", b"v\n1\nx\n", skip).unwrap();
    assert_eq!(out, b"v,d\n1,1\n");
    for bad in [
        options(&[("onError", "ignore".into())]),
        options(&[("colour", "red".into())]),
        options(&[("delimiter", Object::new().into())]),
        Some(JsValue::from("not an object").unchecked_into()),
    ] {
        assert_error(
            &run("", b"a\n", bad).unwrap_err(),
            "invalid_option",
            0,
            0,
            "options",
        );
    }
    assert_eq!(run("", b"a\n1\n", None).unwrap(), b"a\n1\n");
}

pub fn job_streams_and_reports_stats() {
    let mut job = Job::new("derive dfs = digit_factorial_sum(value) | limit 2", None).unwrap();
    assert_eq!(
        job.pipeline(),
        "derive dfs = digit_factorial_sum(value) | limit 2"
    );
    let mut out = job.push(b"id,value\n1,14").unwrap().to_vec();
    assert!(!job.is_done());
    out.extend(job.push(b"5\n2,40585\n3,1\n").unwrap().to_vec());
    assert!(job.is_done());
    out.extend(job.finish().unwrap().to_vec());
    assert_eq!(out, b"id,value,dfs\n1,145,145\n2,40585,40585\n");
    let stats: JsValue = job.stats().into();
    assert_eq!(get(&stats, "rowsIn").as_f64(), Some(2.0));
    assert_eq!(get(&stats, "rowsOut").as_f64(), Some(2.0));
    assert_eq!(get(&stats, "bytesOut").as_f64(), Some(out.len() as f64));
    assert!(get(&stats, "bytesIn").as_f64().unwrap() > 0.0);
}

pub fn push_view_gives_the_same_bytes_as_push() {
    let spec = "derive dfs = digit_factorial_sum(value)";
    let (mut copying, mut viewing) = (Job::new(spec, None).unwrap(), Job::new(spec, None).unwrap());
    for chunk in [&b"id,value\n1,14"[..], b"5\n2,40585\n", b"3,1\n"] {
        let view = viewing.push_view(chunk).unwrap().to_vec();
        assert_eq!(view, copying.push(chunk).unwrap().to_vec());
    }
    assert_eq!(
        viewing.finish().unwrap().to_vec(),
        copying.finish().unwrap().to_vec()
    );
}

pub fn job_errors_repeat_and_carry_positions() {
    let error = Job::new("derive x = nope(value)", None).err().unwrap();
    assert_error(&error, "unknown_kernel", 1, 12, "spec");
    let mut job = Job::new("", None).unwrap();
    job.push(b"a,b\n1,2\n3").unwrap();
    let first = job.push(b"\n4,5\n").unwrap_err();
    assert_error(&first, "ragged_row", 3, 2, "first");
    assert_error(&job.finish().unwrap_err(), "ragged_row", 3, 2, "again");
}

pub fn page_helpers_use_the_core_grammar() {
    assert_eq!(
        canonical_pipeline("derive x=is_prime(v)|limit 3").unwrap(),
        "derive x = is_prime(v) | limit 3"
    );
    assert_error(
        &canonical_pipeline("limit").unwrap_err(),
        "spec_syntax",
        1,
        6,
        "spec",
    );
    assert_eq!(quote_column("value"), "value");
    assert_eq!(quote_column("unit price"), "`unit price`");
    assert_eq!(where_literal("10.5"), "10.5");
    assert_eq!(where_literal("say \"hi\""), r#""say \"hi\"""#);
    let canonical = format!("where {} = {}", quote_column("a b"), where_literal("x"));
    assert_eq!(canonical_pipeline(&canonical).unwrap(), canonical);
}

pub fn parse_rows_splits_with_the_core_reader() {
    let csv = b"a,b\n\"x,\"\"y\"\"\",2\n3,4\n5,6";
    let rows = |max, partial| -> Vec<Vec<String>> {
        let rows: JsValue = parse_rows(csv, max, None, partial).unwrap().into();
        let rows: js_sys::Array = rows.unchecked_into();
        rows.iter()
            .map(|row| {
                let row: js_sys::Array = row.unchecked_into();
                row.iter().map(|f| f.as_string().unwrap()).collect()
            })
            .collect()
    };
    assert_eq!(rows(2, None), vec![vec!["a", "b"], vec!["x,\"y\"", "2"]]);
    assert_eq!(rows(10, None).len(), 4);
    assert_eq!(
        rows(10, Some(true)).len(),
        3,
        "a partial stream drops its unfinished last row"
    );
    assert_eq!(rows(0, None).len(), 0);
}

pub fn profile_is_a_plain_object() {
    let csv = b"n,big\n1,9007199254740993\n3,2\n";
    let object: JsValue = profile(csv, None).unwrap().into();
    assert_eq!(get(&object, "rows").as_f64(), Some(2.0));
    let columns: js_sys::Array = get(&object, "columns").unchecked_into();
    let n = columns.get(0);
    assert_eq!(get(&n, "type").as_string().as_deref(), Some("integer"));
    assert_eq!(get(&n, "mean").as_f64(), Some(2.0));
    assert_eq!(get(&object, "version").as_f64(), Some(2.0));
    assert_eq!(get(&n, "distinct").as_f64(), Some(2.0));
    assert_eq!(get(&n, "stddev").as_f64(), Some(2f64.sqrt()));
    let quartiles = ["q1", "median", "q3"].map(|q| get(&n, q).as_f64());
    assert_eq!(quartiles, [Some(1.5), Some(2.0), Some(2.5)]);
    assert!(get(&n, "approximate").is_undefined());
    let histogram = get(&n, "histogram");
    assert!(js_sys::Array::is_array(&get(&histogram, "counts")));
    // Beyond 2^53 there is no exact JS number: the nearest double, as JSON.parse would give.
    let big = columns.get(1);
    assert_eq!(get(&big, "max").as_f64(), Some(9007199254740992.0));
}

pub fn sniff_reads_the_dialect() {
    let csv = b"id;name;price\n1;\"Smith; J\";2,5\n2;Ada;3\n";
    let found: JsValue = sniff(csv, Some(csv.len() as f64)).into();
    assert_eq!(get(&found, "delimiter").as_string().as_deref(), Some(";"));
    assert_eq!(get(&found, "quote").as_string().as_deref(), Some("\""));
    assert_eq!(get(&found, "header").as_bool(), Some(true));
    assert_eq!(get(&found, "columns").as_f64(), Some(3.0));
    assert_eq!(get(&found, "rows").as_f64(), Some(3.0));
    assert!(get(&found, "reason")
        .as_string()
        .unwrap()
        .starts_with("delimiter ';'"));
    assert_eq!(
        get(&found, "encoding").as_string().as_deref(),
        Some("ascii")
    );
    // The whole input was given: its two data rows, counted, not estimated.
    assert_eq!(get(&found, "rowsEstimate").as_f64(), Some(2.0));
    let empty: JsValue = sniff(b"", None).into();
    assert_eq!(get(&empty, "quote"), JsValue::NULL);
    assert_eq!(get(&empty, "rowsEstimate"), JsValue::NULL);
    assert_eq!(
        get(&empty, "reason").as_string().as_deref(),
        Some("empty input: the defaults")
    );
}

pub fn registry_lists_the_language() {
    let registry: JsValue = registry().into();
    let find = |list: &str, name: &str| {
        let items: js_sys::Array = get(&registry, list).unchecked_into();
        items
            .iter()
            .find(|item| get(item, "name").as_string().as_deref() == Some(name))
            .unwrap_or_else(|| panic!("{list} has no {name}"))
    };
    let filter = find("steps", "filter");
    assert_eq!(
        get(&filter, "syntax").as_string().as_deref(),
        Some("filter expr")
    );
    let aliases: js_sys::Array = get(&filter, "aliases").unchecked_into();
    assert_eq!(aliases.get(0).as_string().as_deref(), Some("where"));
    assert_eq!(
        get(&find("steps", "sort"), "streaming").as_bool(),
        Some(false)
    );
    let substr = find("functions", "substr");
    assert_eq!(
        get(&substr, "signature").as_string().as_deref(),
        Some("substr(x: text, start: int[, len: int]) -> text")
    );
    assert_eq!(get(&substr, "minArgs").as_f64(), Some(2.0));
    assert_eq!(get(&substr, "maxArgs").as_f64(), Some(3.0));
    assert_eq!(
        get(&find("functions", "coalesce"), "maxArgs"),
        JsValue::NULL
    );
    assert!(get(&find("aggregates", "median"), "doc").is_string());
    let formats: js_sys::Array = get(&registry, "formats").unchecked_into();
    assert_eq!(
        formats.join(",").as_string().as_deref(),
        Some("csv,tsv,ndjson,json,arrow")
    );
}

pub fn formats_and_error_categories() {
    let csv = b"id,name\n1,Ada\n2,\n";
    let spec = "derive n = id * 2";
    let ndjson = run(spec, csv, options(&[("format", "ndjson".into())])).unwrap();
    assert_eq!(
        String::from_utf8(ndjson).unwrap(),
        "{\"id\":\"1\",\"name\":\"Ada\",\"n\":2}\n{\"id\":\"2\",\"name\":null,\"n\":4}\n"
    );
    let verdicts = |error: JsValue| {
        let flag = |key| get(&error, key).as_bool();
        (flag("isSpecError"), flag("isRowError"))
    };
    let spec_error = run("derive x = nope(id)", csv, None).unwrap_err();
    assert_eq!(verdicts(spec_error), (Some(true), Some(false)));
    let row_error = run("", b"a,b\n1\n", None).unwrap_err();
    assert_eq!(verdicts(row_error), (Some(false), Some(true)));
    let structural = run("", b"a\n\"1\n", None).unwrap_err();
    assert_eq!(verdicts(structural), (Some(false), Some(false)));
}

/// Expands to one test per API check, in the suite that invokes it.
#[macro_export]
macro_rules! api_tests {
    () => {
        $crate::api_tests!(
            kernels_return_plain_numbers,
            options_accept_js_types_and_spellings,
            job_streams_and_reports_stats,
            push_view_gives_the_same_bytes_as_push,
            job_errors_repeat_and_carry_positions,
            page_helpers_use_the_core_grammar,
            parse_rows_splits_with_the_core_reader,
            profile_is_a_plain_object,
            sniff_reads_the_dialect,
            registry_lists_the_language,
            formats_and_error_categories
        );
    };
    ($($name:ident),*) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            fn $name() {
                shared::api::$name();
            }
        )*
    };
}
