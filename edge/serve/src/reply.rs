//! Responses: text, CSV, and the JSON error body `{"error":{"kind","line","column","message"}}`
//! byte for byte as the Worker's `JSON.stringify` writes it.

use wstd::http::{Body, Response};

/// What went wrong, in the shape every edge door reports.
pub struct Problem {
    pub kind: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl Problem {
    pub fn new(kind: &str, message: String) -> Problem {
        Problem {
            kind: kind.to_owned(),
            line: 0,
            column: 0,
            message,
        }
    }

    /// A core error keeps its stable kind name and its position; the message is its Display.
    pub fn from_core(error: &csv_kernels::Error) -> Problem {
        Problem {
            kind: error.kind.name().to_owned(),
            line: error.position.line,
            column: error.position.column,
            message: error.to_string(),
        }
    }

    pub fn to_json(&self) -> String {
        format!(
            "{{\"kind\":{},\"line\":{},\"column\":{},\"message\":{}}}",
            json_string(&self.kind),
            self.line,
            self.column,
            json_string(&self.message)
        )
    }
}

/// A JSON string literal with the escapes `JSON.stringify` uses.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn with_type(status: u16, content_type: &str, body: Body) -> Response<Body> {
    let mut response = Response::new(body);
    // Both values are constants or come from our own numbers: they cannot be invalid.
    *response.status_mut() = status.try_into().expect("a valid status code");
    response.headers_mut().insert(
        "content-type",
        content_type.parse().expect("a valid header value"),
    );
    response
}

pub fn text(text: &'static str) -> Response<Body> {
    with_type(200, "text/plain; charset=utf-8", text.into())
}

pub fn csv(body: Body) -> Response<Body> {
    with_type(200, "text/csv; charset=utf-8", body)
}

pub fn json(json: String) -> Response<Body> {
    with_type(200, "application/json", json.into())
}

pub fn error(status: u16, problem: &Problem) -> Response<Body> {
    let body = format!("{{\"error\":{}}}", problem.to_json());
    with_type(status, "application/json", body.into())
}

pub fn not_allowed(allow: &'static str) -> Response<Body> {
    let mut response = error(
        405,
        &Problem::new("method_not_allowed", format!("use {allow}")),
    );
    response
        .headers_mut()
        .insert("allow", allow.parse().expect("a valid header value"));
    response
}

#[cfg(test)]
mod tests {
    use super::json_string;

    #[test]
    fn escapes_like_json_stringify() {
        assert_eq!(json_string("a\"b\\c\n\u{1}é"), "\"a\\\"b\\\\c\\n\\u0001é\"");
    }
}
