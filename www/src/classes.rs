//! The streaming classes: `Job` (a pipeline over chunks) and `Profiler`. Each `push` crosses
//! the boundary once per chunk, never once per row.

use crate::error::js;
use crate::options::options_from_js;
use crate::types::{CsvOptions, JobStats, ProfileObject};
use wasm_bindgen::prelude::*;

/// A pipeline run over a stream of chunks: `push` returns the output completed so far,
/// `finish` the rest. After an error every call throws the same error.
#[wasm_bindgen]
pub struct Job {
    inner: csv_kernels::Job,
    /// Reused between calls so a long stream does not allocate per chunk.
    out: Vec<u8>,
}

#[wasm_bindgen]
impl Job {
    #[wasm_bindgen(constructor)]
    pub fn new(pipeline: &str, options: Option<CsvOptions>) -> Result<Job, JsValue> {
        Ok(Job {
            inner: core_job(pipeline, options)?,
            out: Vec::new(),
        })
    }

    /// Feeds one chunk (it may end anywhere, even inside a quoted field or a UTF-8 sequence).
    pub fn push(&mut self, chunk: &[u8]) -> Result<js_sys::Uint8Array, JsValue> {
        self.out.clear();
        with_output(self.inner.push(chunk, &mut self.out), &self.out)?;
        Ok(js_sys::Uint8Array::from(self.out.as_slice()))
    }

    /// Like `push`, but returns a view into the module's memory instead of a copy, so a long
    /// stream allocates nothing per chunk in JS. The view is valid only until the next call
    /// into this package: copy it (e.g. `set` it into a buffer or pass it to `new Blob`) at once.
    #[wasm_bindgen(js_name = pushView)]
    pub fn push_view(&mut self, chunk: &[u8]) -> Result<js_sys::Uint8Array, JsValue> {
        self.out.clear();
        with_output(self.inner.push(chunk, &mut self.out), &self.out)?;
        // SAFETY: the view aliases `self.out`, which nothing touches until the next call into
        // the module; callers are told to copy it before then (the contract above).
        Ok(unsafe { js_sys::Uint8Array::view(&self.out) })
    }

    /// Ends the input and returns the last output bytes.
    pub fn finish(&mut self) -> Result<js_sys::Uint8Array, JsValue> {
        self.out.clear();
        with_output(self.inner.finish(&mut self.out), &self.out)?;
        Ok(js_sys::Uint8Array::from(self.out.as_slice()))
    }

    /// Counters so far, as a plain object of numbers.
    #[wasm_bindgen(getter)]
    pub fn stats(&self) -> JobStats {
        let s = self.inner.stats();
        let object = js_sys::Object::new();
        for (key, value) in [
            ("rowsIn", s.rows_in),
            ("rowsOut", s.rows_out),
            ("rowsSkipped", s.rows_skipped),
            ("cellsNulled", s.cells_nulled),
            ("bytesIn", s.bytes_in),
            ("bytesOut", s.bytes_out),
        ] {
            let _ = js_sys::Reflect::set(&object, &key.into(), &(value as f64).into());
        }
        object.unchecked_into()
    }

    /// True once a `limit` is reached: the caller may stop reading input.
    #[wasm_bindgen(getter, js_name = isDone)]
    pub fn is_done(&self) -> bool {
        self.inner.is_done()
    }

    /// The canonical spec of the pipeline this job runs.
    #[wasm_bindgen(getter)]
    pub fn pipeline(&self) -> String {
        self.inner.pipeline().to_string()
    }
}

/// The core's job for `pipeline`, with the options and the joins' tables of a JS options object.
pub(crate) fn core_job(
    pipeline: &str,
    options: Option<CsvOptions>,
) -> Result<csv_kernels::Job, JsValue> {
    let tables = js(crate::options::tables_from_js(&options))?;
    let mut job = js(csv_kernels::Job::new(
        pipeline,
        js(options_from_js(options))?,
    ))?;
    for (name, bytes) in tables {
        job.attach(&name, bytes);
    }
    Ok(job)
}

/// A failed `push`/`finish` still produced the rows before the bad one: the thrown error
/// carries them as `error.output`, so a streaming caller can keep a prefix of the result,
/// as the CLI writes one.
fn with_output<T>(result: csv_kernels::Result<T>, out: &[u8]) -> Result<T, JsValue> {
    js(result).inspect_err(|error| {
        let output = js_sys::Uint8Array::from(out);
        // Setting a property on a fresh, ordinary Error object cannot fail.
        let _ = js_sys::Reflect::set(error, &"output".into(), &output);
    })
}

/// Column statistics over a stream of chunks.
#[wasm_bindgen]
pub struct Profiler {
    inner: csv_kernels::Profiler,
}

#[wasm_bindgen]
impl Profiler {
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<CsvOptions>) -> Result<Profiler, JsValue> {
        let options = js(options_from_js(options))?;
        Ok(Profiler {
            inner: csv_kernels::Profiler::new(options),
        })
    }

    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        js(self.inner.push(chunk))
    }

    pub fn finish(&mut self) -> Result<ProfileObject, JsValue> {
        crate::profile::profile_to_js(&js(self.inner.finish())?)
    }
}
