//! Where to cut a block of CSV into ranges that start at record starts, and the check that a
//! cut was right.
//!
//! Cuts are speculative (after Chang et al., SIGMOD 2019): a cut goes after the first line end
//! past a target offset at which the count of quotes since the block's start is even. That
//! guess is wrong only when an unquoted field holds a literal quote, so each range is checked
//! from its (already proven) start: the range's own reader must end it between records (the
//! runner asks it). A failed check has the runner redo that stretch on one thread, up to the
//! last record start the exact quote walk here ([`walk`]) finds.

use crate::reader::classify::{Classifier, Masks, BLOCK};

/// Bytes classified per step of the walk (the reader's batch size).
const BATCH: usize = 64 * BLOCK;

fn is_line_end(b: u8) -> bool {
    b == b'\r' || b == b'\n'
}

/// Cut points inside `block` (whose first byte starts a record) for `ranges` ranges of about
/// equal size, each right after a line end and at a byte that is not a line end. Returns the
/// cuts in increasing order, and, unless `at_end`, the last cut is where the complete records
/// of `block` end (`None` when no line end qualifies: the block holds no complete record).
pub(super) fn cuts(block: &[u8], quote: u8, ranges: usize, at_end: bool) -> Option<Vec<usize>> {
    // One counting pass: the quotes before each target, and in the whole block.
    let targets: Vec<usize> = (1..ranges).map(|k| block.len() / ranges * k).collect();
    let mut before = Vec::with_capacity(targets.len());
    let mut total = 0;
    let mut from = 0;
    for &t in &targets {
        total += count(&block[from..t], quote);
        before.push(total);
        from = t;
    }
    total += count(&block[from..], quote);
    let end = if at_end {
        block.len()
    } else {
        last_cut(block, quote, total)?
    };
    let mut cuts = Vec::with_capacity(ranges);
    for (&target, &quotes) in targets.iter().zip(&before) {
        if cuts.last().is_some_and(|&c| target < c) {
            continue; // the previous cut went past this target
        }
        match first_cut_after(&block[..end], target, quotes, quote) {
            Some(cut) if cut < end => cuts.push(cut),
            _ => break,
        }
    }
    cuts.push(end);
    Some(cuts)
}

/// How many bytes of `bytes` are `quote`, eight at a time.
fn count(bytes: &[u8], quote: u8) -> usize {
    use crate::swar::{equal, word, ONES};
    let pattern = ONES * quote as u64;
    let mut words = bytes.chunks_exact(8);
    let whole: u32 = words
        .by_ref()
        .map(|w| equal(word(w), pattern).count_ones())
        .sum();
    whole as usize + words.remainder().iter().filter(|&&b| b == quote).count()
}

/// The first cut at or after `target`, given `quotes` quotes before it.
fn first_cut_after(block: &[u8], target: usize, mut quotes: usize, quote: u8) -> Option<usize> {
    let mut i = target;
    while i < block.len() {
        let b = block[i];
        if b == quote {
            quotes += 1;
        } else if is_line_end(b) && quotes.is_multiple_of(2) {
            let mut cut = i + 1;
            while cut < block.len() && is_line_end(block[cut]) {
                cut += 1;
            }
            return (cut < block.len()).then_some(cut);
        }
        i += 1;
    }
    None
}

/// The last cut in `block`: after its last line end with an even quote count before it, and
/// at a byte that is not a line end.
fn last_cut(block: &[u8], quote: u8, total: usize) -> Option<usize> {
    let mut quotes_after = 0;
    for i in (0..block.len()).rev() {
        let b = block[i];
        if b == quote {
            quotes_after += 1;
        } else if is_line_end(b) && (total - quotes_after).is_multiple_of(2) {
            let cut = i + 1;
            if cut < block.len() && !is_line_end(block[cut]) {
                return Some(cut);
            }
        }
    }
    None
}

/// What the quote-state walk learnt about one range.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Walk {
    /// The range ends right after a line end outside quotes, with nothing the reader would
    /// reject on the way (so the next range starts at a record start).
    pub ends_between_records: bool,
    /// Line ends in the range (a CRLF counts once), for the next ranges' line numbers.
    pub line_ends: u64,
    /// The last record start inside the range (after a line end outside quotes, at a byte
    /// that is not a line end), as far as the walk could follow the quotes.
    pub last_record_start: Option<usize>,
}

/// Walks `range`, which starts at a record start, tracking only whether a quoted field is open.
pub(super) fn walk(range: &[u8], classifier: &Classifier, quote: u8, delimiter: u8) -> Walk {
    let mut masks: Vec<Masks> = Vec::new();
    let mut quoted = range.first() == Some(&quote);
    // Bytes before `skip` were already taken (an opening quote, the second of a pair).
    let mut skip = usize::from(quoted);
    let mut line_ends = 0;
    let mut broken = false;
    let mut last_record_start = None;
    let mut batch_start = 0;
    while batch_start < range.len() {
        let batch_end = (batch_start + BATCH).min(range.len());
        classifier.classify(&range[batch_start..batch_end], &mut masks);
        for (k, m) in masks.iter().enumerate() {
            let mut bits = m.unquoted | m.quoted;
            while bits != 0 {
                let j = batch_start + k * BLOCK + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let b = range[j];
                if b == b'\n' && (j == 0 || range[j - 1] != b'\r') || b == b'\r' {
                    line_ends += 1;
                }
                if j < skip || b == 0 || (quoted && b != quote) || (!quoted && b == quote) {
                    continue; // inside quotes only a quote matters; outside, a quote is literal
                }
                if quoted {
                    match range.get(j + 1) {
                        Some(&next) if next == quote => skip = j + 2, // a doubled quote
                        Some(&next) => {
                            // A closing quote: only a delimiter or a line end may follow it.
                            broken |= next != delimiter && !is_line_end(next);
                            quoted = false;
                        }
                        None => quoted = false,
                    }
                } else {
                    // A delimiter or a line end: the next field may open with a quote.
                    let next = range.get(j + 1).copied();
                    if is_line_end(b) && !broken && next.is_some_and(|n| !is_line_end(n)) {
                        last_record_start = Some(j + 1);
                    }
                    if next == Some(quote) {
                        quoted = true;
                        skip = j + 2;
                    }
                }
            }
        }
        batch_start = batch_end;
    }
    Walk {
        ends_between_records: !broken && !quoted && range.last().is_some_and(|&b| is_line_end(b)),
        line_ends,
        last_record_start,
    }
}
