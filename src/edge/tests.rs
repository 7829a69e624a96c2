use super::request::query_pairs;
use super::{Exchange, Head, Limits, Problem, RequestLine, USAGE};

fn post<'a>(path: &'a str, query: &'a str) -> RequestLine<'a> {
    RequestLine {
        method: "POST",
        path,
        query,
        ..Default::default()
    }
}

/// Drives an exchange as a door does: `chunk`-byte pieces while it wants the body, sending
/// the head and output as they come. Returns the head, the body, and the body bytes read.
fn drive(line: &RequestLine, limits: Limits, body: &[u8], chunk: usize) -> (Head, Vec<u8>, usize) {
    let mut exchange = Exchange::new(line, limits);
    let (mut head, mut out, mut read) = (None, Vec::new(), 0);
    let mut pieces = body.chunks(chunk);
    while exchange.wants_body() {
        match pieces.next() {
            Some(piece) => {
                read += piece.len();
                exchange.push(piece)
            }
            None => exchange.end(),
        }
        if let Some(h) = exchange.head() {
            assert!(head.replace(h).is_none(), "a second head");
        }
        out.extend(exchange.take_output());
    }
    if let Some(h) = exchange.head() {
        assert!(head.replace(h).is_none(), "a second head");
    }
    out.extend(exchange.take_output());
    assert!(exchange.is_finished());
    (head.expect("a head"), out, read)
}

fn header<'a>(head: &'a Head, name: &str) -> Option<&'a str> {
    head.headers
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
}

fn error_body(kind: &str, line: u64, column: u64, message: &str) -> Vec<u8> {
    let problem = Problem {
        kind: kind.into(),
        line,
        column,
        message: message.into(),
    };
    problem.to_reply().into_bytes()
}

