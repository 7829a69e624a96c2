use super::*;
use crate::error::ErrorKind;

/// What a reader made of an input: each record as (line, number, byte, fields, problem kind),
/// then the final error, if any.
type Outcome = (
    Vec<(u64, u64, u64, Vec<Vec<u8>>, Option<String>)>,
    Option<String>,
);

fn read(options: &Options, path: Path, chunks: &[&[u8]]) -> Outcome {
    let mut reader = Reader::with_path(options, path);
    let mut records = Vec::new();
    let mut emit = |r: &Record, p: Option<crate::Error>| {
        let fields = r.iter().map(|f| f.to_vec()).collect();
        let problem = p.map(|e| {
            format!(
                "{} {} {}",
                e.kind.name(),
                e.position.line,
                e.position.column
            )
        });
        records.push((r.line, r.number, r.byte, fields, problem));
        Ok(Flow::Continue)
    };
    let mut result = Ok(());
    for chunk in chunks {
        result = result.and_then(|()| reader.feed(chunk, &mut emit));
    }
    let result = result.and_then(|()| reader.finish(&mut emit));
    let error = result.err().map(|e| {
        format!(
            "{} {} {}",
            e.kind.name(),
            e.position.line,
            e.position.column
        )
    });
    (records, error)
}

fn whole(input: &[u8]) -> Outcome {
    read(&Options::default(), Path::detect(), &[input])
}

fn limited(field: usize, record: usize, columns: usize) -> Options {
    Options {
        limits: Limits {
            max_field_bytes: field,
            max_record_bytes: record,
            max_columns: columns,
        },
        ..Options::default()
    }
}

#[test]
fn fields_positions_and_line_ends() {
    let (records, error) = whole(b"\xEF\xBB\xBFa,b\r\n\r\n\"x\"\"y\",\"1\r2\"\n\"\",3\rz,\"\"\"\"");
    assert_eq!(error, None);
    let fields: Vec<_> = records.iter().map(|r| r.3.clone()).collect();
    assert_eq!(
        fields,
        [
            vec![b"a".to_vec(), b"b".to_vec()],
            vec![b"x\"y".to_vec(), b"1\r2".to_vec()],
            vec![b"".to_vec(), b"3".to_vec()],
            vec![b"z".to_vec(), b"\"".to_vec()],
        ]
    );
    let places: Vec<_> = records.iter().map(|r| (r.0, r.1, r.2)).collect();
    // Lines: CRLF is one line end, a blank line counts, a CR inside quotes counts.
    assert_eq!(places, [(1, 1, 3), (3, 2, 10), (5, 3, 23), (6, 4, 28)]);
}

#[test]
fn a_delimiter_at_the_end_of_the_input_ends_an_empty_field() {
    for input in [&b"a,b\nxy,"[..], b"a,b\n\"x\"\"y\",", b"a,b\nxyz,\"\""] {
        let records = whole(input).0;
        let last = &records.last().unwrap().3;
        assert_eq!(last.len(), 2, "{input:?}");
        assert!(last[0].starts_with(b"x") && last[1].is_empty(), "{input:?}");
    }
}

#[test]
fn row_problems_are_reported_with_the_record() {
    let (records, error) = whole(b"a,b\n1,x\0\n\xff,2\n1,2,3\n\"\xc3\",\"\xa9\"\n");
    assert_eq!(error, None);
    let problems: Vec<_> = records.iter().map(|r| r.4.clone()).collect();
    assert_eq!(
        problems,
        [
            None,
            Some("nul_byte 2 2".into()),
            Some("invalid_utf8 3 1".into()),
            Some("ragged_row 4 3".into()),
            // A character split across two fields is invalid in both.
            Some("invalid_utf8 5 1".into()),
        ]
    );
}

#[test]
fn structural_errors_name_the_line_where_the_record_starts() {
    assert_eq!(whole(b"\"\r\"a").1.as_deref(), Some("invalid_quote 1 1"));
    let mut reader = Reader::new(&Options::default());
    let mut emit = |_: &Record, _: Option<crate::Error>| Ok(Flow::Continue);
    let e = reader.feed(b"a\n\"x\ny\"z\n", &mut emit).unwrap_err();
    assert!(
        e.message.contains("on line 2 of the record"),
        "{}",
        e.message
    );
    let o = limited(8, 1 << 20, 100);
    let input = b"a,b\n1,\"x\ny\nzzzzzzzzz\"\n";
    assert_eq!(
        read(&o, Path::Swar, &[input]).1.as_deref(),
        Some("field_too_long 2 2")
    );
    let o = limited(100, 6, 100);
    let input = b"a,b\n\"1\n2\n3\",\"4\n5\"\n";
    assert_eq!(
        read(&o, Path::Swar, &[input]).1.as_deref(),
        Some("record_too_long 2 2")
    );
    let o = limited(100, 100, 2);
    let input = b"a,b\n1,\"x\ny\",3\n";
    assert_eq!(
        read(&o, Path::Swar, &[input]).1.as_deref(),
        Some("too_many_columns 2 3")
    );
    // An unclosed quote too: its record's first line (the message names the quote's line).
    assert_eq!(
        whole(b"a,b\n1,\"x\ny\",\"open\n").1.as_deref(),
        Some("unclosed_quote 2 3")
    );
}

