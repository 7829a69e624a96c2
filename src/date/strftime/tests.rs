//! Expected texts below were checked against DuckDB 2.0's `strftime` / `strptime`.

use super::*;
use crate::date::at;

#[test]
fn writes_every_specifier() {
    let t = at("2024-01-05 03:04:05.123");
    let all = "%Y %m %d %H %M %S %b %B %j %a %A %y %f %% %-d %-m %I %p %g %w %u";
    assert_eq!(
        format(t, all).unwrap(),
        "2024 01 05 03 04 05 Jan January 005 Fri Friday 24 123000 % 5 1 03 AM 123 5 5"
    );
    let t = at("0024-01-05 13:04:05");
    assert_eq!(
        format(t, "%Y|%y|%-y|%I|%-I|%p|%-j").unwrap(),
        "0024|24|24|01|1|PM|5"
    );
    assert_eq!(format(at("2024-01-05 00:04:05"), "%I %p").unwrap(), "12 AM");
    assert_eq!(format(at("2024-01-05 12:00:00"), "%I %p").unwrap(), "12 PM");
    assert_eq!(format(at("2024-01-07"), "%w %u %a").unwrap(), "0 7 Sun");
    assert_eq!(format(at("2024-12-31"), "%j %h").unwrap(), "366 Dec");
    assert_eq!(format(at("2024-12-31"), "%-H:%-M:%-S").unwrap(), "0:0:0");
    assert_eq!(format(at("2024-12-31"), "at 100%%").unwrap(), "at 100%");
    assert_eq!(format(at("2024-12-31"), "").unwrap(), "");
}

#[test]
fn compile_errors() {
    for bad in ["%e", "%", "abc %", "%-b", "%-%", "%z", "%Q"] {
        let error = DateFormat::compile(bad).unwrap_err();
        assert!(error.message.contains(bad), "{bad}: {error}");
        assert_eq!(format(0, bad), None);
        assert_eq!(parse_with_format("x", bad), None);
    }
}

#[test]
fn reads_formats() {
    let cases = [
        ("05/01/69", "%d/%m/%y", "1969-01-05"),
        ("05/01/68", "%d/%m/%y", "2068-01-05"),
        ("5/1/2024", "%d/%m/%Y", "2024-01-05"),
        (
            "2024-01-31 1:2:3",
            "%Y-%m-%d %H:%M:%S",
            "2024-01-31 01:02:03",
        ),
        ("2024-01-31   12", "%Y-%m-%d %H", "2024-01-31 12:00"),
        ("31 jan 2024", "%d %b %Y", "2024-01-31"),
        ("JANUARY 5 2024", "%B %d %Y", "2024-01-05"),
        (
            "2024-01-31 12:00:00.5",
            "%Y-%m-%d %H:%M:%S.%f",
            "2024-01-31 12:00:00.5",
        ),
        (
            "2024-01-05 10:00:00.12",
            "%Y-%m-%d %H:%M:%S.%g",
            "2024-01-05 10:00:00.12",
        ),
        ("2024 032", "%Y %j", "2024-02-01"),
        ("2024 366", "%Y %j", "2024-12-31"),
        ("2023 366", "%Y %j", "2024-01-01"),
        ("Mon 2024-01-31", "%a %Y-%m-%d", "2024-01-31"),
        ("12 AM 2024-01-31", "%I %p %Y-%m-%d", "2024-01-31"),
        ("2024-01-05 12 pm", "%Y-%m-%d %I %p", "2024-01-05 12:00"),
        ("2024-01-05 1 pm", "%Y-%m-%d %I %p", "2024-01-05 13:00"),
        (" 2024-01-31", "%Y-%m-%d", "2024-01-31"),
        ("24-1-5", "%Y-%m-%d", "0024-01-05"),
        ("05", "%d", "1900-01-05"),
        ("20240131", "%Y%m%d", "2024-01-31"),
        ("2024-01-05T10", "%Y-%m-%dT%H", "2024-01-05 10:00"),
        ("Friday, 5 January 2024", "%A, %-d %B %Y", "2024-01-05"),
        ("100% 2024", "100%% %Y", "2024-01-01"),
        ("3 2024-01-05", "%w %Y-%m-%d", "2024-01-05"),
        // %j gives way to a month or day number, not to a month name (as in DuckDB).
        ("6 08 154", "%-m %y %j", "2008-06-01"),
        ("335 1 01", "%j %-d %d", "1900-01-01"),
        ("Sep:254", "%b:%j", "1900-09-11"),
    ];
    for (text, fmt, expected) in cases {
        assert_eq!(
            parse_with_format(text, fmt),
            Some(at(expected)),
            "{text} / {fmt}"
        );
    }
}

#[test]
fn rejects_mismatches() {
    let cases = [
        ("31 January 2024", "%d %b %Y"),
        ("31 Jan 2024", "%d %B %Y"),
        ("2024-01-31 12:00:00.1234567", "%Y-%m-%d %H:%M:%S.%f"),
        ("2024-01-05 10:00:00.1234", "%Y-%m-%d %H:%M:%S.%g"),
        ("2024-01-31 extra", "%Y-%m-%d"),
        ("2024-02-30", "%Y-%m-%d"),
        ("2024-1-5", "%Y-%m-%d  "),
        ("2024-01-05t10", "%Y-%m-%dT%H"),
        ("2024-01-05 0:04", "%Y-%m-%d %I:%M"),
        ("2024-01-05 13 pm", "%Y-%m-%d %H %p"),
        ("2024-01-05 24:00", "%Y-%m-%d %H:%M"),
        ("2024-01-05 10:60", "%Y-%m-%d %H:%M"),
        ("2024-13-05", "%Y-%m-%d"),
        ("2024 000", "%Y %j"),
        ("2024 367", "%Y %j"),
        ("", "%Y"),
        ("x", ""),
        ("7 2024", "%w %Y"),
        ("0 2024", "%u %Y"),
        ("2024-01-05 é", "%Y-%m-%d %b"),
    ];
    for (text, fmt) in cases {
        assert_eq!(parse_with_format(text, fmt), None, "{text} / {fmt}");
    }
}

#[test]
fn round_trips() {
    let formats = [
        "%Y-%m-%d %H:%M:%S.%f",
        "%d/%m/%Y %I:%M:%S %p .%f",
        "%A %d %B %Y %H%M%S %f",
        "%Y %j %H:%M:%S.%f",
    ];
    for fmt in formats {
        let compiled = DateFormat::compile(fmt).unwrap();
        for text in [
            "2024-02-29 23:59:59.999999",
            "1969-12-31 00:00:00",
            "0999-07-04 12:30:01.5",
        ] {
            let t = at(text);
            assert_eq!(compiled.parse(&compiled.format(t)), Some(t), "{fmt} {text}");
        }
    }
}

#[test]
fn knows_when_a_format_has_a_time() {
    assert!(!DateFormat::compile("%d/%m/%Y").unwrap().has_time());
    assert!(DateFormat::compile("%d/%m/%Y %H").unwrap().has_time());
    assert!(DateFormat::compile("%f").unwrap().has_time());
}

#[test]
fn extremes_do_not_panic() {
    let every =
        DateFormat::compile("%Y %y %m %b %B %d %j %H %I %p %M %S %f %g %a %A %w %u").unwrap();
    for t in [i64::MIN, -1, 0, i64::MAX] {
        let _ = every.format(t);
    }
    assert_eq!(parse_with_format("99999", "%Y"), None);
}
