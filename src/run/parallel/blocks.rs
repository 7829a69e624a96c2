//! The block loop of the parallel reader: cut, run the ranges, and meanwhile write the block
//! before and read the block after.

use super::ranges::{Prefix, Run};
use super::split;
use crate::error::Error;
use crate::run::job::Stats;
use std::io::{self, Read, Write};

impl Run<'_> {
    /// Cuts the input after the prefix into blocks of ranges and runs them. While a block's
    /// ranges run, this thread writes the previous block's output and reads the next block, so
    /// the input and output (often as much system time as the work itself) overlap the work.
    pub(super) fn blocks<E>(
        &mut self,
        prefix: &Prefix,
        mut first: bool,
        mut input: impl Read,
        output: &mut impl Write,
    ) -> std::result::Result<Stats, E>
    where
        E: From<Error> + From<io::Error>,
    {
        let run = self;
        let options = run.context.options;
        let (threads, range_bytes) = (run.context.threads, run.context.range_bytes);
        // The previous block's outputs, proven and in order, written while this block runs.
        let mut pending: Vec<Vec<u8>> = Vec::new();
        // The next block: the bytes after this block's last cut, then what is read meanwhile.
        let mut next: Vec<u8> = Vec::new();
        loop {
            let want = threads * range_bytes + if first { prefix.bytes.len() } else { 0 };
            if run.buf.len() < want && !run.eof {
                run.fill(&mut input, want)?;
            }
            let skip = if first { prefix.bytes.len() } else { 0 };
            let Some(cuts) = split::cuts(&run.buf[skip..], options.quote, threads, run.eof) else {
                run.write_pending(&mut pending, output)?;
                // No complete record yet. A record can only be so long before the reader rejects
                // it (an unclosed quote never ends one): past that, let one thread say so.
                let bound = want.saturating_add(options.limits.max_record_bytes.saturating_mul(2));
                if run.buf.len() > bound {
                    return run.sequential((!first).then_some(prefix), 0, input, output);
                }
                run.fill(&mut input, run.buf.len() * 2)?; // read more
                continue;
            };
            let ends: Vec<usize> = cuts.iter().map(|c| c + skip).collect();
            let block_end = ends[ends.len() - 1];
            let at_end = run.eof;
            let next_want = threads * range_bytes;
            next.clear();
            next.extend_from_slice(&run.buf[block_end..]);
            let outs = (0..ends.len())
                .map(|_| run.spare.pop().unwrap_or_default())
                .collect();
            let (results, (wrote, read)) = run.block(prefix, first, &ends, outs, || {
                let wrote = pending.iter().try_for_each(|out| output.write_all(out));
                let read = match (&wrote, at_end) {
                    (Ok(()), false) => {
                        let want = next_want.max(next.len() + 1);
                        read_to(&mut next, &mut input, want)
                    }
                    _ => Ok(at_end),
                };
                (wrote, read)
            });
            for mut out in pending.drain(..) {
                run.stats.bytes_out += out.len() as u64;
                out.clear();
                run.spare.push(out);
            }
            wrote?;
            let mut start = 0;
            let mut redone = None;
            for (k, (walk, result)) in results.into_iter().enumerate() {
                let last_of_input = at_end && k == ends.len() - 1;
                if !last_of_input && !walk.ends_between_records {
                    // A wrong cut: this range's start is proven, so redo from there to the last
                    // record start an exact walk finds, on this thread, with the next block's
                    // bytes; the block after is cut afresh. Only when that fails does the rest
                    // of the input go to one thread.
                    run.write_pending(&mut pending, output)?;
                    run.buf.truncate(block_end);
                    run.buf.extend_from_slice(&next);
                    next.clear();
                    run.eof = *read.as_ref().map_err(clone_io)?;
                    if let Some(end) = run.redo::<E>(prefix, first && k == 0, start, output)? {
                        redone = Some(end);
                        break;
                    }
                    let range = (!(first && k == 0)).then_some(prefix);
                    run.buf.drain(..start);
                    run.base += start as u64;
                    return run.sequential(range, 0, input, output);
                }
                let shift = run.shift(prefix, first && k == 0, start);
                let (out, outcome) = result;
                pending.push(out);
                match outcome {
                    Ok(stats) => run.count(prefix, first && k == 0, &stats, walk.line_ends),
                    Err(e) => {
                        run.write_pending(&mut pending, output)?;
                        output.flush()?;
                        return Err(shift.apply(e).into());
                    }
                }
                start = ends[k];
            }
            if let Some(end) = redone {
                run.buf.drain(..end);
                run.base += end as u64;
            } else {
                // Rows read before a failed read are written, as with one thread.
                let eof = read.inspect_err(|_| {
                    let _ = run.write_pending(&mut pending, output);
                })?;
                std::mem::swap(&mut run.buf, &mut next);
                run.base += block_end as u64;
                run.eof = eof;
            }
            first = false;
            if run.eof && run.buf.is_empty() {
                break;
            }
        }
        run.write_pending(&mut pending, output)?;
        output.flush()?;
        run.stats.bytes_in = run.base;
        Ok(run.stats)
    }

    /// Writes the proven outputs not yet written, in order, and keeps their buffers.
    fn write_pending(
        &mut self,
        pending: &mut Vec<Vec<u8>>,
        output: &mut impl Write,
    ) -> io::Result<()> {
        for mut out in pending.drain(..) {
            output.write_all(&out)?;
            self.stats.bytes_out += out.len() as u64;
            out.clear();
            self.spare.push(out);
        }
        Ok(())
    }
}

/// An io error again, for a read error met while a wrong cut is redone.
fn clone_io(e: &io::Error) -> io::Error {
    io::Error::new(e.kind(), e.to_string())
}

/// Reads into `buf` until it holds `want` bytes; `true` when the input ended first.
pub(super) fn read_to(buf: &mut Vec<u8>, input: &mut impl Read, want: usize) -> io::Result<bool> {
    let missing = want.saturating_sub(buf.len());
    buf.reserve(missing);
    // Reads into the spare capacity: no zeroing of megabytes that are read over at once.
    let n = input.take(missing as u64).read_to_end(buf)?;
    Ok(n < missing)
}
