//! csv-kernels as a wasi:http component for `wasmtime serve`, with the Worker's HTTP contract
//! (edge/README.md): `POST /run?pipeline=SPEC&OPTION=VALUE` streams CSV through one core `Job`,
//! `POST /profile` answers what `csv-kernels profile` prints, `GET /` is the usage text.
//! Only routing, limits and status mapping live here; every CSV decision is the core's.
//!
//!     wasmtime serve -Scli --addr 127.0.0.1:8080 dist/csv-kernels-serve.wasm

mod query;
mod reply;
mod stream;

use wstd::http::{Body, Error, Method, Request, Response};

const USAGE: &str = "\
csv-kernels under wasmtime serve: CSV data kernels, the same bytes as the CLI

POST /run?pipeline=SPEC[&OPTION=VALUE...]   body: CSV   ->   200 text/csv
  The pipeline may instead come in the x-pipeline header (UTF-8). Options are the CLI's:
  delimiter, quote, header, crlf, on_error (fail|skip|null), max_field_bytes,
  max_record_bytes, max_columns (snake_case, camelCase or kebab-case).
POST /profile[?OPTION=VALUE...]             body: CSV   ->   200 application/json

Errors are JSON: {\"error\":{\"kind\",\"line\",\"column\",\"message\"}}
  400  bad pipeline, option or CSV (found within the first COMMIT_BYTES of input; after
       that the body's last line is `# csv-kernels error: {...}`)
  413  body over MAX_BODY_BYTES        405  wrong method        404  unknown path
Limits: --env CSV_KERNELS_MAX_BODY_BYTES=N --env CSV_KERNELS_COMMIT_BYTES=N (with -Scli).
";

#[wstd::http_server]
async fn main(request: Request<Body>) -> Result<Response<Body>, Error> {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    Ok(match (path.as_str(), method) {
        ("/", Method::GET | Method::HEAD) => reply::text(USAGE),
        ("/", _) => reply::not_allowed("GET, HEAD"),
        ("/run", Method::POST) => stream::run(request).await,
        ("/profile", Method::POST) => stream::profile(request).await,
        ("/run" | "/profile", _) => reply::not_allowed("POST"),
        _ => reply::error(
            404,
            &reply::Problem::new("not_found", format!("no route {path}: see GET /")),
        ),
    })
}
