//! Sniffing a CSV dialect (delimiter, quote, header) from the first bytes of an input.
//!
//! The sample is the first [`SAMPLE_BYTES`], cut back to the last whole line. Every candidate
//! dialect (each delimiter seen in the sample, crossed with each quote seen and "no quote") is
//! split, and scored the way CleverCSV's data consistency measure does it: a *pattern score*
//! that rewards rows agreeing on their number of fields, times a *type score*, the share of
//! fields that look like something (a number, a date, a word) rather than a fragment of a
//! field cut in the wrong place. The best score wins; ties go to the usual delimiters
//! (`,` `;` tab `|`) and to `"`. The header is voted on column by column: a first row of text
//! above columns of numbers, dates or booleans is a header.
//!
//! ```
//! let s = csv_kernels::sniff::sniff(b"id;name;price\n1;\"Smith; J\";2,5\n2;Ada;3\n");
//! assert_eq!((s.delimiter, s.quote, s.header), (b';', Some(b'"'), true));
//! assert_eq!(s.columns, 3);
//! ```

mod cells;
mod encoding;
mod estimate;
mod header;
mod split;

pub use encoding::encoding;
pub use estimate::estimate_rows;

use crate::options::{Options, Sniff};
use split::{split, Dialect};

/// How much of the input the sniffer reads.
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// The delimiters preferred on a tie, in order; any other punctuation seen is a candidate too.
const USUAL_DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
const QUOTES: [u8; 2] = [b'"', b'\''];

/// A sniffed dialect and why it was chosen.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Sniffed {
    pub delimiter: u8,
    /// The quote character, or `None` when no field in the sample is quoted.
    pub quote: Option<u8>,
    /// The first row names the columns.
    pub header: bool,
    /// Lines starting with this byte are comments (`#` when some lines of the sample start
    /// with it, and not most of them).
    pub comment: Option<u8>,
    /// Fields in the most common row shape.
    pub columns: usize,
    /// Rows in the sample (blank lines not counted).
    pub rows: usize,
    /// One line for people: what decided each part.
    pub reason: String,
}

impl Sniffed {
    /// Sets the delimiter, quote and header of `options` to the sniffed ones (the quote stays
    /// as it was when the sample had no quoted field).
    pub fn apply(&self, options: &mut Options) {
        options.delimiter = self.delimiter;
        if let Some(quote) = self.quote {
            options.quote = quote;
        }
        if options.quote == options.delimiter {
            options.quote = if options.delimiter == b'"' {
                b'\''
            } else {
                b'"'
            };
        }
        options.header = self.header;
    }
}

/// The comment byte the sniffer looks for.
const COMMENT: u8 = b'#';

/// `COMMENT` when some lines of `sample` start with it, but fewer than half (a file of such
/// lines is data), with how many do.
fn comment_lines(sample: &[u8]) -> Option<(u8, usize, usize)> {
    let lines = sample
        .split(|&b| b == b'\n' || b == b'\r')
        .filter(|l| !l.is_empty());
    let (mut comments, mut total) = (0usize, 0usize);
    for line in lines {
        total += 1;
        comments += usize::from(line[0] == COMMENT);
    }
    (comments > 0 && comments * 2 < total).then_some((COMMENT, comments, total))
}

/// `sample` without the lines that start with `comment`.
fn without_comments(sample: &[u8], comment: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(sample.len());
    let mut at_line_start = true;
    let mut skipping = false;
    for &b in sample {
        if at_line_start {
            skipping = b == comment;
        }
        at_line_start = b == b'\n' || b == b'\r';
        if !skipping {
            out.push(b);
        }
    }
    out
}

