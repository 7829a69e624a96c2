//! The one place a core error becomes a JS `Error`.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// A JS `Error` named `CsvError` whose message is the core's `Display`
/// (`line L, column C: kind: message`), carrying `kind`, `line`, `column`, `record` and `byte`
/// so callers can branch on the stable kind and point at the input. Positions are 0 when the
/// error has none (options, kernel arguments). `isSpecError` and `isRowError` are the core's
/// verdicts on the kind: the position is in the pipeline text; the error is confined to one
/// record (`onError` may step over it).
pub fn into_js_error(error: csv_kernels::Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("CsvError");
    let p = error.position;
    let fields: [(&str, JsValue); 7] = [
        ("kind", error.kind.name().into()),
        ("isSpecError", error.kind.is_spec_error().into()),
        ("isRowError", error.kind.is_row_error().into()),
        ("line", (p.line as f64).into()),
        ("column", (p.column as f64).into()),
        ("record", (p.record as f64).into()),
        ("byte", (p.byte as f64).into()),
    ];
    for (key, value) in fields {
        // Setting a property on a fresh, ordinary Error object cannot fail.
        let _ = Reflect::set(&js, &key.into(), &value);
    }
    js.into()
}

/// Maps a core `Result` into one whose error is the JS `Error` above.
pub fn js<T>(result: csv_kernels::Result<T>) -> Result<T, JsValue> {
    result.map_err(into_js_error)
}
