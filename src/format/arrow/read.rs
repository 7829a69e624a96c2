//! Reading back an Arrow IPC stream of the shape [`ArrowWriter`](super::ArrowWriter) writes,
//! without copying: the result says where each column's buffers lie in the stream's bytes.
//! The Python door hands those buffers to Arrow's C data interface as they are.

use super::flatbuf::Reader;
use super::{ipc, ArrowType};
use crate::error::{Error, ErrorKind, Result};
use std::ops::Range;

/// A stream's fields and record batches.
#[derive(Debug, PartialEq)]
pub struct Stream {
    pub fields: Vec<(String, ArrowType)>,
    pub batches: Vec<Batch>,
}

/// One record batch: its row count and each column's buffers.
#[derive(Debug, PartialEq)]
pub struct Batch {
    pub rows: usize,
    pub columns: Vec<ColumnBuffers>,
}

/// One column of a batch: its nulls and its buffers as byte ranges of the stream (validity,
/// then values, or validity, offsets and text for Utf8; an empty validity range when no value
/// is null).
#[derive(Debug, PartialEq)]
pub struct ColumnBuffers {
    pub null_count: usize,
    pub buffers: Vec<Range<usize>>,
}

fn bad(what: &str) -> Error {
    Error::plain(
        ErrorKind::InvalidState,
        format!("not an Arrow IPC stream as csv-kernels writes one: {what}"),
    )
}

/// Parses the stream `ipc` (a schema, record batches, the end marker).
pub fn read_stream(ipc: &[u8]) -> Result<Stream> {
    let mut at = 0;
    let mut fields = None;
    let mut batches = Vec::new();
    loop {
        let word = |at: usize| -> Result<u32> {
            let bytes = ipc.get(at..at + 4).ok_or_else(|| bad("it ends early"))?;
            Ok(u32::from_le_bytes(bytes.try_into().unwrap_or_default()))
        };
        if word(at)? != u32::MAX {
            return Err(bad("no continuation marker"));
        }
        let length = word(at + 4)? as usize;
        if length == 0 {
            break;
        }
        // Lengths come from the bytes: checked, so no sum wraps (a 32-bit usize included).
        let body_start = (at + 8)
            .checked_add(length)
            .ok_or_else(|| bad("metadata ends early"))?;
        let metadata = ipc
            .get(at + 8..body_start)
            .ok_or_else(|| bad("metadata ends early"))?;
        let message = Reader::root(metadata).ok_or_else(|| bad("no message"))?;
        let body_length = usize::try_from(message.i64(3).unwrap_or(0))
            .map_err(|_| bad("a body length out of range"))?;
        let header = message.table(2).ok_or_else(|| bad("no header"))?;
        match message.u8(1) {
            Some(ipc::SCHEMA) => fields = Some(schema(&header)?),
            Some(ipc::RECORD_BATCH) => {
                let fields = fields
                    .as_ref()
                    .ok_or_else(|| bad("a batch before the schema"))?;
                batches.push(batch(&header, fields, body_start, body_length)?);
            }
            _ => return Err(bad("an unexpected message")),
        }
        at = body_start
            .checked_add(body_length)
            .filter(|&end| end <= ipc.len())
            .ok_or_else(|| bad("a body ends early"))?;
    }
    let fields = fields.ok_or_else(|| bad("no schema"))?;
    Ok(Stream { fields, batches })
}

fn schema(header: &Reader) -> Result<Vec<(String, ArrowType)>> {
    let fields = header.tables(1).ok_or_else(|| bad("no fields"))?;
    fields
        .iter()
        .map(|field| {
            let name = field.str(0).unwrap_or_default().to_string();
            let ty = match field.u8(2) {
                Some(ipc::UTF8) => ArrowType::Utf8,
                Some(ipc::INT) => ArrowType::Int64,
                Some(ipc::FLOATING_POINT) => ArrowType::Float64,
                Some(ipc::BOOL) => ArrowType::Boolean,
                Some(ipc::DATE) => ArrowType::Date32,
                Some(ipc::TIMESTAMP) => ArrowType::TimestampMicros,
                _ => return Err(bad("a column type it does not write")),
            };
            Ok((name, ty))
        })
        .collect()
}

fn batch(
    header: &Reader,
    fields: &[(String, ArrowType)],
    body: usize,
    body_length: usize,
) -> Result<Batch> {
    let rows = header.i64(0).ok_or_else(|| bad("no batch length"))? as usize;
    let nodes = header.pairs(1).ok_or_else(|| bad("no field nodes"))?;
    let spans = header.pairs(2).ok_or_else(|| bad("no buffers"))?;
    if nodes.len() != fields.len() {
        return Err(bad("a batch whose columns are not the schema's"));
    }
    let mut spans = spans.into_iter();
    let mut columns = Vec::with_capacity(fields.len());
    for ((_, ty), (_, nulls)) in fields.iter().zip(nodes) {
        let count = if *ty == ArrowType::Utf8 { 3 } else { 2 };
        let buffers = spans
            .by_ref()
            .take(count)
            .map(|(offset, length)| {
                let outside = || bad("a buffer outside its body");
                let offset = usize::try_from(offset).map_err(|_| outside())?;
                let length = usize::try_from(length).map_err(|_| outside())?;
                match offset.checked_add(length) {
                    Some(end) if end <= body_length => Ok(body + offset..body + end),
                    _ => Err(outside()),
                }
            })
            .collect::<Result<Vec<_>>>()?;
        if buffers.len() != count {
            return Err(bad("too few buffers"));
        }
        columns.push(ColumnBuffers {
            null_count: nulls as usize,
            buffers,
        });
    }
    Ok(Batch { rows, columns })
}