#[test]
fn the_limit_crossed_first_is_reported_wherever_chunks_end() {
    // The record limit is crossed at the field's 2nd byte, the field limit at its 6th.
    let o = limited(5, 6, 100);
    let input = b"abcd,efghijk\n";
    for cut in 0..=input.len() {
        let (a, b) = input.split_at(cut);
        assert_eq!(
            read(&o, Path::Swar, &[a, b]).1.as_deref(),
            Some("record_too_long 1 2")
        );
    }
    // A tie goes to the field.
    let o = limited(2, 6, 100);
    assert_eq!(
        read(&o, Path::Swar, &[b"abcd,efg\n"]).1.as_deref(),
        Some("field_too_long 1 1")
    );
    // Escaped quotes count once.
    let o = limited(3, 100, 100);
    assert_eq!(read(&o, Path::Swar, &[b"\"a\"\"b\"\n"]).1, None);
    assert_eq!(
        read(&o, Path::Swar, &[b"\"a\"\"bc\"\n"]).1.as_deref(),
        Some("field_too_long 1 1")
    );
}

#[test]
fn a_runaway_field_stops_at_the_limit_not_at_its_end() {
    let o = limited(1000, 1 << 20, 100);
    let mut reader = Reader::with_path(&o, Path::detect());
    let mut emit = |_: &Record, _: Option<crate::Error>| Ok(Flow::Continue);
    reader.feed(b"a\n\"", &mut emit).unwrap();
    let block = vec![b'x'; 600];
    reader.feed(&block, &mut emit).unwrap();
    let e = reader.feed(&block, &mut emit).unwrap_err();
    assert_eq!((e.kind, e.position.line), (ErrorKind::FieldTooLong, 2));
    assert!(reader.carry.len() < 2000);
}

#[test]
fn fields_borrow_the_chunk_unless_they_need_a_copy() {
    let input = b"id,name\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n".to_vec();
    let range = input.as_ptr_range();
    let mut borrowed = Vec::new();
    let mut reader = Reader::new(&Options::default());
    let mut emit = |r: &Record, _: Option<crate::Error>| {
        borrowed.push(r.iter().all(|f| range.contains(&f.as_ptr())));
        Ok(Flow::Continue)
    };
    reader.feed(&input, &mut emit).unwrap();
    reader.finish(&mut emit).unwrap();
    assert_eq!(borrowed, [true, true, false]);
}

#[test]
fn every_path_and_every_cut_agree() {
    let inputs: [&[u8]; 6] = [
        b"a,b\r\n1,\"x\r\n\"\"y\"\"\"\n\n\r\n2,\"\"\r3,4",
        b"\xEF\xBB\xBF\"\",\"a\"\"\"\r\n,\n\0,\xff\xfe\n",
        b"q,\"unclosed\n",
        b"x,y\n1,\"ab\"c\n",
        b"h\n\xEF\xBB\n\"a\"\r",
        b"a,\"b\nc\",\"d\"\"\"\"\"\"e\"",
    ];
    for input in inputs {
        let long: Vec<u8> = input
            .iter()
            .copied()
            .cycle()
            .take(input.len() * 40)
            .collect();
        for input in [input, &long[..]] {
            let want = whole(input);
            for path in Path::all_available() {
                let o = Options::default();
                assert_eq!(read(&o, path, &[input]), want, "{path:?}");
                for cut in (0..=input.len()).step_by(if input.len() > 100 { 7 } else { 1 }) {
                    let (a, b) = input.split_at(cut);
                    assert_eq!(read(&o, path, &[a, b]), want, "{path:?} cut {cut}");
                }
            }
        }
    }
}

/// A stop ends the read at the stopping record's line end: later input is ignored, and the
/// bytes consumed are the same wherever the chunks ended.
#[test]
fn stop_ignores_the_rest() {
    let input: &[u8] = b"a\r\n1\n2\n\"bad";
    for size in [input.len(), 1, 2, 3, 5] {
        let mut reader = Reader::new(&Options::default());
        let mut seen = 0;
        let mut emit = |_: &Record, _: Option<crate::Error>| {
            seen += 1;
            Ok(if seen == 2 {
                Flow::Stop
            } else {
                Flow::Continue
            })
        };
        for chunk in input.chunks(size) {
            reader.feed(chunk, &mut emit).unwrap();
        }
        reader.finish(&mut emit).unwrap();
        assert!(reader.is_stopped());
        assert_eq!((seen, reader.bytes_consumed()), (2, 5), "chunks of {size}");
    }
    // Stopped at a record ending with a CR: its LF is not read, however the input is cut.
    for size in [6, 1, 4] {
        let mut reader = Reader::new(&Options::default());
        let mut emit = |_: &Record, _: Option<crate::Error>| Ok(Flow::Stop);
        for chunk in b"a,b\r\nc\n".chunks(size) {
            reader.feed(chunk, &mut emit).unwrap();
        }
        assert_eq!(reader.bytes_consumed(), 4, "chunks of {size}");
    }
}

