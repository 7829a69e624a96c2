//! The byte encoding of aggregate states, version 1.
//!
//! Every state starts with two bytes: the format version ([`VERSION`]) and the aggregate's
//! stable code ([`AggKind::code`]); its fields follow in [`crate::codec`]'s encoding, so
//! nothing depends on the platform and every runtime reads every other's states.

use super::kind::AggKind;
use super::Pos;
pub(crate) use crate::codec::{invalid, Dec, Enc};
use crate::value::Value;
use crate::Result;

/// The version byte that opens every encoded state.
pub const VERSION: u8 = 1;

impl Enc<'_> {
    /// Starts a state: version and kind code.
    pub fn header(out: &mut Vec<u8>, kind: AggKind) -> Enc<'_> {
        out.push(VERSION);
        out.push(kind.code());
        Enc(out)
    }

    pub fn pos(&mut self, p: Pos) {
        self.u64(p.part);
        self.u64(p.row);
    }

    /// A value: a type tag, then its payload (see [`Dec::value`]).
    pub fn value(&mut self, v: &Value<'_>) {
        match v {
            Value::Null => self.u8(0),
            Value::Bool(b) => {
                self.u8(1);
                self.bool(*b);
            }
            Value::Int(i) => {
                self.u8(2);
                self.i64(*i);
            }
            Value::Float(f) => {
                self.u8(3);
                self.f64(*f);
            }
            Value::Text(t) => {
                self.u8(4);
                self.bytes(t.as_bytes());
            }
            Value::Date(d) => {
                self.u8(5);
                self.i32(*d);
            }
            Value::DateTime(t) => {
                self.u8(6);
                self.i64(*t);
            }
        }
    }
}

impl<'a> Dec<'a> {
    /// Checks version and kind; `accepts` says which kind codes this state type reads.
    pub fn header(bytes: &'a [u8], accepts: &[AggKind]) -> Result<(Dec<'a>, AggKind)> {
        let mut dec = Dec::raw(bytes);
        let version = dec.u8()?;
        if version != VERSION {
            return Err(invalid(format!(
                "state format version {version}, this build reads version {VERSION}"
            )));
        }
        let code = dec.u8()?;
        let kind = AggKind::from_code(code)
            .filter(|k| accepts.contains(k))
            .ok_or_else(|| invalid(format!("unexpected aggregate code {code}")))?;
        Ok((dec, kind))
    }

    pub fn pos(&mut self) -> Result<Pos> {
        Ok(Pos {
            part: self.u64()?,
            row: self.u64()?,
        })
    }

    pub fn value(&mut self) -> Result<Value<'static>> {
        Ok(match self.u8()? {
            0 => Value::Null,
            1 => Value::Bool(self.bool()?),
            2 => Value::Int(self.i64()?),
            3 => Value::Float(self.f64()?),
            4 => Value::Text(self.text()?.to_owned().into()),
            5 => Value::Date(self.i32()?),
            6 => Value::DateTime(self.i64()?),
            t => return Err(invalid(format!("unknown value tag {t}"))),
        })
    }
}
