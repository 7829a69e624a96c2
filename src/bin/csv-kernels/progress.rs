//! What a person at a terminal sees on stderr: a progress bar during a long run and one
//! summary line at its end. Scripts and pipes see none of it, so their stderr keeps its old
//! contract (the counts line after skip and null runs, errors).
//!
//! The bar hooks the input reader, so it sees the input a chunk at a time (the core reads
//! 256 KB per step, the parallel path a block per round), never a row at a time, and it
//! works the same for every command and path without a hook in the core.

use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// A run shorter than this shows no bar at all, so quick runs do not flash one.
const FIRST_DRAW: Duration = Duration::from_secs(1);
/// Redraws at most four times a second: enough to look alive, too few to cost anything.
const REDRAW: Duration = Duration::from_millis(250);
/// Cells in the bar; with the figures beside it the line stays under 80 columns.
const BAR_CELLS: usize = 16;

/// What a run reports on stderr, decided once when it starts.
pub struct Feedback {
    started: Instant,
    quiet: bool,
    terminal: bool,
    bar: bool,
}

impl Feedback {
    /// `output_on_terminal`: the command streams its output to the same terminal, where the
    /// bar's redraws would be torn apart by the rows written between them.
    pub fn new(quiet: bool, output_on_terminal: bool) -> Feedback {
        let terminal = io::stderr().is_terminal();
        Feedback {
            started: Instant::now(),
            quiet,
            terminal,
            bar: terminal && !quiet && !output_on_terminal,
        }
    }

    /// `input` with the bar drawn as it is read; `input` itself when there is no bar.
    /// `path` is the input file (`None`: stdin), whose size, when known, the bar shows
    /// progress against.
    pub fn meter<'a>(&self, input: Box<dyn Read + 'a>, path: Option<&Path>) -> Box<dyn Read + 'a> {
        // Rows typed at the terminal would share their line with the bar.
        if !self.bar || (path.is_none() && io::stdin().is_terminal()) {
            return input;
        }
        Box::new(Metered {
            input,
            total: input_size(path),
            started: self.started,
            next_draw: self.started + FIRST_DRAW,
            bytes: 0,
            lines: 0,
            drawn: false,
        })
    }

    /// The run's closing line: with the time taken on a terminal; elsewhere only when
    /// `plain` (the counts scripts already read after skip and null runs), without it.
    pub fn summary(&self, counts: &str, plain: bool) {
        if self.quiet {
            return;
        }
        if self.terminal {
            eprintln!(
                "csv-kernels: {counts} ({})",
                seconds(self.started.elapsed())
            );
        } else if plain {
            eprintln!("csv-kernels: {counts}");
        }
    }
}

/// The size of the input when it is a regular file (stdin redirected from one counts).
fn input_size(path: Option<&Path>) -> Option<u64> {
    let meta = match path {
        Some(p) => std::fs::metadata(p).ok()?,
        None => stdin_metadata()?,
    };
    meta.is_file().then_some(meta.len())
}

#[cfg(unix)]
fn stdin_metadata() -> Option<std::fs::Metadata> {
    use std::os::fd::AsFd;
    let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
    std::fs::File::from(fd).metadata().ok()
}

#[cfg(not(unix))]
fn stdin_metadata() -> Option<std::fs::Metadata> {
    None
}

/// A reader that counts what passes through it and redraws the bar when it is time.
struct Metered<'a> {
    input: Box<dyn Read + 'a>,
    total: Option<u64>,
    started: Instant,
    next_draw: Instant,
    bytes: u64,
    /// Line ends read: the live row rate counts these (exact unless fields hold line
    /// breaks); the summary's counts are the core's exact ones.
    lines: u64,
    drawn: bool,
}

impl Read for Metered<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.input.read(buf)?;
        self.bytes += n as u64;
        self.lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        let now = Instant::now();
        if now >= self.next_draw {
            self.next_draw = now + REDRAW;
            let line = render(self.bytes, self.total, self.lines, now - self.started);
            // A failed draw must not fail the run: the bar is a courtesy.
            let _ = io::stderr().write_all(format!("\r{line}\x1b[K").as_bytes());
            self.drawn = true;
        }
        Ok(n)
    }
}

