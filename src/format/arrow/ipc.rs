//! Arrow IPC stream framing and the two messages this crate writes (Arrow's `Schema.fbs` and
//! `Message.fbs`, metadata version V5): a schema, record batches, then the end-of-stream
//! marker. Field ids and enum numbers below are the specification's.

use super::flatbuf::{Table, Value};
use super::ArrowType;

/// `MetadataVersion.V5`.
const V5: i16 = 4;
/// `MessageHeader` union members.
pub const SCHEMA: u8 = 1;
pub const RECORD_BATCH: u8 = 3;
/// `Type` union members.
pub const INT: u8 = 2;
pub const FLOATING_POINT: u8 = 3;
pub const UTF8: u8 = 5;
pub const BOOL: u8 = 6;
pub const DATE: u8 = 8;
pub const TIMESTAMP: u8 = 10;

/// The bytes that end a stream: a continuation marker and a zero length.
pub const END: [u8; 8] = [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0];

/// The `Type` union member and table for `ty`.
fn type_table(ty: ArrowType) -> (u8, Table) {
    let table = Table::default();
    match ty {
        ArrowType::Int64 => (
            INT,
            table.with(0, Value::I32(64)).with(1, Value::Bool(true)),
        ),
        ArrowType::Float64 => (FLOATING_POINT, table.with(0, Value::I16(2))), // DOUBLE
        ArrowType::Utf8 => (UTF8, table),
        ArrowType::Boolean => (BOOL, table),
        ArrowType::Date32 => (DATE, table.with(0, Value::I16(0))), // DAY, not the default
        ArrowType::TimestampMicros => (TIMESTAMP, table.with(0, Value::I16(2))), // MICROSECOND, no zone
    }
}

/// Appends the schema message for `fields` (every field nullable).
pub fn schema(out: &mut Vec<u8>, fields: &[(String, ArrowType)]) {
    let fields = fields
        .iter()
        .map(|(name, ty)| {
            let (kind, table) = type_table(*ty);
            Table::default()
                .with(0, Value::Str(name.clone()))
                .with(1, Value::Bool(true))
                .with(2, Value::U8(kind))
                .with(3, Value::Table(table))
                // An empty children list, not an absent one: some readers insist on it.
                .with(5, Value::Tables(Vec::new()))
        })
        .collect();
    let header = Table::default()
        .with(0, Value::I16(0)) // little-endian
        .with(1, Value::Tables(fields));
    message(out, SCHEMA, header, &[]);
}

/// Appends a record batch of `rows` rows: one `(length, null_count)` node per column, and
/// the body, every buffer of every column in order, each padded to 8 bytes.
pub fn record_batch(out: &mut Vec<u8>, rows: usize, nodes: Vec<(i64, i64)>, buffers: &[&[u8]]) {
    let mut body = Vec::new();
    let mut spans = Vec::with_capacity(buffers.len());
    for buffer in buffers {
        spans.push((body.len() as i64, buffer.len() as i64));
        body.extend_from_slice(buffer);
        body.resize(body.len().next_multiple_of(8), 0);
    }
    let header = Table::default()
        .with(0, Value::I64(rows as i64))
        .with(1, Value::Pairs(nodes))
        .with(2, Value::Pairs(spans));
    message(out, RECORD_BATCH, header, &body);
}

/// Frames one message: continuation marker, metadata length, metadata padded so the body
/// starts 8-aligned, body.
fn message(out: &mut Vec<u8>, kind: u8, header: Table, body: &[u8]) {
    let message = Table::default()
        .with(0, Value::I16(V5))
        .with(1, Value::U8(kind))
        .with(2, Value::Table(header))
        .with(3, Value::I64(body.len() as i64));
    let metadata = super::flatbuf::finish(&message);
    out.extend_from_slice(&END[..4]);
    out.extend_from_slice(&(metadata.len() as i32).to_le_bytes());
    out.extend_from_slice(&metadata);
    out.extend_from_slice(body);
}