/// The delimiters `sniff = dialect` may pick: a one-column file of signed numbers or dates
/// must not be split on '-'.
const COMMON_DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Decides the dialect `options.sniff` asks for from `sample` (the input's first bytes) and
/// writes it into `options`, whose `sniff` is then off: what a job, or every range of a
/// parallel run, reads with. Returns what was sniffed, with its reason.
pub fn resolve(options: &mut Options, sample: &[u8]) -> Sniffed {
    let sniffed = sniff(sample);
    match options.sniff {
        Sniff::Full => {
            sniffed.apply(options);
            options.comment = sniffed.comment;
        }
        Sniff::Dialect if COMMON_DELIMITERS.contains(&sniffed.delimiter) => {
            let header = options.header;
            sniffed.apply(options);
            options.header = header;
        }
        _ => {}
    }
    options.sniff = Sniff::Off;
    sniffed
}

/// Sniffs the dialect of `data` from its first [`SAMPLE_BYTES`]. Never fails: without any
/// evidence it answers the defaults (`,`, `"`, header) and says so in the reason.
pub fn sniff(data: &[u8]) -> Sniffed {
    let sample = sample_of(data);
    // Comment lines are no rows: the dialect is sniffed from the others.
    let comment = comment_lines(sample);
    let uncommented;
    let sample = match comment {
        Some((byte, _, _)) => {
            uncommented = without_comments(sample, byte);
            &uncommented[..]
        }
        None => sample,
    };
    let comment_reason = match comment {
        Some((byte, n, total)) => {
            format!("; comments: {n} of {total} lines start with {}", show(byte))
        }
        None => String::new(),
    };
    let Some((dialect, counts)) = best_dialect(sample) else {
        return Sniffed {
            delimiter: b',',
            quote: None,
            header: true,
            comment: comment.map(|(byte, _, _)| byte),
            columns: 0,
            rows: 0,
            reason: format!("empty input: the defaults{comment_reason}"),
        };
    };
    let rows = counts.field_counts.len();
    let (columns, agreeing) = modal_count(&counts.field_counts);
    let delimiter = dialect.delimiter.unwrap_or(b',');
    let delimiter_reason = match dialect.delimiter {
        Some(d) => format!(
            "delimiter {}: {agreeing} of {rows} rows have {columns} fields",
            show(d)
        ),
        None => "one column (no delimiter splits the rows evenly)".to_string(),
    };
    let quote = dialect.quote.filter(|_| counts.quoted_fields > 0);
    let quote_reason = match quote {
        Some(q) => format!("quote {} ({} quoted fields)", show(q), counts.quoted_fields),
        None => "no quoted fields".to_string(),
    };
    let (header, header_reason) = header::detect(sample, dialect);
    Sniffed {
        delimiter,
        quote,
        header,
        comment: comment.map(|(byte, _, _)| byte),
        columns,
        rows,
        reason: format!("{delimiter_reason}; {quote_reason}; {header_reason}{comment_reason}"),
    }
}

/// The first [`SAMPLE_BYTES`] without a UTF-8 byte order mark, cut back to the last line end
/// when the input goes on, so a half row does not spoil the field counts.
fn sample_of(data: &[u8]) -> &[u8] {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    if data.len() <= SAMPLE_BYTES {
        return data;
    }
    let sample = &data[..SAMPLE_BYTES];
    match sample.iter().rposition(|&b| b == b'\n' || b == b'\r') {
        Some(end) if end > 0 => &sample[..end],
        _ => sample,
    }
}

/// Punctuation inside numbers, dates and times: no delimiter of a file whose lines are such
/// values (a column of prices, dates or times).
const INSIDE_VALUES: &[u8] = b".-/:";

/// Whether most lines after the first are one value each: a number, a date, a time (the first
/// hundred lines tell).
fn lines_are_values(sample: &[u8]) -> bool {
    let lines = sample
        .split(|&b| b == b'\n' || b == b'\r')
        .skip(1)
        .take(100);
    let (mut values, mut total) = (0usize, 0usize);
    for line in lines.filter(|l| !l.trim_ascii().is_empty()) {
        total += 1;
        values += usize::from(cells::kind(line).is_known());
    }
    total > 0 && values * 2 > total
}

/// Candidates in tie-break order: the usual delimiters, other punctuation by how often it
/// occurs, then no delimiter at all.
fn candidate_delimiters(sample: &[u8]) -> Vec<Option<u8>> {
    let mut counts = [0usize; 128];
    for &b in sample {
        if b < 128 {
            counts[usize::from(b)] += 1;
        }
    }
    let mut others: Vec<u8> = (0u8..128)
        .filter(|&b| counts[usize::from(b)] > 0)
        .filter(|&b| b == b' ' || b.is_ascii_punctuation())
        .filter(|b| !USUAL_DELIMITERS.contains(b) && !QUOTES.contains(b))
        .collect();
    if others.iter().any(|b| INSIDE_VALUES.contains(b)) && lines_are_values(sample) {
        others.retain(|b| !INSIDE_VALUES.contains(b));
    }
    // Most frequent first. A handful of bytes: a selection pass beats pulling a sort routine
    // into every wasm build.
    for i in 0..others.len() {
        let mut top = i;
        for j in i + 1..others.len() {
            if counts[usize::from(others[j])] > counts[usize::from(others[top])] {
                top = j;
            }
        }
        others[i..=top].rotate_right(1);
    }
    USUAL_DELIMITERS
        .iter()
        .copied()
        .filter(|&b| counts[usize::from(b)] > 0)
        .chain(others)
        .map(Some)
        .chain([None])
        .collect()
}

/// Distinct field counts with the number of rows having each, in order of first appearance.
fn count_groups(field_counts: &[usize]) -> Vec<(usize, usize)> {
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for &count in field_counts {
        match groups.iter_mut().find(|(fields, _)| *fields == count) {
            Some((_, rows)) => *rows += 1,
            None => groups.push((count, 1)),
        }
    }
    groups
}

/// CleverCSV's pattern score over field counts: for each distinct count `L` seen in `N` rows,
/// `N * (L - 1) / L`, summed and divided by the number of distinct counts. Rows of one field
/// score a token amount, so "one column" can still win when nothing splits the rows.
fn pattern_score(field_counts: &[usize]) -> f64 {
    let groups = count_groups(field_counts);
    if groups.is_empty() {
        return 0.0;
    }
    let total: f64 = groups
        .iter()
        .map(|&(fields, rows)| {
            let weight = if fields > 1 {
                (fields - 1) as f64 / fields as f64
            } else {
                0.001
            };
            rows as f64 * weight
        })
        .sum();
    total / groups.len() as f64
}

/// The share of fields that look like a known kind of value.
fn type_score(sample: &[u8], dialect: Dialect) -> f64 {
    let (mut known, mut total) = (0usize, 0usize);
    // A cleanly quoted field is one value whatever it holds: quoting exists so that fields
    // can hold delimiters and line ends.
    split(sample, dialect, &mut |_, text, quoted| {
        total += 1;
        known += usize::from(quoted || cells::kind(text).is_known());
    });
    if total == 0 {
        0.0
    } else {
        known as f64 / total as f64
    }
}

/// The dialect with the best pattern x type score, and its split shape.
fn best_dialect(sample: &[u8]) -> Option<(Dialect, split::Shape)> {
    let quotes: Vec<Option<u8>> = QUOTES
        .iter()
        .filter(|q| sample.contains(q))
        .map(|&q| Some(q))
        .chain([None])
        .collect();
    let mut candidates = Vec::new();
    for delimiter in candidate_delimiters(sample) {
        for &quote in &quotes {
            let dialect = Dialect { delimiter, quote };
            let shape = split(sample, dialect, &mut |_, _, _| {});
            candidates.push((pattern_score(&shape.field_counts), dialect, shape));
        }
    }
    // Visit candidates from the highest pattern score down, ties in preference order.
    let mut visited = vec![false; candidates.len()];
    let mut best: Option<(f64, usize)> = None;
    loop {
        let mut next: Option<usize> = None;
        for (i, (pattern, _, _)) in candidates.iter().enumerate() {
            if !visited[i] && next.is_none_or(|n| *pattern > candidates[n].0) {
                next = Some(i);
            }
        }
        let Some(i) = next else { break };
        visited[i] = true;
        let (pattern, dialect, _) = &candidates[i];
        // The type score is at most 1, so no later candidate can beat the best any more.
        if best.is_some_and(|(score, _)| *pattern <= score) || *pattern == 0.0 {
            break;
        }
        let score = pattern * type_score(sample, *dialect);
        if best.is_none_or(|(best_score, _)| score > best_score) {
            best = Some((score, i));
        }
    }
    let (_, index) = best?;
    let (_, dialect, shape) = candidates.swap_remove(index);
    Some((dialect, shape))
}

/// The most common field count and how many rows have it (the smaller count on a tie).
fn modal_count(field_counts: &[usize]) -> (usize, usize) {
    count_groups(field_counts)
        .into_iter()
        .fold((0, 0), |best, (fields, rows)| {
            if rows > best.1 || (rows == best.1 && fields < best.0) {
                (fields, rows)
            } else {
                best
            }
        })
}

/// A byte as the reason shows it: `','`, `tab`, `space`.
fn show(byte: u8) -> String {
    match byte {
        b'\t' => "tab".into(),
        b' ' => "space".into(),
        b => format!("'{}'", char::from(b)),
    }
}

#[cfg(test)]
mod tests;
