//! The request as the doors hand it over, and what it asks for: the route, the pipeline (from
//! `?pipeline=` or the `x-pipeline` header) and the options (every other query pair).

use super::Problem;
use crate::Options;

/// The parts of an HTTP request the protocol reads. The body comes separately, in chunks.
#[derive(Clone, Copy, Debug, Default)]
pub struct RequestLine<'a> {
    pub method: &'a str,
    pub path: &'a str,
    /// The raw query string, without the `?`.
    pub query: &'a str,
    /// The `x-pipeline` header's bytes, if sent.
    pub x_pipeline: Option<&'a [u8]>,
    /// The `content-length` header, if sent.
    pub content_length: Option<&'a str>,
}

/// What a request asks for.
pub(super) enum Route {
    Usage,
    Run {
        pipeline: String,
        options: Options,
    },
    Profile {
        options: Options,
    },
    /// Answered at once, without reading the body (404, 405).
    Reject(u16, Problem, Option<&'static str>),
    /// Refused after reading the body to its end (bad pipeline or option: 400).
    Refuse(Problem),
}

impl RequestLine<'_> {
    pub(super) fn route(&self) -> Route {
        let post = self.method == "POST";
        match self.path {
            "/" if matches!(self.method, "GET" | "HEAD") => Route::Usage,
            "/" => not_allowed("GET, HEAD"),
            "/run" | "/profile" if !post => not_allowed("POST"),
            "/run" => self.run().unwrap_or_else(Route::Refuse),
            "/profile" => match self.options() {
                Ok((_, options)) => Route::Profile { options },
                Err(problem) => Route::Refuse(problem),
            },
            path => Route::Reject(
                404,
                Problem::new("not_found", format!("no route {path}: see GET /")),
                None,
            ),
        }
    }

    fn run(&self) -> Result<Route, Problem> {
        let (pipeline, options) = self.options()?;
        let pipeline = match (pipeline, self.x_pipeline) {
            (Some(pipeline), _) => pipeline,
            (None, Some(header)) => String::from_utf8(header.to_vec())
                .map_err(|_| Problem::new("spec_syntax", "x-pipeline is not UTF-8"))?,
            (None, None) => {
                let message = "give the pipeline as ?pipeline=SPEC or an x-pipeline header";
                return Err(Problem::new("missing_pipeline", message));
            }
        };
        Ok(Route::Run { pipeline, options })
    }

    /// `pipeline` if present, and every other pair set as an option by the core's one parser.
    fn options(&self) -> Result<(Option<String>, Options), Problem> {
        let mut pipeline = None;
        let mut options = Options::default();
        for (name, value) in query_pairs(self.query)? {
            if name == "pipeline" {
                pipeline = Some(value);
            } else {
                options
                    .set(&name, &value)
                    .map_err(|e| Problem::from_core(&e))?;
            }
        }
        Ok((pipeline, options))
    }

    /// A `Content-Length` over the limit: refused before anything is read.
    pub(super) fn declared_over(&self, limit: u64) -> bool {
        self.content_length
            .and_then(|text| text.trim().parse::<u64>().ok())
            .is_some_and(|n| n > limit)
    }
}

fn not_allowed(allow: &'static str) -> Route {
    let problem = Problem::new("method_not_allowed", format!("use {allow}"));
    Route::Reject(405, problem, Some(allow))
}

/// The decoded `name=value` pairs in order, percent-decoded as a browser form encodes them
/// (`+` is a space), as `URLSearchParams` does; a pair that is not UTF-8 once decoded is an
/// error, since the pipeline and the options are text.
pub(super) fn query_pairs(query: &str) -> Result<Vec<(String, String)>, Problem> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((decode(name)?, decode(value)?))
        })
        .collect()
}

fn decode(text: &str) -> Result<String, Problem> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (hex(bytes, i + 1), hex(bytes, i + 2)) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 2;
                }
                // A `%` not followed by two hex digits stays as it is, as URLSearchParams does.
                _ => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| {
        Problem::new(
            "invalid_option",
            format!("query parameter {text:?} is not UTF-8"),
        )
    })
}

fn hex(bytes: &[u8], at: usize) -> Option<u8> {
    bytes
        .get(at)
        .and_then(|&b| (b as char).to_digit(16))
        .map(|d| d as u8)
}
