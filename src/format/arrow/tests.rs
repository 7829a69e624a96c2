use super::*;
use crate::format::OutputFormat;
use crate::Options;

fn arrow(spec: &str, input: &str) -> (Vec<u8>, Stream) {
    let options = Options {
        format: OutputFormat::Arrow,
        ..Options::default()
    };
    let (ipc, _) = crate::run(spec, input.as_bytes(), &options).unwrap();
    let stream = read_stream(&ipc).unwrap();
    (ipc, stream)
}

fn words<const N: usize>(bytes: &[u8]) -> Vec<[u8; N]> {
    bytes
        .chunks_exact(N)
        .map(|c| c.try_into().unwrap())
        .collect()
}

#[test]
fn every_type_round_trips() {
    let (ipc, stream) = arrow(
        "derive i = int(a), f = float(a) / 4, b = int(a) > 1, d = date(t), dt = datetime(t) | select a, i, f, b, d, dt",
        "a,t\n1,2024-01-31\n,\n-3,1970-01-02T00:00:01\n",
    );
    let types: Vec<_> = stream
        .fields
        .iter()
        .map(|(n, t)| (n.as_str(), *t))
        .collect();
    assert_eq!(
        types,
        [
            ("a", ArrowType::Utf8),
            ("i", ArrowType::Int64),
            ("f", ArrowType::Float64),
            ("b", ArrowType::Boolean),
            ("d", ArrowType::Date32),
            ("dt", ArrowType::TimestampMicros),
        ]
    );
    assert_eq!(stream.batches.len(), 1);
    let batch = &stream.batches[0];
    assert_eq!(batch.rows, 3);
    let buf = |c: usize, b: usize| &ipc[batch.columns[c].buffers[b].clone()];
    // A comparison with null is false, not null: only `b` has a value in every row.
    let nulls: Vec<_> = batch.columns.iter().map(|c| c.null_count).collect();
    assert_eq!(nulls, [1, 1, 1, 0, 1, 1]);
    for column in batch.columns.iter().filter(|c| c.null_count > 0) {
        assert_eq!(&ipc[column.buffers[0].clone()], &[0b101]);
    }
    assert_eq!(words::<4>(buf(0, 1)), [0i32, 1, 1, 3].map(i32::to_le_bytes));
    assert_eq!(buf(0, 2), b"1-3");
    assert_eq!(words::<8>(buf(1, 1)), [1i64, 0, -3].map(i64::to_le_bytes));
    assert_eq!(
        words::<8>(buf(2, 1)),
        [0.25f64, 0.0, -0.75].map(f64::to_le_bytes)
    );
    assert_eq!(buf(3, 1), &[0b000]);
    assert_eq!(
        words::<4>(buf(4, 1)),
        [19753i32, 0, 1].map(i32::to_le_bytes)
    );
    let micros = [19753 * 86_400_000_000i64, 0, 86_401_000_000];
    assert_eq!(words::<8>(buf(5, 1)), micros.map(i64::to_le_bytes));
    // Every buffer starts 8-aligned in the stream, as the format asks.
    for column in &batch.columns {
        assert!(column.buffers.iter().all(|b| b.start % 8 == 0));
    }
}

#[test]
fn a_column_without_nulls_has_no_validity_buffer() {
    let (ipc, stream) = arrow("derive ok = true", "x\nyes\nno\n");
    let ok = &stream.batches[0].columns[1];
    assert_eq!((ok.null_count, ok.buffers[0].len()), (0, 0));
    assert_eq!(&ipc[ok.buffers[1].clone()], &[0b11]);
}

#[test]
fn rows_are_cut_into_batches_and_an_empty_result_is_a_schema() {
    let mut input = String::from("n\n");
    for i in 0..BATCH_ROWS + 5 {
        input.push_str(&format!("{i}\n"));
    }
    let (_, stream) = arrow("derive m = int(n) % 7", &input);
    let rows: Vec<_> = stream.batches.iter().map(|b| b.rows).collect();
    assert_eq!(rows, [BATCH_ROWS, 5]);
    let (ipc, stream) = arrow("filter n = \"none\"", &input);
    assert_eq!(stream.batches, []);
    assert_eq!(stream.fields, [("n".to_string(), ArrowType::Utf8)]);
    assert!(ipc.ends_with(&ipc::END));
}

#[test]
fn other_bytes_are_refused() {
    for bad in [
        &b""[..],
        b"id,value\n",
        &[0xff; 8],
        &[0xff, 0xff, 0xff, 0xff, 16, 0, 0, 0],
    ] {
        let e = read_stream(bad).unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::InvalidState);
    }
}
