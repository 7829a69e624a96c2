use super::*;

fn dialect(data: &str) -> (u8, Option<u8>, bool) {
    let s = sniff(data.as_bytes());
    (s.delimiter, s.quote, s.header)
}

#[test]
fn usual_delimiters() {
    assert_eq!(dialect("a,b,c\n1,2,3\n4,5,6\n"), (b',', None, true));
    assert_eq!(dialect("a;b;c\n1,5;2;3\n4;5,25;6\n"), (b';', None, true));
    assert_eq!(dialect("a\tb\n1\t2\n3\t4\n"), (b'\t', None, true));
    assert_eq!(dialect("a|b\nx, y|2\nz|3\n"), (b'|', None, true));
    assert_eq!(dialect("name:age\nada:36\nbob:41\n"), (b':', None, true));
}

/// A column of numbers, dates or times is one column: the punctuation inside its values
/// splits nothing (as `name:age` with words beside numbers still does).
#[test]
fn a_column_of_values_is_not_split_inside_them() {
    let one = |data: &str| {
        let s = sniff(data.as_bytes());
        (s.columns, s.header)
    };
    assert_eq!(
        one("REAL_GNP\n4.76046307\n4.788324729\n4.813809051\n"),
        (1, true)
    );
    assert_eq!(one("a\n02/01/2014\n31/12/2012\n"), (1, true));
    assert_eq!(one("day\n2024-01-31\n2024-02-01\n2024-02-02\n"), (1, true));
    assert_eq!(one("at\n12:30:00\n13:45:10\n"), (1, true));
    assert_eq!(one("1.5\n2.25\n3.125\n"), (1, false));
    assert_eq!(dialect("name:age\nada:36\nbob:41\n"), (b':', None, true));
}

#[test]
fn quotes_hide_delimiters() {
    let data =
        "id,name,city\n1,\"Smith, J\",\"Paris, FR\"\n2,\"Doe, A\",Rome\n3,Ada,\"Oslo, NO\"\n";
    assert_eq!(dialect(data), (b',', Some(b'"'), true));
    let single = "id;note\n1;'a;b'\n2;'c;d'\n3;plain\n";
    assert_eq!(dialect(single), (b';', Some(b'\''), true));
}

#[test]
fn stray_quotes_are_text() {
    // An inch mark is not a quote: quoting with it would break the rows.
    let data = "item,size\nscreen,27\"\nphone,6\"\nlaptop,15\"\n";
    let s = sniff(data.as_bytes());
    assert_eq!((s.delimiter, s.columns), (b',', 2));
}

#[test]
fn header_or_not() {
    assert!(!sniff(b"1,2,3\n4,5,6\n7,8,9\n").header);
    assert!(!sniff(b"2024-01-01,5\n2024-01-02,6\n2024-01-03,7\n").header);
    assert!(sniff(b"day,n\n2024-01-01,5\n2024-01-02,6\n").header);
    assert!(sniff(b"name,city\nada,paris\nbob,rome\n").header);
    assert!(!sniff(b"ada,paris\nada,rome\n,oslo\n").header);
    assert!(sniff(b"only,one,row\n").header);
    assert!(sniff(b"code,label\nAB12,x\nCD34,y\nEF56,z\n").header);
    // A title row above the names still starts with a header; a repeated header is one too.
    assert!(sniff(b"Water use,,\nsite,m3,cost\nA,12,x\n").header);
    assert!(sniff(b"day,n\n2024-01-01,5\nday,n\n2024-01-02,6\n").header);
    assert!(!sniff(b"a,a\nb,c\n").header);
}

#[test]
fn single_column_and_empty() {
    let s = sniff(b"name\nada\nbob\n");
    assert_eq!((s.delimiter, s.columns, s.rows), (b',', 1, 3));
    assert!(s.reason.starts_with("one column"), "{}", s.reason);
    let s = sniff(b"");
    assert_eq!(
        (s.delimiter, s.quote, s.header, s.rows),
        (b',', None, true, 0)
    );
    assert_eq!(sniff(b"\xEF\xBB\xBF").rows, 0);
}

