//! What the node, browser and dedicated-worker suites share: the golden cases (embedded by
//! build.rs) and checks of the exported API. Each suite file only picks its runtime.

pub mod api;
pub mod golden;

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

/// A property of a JS object, or `undefined`.
pub fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Asserts `error` is a JS `Error` named CsvError with this kind and position, and that its
/// message is the core's Display for that position.
pub fn assert_error(error: &JsValue, kind: &str, line: u64, column: u64, context: &str) {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "{context}: not an Error: {error:?}"
    );
    let error: &js_sys::Error = error.unchecked_ref();
    let message = String::from(error.message());
    let found = (
        get(error, "kind").as_string().unwrap_or_default(),
        get(error, "line").as_f64().unwrap_or(-1.0),
        get(error, "column").as_f64().unwrap_or(-1.0),
    );
    assert_eq!(
        found,
        (kind.to_string(), line as f64, column as f64),
        "{context}: {message}"
    );
    assert_eq!(String::from(error.name()), "CsvError", "{context}");
    let prefix = if line > 0 {
        format!("line {line}, column {column}: {kind}: ")
    } else {
        format!("{kind}: ")
    };
    assert!(message.starts_with(&prefix), "{context}: {message}");
}
