//! The byte encoding of mergeable states (aggregates, date detectors): fields appended and read
//! back with [`Enc`] and [`Dec`]. Numbers are little-endian and fixed width (`u8`,
//! `u32`, `u64`, `i32`, `i64`, `i128`, `f64` as its IEEE bits); byte strings and lists carry a
//! `u32` length first. A state's bytes end exactly where its last field ends: trailing bytes are
//! corrupt. Nothing here depends on the platform, so every runtime reads every other's states.

use crate::{Error, ErrorKind, Result};

/// The error for any state that cannot be read.
pub(crate) fn invalid(why: impl Into<String>) -> Error {
    Error::plain(ErrorKind::InvalidState, why.into())
}

/// Appends fields to a state's bytes.
pub(crate) struct Enc<'a>(pub &'a mut Vec<u8>);

impl Enc<'_> {
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }

    pub fn bool(&mut self, v: bool) {
        self.0.push(u8::from(v));
    }

    /// A length or count. Lengths beyond `u32` cannot occur within a memory budget, but the
    /// encoding saturates rather than wraps so a reader fails cleanly instead of misreading.
    pub fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }

    pub fn f64(&mut self, v: f64) {
        self.u64(v.to_bits());
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }
}

/// Little-endian fixed-width integers, written and read alike.
macro_rules! fixed_width {
    ($($t:ident),*) => {
        impl Enc<'_> {
            $(pub fn $t(&mut self, v: $t) {
                self.0.extend_from_slice(&v.to_le_bytes());
            })*
        }

        impl Dec<'_> {
            $(pub fn $t(&mut self) -> Result<$t> {
                Ok($t::from_le_bytes(self.take()?))
            })*
        }
    };
}

fixed_width!(u32, u64, i32, i64, i128);

/// Reads fields back, failing with `invalid_state` on anything short or malformed.
pub(crate) struct Dec<'a> {
    bytes: &'a [u8],
}

impl<'a> Dec<'a> {
    /// A reader over bytes with no header (a field group inside a state).
    pub fn raw(bytes: &'a [u8]) -> Dec<'a> {
        Dec { bytes }
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N]> {
        let (head, rest) = self
            .bytes
            .split_first_chunk::<N>()
            .ok_or_else(|| invalid("state is truncated"))?;
        self.bytes = rest;
        Ok(*head)
    }

    pub fn u8(&mut self) -> Result<u8> {
        Ok(self.take::<1>()?[0])
    }

    pub fn bool(&mut self) -> Result<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(invalid(format!("{b} is not a boolean"))),
        }
    }

    pub fn f64(&mut self) -> Result<f64> {
        Ok(f64::from_bits(self.u64()?))
    }

    /// A count of items that each take at least `min_item_bytes`: a count the remaining bytes
    /// cannot hold is corrupt, which also keeps a forged count from reserving huge memory.
    pub fn count(&mut self, min_item_bytes: usize) -> Result<usize> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_item_bytes.max(1)) > self.bytes.len() {
            return Err(invalid("a length runs past the end of the state"));
        }
        Ok(n)
    }

    pub fn bytes(&mut self) -> Result<&'a [u8]> {
        let n = self.count(1)?;
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    pub fn text(&mut self) -> Result<&'a str> {
        std::str::from_utf8(self.bytes()?).map_err(|_| invalid("text is not UTF-8"))
    }

    /// Succeeds only when every byte was read.
    pub fn finish(self) -> Result<()> {
        if self.bytes.is_empty() {
            Ok(())
        } else {
            Err(invalid(format!(
                "{} unexpected bytes after the state",
                self.bytes.len()
            )))
        }
    }
}
