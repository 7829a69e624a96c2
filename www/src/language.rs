//! What the core knows about its own language and inputs, as plain JS objects: the sniffed
//! dialect of some bytes and the registry of steps, functions, aggregates, types, output formats
//! and option names. The page's step builder and any JS caller read these instead of keeping
//! their own name lists. Keys are camelCase, like every object this package returns.

use crate::types::{Registry, Sniffed};
use csv_kernels::format::OutputFormat;
use csv_kernels::registry;
use csv_kernels::{Type, OPTION_NAMES};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

/// A plain object from key/value pairs.
fn object(pairs: Vec<(&str, JsValue)>) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        // Setting a property on a fresh, ordinary object cannot fail.
        let _ = Reflect::set(&object, &key.into(), &value);
    }
    object.into()
}

fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> JsValue {
    items
        .into_iter()
        .map(JsValue::from)
        .collect::<Array>()
        .into()
}

/// One option byte as the text the options object takes back (`"\t"` for a tab).
fn byte_text(byte: u8) -> JsValue {
    char::from(byte).to_string().into()
}

/// The dialect of CSV bytes, guessed from their first 64 KB by the core's sniffer: delimiter,
/// quote (`null` when no field is quoted), header, columns, rows, the reason for each choice,
/// the text encoding (see the core's `sniff::encoding`) and, given the whole input's size in
/// `totalBytes`, an estimate of its data rows (`rowsEstimate`, else `null`). Never throws. Pass `{ delimiter, quote, header }` from it as options, or let a run sniff
/// for itself with `{ sniff: true }` (or `"dialect"`: delimiter and quote only).
#[wasm_bindgen]
pub fn sniff(
    csv: &[u8],
    #[wasm_bindgen(js_name = totalBytes)] total_bytes: Option<f64>,
) -> Sniffed {
    let found = csv_kernels::sniff::sniff(csv);
    let quote = found.quote.map_or(JsValue::NULL, byte_text);
    // A size from JS is a double: a negative or fractional one is clamped by the cast.
    let estimate = total_bytes.map_or(JsValue::NULL, |total| {
        (csv_kernels::sniff::estimate_rows(&found, csv, total as u64) as f64).into()
    });
    let encoding = csv_kernels::sniff::encoding(csv);
    object(vec![
        ("delimiter", byte_text(found.delimiter)),
        ("quote", quote),
        ("header", found.header.into()),
        ("columns", (found.columns as f64).into()),
        ("rows", (found.rows as f64).into()),
        ("reason", found.reason.into()),
        ("encoding", encoding.into()),
        ("rowsEstimate", estimate),
    ])
    .unchecked_into()
}

/// The language as data, from the core's one registry: every step (name, aliases, syntax, doc,
/// whether it streams and whether this version runs it), every function (name, parameters,
/// arity, signature, doc), every aggregate, the value types, output formats and option names.
#[wasm_bindgen]
pub fn registry() -> Registry {
    let steps: Array = registry::steps()
        .iter()
        .map(|step| {
            object(vec![
                ("name", step.name.into()),
                ("aliases", strings(step.aliases.iter().copied())),
                ("syntax", step.syntax.into()),
                ("doc", step.doc.into()),
                ("streaming", step.streaming.into()),
            ])
        })
        .collect();
    let functions: Array = registry::functions().iter().map(function).collect();
    let aggregates: Array = registry::aggregates()
        .iter()
        .map(|kind| {
            let params = kind.params().iter().map(|(name, _)| *name);
            object(vec![
                ("name", kind.name().into()),
                ("params", strings(params)),
                ("doc", kind.doc().into()),
            ])
        })
        .collect();
    object(vec![
        ("steps", steps.into()),
        ("functions", functions.into()),
        ("aggregates", aggregates.into()),
        ("types", strings(Type::ALL.iter().map(|t| t.name()))),
        (
            "formats",
            strings(OutputFormat::ALL.iter().map(|f| f.name())),
        ),
        ("options", strings(OPTION_NAMES.iter().copied())),
    ])
    .unchecked_into()
}

fn function(f: &registry::Function) -> JsValue {
    let required = f.params.len() - f.optional;
    let params: Array = f
        .params
        .iter()
        .enumerate()
        .map(|(i, (name, kind))| {
            object(vec![
                ("name", (*name).into()),
                ("type", kind.name().into()),
                ("optional", (i >= required).into()),
            ])
        })
        .collect();
    let (min, max) = f.arity();
    object(vec![
        ("name", f.name.into()),
        ("params", params.into()),
        ("minArgs", (min as f64).into()),
        // A variadic function has no upper bound: null, not a made-up number.
        ("maxArgs", max.map_or(JsValue::NULL, |n| (n as f64).into())),
        ("variadic", f.variadic.into()),
        ("signature", f.signature().into()),
        ("doc", f.doc.into()),
    ])
}
