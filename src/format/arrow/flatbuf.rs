//! Just enough FlatBuffers to write and read the Arrow IPC messages of this crate: tables of
//! scalars, strings, vectors of tables and vectors of 16-byte structs, laid out front to
//! back (every offset points forward, as the format requires) and aligned to their own size
//! from the buffer's start, which the IPC framing keeps 8-aligned.

/// A value stored in a table field.
pub enum Value {
    U8(u8),
    I16(i16),
    I32(i32),
    I64(i64),
    Bool(bool),
    Table(Table),
    Str(String),
    Tables(Vec<Table>),
    /// A vector of structs of two little-endian i64 (Arrow's FieldNode and Buffer).
    Pairs(Vec<(i64, i64)>),
}

/// A table: its fields by id (ids may skip, absent fields take their defaults).
#[derive(Default)]
pub struct Table(pub Vec<(u16, Value)>);

impl Table {
    pub fn with(mut self, id: u16, value: Value) -> Table {
        self.0.push((id, value));
        self
    }
}

/// Serializes `root` as a finished buffer, padded to a multiple of 8 bytes.
pub fn finish(root: &Table) -> Vec<u8> {
    let mut buf = vec![0u8; 4];
    let at = write_table(&mut buf, root);
    patch_offset(&mut buf, 0, at);
    pad(&mut buf, 8);
    buf
}

fn pad(buf: &mut Vec<u8>, align: usize) {
    while !buf.len().is_multiple_of(align) {
        buf.push(0);
    }
}

/// Points the u32 offset at `field` to `target`, which lies after it.
fn patch_offset(buf: &mut [u8], field: usize, target: usize) {
    let delta = (target - field) as u32;
    buf[field..field + 4].copy_from_slice(&delta.to_le_bytes());
}

/// Writes the vtable, then the table, then the objects its fields point to; returns the
/// table's position.
fn write_table(buf: &mut Vec<u8>, table: &Table) -> usize {
    let slots = table
        .0
        .iter()
        .map(|(id, _)| *id as usize + 1)
        .max()
        .unwrap_or(0);
    pad(buf, 2);
    let vtable = buf.len();
    buf.resize(vtable + 4 + 2 * slots, 0);
    pad(buf, 4);
    let start = buf.len();
    buf.extend_from_slice(&((start - vtable) as i32).to_le_bytes());
    let mut pointers = Vec::new();
    for (id, value) in &table.0 {
        let (bytes, align): (Vec<u8>, usize) = match value {
            Value::U8(v) => (vec![*v], 1),
            Value::Bool(v) => (vec![u8::from(*v)], 1),
            Value::I16(v) => (v.to_le_bytes().to_vec(), 2),
            Value::I32(v) => (v.to_le_bytes().to_vec(), 4),
            Value::I64(v) => (v.to_le_bytes().to_vec(), 8),
            _ => (vec![0; 4], 4),
        };
        pad(buf, align);
        let at = buf.len();
        let slot = vtable + 4 + 2 * *id as usize;
        buf[slot..slot + 2].copy_from_slice(&((at - start) as u16).to_le_bytes());
        buf.extend_from_slice(&bytes);
        if align == 4 && !matches!(value, Value::I32(_)) {
            pointers.push((at, value));
        }
    }
    let header = [((4 + 2 * slots) as u16), ((buf.len() - start) as u16)];
    buf[vtable..vtable + 2].copy_from_slice(&header[0].to_le_bytes());
    buf[vtable + 2..vtable + 4].copy_from_slice(&header[1].to_le_bytes());
    for (field, value) in pointers {
        let target = write_object(buf, value);
        patch_offset(buf, field, target);
    }
    start
}

