//! What a [`Job`](super::job::Job) runs each record through: the pipeline's stages bound to
//! the input's columns, and the writer their output rows go to.

use super::job::{Flush, Stats};
use crate::error::{Error, Result};
use crate::format::{self, Column, OutputFormat, RowWriter};
use crate::options::{Options, Sniff};
use crate::pipeline::{Input, Mode, Pipeline, Sink, Stages, Tables};
use crate::reader::{Flow, Record};
use crate::run::intake::column_names;
use crate::writer::Writer;

pub(super) struct Engine {
    pub(super) pipeline: Pipeline,
    pub(super) options: Options,
    /// CSV goes straight through the CSV writer (the hot path); other formats through a
    /// [`RowWriter`] made once the output columns and their types are known.
    pub(super) writer: Writer,
    pub(super) formatted: Option<Box<dyn RowWriter>>,
    pub(super) stages: Option<Stages>,
    /// The second inputs of the pipeline's joins, by name.
    pub(super) tables: Tables,
    /// The sniffing asked for (`options.sniff` is off once the input is sniffed): a join's
    /// second input is sniffed the same way.
    pub(super) sniff: Sniff,
    /// Whole, or the part or the merge of a split run (see [`Job::part`]).
    pub(super) mode: Mode,
    pub(super) part: u64,
    /// For a merge: the whole input's column names, bound before the first part's row.
    pub(super) merge_names: Option<Vec<Option<String>>>,
    pub(super) stats: Stats,
}

/// Output is handed to a flush once it holds this much.
const FLUSH_BYTES: usize = 1 << 20;

/// Where the last stage's rows go: the CSV writer, or the format's writer.
pub(super) struct Output<'a, 'f> {
    pub(super) writer: &'a Writer,
    pub(super) formatted: &'a mut Option<Box<dyn RowWriter>>,
    pub(super) out: &'a mut Vec<u8>,
    pub(super) rows: &'a mut u64,
    pub(super) flush: Option<&'a mut Flush<'f>>,
}

impl Sink for Output<'_, '_> {
    #[inline]
    fn row<'c, I: Iterator<Item = &'c [u8]>>(&mut self, cells: I) -> Result<()> {
        match self.formatted {
            Some(writer) => writer.row(self.out, &cells.collect::<Vec<_>>()),
            None => self.writer.write_record(self.out, cells),
        }
        self.written()
    }

    #[inline]
    fn record<'c, I: ExactSizeIterator<Item = (&'c [u8], bool)>>(
        &mut self,
        record: &Record<'c>,
        appended: I,
    ) -> Result<()> {
        if self.formatted.is_some() {
            return self.row(record.iter().chain(appended.map(|(cell, _)| cell)));
        }
        match self.writer.write_raw(self.out, record, appended) {
            Ok(()) => self.written(),
            Err(appended) => self.row(record.iter().chain(appended.map(|(cell, _)| cell))),
        }
    }
}

impl Output<'_, '_> {
    #[inline]
    fn written(&mut self) -> Result<()> {
        *self.rows += 1;
        match &mut self.flush {
            Some(flush) if self.out.len() >= FLUSH_BYTES => flush(self.out),
            _ => Ok(()),
        }
    }
}

impl Engine {
    pub(super) fn record(
        &mut self,
        record: &Record,
        mut problem: Option<Error>,
        out: &mut Vec<u8>,
    ) -> Result<Flow> {
        if self.stages.is_none() {
            // A bad header or first row has nothing to bind to: its problem is the error.
            let names = column_names(record, problem.take(), self.options.header)?;
            let header = self.options.header;
            let stages = self.bind(names, out)?;
            if header || stages.exhausted() {
                return Ok(flow(stages));
            }
        }
        self.stats.rows_in += 1;
        let stages = self.stages.as_mut().expect("bound above");
        match problem {
            Some(problem) => stages.reject(problem)?,
            None => stages.row(
                record,
                &mut Output {
                    writer: &self.writer,
                    formatted: &mut self.formatted,
                    out,
                    rows: &mut self.stats.rows_out,
                    flush: None,
                },
            )?,
        }
        Ok(flow(stages))
    }

    /// A merge binds to the whole input's header before any part's row arrives.
    pub(super) fn begin_merge(&mut self, out: &mut Vec<u8>) -> Result<()> {
        if let Some(names) = self.merge_names.take() {
            self.bind(names, out)?;
        }
        Ok(())
    }

    pub(super) fn bind(
        &mut self,
        names: Vec<Option<String>>,
        out: &mut Vec<u8>,
    ) -> Result<&mut Stages> {
        let input = Input {
            types: vec![crate::expr::Ty::Cell; names.len()],
            names,
        };
        let options = Options {
            sniff: self.sniff,
            ..self.options
        };
        let stages = Stages::compile(
            &self.pipeline,
            input,
            &options,
            &self.tables,
            self.mode,
            self.part,
        )?;
        let stages = self.stages.insert(stages);
        if self.mode == Mode::Part {
            // A part's output is for the merge: no header.
        } else if self.options.format != OutputFormat::Csv {
            let columns = stages
                .header()
                .zip(stages.types())
                .enumerate()
                .map(|(i, (name, ty))| {
                    let name = String::from_utf8_lossy(name);
                    // Without a header, JSON still needs keys: the column numbers.
                    let name = if self.options.header {
                        name.into_owned()
                    } else {
                        format!("#{}", i + 1)
                    };
                    Column::new(name, *ty)
                })
                .collect();
            let writer = self
                .formatted
                .insert(format::writer(&self.options, columns));
            writer.begin(out);
        } else if self.options.header {
            self.writer.write_record(out, stages.header());
        }
        Ok(stages)
    }
}

/// Stop reading once the first stage can take no more rows.
pub(super) fn flow(stages: &Stages) -> Flow {
    if stages.exhausted() {
        Flow::Stop
    } else {
        Flow::Continue
    }
}