impl Drop for Metered<'_> {
    /// Clears the bar, so the summary or an error message starts on a clean line.
    fn drop(&mut self) {
        if self.drawn {
            let _ = io::stderr().write_all(b"\r\x1b[K");
        }
    }
}

/// One frame of the bar, without the carriage return and the erase that frame it.
fn render(bytes: u64, total: Option<u64>, lines: u64, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    let rate = if secs > 0.0 { lines as f64 / secs } else { 0.0 };
    let rows = format!("{} rows/s", count(rate));
    match total {
        Some(total) if total > 0 => {
            let done = bytes.min(total);
            let filled = (done as u128 * BAR_CELLS as u128 / total as u128) as usize;
            let percent = done as u128 * 100 / total as u128;
            let left = if done > 0 && secs > 0.0 {
                let per_byte = secs / done as f64;
                clock(Duration::from_secs_f64(per_byte * (total - done) as f64))
            } else {
                "-:--".into()
            };
            format!(
                "[{}{}] {percent:>3}%  {} of {}  {rows}  {left} left",
                "#".repeat(filled),
                "-".repeat(BAR_CELLS - filled),
                size(done),
                size(total)
            )
        }
        _ => format!("{} read  {rows}  {} elapsed", size(bytes), clock(elapsed)),
    }
}

/// Bytes in binary units with one decimal, as `--memory-limit` takes them.
fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// A rate with a k, M or G suffix past a thousand.
fn count(value: f64) -> String {
    match value {
        v if v < 1e3 => format!("{v:.0}"),
        v if v < 1e6 => format!("{:.1}k", v / 1e3),
        v if v < 1e9 => format!("{:.1}M", v / 1e6),
        v => format!("{:.1}G", v / 1e9),
    }
}

/// `m:ss`, or `h:mm:ss` from an hour on.
fn clock(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=3599 => format!("{}:{:02}", s / 60, s % 60),
        _ => format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60),
    }
}

/// The summary's time: seconds with two decimals under a minute, a clock past it.
fn seconds(d: Duration) -> String {
    if d < Duration::from_secs(60) {
        format!("{:.2} s", d.as_secs_f64())
    } else {
        clock(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_against_a_known_size() {
        let line = render(
            45 << 20,
            Some(120 << 20),
            3_000_000,
            Duration::from_millis(2500),
        );
        assert_eq!(
            line,
            "[######----------]  37%  45.0 MiB of 120.0 MiB  1.2M rows/s  0:04 left"
        );
        assert!(line.len() < 80);
        let done = render(1 << 30, Some(1 << 30), 10, Duration::from_secs(4000));
        assert_eq!(
            done,
            "[################] 100%  1.0 GiB of 1.0 GiB  0 rows/s  0:00 left"
        );
        let start = render(0, Some(10), 0, Duration::ZERO);
        assert_eq!(
            start,
            "[----------------]   0%  0 B of 10 B  0 rows/s  -:-- left"
        );
    }

    #[test]
    fn a_frame_without_a_size() {
        let line = render(1536, None, 25_000, Duration::from_secs(65));
        assert_eq!(line, "1.5 KiB read  385 rows/s  1:05 elapsed");
        // An empty file has a size but nothing to measure against.
        assert_eq!(
            render(0, Some(0), 0, Duration::from_secs(3)),
            "0 B read  0 rows/s  0:03 elapsed"
        );
    }

    #[test]
    fn units() {
        assert_eq!(size(1023), "1023 B");
        assert_eq!(size(5 << 40), "5.0 TiB");
        assert_eq!(size(3 << 50), "3072.0 TiB");
        assert_eq!(count(999.4), "999");
        assert_eq!(count(2_500_000_000.0), "2.5G");
        assert_eq!(clock(Duration::from_secs(3661)), "1:01:01");
        assert_eq!(seconds(Duration::from_millis(1234)), "1.23 s");
        assert_eq!(seconds(Duration::from_secs(61)), "1:01");
    }
}
