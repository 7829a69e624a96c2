//! The edge protocol (`csv_kernels::edge`) for the Cloudflare Worker, whose JS then only moves
//! bytes between `fetch` and the exchange: routes, statuses, headers, limits and errors are
//! decided in the core, exactly as `wasmtime serve` decides them natively.

use csv_kernels::edge::{Exchange, Limits, RequestLine};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

/// One HTTP request and its response (see `csv_kernels::edge::Exchange`): feed the body with
/// `push`/`end` while `wantsBody`; `head()` gives `{status, headers}` once decided; send
/// `takeOutput()` until `isFinished`.
#[wasm_bindgen]
pub struct EdgeExchange {
    inner: Exchange,
}

#[wasm_bindgen]
impl EdgeExchange {
    /// `query` without its `?`. `xPipeline` and `contentLength` are the header values as
    /// `Headers.get` returns them; the limits are the Worker's text bindings (unset: defaults).
    #[wasm_bindgen(constructor)]
    pub fn new(
        method: &str,
        path: &str,
        query: &str,
        x_pipeline: Option<String>,
        content_length: Option<String>,
        max_body_bytes: Option<String>,
        commit_bytes: Option<String>,
    ) -> EdgeExchange {
        let x_pipeline = x_pipeline.as_deref().map(header_bytes);
        let line = RequestLine {
            method,
            path,
            query,
            x_pipeline: x_pipeline.as_deref(),
            content_length: content_length.as_deref(),
        };
        let limits = Limits::from_settings(max_body_bytes.as_deref(), commit_bytes.as_deref());
        EdgeExchange {
            inner: Exchange::new(&line, limits),
        }
    }

    #[wasm_bindgen(getter, js_name = wantsBody)]
    pub fn wants_body(&self) -> bool {
        self.inner.wants_body()
    }

    pub fn push(&mut self, chunk: &[u8]) {
        self.inner.push(chunk)
    }

    pub fn end(&mut self) {
        self.inner.end()
    }

    #[wasm_bindgen(js_name = readFailed)]
    pub fn read_failed(&mut self, message: &str) {
        self.inner.read_failed(message)
    }

    /// `{ status, headers: [[name, value], ...] }` once decided (exactly once), else undefined.
    pub fn head(&mut self) -> JsValue {
        let Some(head) = self.inner.head() else {
            return JsValue::UNDEFINED;
        };
        let headers: Array = head
            .headers
            .iter()
            .map(|(name, value)| Array::of2(&(*name).into(), &value.into()))
            .collect();
        let object = Object::new();
        // Setting properties on a fresh, ordinary object cannot fail.
        let _ = Reflect::set(&object, &"status".into(), &head.status.into());
        let _ = Reflect::set(&object, &"headers".into(), &headers);
        object.into()
    }

    #[wasm_bindgen(js_name = takeOutput)]
    pub fn take_output(&mut self) -> Vec<u8> {
        self.inner.take_output()
    }

    #[wasm_bindgen(getter, js_name = isFinished)]
    pub fn is_finished(&self) -> bool {
        self.inner.is_finished()
    }
}

/// Header values reach JS either one character per byte or already decoded as UTF-8 (workerd
/// does both); a pipeline is UTF-8 text, so the bytes are whichever reading gives UTF-8.
fn header_bytes(value: &str) -> Vec<u8> {
    if value.chars().all(|c| (c as u32) < 0x100) {
        let bytes: Vec<u8> = value.chars().map(|c| c as u8).collect();
        if std::str::from_utf8(&bytes).is_ok() {
            return bytes;
        }
    }
    value.as_bytes().to_vec()
}
