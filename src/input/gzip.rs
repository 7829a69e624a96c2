//! gzip (RFC 1952) as a push filter: members one after another, each a header, a deflate
//! stream (inflated by `miniz_oxide`) and a trailer whose CRC-32 and length are checked. A
//! file of many members (`cat a.gz b.gz`, BGZF) reads as one input.

use super::Sink;
use crate::error::{Error, ErrorKind, Position, Result};
use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

pub(super) const MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Plain bytes handed on at a time: what bounds memory however well the input compresses.
const BLOCK: usize = 64 * 1024;
/// A header's optional name, comment and extra field may not hold more than this.
const MAX_HEADER: usize = 64 * 1024;

const FHCRC: u8 = 2;
const FEXTRA: u8 = 4;
const FNAME: u8 = 8;
const FCOMMENT: u8 = 16;

pub(crate) struct Gunzip {
    part: Part,
    /// Compressed bytes read so far, for error positions.
    offset: u64,
    inflater: Box<InflateState>,
    crc: crc32fast::Hasher,
    /// Plain bytes of this member (its trailer holds them modulo 2^32).
    size: u64,
    block: Vec<u8>,
    /// The consumer wants no more: the rest is not inflated.
    stopped: bool,
}

enum Part {
    /// A member's header, read so far.
    Header(Vec<u8>),
    Body,
    Trailer(Vec<u8>),
    /// After a member: the input may end, or another member begin.
    Between,
}

impl Default for Gunzip {
    fn default() -> Gunzip {
        Gunzip {
            part: Part::Header(Vec::new()),
            offset: 0,
            inflater: InflateState::new_boxed(DataFormat::Raw),
            crc: crc32fast::Hasher::new(),
            size: 0,
            block: vec![0; BLOCK],
            stopped: false,
        }
    }
}

impl Gunzip {
    pub fn feed(&mut self, mut chunk: &[u8], sink: &mut Sink<'_>) -> Result<()> {
        while !chunk.is_empty() && !self.stopped {
            let used = match &mut self.part {
                Part::Header(header) => {
                    let before = header.len();
                    header.extend_from_slice(&chunk[..chunk.len().min(MAX_HEADER)]);
                    match header_len(header, self.offset - before as u64)? {
                        Some(len) => {
                            self.part = Part::Body;
                            len - before
                        }
                        None => chunk.len().min(MAX_HEADER),
                    }
                }
                Part::Body => match self.inflate(chunk, sink)? {
                    Some(used) => used,
                    None => {
                        self.stopped = true; // the consumer has all it wants
                        return Ok(());
                    }
                },
                Part::Trailer(trailer) => {
                    let used = chunk.len().min(8 - trailer.len());
                    trailer.extend_from_slice(&chunk[..used]);
                    if trailer.len() == 8 {
                        let at = self.offset + used as u64 - 8;
                        self.check_trailer(at)?;
                        self.part = Part::Between;
                    }
                    used
                }
                Part::Between => {
                    // Some writers pad the last member with zeros (tape blocks): not data. The
                    // first other byte starts the next member, wherever the chunks end.
                    match chunk.iter().position(|&b| b != 0) {
                        None => chunk.len(),
                        Some(padding) => {
                            self.next_member();
                            padding
                        }
                    }
                }
            };
            self.offset += used as u64;
            chunk = &chunk[used..];
        }
        Ok(())
    }

    /// The input has ended: it must end after a whole member.
    pub fn finish(&mut self) -> Result<()> {
        match self.part {
            _ if self.stopped => Ok(()),
            Part::Between => Ok(()),
            _ => Err(corrupt(
                self.offset,
                "the gzip stream ends early (the file is truncated)",
            )),
        }
    }

    /// Inflates what it can of `chunk`, handing the plain bytes on a block at a time; returns
    /// the bytes of `chunk` used, or `None` once the sink wants no more.
    fn inflate(&mut self, chunk: &[u8], sink: &mut Sink<'_>) -> Result<Option<usize>> {
        let mut used = 0;
        loop {
            let result = inflate(
                &mut self.inflater,
                &chunk[used..],
                &mut self.block,
                MZFlush::None,
            );
            used += result.bytes_consumed;
            let plain = &self.block[..result.bytes_written];
            self.crc.update(plain);
            self.size += plain.len() as u64;
            if !plain.is_empty() && !sink(plain)? {
                return Ok(None);
            }
            match result.status {
                Ok(MZStatus::StreamEnd) => {
                    self.part = Part::Trailer(Vec::with_capacity(8));
                    return Ok(Some(used));
                }
                // All of the chunk is in, and what it held is out: the next chunk goes on.
                Ok(_) | Err(MZError::Buf) if used == chunk.len() && plain.len() < BLOCK => {
                    return Ok(Some(used));
                }
                Ok(_) => {}
                Err(MZError::Buf) if result.bytes_consumed + result.bytes_written > 0 => {}
                Err(_) => {
                    let at = self.offset + used as u64;
                    return Err(corrupt(at, "the gzip stream's deflate data is corrupt"));
                }
            }
        }
    }

    fn check_trailer(&mut self, at: u64) -> Result<()> {
        let Part::Trailer(trailer) = &self.part else {
            return Ok(());
        };
        let crc = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
        let size = u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]);
        let computed = std::mem::take(&mut self.crc).finalize();
        if crc != computed {
            return Err(corrupt(
                at,
                "a gzip member's CRC-32 does not match its data",
            ));
        }
        if size != self.size as u32 {
            return Err(corrupt(
                at,
                "a gzip member's length does not match its data",
            ));
        }
        Ok(())
    }

    fn next_member(&mut self) {
        self.part = Part::Header(Vec::new());
        self.inflater.reset(DataFormat::Raw);
        self.size = 0;
    }
}

/// The length of the gzip header at the start of `header` (`start`: its offset in the
/// input), or `None` while it is incomplete.
fn header_len(header: &[u8], start: u64) -> Result<Option<usize>> {
    if header.len() < 10 {
        return match header.iter().zip(MAGIC).all(|(a, b)| *a == b) {
            true => Ok(None),
            false => Err(corrupt(
                start,
                "bytes after a gzip member are not another member",
            )),
        };
    }
    if header[..2] != MAGIC {
        return Err(corrupt(
            start,
            "bytes after a gzip member are not another member",
        ));
    }
    if header[2] != 8 {
        return Err(corrupt(start, "a gzip member is not deflate-compressed"));
    }
    let flags = header[3];
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let Some(len) = header.get(at..at + 2) else {
            return incomplete(header, start);
        };
        at += 2 + usize::from(u16::from_le_bytes([len[0], len[1]]));
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let Some(end) = header
                .get(at..)
                .and_then(|b| b.iter().position(|&b| b == 0))
            else {
                return incomplete(header, start);
            };
            at += end + 1;
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    if header.len() < at {
        return incomplete(header, start);
    }
    Ok(Some(at))
}

fn incomplete(header: &[u8], start: u64) -> Result<Option<usize>> {
    if header.len() >= MAX_HEADER {
        return Err(corrupt(start, "a gzip header is longer than 64 KiB"));
    }
    Ok(None)
}

/// `corrupt_input` at byte `at` of the compressed input.
fn corrupt(at: u64, why: &str) -> Error {
    Error::new(
        ErrorKind::CorruptInput,
        Position {
            byte: at,
            ..Position::default()
        },
        format!("{why} (at byte {at} of the compressed input)"),
    )
}
