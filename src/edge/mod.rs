//! The edge HTTP protocol, once for every edge door (the Cloudflare Worker through the
//! wasm-bindgen package, `wasmtime serve` natively): routing, the pipeline and options taken
//! from the query and headers, statuses and headers as data, JSON errors, and the streaming
//! state machine of [`Exchange`]. A door only moves bytes: it hands the request line, a few
//! headers and the body chunks in, and sends out the [`Head`] and the output it is given.
//! No I/O happens here, so the same code runs under any runtime and is tested natively.
//!
//! ```
//! use csv_kernels::edge::{Exchange, Limits, RequestLine};
//! let line = RequestLine { method: "POST", path: "/run", query: "pipeline=take%201", ..Default::default() };
//! let mut exchange = Exchange::new(&line, Limits::default());
//! exchange.push(b"n\n1\n2\n");
//! exchange.end();
//! let head = exchange.head().expect("decided once the body has ended");
//! assert_eq!(head.status, 200);
//! assert_eq!(exchange.take_output(), b"n\n1\n");
//! assert!(exchange.is_finished());
//! ```

mod exchange;
mod request;
#[cfg(test)]
mod tests;

pub use exchange::Exchange;
pub use request::RequestLine;

use crate::format::escape_json;

/// The usage text answered on `GET /`.
pub const USAGE: &str = "\
csv-kernels at the edge: CSV data kernels, the same bytes as the CLI

POST /run?pipeline=SPEC[&OPTION=VALUE...]   body: CSV   ->   200 text/csv
  The pipeline may instead come in the x-pipeline header (UTF-8). Options are the CLI's:
  delimiter, quote, header, crlf, on_error (fail|skip|null), max_field_bytes,
  max_record_bytes, max_columns (snake_case, camelCase or kebab-case).
  e.g. curl --data-binary @in.csv 'http://HOST/run?pipeline=derive%20d%20%3D%20digit_factorial_sum(value)'

POST /profile[?OPTION=VALUE...]             body: CSV   ->   200 application/json
  The column profile, as `csv-kernels profile` prints it (the body is read whole).

Errors are JSON: {\"error\":{\"kind\",\"line\",\"column\",\"message\"}}
  400  bad pipeline, option or CSV (found within the first COMMIT_BYTES of input; after
       that the status is sent, and the body's last line is `# csv-kernels error: {...}`:
       a client streaming large bodies should check it)
  413  body over MAX_BODY_BYTES        405  wrong method        404  unknown path
Limits: MAX_BODY_BYTES (default 64 MiB) and COMMIT_BYTES (default 1 MiB); the Worker reads
them from its bindings, `wasmtime serve -Scli --env CSV_KERNELS_MAX_BODY_BYTES=N` from its
environment.
";

/// Starts the in-band error line of a response that failed after its status was sent.
pub const STREAM_ERROR_PREFIX: &str = "# csv-kernels error: ";

const MIB: u64 = 1 << 20;

/// How much a request may send, and how much input decides the status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// A body over this many bytes is refused with 413.
    pub max_body_bytes: u64,
    /// Output is held back until this much input is processed, so any error in it gets an
    /// exact status; after it the answer streams with 200.
    pub commit_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_body_bytes: 64 * MIB,
            commit_bytes: MIB,
        }
    }
}

impl Limits {
    /// From text settings, each a whole number of bytes; an unset or unreadable one keeps its
    /// default (the doors read them from bindings or the environment, where text is all there is).
    pub fn from_settings(max_body_bytes: Option<&str>, commit_bytes: Option<&str>) -> Limits {
        let number = |text: Option<&str>, default: u64| {
            text.and_then(|t| t.trim().parse().ok()).unwrap_or(default)
        };
        let defaults = Limits::default();
        Limits {
            max_body_bytes: number(max_body_bytes, defaults.max_body_bytes),
            commit_bytes: number(commit_bytes, defaults.commit_bytes),
        }
    }
}

/// The status line and headers of a response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    pub status: u16,
    /// Lower-case names. `content-length` is present when the whole body is known.
    pub headers: Vec<(&'static str, String)>,
}

/// What went wrong, in the shape every edge door reports:
/// `{"kind":..,"line":..,"column":..,"message":..}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub kind: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl Problem {
    /// A problem with no position in the input.
    pub fn new(kind: &str, message: impl Into<String>) -> Problem {
        Problem {
            kind: kind.to_owned(),
            line: 0,
            column: 0,
            message: message.into(),
        }
    }

    /// A core error keeps its stable kind name and its position; the message is its Display.
    pub fn from_core(error: &crate::Error) -> Problem {
        Problem {
            kind: error.kind.name().to_owned(),
            line: error.position.line,
            column: error.position.column,
            message: error.to_string(),
        }
    }

    /// The compact JSON object, keys in the order above.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"kind\":\"");
        escape_json(&self.kind, |piece| out.push_str(piece));
        out.push_str(&format!(
            "\",\"line\":{},\"column\":{},\"message\":\"",
            self.line, self.column
        ));
        escape_json(&self.message, |piece| out.push_str(piece));
        out.push_str("\"}");
        out
    }

    /// The body of an error response: `{"error":{...}}`.
    pub fn to_reply(&self) -> String {
        format!("{{\"error\":{}}}", self.to_json())
    }

    /// The last line of a response that failed after its status was sent.
    pub fn to_stream_line(&self) -> String {
        format!("{STREAM_ERROR_PREFIX}{}\n", self.to_json())
    }
}
