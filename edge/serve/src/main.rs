//! csv-kernels as a wasi:http component for `wasmtime serve`: the edge protocol of the core
//! (`csv_kernels::edge`, the same one the Cloudflare Worker runs) over plain blocking wasi:io
//! calls. This file only moves bytes: the request line, two headers and the body chunks in,
//! the head and the output out.
//!
//!     wasmtime serve -Scli --addr 127.0.0.1:8080 dist/csv-kernels-serve.wasm
//!
//! Why blocking calls and no async executor: one request owns its instance, so nothing else
//! could run while it waits; and wstd 0.6.8's executor livelocks a streaming handler (the guest
//! re-polls a ready pollable without ever suspending, so wasmtime's worker thread never gets
//! back to the connection that would deliver the next body bytes: with as many concurrent
//! uploads as tokio worker threads, every one of them stalls). edge/README.md has the details.

use csv_kernels::edge::{Exchange, Head, Limits, RequestLine};
use wasip2::http::types::{
    Fields, IncomingRequest, Method, OutgoingBody, OutgoingResponse, ResponseOutparam,
};
use wasip2::io::streams::{OutputStream, StreamError};

/// The most a read asks for; the protocol batches small pieces itself.
const READ_BYTES: u64 = 64 << 10;

struct Serve;

impl wasip2::exports::http::incoming_handler::Guest for Serve {
    fn handle(request: IncomingRequest, out: ResponseOutparam) {
        let method = method_name(&request.method());
        let target = request.path_with_query().unwrap_or_default();
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let headers = request.headers();
        let x_pipeline = headers.get("x-pipeline").into_iter().next();
        let content_length = headers.get("content-length").into_iter().next();
        let line = RequestLine {
            method: &method,
            path,
            query,
            x_pipeline: x_pipeline.as_deref(),
            content_length: content_length
                .as_deref()
                .and_then(|v| std::str::from_utf8(v).ok()),
        };
        let env = |name| std::env::var(name).ok();
        let limits = Limits::from_settings(
            env("CSV_KERNELS_MAX_BODY_BYTES").as_deref(),
            env("CSV_KERNELS_COMMIT_BYTES").as_deref(),
        );
        let mut exchange = Exchange::new(&line, limits);
        let mut response = Response::Waiting(out);
        // Taking the body of a fresh request cannot fail; without it there is nothing to read.
        let body = request.consume().ok();
        let input = body.as_ref().and_then(|b| b.stream().ok());
        while exchange.wants_body() {
            match input.as_ref().map(|s| s.blocking_read(READ_BYTES)) {
                Some(Ok(bytes)) => exchange.push(&bytes),
                Some(Err(StreamError::Closed)) | None => exchange.end(),
                Some(Err(StreamError::LastOperationFailed(e))) => {
                    exchange.read_failed(&e.to_debug_string())
                }
            }
            if response.send(&mut exchange).is_err() {
                return; // the client went away: nothing left to answer
            }
        }
        drop(input);
        drop(body);
        if response.send(&mut exchange).is_ok() {
            response.finish();
        }
    }
}

enum Response {
    Waiting(ResponseOutparam),
    Sending(OutgoingBody, OutputStream),
    Closed,
}

impl Response {
    /// Sends the head once the exchange has decided it, then whatever output is ready.
    fn send(&mut self, exchange: &mut Exchange) -> Result<(), StreamError> {
        if let Some(head) = exchange.head() {
            if let Response::Waiting(out) = std::mem::replace(self, Response::Closed) {
                let response = outgoing(head);
                // A response's body and its stream are taken once, here.
                let body = response.body().expect("the body of a new response");
                let stream = body.write().expect("the stream of a new body");
                ResponseOutparam::set(out, Ok(response));
                *self = Response::Sending(body, stream);
            }
        }
        let output = exchange.take_output();
        match self {
            Response::Sending(_, stream) => write_all(stream, &output),
            _ => Ok(()),
        }
    }

    fn finish(self) {
        if let Response::Sending(body, stream) = self {
            drop(stream);
            // Fails only if fewer bytes were written than Content-Length said: then the
            // connection is cut, which is all a server can do.
            let _ = OutgoingBody::finish(body, None);
        }
    }
}

fn outgoing(head: Head) -> OutgoingResponse {
    let entries: Vec<(String, Vec<u8>)> = head
        .headers
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.into_bytes()))
        .collect();
    // The names and values are the protocol's own constants and numbers: always valid.
    let fields = Fields::from_list(&entries).expect("valid response headers");
    let response = OutgoingResponse::new(fields);
    response
        .set_status_code(head.status)
        .expect("a valid status code");
    response
}

/// Writes everything, waiting whenever the host's buffer is full (the client's pace).
fn write_all(stream: &OutputStream, mut bytes: &[u8]) -> Result<(), StreamError> {
    while !bytes.is_empty() {
        let room = stream.check_write()? as usize;
        if room == 0 {
            stream.subscribe().block();
            continue;
        }
        let (now, rest) = bytes.split_at(room.min(bytes.len()));
        stream.write(now)?;
        bytes = rest;
    }
    Ok(())
}

fn method_name(method: &Method) -> String {
    match method {
        Method::Get => "GET".into(),
        Method::Head => "HEAD".into(),
        Method::Post => "POST".into(),
        Method::Put => "PUT".into(),
        Method::Delete => "DELETE".into(),
        Method::Connect => "CONNECT".into(),
        Method::Options => "OPTIONS".into(),
        Method::Trace => "TRACE".into(),
        Method::Patch => "PATCH".into(),
        Method::Other(other) => other.clone(),
    }
}

wasip2::http::proxy::export!(Serve);

/// `wasmtime serve` calls the exported handler; a component built as a binary still needs a main.
fn main() {}
