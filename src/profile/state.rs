//! [`ProfileState`]: a profile in progress that merges with the profiles of other parts of
//! the same input and travels as bytes between cores, machines and runtimes.
//!
//! Encoding, version 1: the byte `b'P'`, the version, `rows` and `rows_skipped` (u64), then a
//! flag for whether a header was seen and the columns. Fields follow [`crate::agg::codec`]'s
//! rules (little-endian, fixed width, lengths first); nothing depends on the platform.

use super::column::ColumnStats;
use super::dates::DateStats;
use super::histogram::{Bins, BINS};
use super::values::Values;
use super::Profile;
use crate::agg::codec::{invalid, Dec, Enc};
use crate::agg::{DdSketch, ExactSum};
use crate::date::DateDetector;
use crate::{Error, ErrorKind, Number, Result};

const MAGIC: u8 = b'P';
/// The version of the encoded profile state.
pub const PROFILE_STATE_VERSION: u8 = 1;

/// The mergeable state of a profile: what a [`super::Profiler`] has counted so far.
///
/// Profiling the parts of an input separately (each with the header, if it has one) and
/// merging their states, in any order, gives exactly the profile of one pass.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileState {
    pub(crate) rows: u64,
    pub(crate) rows_skipped: u64,
    pub(crate) columns: Option<Vec<ColumnStats>>,
}

impl ProfileState {
    /// Folds in the state of another part of the same input.
    pub fn merge(&mut self, other: &ProfileState) -> Result<()> {
        match (&mut self.columns, &other.columns) {
            (_, None) => {}
            (None, Some(theirs)) => self.columns = Some(theirs.clone()),
            (Some(mine), Some(theirs)) => {
                if mine.len() != theirs.len() {
                    return Err(Error::plain(
                        ErrorKind::InvalidState,
                        format!(
                            "cannot merge profiles of {} and {} columns",
                            mine.len(),
                            theirs.len()
                        ),
                    ));
                }
                for (m, t) in mine.iter_mut().zip(theirs) {
                    m.merge(t)?;
                }
            }
        }
        self.rows = self.rows.saturating_add(other.rows);
        self.rows_skipped = self.rows_skipped.saturating_add(other.rows_skipped);
        Ok(())
    }

    /// The profile of everything counted.
    pub fn finish(self) -> Profile {
        Profile {
            version: super::PROFILE_VERSION,
            rows: self.rows,
            rows_skipped: self.rows_skipped,
            columns: (self.columns.unwrap_or_default().into_iter())
                .map(ColumnStats::finish)
                .collect(),
        }
    }

    /// Appends the state's bytes.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend([MAGIC, PROFILE_STATE_VERSION]);
        let mut enc = Enc(out);
        enc.u64(self.rows);
        enc.u64(self.rows_skipped);
        match &self.columns {
            None => enc.u8(0),
            Some(columns) => {
                enc.u8(1);
                enc.len(columns.len());
                columns.iter().for_each(|c| column(&mut enc, c));
            }
        }
    }

    /// Reads a state back; anything truncated, corrupt or of another version is
    /// `invalid_state`.
    pub fn decode(bytes: &[u8]) -> Result<ProfileState> {
        let mut dec = Dec::raw(bytes);
        if dec.u8()? != MAGIC {
            return Err(invalid("not a profile state"));
        }
        let version = dec.u8()?;
        if version != PROFILE_STATE_VERSION {
            return Err(invalid(format!(
                "profile state version {version}, this build reads version {PROFILE_STATE_VERSION}"
            )));
        }
        let (rows, rows_skipped) = (dec.u64()?, dec.u64()?);
        let columns = match dec.u8()? {
            0 => None,
            1 => Some(
                (0..dec.count(1)?)
                    .map(|_| read_column(&mut dec))
                    .collect::<Result<_>>()?,
            ),
            _ => return Err(invalid("bad column flag")),
        };
        dec.finish()?;
        Ok(ProfileState {
            rows,
            rows_skipped,
            columns,
        })
    }
}

fn number(enc: &mut Enc<'_>, n: Option<Number>) {
    match n {
        None => enc.u8(0),
        Some(Number::Int(i)) => {
            enc.u8(1);
            enc.i64(i);
        }
        Some(Number::Float(f)) => {
            enc.u8(2);
            enc.f64(f);
        }
    }
}

fn read_number(dec: &mut Dec<'_>) -> Result<Option<Number>> {
    Ok(match dec.u8()? {
        0 => None,
        1 => Some(Number::Int(dec.i64()?)),
        2 => Some(Number::Float(dec.f64()?)),
        _ => return Err(invalid("bad number tag")),
    })
}

fn column(enc: &mut Enc<'_>, c: &ColumnStats) {
    enc.bytes(c.name.as_bytes());
    enc.u64(c.count);
    enc.u64(c.nulls);
    enc.bool(c.all_integer);
    enc.bool(c.all_number);
    enc.bool(c.all_boolean);
    number(enc, c.min);
    number(enc, c.max);
    c.sum.encode(enc);
    c.squares.encode(enc);
    enc.u64(c.min_length);
    enc.u64(c.max_length);
    c.bins.encode(enc);
    enc.bool(c.sketch.is_some());
    if let Some(sketch) = &c.sketch {
        sketch.encode(enc);
    }
    enc.bool(c.dates.is_some());
    if let Some(dates) = &c.dates {
        dates.encode(enc);
    }
    for reading in &c.readings {
        enc.bool(reading.is_some());
        if let Some(stats) = reading {
            stats.encode(enc);
        }
    }
    c.values.encode(enc);
}

fn read_column(dec: &mut Dec<'_>) -> Result<ColumnStats> {
    let mut c = ColumnStats::new(dec.text()?.to_owned());
    c.count = dec.u64()?;
    c.nulls = dec.u64()?;
    c.all_integer = dec.bool()?;
    c.all_number = dec.bool()?;
    c.all_boolean = dec.bool()?;
    c.min = read_number(dec)?;
    c.max = read_number(dec)?;
    c.sum = ExactSum::decode(dec)?;
    c.squares = ExactSum::decode(dec)?;
    c.min_length = dec.u64()?;
    c.max_length = dec.u64()?;
    c.bins = Bins::decode(dec, BINS)?;
    c.sketch = if dec.bool()? {
        Some(DdSketch::decode(dec)?)
    } else {
        None
    };
    c.dates = if dec.bool()? {
        Some(DateDetector::decode(dec)?)
    } else {
        None
    };
    for reading in &mut c.readings {
        *reading = if dec.bool()? {
            Some(DateStats::decode(dec)?)
        } else {
            None
        };
    }
    c.values = Values::decode(dec)?;
    Ok(c)
}