/// Writes what an offset field points to; returns its position.
fn write_object(buf: &mut Vec<u8>, value: &Value) -> usize {
    match value {
        Value::Table(table) => write_table(buf, table),
        Value::Str(text) => {
            pad(buf, 4);
            let at = buf.len();
            buf.extend_from_slice(&(text.len() as u32).to_le_bytes());
            buf.extend_from_slice(text.as_bytes());
            buf.push(0);
            at
        }
        Value::Tables(tables) => {
            pad(buf, 4);
            let at = buf.len();
            buf.extend_from_slice(&(tables.len() as u32).to_le_bytes());
            let first = buf.len();
            buf.resize(first + 4 * tables.len(), 0);
            for (i, table) in tables.iter().enumerate() {
                let target = write_table(buf, table);
                patch_offset(buf, first + 4 * i, target);
            }
            at
        }
        Value::Pairs(pairs) => {
            // The elements are 8-aligned, so the length before them sits at 4 mod 8.
            pad(buf, 4);
            if buf.len().is_multiple_of(8) {
                buf.extend_from_slice(&[0; 4]);
            }
            let at = buf.len();
            buf.extend_from_slice(&(pairs.len() as u32).to_le_bytes());
            for (a, b) in pairs {
                buf.extend_from_slice(&a.to_le_bytes());
                buf.extend_from_slice(&b.to_le_bytes());
            }
            at
        }
        _ => unreachable!("scalars are stored inline"),
    }
}

/// A table being read: the buffer and the table's position. Reading never panics: a field
/// out of bounds reads as absent.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

fn u32_at(buf: &[u8], at: usize) -> Option<usize> {
    let bytes = buf.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(bytes.try_into().ok()?) as usize)
}

impl<'a> Reader<'a> {
    /// The root table of a finished buffer.
    pub fn root(buf: &'a [u8]) -> Option<Reader<'a>> {
        Some(Reader {
            buf,
            at: u32_at(buf, 0)?,
        })
    }

    /// Where field `id` is stored, when present.
    fn field(&self, id: u16) -> Option<usize> {
        let soffset = i32::from_le_bytes(self.buf.get(self.at..self.at + 4)?.try_into().ok()?);
        let vtable = (self.at as i64 - i64::from(soffset)) as usize;
        let size = u16::from_le_bytes(self.buf.get(vtable..vtable + 2)?.try_into().ok()?);
        let slot = 4 + 2 * usize::from(id);
        if slot + 2 > usize::from(size) {
            return None;
        }
        let offset = u16::from_le_bytes(
            self.buf
                .get(vtable + slot..vtable + slot + 2)?
                .try_into()
                .ok()?,
        );
        (offset != 0).then(|| self.at + usize::from(offset))
    }

    fn bytes<const N: usize>(&self, id: u16) -> Option<[u8; N]> {
        let at = self.field(id)?;
        self.buf.get(at..at + N)?.try_into().ok()
    }

    pub fn u8(&self, id: u16) -> Option<u8> {
        self.bytes::<1>(id).map(|b| b[0])
    }

    pub fn i64(&self, id: u16) -> Option<i64> {
        self.bytes(id).map(i64::from_le_bytes)
    }

    /// The position an offset field points to.
    fn target(&self, id: u16) -> Option<usize> {
        let at = self.field(id)?;
        at.checked_add(u32_at(self.buf, at)?)
    }

    pub fn table(&self, id: u16) -> Option<Reader<'a>> {
        Some(Reader {
            buf: self.buf,
            at: self.target(id)?,
        })
    }

    pub fn str(&self, id: u16) -> Option<&'a str> {
        let at = self.target(id)?;
        let len = u32_at(self.buf, at)?;
        std::str::from_utf8(self.buf.get(at + 4..at + 4 + len)?).ok()
    }

    pub fn tables(&self, id: u16) -> Option<Vec<Reader<'a>>> {
        let at = self.target(id)?;
        let len = u32_at(self.buf, at)?;
        (0..len)
            .map(|i| {
                let slot = at + 4 + 4 * i;
                Some(Reader {
                    buf: self.buf,
                    at: slot.checked_add(u32_at(self.buf, slot)?)?,
                })
            })
            .collect()
    }

    pub fn pairs(&self, id: u16) -> Option<Vec<(i64, i64)>> {
        let at = self.target(id)?;
        let len = u32_at(self.buf, at)?;
        let body = self.buf.get(at + 4..at + 4 + 16 * len)?;
        Some(
            body.chunks_exact(16)
                .map(|c| {
                    let (a, b) = c.split_at(8);
                    (
                        i64::from_le_bytes(a.try_into().unwrap_or_default()),
                        i64::from_le_bytes(b.try_into().unwrap_or_default()),
                    )
                })
                .collect(),
        )
    }
}
