use super::*;
use crate::date::at;

fn detect(values: &[&str]) -> Option<DetectedFormat> {
    detect_date_format(values.iter().copied())
}

#[test]
fn iso_dates_and_datetimes() {
    let found = detect(&["2024-01-31", "2023-12-01", " 2024-02-29 "]).unwrap();
    assert_eq!(found.layout, DateLayout::YearMonthDay);
    assert_eq!(
        (found.separator, found.has_time, found.ambiguous),
        (b'-', false, false)
    );
    assert_eq!((found.min, found.max), (at("2023-12-01"), at("2024-02-29")));
    assert_eq!(found.strftime(), "%Y-%m-%d");

    let found = detect(&["2024-01-31", "2024-01-31T10:00:00Z", "2024-01-30 23:59"]).unwrap();
    assert!(found.has_time);
    assert_eq!(
        (found.min, found.max),
        (at("2024-01-30 23:59"), at("2024-01-31 10:00"))
    );
    assert_eq!(found.strftime(), "%Y-%m-%d %H:%M:%S");
    assert_eq!(
        found.parse("2024-01-31T10:00"),
        Some(at("2024-01-31 10:00"))
    );
    assert_eq!(found.parse("31/01/2024"), None);
}

#[test]
fn day_first_decided_by_one_value() {
    let found = detect(&["01/02/2024", "03/04/2024", "25/12/2023", "05/06/2024"]).unwrap();
    assert_eq!(found.layout, DateLayout::DayMonthYear);
    assert!(!found.ambiguous);
    assert_eq!((found.min, found.max), (at("2023-12-25"), at("2024-06-05")));
    assert_eq!(found.parse("05/06/2024"), Some(at("2024-06-05")));
}

#[test]
fn month_first_decided_by_one_value() {
    let found = detect(&["1/2/2024", "12/25/2023 10:30", "3/4/2024"]).unwrap();
    assert_eq!(found.layout, DateLayout::MonthDayYear);
    assert!(!found.ambiguous && found.has_time);
    assert_eq!(
        (found.min, found.max),
        (at("2023-12-25 10:30"), at("2024-03-04"))
    );
    assert_eq!(found.strftime(), "%m/%d/%Y %H:%M:%S");
}

#[test]
fn two_digit_years_with_slashes() {
    let found = detect(&["31/01/24", "01/02/99", "5/6/68"]).unwrap();
    assert_eq!(found.layout, DateLayout::DayMonthYear);
    assert!(found.two_digit_year);
    assert_eq!((found.min, found.max), (at("1999-02-01"), at("2068-06-05")));
    assert_eq!(found.strftime(), "%d/%m/%y");
    assert_eq!(found.parse("01/02/03"), Some(at("2003-02-01")));
    assert_eq!(found.parse("01/02/2003"), None);
    // Not mixed with four-digit years, not with dots or dashes, not three digits.
    for values in [
        &["1/2/24", "1/2/2024"][..],
        &["1.2.10"],
        &["1-2-24"],
        &["1/2/124"],
    ] {
        assert_eq!(detect(values), None, "{values:?}");
    }
}

#[test]
fn undecided_columns_are_month_first_and_say_so() {
    let found = detect(&["01.02.2024", "03.04.2024"]).unwrap();
    assert_eq!(found.layout, DateLayout::MonthDayYear);
    assert!(found.ambiguous);
    assert_eq!(found.separator, b'.');
    assert_eq!((found.min, found.max), (at("2024-01-02"), at("2024-03-04")));
    assert_eq!(found.strftime(), "%m.%d.%Y");
}

#[test]
fn not_dates() {
    for values in [
        &[][..],
        &[""],
        &["31/01/2024", "01/31/2024"],
        &["2024-01-31", "31/01/2024"],
        &["01/02/2024", "01-02-2024"],
        &["2024-01-31", "2024/01/31"],
        &["2024-01-31", "hello"],
        &["32/01/2024"],
        &["1/2/2024 25:00"],
        &["12"],
        &["1.5"],
        &["2024-02-30"],
        &["001/02/2024"],
    ] {
        assert_eq!(detect(values), None, "{values:?}");
    }
}

#[test]
fn a_failed_detector_stays_failed() {
    let mut d = DateDetector::default();
    assert!(d.observe("2024-01-01"));
    assert!(!d.observe("x"));
    assert!(!d.observe("2024-01-02"));
    assert_eq!(d.finish(), None);
}