/// A random input that reads without structural errors: unquoted fields (maybe holding a quote
/// or NUL), quoted ones holding anything, every line end, blank lines, sometimes a BOM.
fn random_records(seed: &mut u64) -> Vec<u8> {
    let mut next = |n: u64| {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        (*seed % n) as usize
    };
    let mut out = Vec::new();
    if next(4) == 0 {
        out.extend_from_slice(BOM);
    }
    for _ in 0..1 + next(6) {
        for f in 0..1 + next(4) {
            if f > 0 {
                out.push(b',');
            }
            let quoted = next(2) == 0;
            let parts: &[&[u8]] = if quoted {
                &[b"a", b",", b"\"\"", b"\r", b"\n", b"\r\n", b"\0"]
            } else {
                &[b"a", b"b", b"\"", b"\0", b" "]
            };
            if quoted {
                out.push(b'"');
            }
            for k in 0..next(4) + usize::from(!quoted && f == 0) {
                // A quote first would open a quoted field instead.
                let choices = if quoted || k > 0 { parts.len() } else { 2 };
                out.extend_from_slice(parts[next(choices as u64)]);
            }
            if quoted {
                out.push(b'"');
            }
        }
        out.extend_from_slice([&b"\n"[..], b"\r\n", b"\r", b"\n\n"][next(4)]);
    }
    out
}

#[test]
fn a_record_is_marked_exact_when_the_writer_gives_back_its_raw_bytes() {
    let options = Options::default();
    let writer = crate::Writer::new(&options);
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let (mut exact, mut not_exact) = (0, 0);
    for _ in 0..300 {
        let input = random_records(&mut seed);
        for path in Path::all_available() {
            for cut in 0..=input.len() {
                let mut reader = Reader::with_path(&options, path);
                let mut emit = |r: &Record, _: Option<crate::Error>| {
                    let mut written = Vec::new();
                    writer.write_record(&mut written, r.iter());
                    let same = written[..written.len() - 1] == *r.raw();
                    let marked = r.exact_raw(b',', b'"');
                    assert_eq!(marked.is_some(), same, "{input:?} cut {cut}: {:?}", r.raw());
                    assert_eq!(r.exact_raw(b';', b'"'), None);
                    if same {
                        exact += 1;
                    } else {
                        not_exact += 1;
                    }
                    Ok(Flow::Continue)
                };
                let (a, b) = input.split_at(cut);
                reader.feed(a, &mut emit).unwrap();
                reader.feed(b, &mut emit).unwrap();
                reader.finish(&mut emit).unwrap();
            }
        }
    }
    assert!(exact > 1000 && not_exact > 1000, "{exact} {not_exact}");
}

/// Lines starting with the comment byte are skipped wherever a record could start, across
/// chunk ends, and count as lines; inside a record or a quoted field the byte is data.
#[test]
fn comment_lines_are_skipped_and_counted() {
    let options = Options {
        comment: Some(b'#'),
        ..Options::default()
    };
    let input: &[u8] = b"# preamble \"with a quote\n\
        id,note\n1,a#b\n# between rows\r\n2,\"x\n# not a comment\"\n#\n3,\xff\n# at the end";
    let want = vec![
        (2, vec![b"id".to_vec(), b"note".to_vec()]),
        (3, vec![b"1".to_vec(), b"a#b".to_vec()]),
        (5, vec![b"2".to_vec(), b"x\n# not a comment".to_vec()]),
        (8, vec![b"3".to_vec(), b"\xff".to_vec()]),
    ];
    for size in [input.len(), 1, 2, 3, 5, 7] {
        let mut got = Vec::new();
        let mut emit = |r: &Record, _: Option<crate::Error>| {
            got.push((r.line, r.iter().map(<[u8]>::to_vec).collect::<Vec<_>>()));
            Ok(Flow::Continue)
        };
        let mut reader = Reader::new(&options);
        for chunk in input.chunks(size) {
            reader.feed(chunk, &mut emit).unwrap();
        }
        reader.finish(&mut emit).unwrap();
        assert_eq!(got, want, "chunks of {size}");
    }
    // Without the option a comment line is a record like any other.
    let e = crate::run("", input, &Options::default()).unwrap_err();
    assert_eq!((e.kind, e.position.line), (crate::ErrorKind::RaggedRow, 2));
    // Only comments: no record, which a header needs.
    let e = crate::run("", b"# nothing\n#\n", &options).unwrap_err();
    assert_eq!(e.kind, crate::ErrorKind::EmptyInput);
}
