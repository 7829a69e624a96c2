//! The layers in front of the reader: an input's bytes are passed on as they came, or
//! decompressed when their first bytes say they are compressed (the magic bytes decide, never
//! a file name). Each layer is a push filter with bounded memory: a chunk in, plain bytes out
//! a block at a time, so a few megabytes that inflate to gigabytes never sit in memory.

mod gzip;

use crate::error::Result;
use gzip::Gunzip;

/// How an input's bytes are compressed, as decided from its first bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Compression {
    #[default]
    None,
    /// gzip, one member or many (as `cat a.gz b.gz` and BGZF write).
    Gzip,
}

impl Compression {
    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
        }
    }

    /// The compression `first` (an input's first bytes) starts with; `None` while too few
    /// bytes are there to tell.
    pub fn of(first: &[u8]) -> Option<Compression> {
        if first.starts_with(&gzip::MAGIC) {
            Some(Compression::Gzip)
        } else if first.len() >= gzip::MAGIC.len() || !gzip::MAGIC.starts_with(first) {
            Some(Compression::None)
        } else {
            None
        }
    }
}

/// Receives plain bytes; returns false once it wants no more (a `take` has its rows).
pub(crate) type Sink<'s> = dyn FnMut(&[u8]) -> Result<bool> + 's;

/// Decompresses an input if its first bytes say so, else passes it on untouched.
pub(crate) struct Decoder {
    state: State,
}

enum State {
    /// Fewer bytes than a magic number so far: held until they decide.
    Undecided(Vec<u8>),
    Plain,
    Gzip(Box<Gunzip>),
}

impl Default for Decoder {
    fn default() -> Decoder {
        Decoder {
            state: State::Undecided(Vec::new()),
        }
    }
}

impl Decoder {
    /// A decoder for bytes known to be plain (a merge reads the parts' CSV).
    pub fn plain() -> Decoder {
        Decoder {
            state: State::Plain,
        }
    }

    /// Passes `chunk` on to `sink`, decompressed if the input is compressed. An empty chunk
    /// is passed on as it is (it still lets the consumer begin).
    pub fn feed(&mut self, chunk: &[u8], sink: &mut Sink<'_>) -> Result<()> {
        match &mut self.state {
            State::Plain => sink(chunk).map(drop),
            State::Gzip(gunzip) => gunzip.feed(chunk, sink),
            // The usual case: the first chunk decides at once, without a copy.
            State::Undecided(_) if chunk.is_empty() => sink(chunk).map(drop),
            State::Undecided(held) if held.is_empty() => match Compression::of(chunk) {
                Some(compression) => {
                    self.decide(compression);
                    self.feed(chunk, sink)
                }
                None => {
                    held.extend_from_slice(chunk);
                    Ok(())
                }
            },
            State::Undecided(held) => {
                held.extend_from_slice(chunk);
                match Compression::of(held) {
                    Some(compression) => {
                        let first = std::mem::take(held);
                        self.decide(compression);
                        self.feed(&first, sink)
                    }
                    None => Ok(()),
                }
            }
        }
    }

    /// Ends the input: the bytes still held, and an error for a compressed stream that ends
    /// before its end.
    pub fn finish(&mut self, sink: &mut Sink<'_>) -> Result<()> {
        match &mut self.state {
            State::Undecided(held) => {
                let held = std::mem::take(held);
                self.state = State::Plain;
                sink(&held).map(drop)
            }
            State::Plain => Ok(()),
            State::Gzip(gunzip) => gunzip.finish(),
        }
    }

    /// The input is known to be plain: its bytes pass through as they are.
    pub fn is_plain(&self) -> bool {
        matches!(self.state, State::Plain)
    }

    /// How the input is compressed, once its first bytes are known.
    pub fn compression(&self) -> Option<Compression> {
        match self.state {
            State::Undecided(_) => None,
            State::Plain => Some(Compression::None),
            State::Gzip(_) => Some(Compression::Gzip),
        }
    }

    fn decide(&mut self, compression: Compression) {
        self.state = match compression {
            Compression::None => State::Plain,
            Compression::Gzip => State::Gzip(Box::default()),
        };
    }
}

#[cfg(test)]
pub(crate) mod tests;
