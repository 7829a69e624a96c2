//! What the core knows about its language and inputs, as plain Python values: `sniff` (the
//! dialect of some CSV) and `registry` (every step, function and aggregate), plus the module
//! docstring built from the core's language reference. Keys are snake_case.

use crate::input::Data;
use csv_kernels::format::OutputFormat;
// Renamed: the `registry` pyfunction below makes a module of that name.
use csv_kernels::registry as language;
use csv_kernels::sniff::SAMPLE_BYTES;
use csv_kernels::{Type, OPTION_NAMES};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3::IntoPyObjectExt;
use std::io::Read;

/// A dict from key/value pairs whose values convert to Python objects.
fn dict<'py>(
    py: Python<'py>,
    pairs: Vec<(&str, Bound<'py, PyAny>)>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, value) in pairs {
        dict.set_item(key, value)?;
    }
    Ok(dict)
}

fn any<'py>(py: Python<'py>, value: impl IntoPyObject<'py>) -> PyResult<Bound<'py, PyAny>> {
    value.into_bound_py_any(py)
}

/// The dialect of CSV `data` (bytes: content; str/PathLike: a path, of which only the start is
/// read), guessed by the core from its first 64 KB: a dict with delimiter, quote (None when no
/// field is quoted), header, columns, rows and reason. `delimiter`, `quote` and `header` work
/// as keyword options as they are; `sniff=True` (or `"dialect"`) lets a run sniff for itself.
#[pyfunction]
pub fn sniff<'py>(py: Python<'py>, data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let data = Data::from_py(data)?;
    let found = match (data.in_memory(), data.path()) {
        (Some(bytes), _) => csv_kernels::sniff::sniff(bytes),
        (None, Some(path)) => {
            // A few bytes past the sample (a byte order mark, one more) tell the sniffer the
            // input goes on, so it cuts the sample back to a whole line.
            let mut start = Vec::with_capacity(SAMPLE_BYTES + 4);
            std::fs::File::open(path)?
                .take(SAMPLE_BYTES as u64 + 4)
                .read_to_end(&mut start)?;
            csv_kernels::sniff::sniff(&start)
        }
        (None, None) => unreachable!("data is either in memory or a path"),
    };
    let text = |byte: u8| char::from(byte).to_string();
    dict(
        py,
        vec![
            ("delimiter", any(py, text(found.delimiter))?),
            ("quote", any(py, found.quote.map(text))?),
            ("header", any(py, found.header)?),
            ("columns", any(py, found.columns)?),
            ("rows", any(py, found.rows)?),
            ("reason", any(py, found.reason)?),
        ],
    )
}

/// The pipeline language as data, from the core's one registry: {"steps", "functions",
/// "aggregates", "types", "formats", "options"}. A function has name, params (name, type,
/// optional), min_args, max_args (None when variadic), variadic, signature and doc.
#[pyfunction]
pub fn registry(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let mut steps = Vec::new();
    for step in language::steps() {
        steps.push(dict(
            py,
            vec![
                ("name", any(py, step.name)?),
                ("aliases", any(py, step.aliases.to_vec())?),
                ("syntax", any(py, step.syntax)?),
                ("doc", any(py, step.doc)?),
                ("streaming", any(py, step.streaming)?),
            ],
        )?);
    }
    let mut functions = Vec::new();
    for f in language::functions() {
        functions.push(function(py, f)?);
    }
    let mut aggregates = Vec::new();
    for kind in language::aggregates() {
        let params: Vec<&str> = kind.params().iter().map(|(name, _)| *name).collect();
        aggregates.push(dict(
            py,
            vec![
                ("name", any(py, kind.name())?),
                ("params", any(py, params)?),
                ("doc", any(py, kind.doc())?),
            ],
        )?);
    }
    let types: Vec<&str> = Type::ALL.iter().map(|t| t.name()).collect();
    let formats: Vec<&str> = OutputFormat::ALL.iter().map(|f| f.name()).collect();
    dict(
        py,
        vec![
            ("steps", any(py, steps)?),
            ("functions", any(py, functions)?),
            ("aggregates", any(py, aggregates)?),
            ("types", any(py, types)?),
            ("formats", any(py, formats)?),
            ("options", any(py, OPTION_NAMES.to_vec())?),
        ],
    )
}

fn function<'py>(py: Python<'py>, f: &language::Function) -> PyResult<Bound<'py, PyDict>> {
    let required = f.params.len() - f.optional;
    let mut params = Vec::new();
    for (i, (name, kind)) in f.params.iter().enumerate() {
        params.push(dict(
            py,
            vec![
                ("name", any(py, *name)?),
                ("type", any(py, kind.name())?),
                ("optional", any(py, i >= required)?),
            ],
        )?);
    }
    let (min_args, max_args) = f.arity();
    dict(
        py,
        vec![
            ("name", any(py, f.name)?),
            ("params", any(py, params)?),
            ("min_args", any(py, min_args)?),
            ("max_args", any(py, max_args)?),
            ("variadic", any(py, f.variadic)?),
            ("signature", any(py, f.signature())?),
            ("doc", any(py, f.doc)?),
        ],
    )
}

/// The module docstring: what the module is, then the core's language reference, so
/// `help(csv_kernels)` lists every step, function and aggregate without a copy kept here.
pub fn module_doc() -> String {
    format!(
        "CSV data kernels written once in Rust (csv-kernels): the same bytes in CPython and \
         Pyodide.\n\nPipeline language (run's first argument):\n\n{}",
        language::reference()
    )
}

/// A route for the test suite only, kept out of the public namespace: `csv_kernels._testing`,
/// compiled only with the `testing` feature (test wheels; never the shipped ones).
#[cfg(feature = "testing")]
pub mod testing {
    use pyo3::prelude::*;

    /// Panics inside Rust on purpose, so the tests can prove a panic becomes an exception
    /// (`pyo3_runtime.PanicException`) and the interpreter survives, in CPython and Pyodide.
    #[pyfunction]
    fn panic(message: &str) {
        panic!("{message}");
    }

    pub fn module(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
        let module = PyModule::new(py, "_testing")?;
        module.setattr("__doc__", "Test-only helpers; not part of the API.")?;
        module.add_function(wrap_pyfunction!(panic, &module)?)?;
        Ok(module)
    }
}
