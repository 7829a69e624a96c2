use super::*;

fn render(
    format: &str,
    header: bool,
    columns: &[(&str, Option<Type>)],
    rows: &[&[&str]],
) -> String {
    let mut options = Options::default();
    options.set("format", format).expect("a known format");
    options.header = header;
    let columns = columns.iter().map(|(n, t)| Column::new(*n, *t)).collect();
    let mut w = writer(&options, columns);
    let mut out = Vec::new();
    w.begin(&mut out);
    for row in rows {
        let cells: Vec<&[u8]> = row.iter().map(|c| c.as_bytes()).collect();
        w.row(&mut out, &cells);
    }
    w.end(&mut out);
    String::from_utf8(out).expect("UTF-8 output")
}

const COLUMNS: &[(&str, Option<Type>)] = &[
    ("id", Some(Type::Int)),
    ("score", Some(Type::Float)),
    ("ok", Some(Type::Bool)),
    ("day", Some(Type::Date)),
    ("note", None),
];

const ROWS: &[&[&str]] = &[
    &["1", "2.5", "true", "2024-01-31", "say \"hi\""],
    &["2", "", "false", "", "a,b\tc"],
];

#[test]
fn csv_and_tsv() {
    assert_eq!(
        render("csv", true, COLUMNS, ROWS),
        "id,score,ok,day,note\n1,2.5,true,2024-01-31,\"say \"\"hi\"\"\"\n2,,false,,\"a,b\tc\"\n"
    );
    assert_eq!(
        render("tsv", true, COLUMNS, ROWS),
        "id\tscore\tok\tday\tnote\n1\t2.5\ttrue\t2024-01-31\t\"say \"\"hi\"\"\"\n2\t\tfalse\t\t\"a,b\tc\"\n"
    );
    assert_eq!(
        render("csv", false, COLUMNS, &ROWS[..1])[..6].to_string(),
        "1,2.5,"
    );
    assert_eq!(render("csv", true, COLUMNS, &[]), "id,score,ok,day,note\n");
}

#[test]
fn ndjson() {
    assert_eq!(
        render("ndjson", true, COLUMNS, ROWS),
        concat!(
            "{\"id\":1,\"score\":2.5,\"ok\":true,\"day\":\"2024-01-31\",\"note\":\"say \\\"hi\\\"\"}\n",
            "{\"id\":2,\"score\":null,\"ok\":false,\"day\":null,\"note\":\"a,b\\tc\"}\n"
        )
    );
    assert_eq!(render("ndjson", false, COLUMNS, &[]), "");
}

#[test]
fn json_array() {
    assert_eq!(
        render(
            "json",
            true,
            &COLUMNS[..2],
            &[&["1", "2.5"], &["2", "-0.5"]]
        ),
        "[\n{\"id\":1,\"score\":2.5},\n{\"id\":2,\"score\":-0.5}\n]\n"
    );
    assert_eq!(render("json", true, COLUMNS, &[]), "[\n]\n");
    // JSON names its fields even without a header line in the CSV sense.
    assert_eq!(
        render("json", false, &[("#1", None)], &[&["x"]]),
        "[\n{\"#1\":\"x\"}\n]\n"
    );
}

#[test]
fn odd_rows_stay_valid() {
    let names = &[("a\"b", None)];
    assert_eq!(
        render("ndjson", true, names, &[&["1", "2"]]),
        "{\"a\\\"b\":\"1\",\"#2\":\"2\"}\n"
    );
    assert_eq!(render("ndjson", true, names, &[&[]]), "{}\n");
}

#[test]
fn names_round_trip() {
    for f in OutputFormat::ALL {
        assert_eq!(OutputFormat::from_name(f.name()), Some(f));
    }
    assert_eq!(OutputFormat::from_name("JSON"), None);
    let mut o = Options::default();
    assert!(o.set("format", "xml").is_err());
    assert_eq!(o.format, OutputFormat::Csv);
}
