//! Sniffs files named on standard input (one path a line) and prints, per file, a tab-separated
//! line: path, delimiter byte, quote byte (-1 for none), header (1 or 0), reason. Used by
//! `benches/sniff_accuracy.py`; reads only the first 64 KB of each file, as the sniffer does.
//!
//!     ls data/*.csv | cargo run --release --example sniff

use csv_kernels::sniff::{sniff, SAMPLE_BYTES};
use std::io::{BufRead, Read, Write};

fn main() -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for path in std::io::stdin().lock().lines() {
        let path = path?;
        let mut head = Vec::with_capacity(SAMPLE_BYTES);
        let read = std::fs::File::open(&path)
            .and_then(|f| f.take(SAMPLE_BYTES as u64 + 1).read_to_end(&mut head));
        if let Err(e) = read {
            writeln!(out, "{path}\terror\t{e}")?;
            continue;
        }
        let s = sniff(&head);
        let quote = s.quote.map_or(-1, i32::from);
        writeln!(
            out,
            "{path}\t{}\t{quote}\t{}\t{}",
            s.delimiter,
            u8::from(s.header),
            s.reason
        )?;
    }
    out.flush()
}