#[test]
fn reason_names_each_part() {
    let s = sniff(b"a;b\n1;2\n3;4\n\"5\";6\n");
    assert_eq!(
        s.reason,
        "delimiter ';': 4 of 4 rows have 2 fields; quote '\"' (1 quoted fields); \
         header: the first row differs from the rows below in 2 of 2 columns"
    );
    let s = sniff(b"a\tb\n1\t2\n");
    assert!(
        s.reason.starts_with("delimiter tab: 2 of 2 rows"),
        "{}",
        s.reason
    );
}

#[test]
fn long_inputs_are_cut_at_a_line_end() {
    let mut data = b"a,b\n".to_vec();
    while data.len() < 3 * SAMPLE_BYTES {
        data.extend_from_slice(b"12345,678\n");
    }
    let s = sniff(&data);
    assert_eq!((s.delimiter, s.columns), (b',', 2));
    assert!(s.rows < 7000, "{}", s.rows);
    assert_eq!(
        s.reason.split(':').nth(1),
        Some(&*format!(
            " {0} of {0} rows have 2 fields; no quoted fields; header",
            s.rows
        ))
    );
}

#[test]
fn apply_sets_options() {
    let mut o = Options::default();
    sniff(b"a;b\n1;2\n").apply(&mut o);
    assert_eq!((o.delimiter, o.quote, o.header), (b';', b'"', true));
    let mut o = Options::default();
    sniff(b"1\"2\"3\n4\"5\"6\n").apply(&mut o);
    assert_ne!(o.delimiter, o.quote);
}

#[test]
fn random_bytes_never_panic() {
    let alphabet = b",;\t|\"' \n\ra1.-\\\xff";
    let mut state = 3u64;
    for _ in 0..800 {
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        let len = next(200);
        let data: Vec<u8> = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
        let s = sniff(&data);
        assert_ne!(Some(s.delimiter), s.quote);
        assert!(s.columns <= data.len() + 1);
    }
}

#[test]
fn never_panics_on_odd_bytes() {
    for data in [
        &b"\"\"\"\n\r\r\n,,,"[..],
        b"\xff\xfe\x00,\x01",
        b"\"",
        b",",
        b"\n",
        b"'a'b'c",
    ] {
        let _ = sniff(data);
    }
}

#[test]
fn pattern_score_rewards_agreement() {
    assert_eq!(pattern_score(&[]), 0.0);
    assert_eq!(pattern_score(&[3, 3, 3]), 2.0);
    assert_eq!(pattern_score(&[2, 3]), (0.5 + 2.0 / 3.0) / 2.0);
    assert!(pattern_score(&[1, 1]) < 0.01);
    assert_eq!(modal_count(&[2, 3, 3, 2, 3]), (3, 3));
    assert_eq!(modal_count(&[]), (0, 0));
}

/// Lines starting with '#' are comments when some, but not most, lines do: the dialect comes
/// from the other lines, and full sniffing reads with the comment byte set.
#[test]
fn comment_lines_are_sniffed() {
    let data = b"# exported 2024-01-31\n# by a tool\nid;name\n1;ada\n# a note\n2;bob\n3;cy\n";
    let s = sniff(data);
    assert_eq!(
        (s.delimiter, s.header, s.columns, s.comment),
        (b';', true, 2, Some(b'#'))
    );
    assert!(
        s.reason
            .ends_with("; comments: 3 of 7 lines start with '#'"),
        "{}",
        s.reason
    );
    let mut o = Options {
        sniff: Sniff::Full,
        ..Options::default()
    };
    resolve(&mut o, data);
    assert_eq!((o.delimiter, o.comment), (b';', Some(b'#')));
    // Dialect sniffing takes the delimiter and quote only.
    let mut o = Options {
        sniff: Sniff::Dialect,
        ..Options::default()
    };
    resolve(&mut o, data);
    assert_eq!(o.comment, None);
    // A file of mostly '#' lines is data, and a '#' inside a line is text.
    assert_eq!(sniff(b"#a\n#b\n#c\nd\n").comment, None);
    assert_eq!(sniff(b"a,b\n1,#2\n").comment, None);
}