#[test]
fn routes_usage_404_405() {
    let get = RequestLine {
        method: "GET",
        path: "/",
        ..Default::default()
    };
    let (head, body, _) = drive(&get, Limits::default(), b"", 1);
    assert_eq!(head.status, 200);
    assert_eq!(
        header(&head, "content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(body, USAGE.as_bytes());

    let (head, body, read) = drive(&post("/nope", ""), Limits::default(), b"x", 1);
    assert_eq!((head.status, read), (404, 0));
    assert_eq!(
        body,
        error_body("not_found", 0, 0, "no route /nope: see GET /")
    );

    let get_run = RequestLine {
        method: "GET",
        path: "/run",
        ..Default::default()
    };
    let (head, body, _) = drive(&get_run, Limits::default(), b"", 1);
    assert_eq!((head.status, header(&head, "allow")), (405, Some("POST")));
    assert_eq!(body, error_body("method_not_allowed", 0, 0, "use POST"));
}

#[test]
fn a_small_body_is_answered_whole_with_its_length() {
    let (head, body, _) = drive(
        &post("/run", "pipeline=where+n+%3E+1"),
        Limits::default(),
        b"n\n1\n2\n3\n",
        3,
    );
    assert_eq!(head.status, 200);
    assert_eq!(body, b"n\n2\n3\n");
    assert_eq!(header(&head, "content-length"), Some("6"));
    assert_eq!(
        header(&head, "content-type"),
        Some("text/csv; charset=utf-8")
    );
}

#[test]
fn the_pipeline_may_come_in_the_header() {
    let mut line = post("/run", "");
    line.x_pipeline = Some("where city contains \"ü\" | select city".as_bytes());
    let (_, body, _) = drive(
        &line,
        Limits::default(),
        "id,city\n1,Zürich\n2,Lima\n".as_bytes(),
        5,
    );
    assert_eq!(body, "city\nZürich\n".as_bytes());
    line.x_pipeline = Some(b"select \xff");
    let (head, body, _) = drive(&line, Limits::default(), b"a\n", 5);
    assert_eq!(head.status, 400);
    assert_eq!(
        body,
        error_body("spec_syntax", 0, 0, "x-pipeline is not UTF-8")
    );
}

#[test]
fn refusals_read_the_whole_upload_first() {
    let body = vec![b'7'; 300_000];
    let (head, out, read) = drive(&post("/run", ""), Limits::default(), &body, 4096);
    assert_eq!((head.status, read), (400, body.len()));
    let message = "give the pipeline as ?pipeline=SPEC or an x-pipeline header";
    assert_eq!(out, error_body("missing_pipeline", 0, 0, message));

    let (head, out, _) = drive(
        &post("/run", "pipeline=take+1&on_error=ignore"),
        Limits::default(),
        b"a\n",
        1,
    );
    assert_eq!(head.status, 400);
    assert!(
        out.starts_with(b"{\"error\":{\"kind\":\"invalid_option\""),
        "{}",
        String::from_utf8_lossy(&out)
    );
}

#[test]
fn too_large_declared_streamed_and_drained_at_most_twice_the_limit() {
    let limits = Limits {
        max_body_bytes: 1000,
        commit_bytes: 1 << 20,
    };
    let body = vec![b'1'; 5000];
    let too_large = error_body(
        "body_too_large",
        0,
        0,
        "the body is over the limit of 1000 bytes",
    );
    let mut declared = post("/run", "pipeline=take+1");
    declared.content_length = Some("1001");
    let (head, out, read) = drive(&declared, limits, &body, 100);
    assert_eq!((head.status, read, &out), (413, 0, &too_large));
    // Counted as it streams: refused, then read up to twice the limit.
    let (head, out, read) = drive(&post("/profile", ""), limits, &body, 100);
    assert_eq!((head.status, read, &out), (413, 2100, &too_large));
}

#[test]
fn an_error_inside_the_window_is_an_exact_400() {
    let mut input = b"a,b\n".to_vec();
    for i in 0..50_000 {
        input.extend_from_slice(if i == 41_999 { b"1,2,3\n" } else { b"1,2\n" });
    }
    let (head, out, read) = drive(
        &post("/run", "pipeline=take+100000"),
        Limits::default(),
        &input,
        4096,
    );
    assert_eq!((head.status, read), (400, input.len()));
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with("{\"error\":{\"kind\":\"ragged_row\",\"line\":42001,\"column\":3,"),
        "{text}"
    );
}

#[test]
fn after_the_window_rows_then_the_error_line() {
    let limits = Limits {
        max_body_bytes: 1 << 30,
        commit_bytes: 100_000,
    };
    let mut input = b"a,b\n".to_vec();
    input.extend(b"1,2\n".repeat(60_000));
    let good = input.clone();
    input.extend_from_slice(b"3,4,5\n");
    let (head, out, _) = drive(
        &post("/run", "pipeline=take+10000000"),
        limits,
        &input,
        4096,
    );
    assert_eq!(head.status, 200);
    assert_eq!(header(&head, "content-length"), None, "streamed");
    let (rows, last) = out.split_at(good.len());
    assert_eq!(rows, &good[..]);
    let last = String::from_utf8(last.to_vec()).unwrap();
    assert!(last.starts_with("# csv-kernels error: {\"kind\":\"ragged_row\",\"line\":60002,\"column\":3,\"message\":\"line 60002, column 3: ragged_row: "), "{last}");
    assert!(last.ends_with("\"}\n") && last.matches('\n').count() == 1);
}

#[test]
fn a_satisfied_take_drains_then_answers() {
    let mut input = b"n\n".to_vec();
    input.extend(b"7\n".repeat(3_000_000));
    input.extend_from_slice(b"\"open");
    let (head, out, read) = drive(
        &post("/run", "pipeline=take+2"),
        Limits::default(),
        &input,
        65536,
    );
    assert_eq!(
        (head.status, out.as_slice(), read),
        (200, &b"n\n7\n7\n"[..], input.len())
    );
}

#[test]
fn profile_is_the_cli_json() {
    let (head, out, _) = drive(&post("/profile", ""), Limits::default(), b"n\n1\n2\n", 2);
    assert_eq!(head.status, 200);
    assert_eq!(header(&head, "content-type"), Some("application/json"));
    let want = crate::profile(b"n\n1\n2\n", &crate::Options::default())
        .unwrap()
        .to_json();
    assert_eq!(out, format!("{want}\n").into_bytes());
}

#[test]
fn a_failed_read_is_a_500_before_the_status() {
    let mut exchange = Exchange::new(&post("/run", "pipeline=take+1"), Limits::default());
    exchange.push(b"n\n");
    exchange.read_failed("connection reset");
    assert!(!exchange.wants_body());
    assert_eq!(exchange.head().unwrap().status, 500);
    assert_eq!(
        exchange.take_output(),
        error_body("internal", 0, 0, "connection reset")
    );
}

#[test]
fn json_and_query_text() {
    let problem = Problem::new("k", "a\"b\\c\n\u{1}é");
    assert_eq!(
        problem.to_json(),
        "{\"kind\":\"k\",\"line\":0,\"column\":0,\"message\":\"a\\\"b\\\\c\\n\\u0001é\"}"
    );
    let got =
        query_pairs("pipeline=derive%20d%20%3D%20f(x)+%7C+limit%202&on_error=skip&&flag").unwrap();
    let want = [
        ("pipeline", "derive d = f(x) | limit 2"),
        ("on_error", "skip"),
        ("flag", ""),
    ];
    assert_eq!(got, want.map(|(a, b)| (a.to_owned(), b.to_owned())));
    assert_eq!(query_pairs("a=%E6%9D%B1%zz%4").unwrap()[0].1, "東%zz%4");
    assert_eq!(query_pairs("a=%FF").unwrap_err().kind, "invalid_option");
}

#[test]
fn limits_from_text_settings() {
    let limits = Limits::from_settings(Some("1000"), Some("x"));
    assert_eq!(
        limits,
        Limits {
            max_body_bytes: 1000,
            commit_bytes: 1 << 20
        }
    );
    assert_eq!(Limits::from_settings(None, Some("")), Limits::default());
}
