//! Files of a per-row pipeline run at once, one job a file on each core, their outputs
//! written in file order. Each file's output travels through a small bounded channel, so a
//! worker ahead of the writer waits instead of holding its whole output: memory stays at a
//! few chunks a thread whatever the file sizes.

use crate::reader::CHUNK_BYTES;
use crate::run::job::Stats;
use crate::run::parallel::Failure;
use crate::run::RunContext;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;

/// Chunks of output a file may have waiting for the writer.
const WAITING_CHUNKS: usize = 4;

enum Message {
    Output(Vec<u8>),
    Done(Stats),
    Failed(Failure),
}

/// Runs `files` on `threads` workers; `header` (the header as CSV) is read first by the jobs
/// of every file but the first, so they bind the pipeline as one job would and write no
/// header of their own.
pub(super) fn run(
    run: RunContext,
    files: &[PathBuf],
    header: Option<&[u8]>,
    output: &mut impl Write,
) -> Result<Stats, Failure> {
    let (senders, receivers): (Vec<_>, Vec<_>) =
        files.iter().map(|_| sync_channel(WAITING_CHUNKS)).unzip();
    // Each worker takes the next file and its channel; taking them in order means the file
    // the writer waits for is always already running.
    let senders = Mutex::new(senders.into_iter().map(Some).collect::<Vec<_>>());
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..run.threads.min(files.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(sender) = senders.lock().ok().and_then(|mut s| s.get_mut(i)?.take())
                else {
                    return;
                };
                let header = header.filter(|_| i > 0);
                if !run_file(run.on_threads(1), &files[i], header, sender) {
                    return; // the writer has stopped
                }
            });
        }
        let written = write_in_order(receivers, output);
        // Dropped receivers make every waiting worker's send fail, so the scope ends.
        written
    })
}

/// Drains the files' channels in order into `output`, summing the counters.
fn write_in_order(
    receivers: Vec<Receiver<Message>>,
    output: &mut impl Write,
) -> Result<Stats, Failure> {
    let mut total = Stats::default();
    for receiver in receivers {
        loop {
            match receiver.recv() {
                Ok(Message::Output(bytes)) => output.write_all(&bytes)?,
                Ok(Message::Done(stats)) => {
                    add(&mut total, &stats);
                    break;
                }
                Ok(Message::Failed(failure)) => {
                    output.flush()?;
                    return Err(failure);
                }
                Err(_) => return Err(Failure::Io(io::Error::other("a worker thread died"))),
            }
        }
    }
    output.flush()?;
    Ok(total)
}

pub(super) fn add(total: &mut Stats, stats: &Stats) {
    total.rows_in += stats.rows_in;
    total.rows_out += stats.rows_out;
    total.rows_skipped += stats.rows_skipped;
    total.cells_nulled += stats.cells_nulled;
    total.bytes_in += stats.bytes_in;
    total.bytes_out += stats.bytes_out;
}

/// Runs one file, sending its output as it comes. False once the writer is gone.
fn run_file(
    run: RunContext,
    path: &Path,
    header: Option<&[u8]>,
    sender: SyncSender<Message>,
) -> bool {
    let mut sink = Channel {
        sender,
        buf: Vec::with_capacity(CHUNK_BYTES),
    };
    let result = super::run_file(run, path, header, &mut sink);
    let message = match result {
        Ok(stats) => Message::Done(stats),
        Err(failure) => Message::Failed(failure),
    };
    sink.flush().is_ok() && sink.sender.send(message).is_ok()
}

/// A `Write` that sends what it is given in chunks of about [`CHUNK_BYTES`].
struct Channel {
    sender: SyncSender<Message>,
    buf: Vec<u8>,
}

impl Write for Channel {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK_BYTES {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK_BYTES));
        self.sender
            .send(Message::Output(chunk))
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    }
}
