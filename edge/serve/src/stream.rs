//! POST /run and /profile: the request body chunk by chunk through the core, with the Worker's
//! rules for statuses (edge/README.md): output is held until the first COMMIT_BYTES of input
//! are processed, so errors there get an exact 400 (413 over MAX_BODY_BYTES); after that the
//! answer streams and a later error becomes the last line, `# csv-kernels error: {...}`.
//! (wasmtime serve could abort the connection instead; one contract for both edge doors wins.)

use crate::query;
use crate::reply::{self, Problem};
use csv_kernels::{Job, Options};
use wstd::http::body::util::BodyExt;
use wstd::http::body::Bytes;
use wstd::http::{Body, Request, Response};

const MIB: u64 = 1 << 20;
const STREAM_ERROR_PREFIX: &str = "# csv-kernels error: ";

struct Limits {
    max_body_bytes: u64,
    commit_bytes: u64,
}

impl Limits {
    /// From `wasmtime serve -Scli --env NAME=N`; unset or unreadable means the default.
    fn from_env() -> Limits {
        let number = |name: &str, default: u64| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(default)
        };
        Limits {
            max_body_bytes: number("CSV_KERNELS_MAX_BODY_BYTES", 64 * MIB),
            commit_bytes: number("CSV_KERNELS_COMMIT_BYTES", MIB),
        }
    }
}

enum Failure {
    TooLarge(u64),
    /// Bad pipeline, options or CSV: the client's input.
    Input(Problem),
    /// The request body could not be read.
    Transport(String),
}

impl From<csv_kernels::Error> for Failure {
    fn from(error: csv_kernels::Error) -> Failure {
        Failure::Input(Problem::from_core(&error))
    }
}

impl Failure {
    fn status_and_problem(&self) -> (u16, Problem) {
        match self {
            Failure::TooLarge(limit) => (
                413,
                Problem::new(
                    "body_too_large",
                    format!("the body is over the limit of {limit} bytes"),
                ),
            ),
            Failure::Input(problem) => (
                400,
                Problem {
                    kind: problem.kind.clone(),
                    message: problem.message.clone(),
                    ..*problem
                },
            ),
            Failure::Transport(message) => (500, Problem::new("internal", message.clone())),
        }
    }

    fn response(&self) -> Response<Body> {
        let (status, problem) = self.status_and_problem();
        reply::error(status, &problem)
    }

    fn stream_line(&self) -> String {
        format!(
            "{STREAM_ERROR_PREFIX}{}\n",
            self.status_and_problem().1.to_json()
        )
    }
}

/// The request body, counted against the limit as it arrives.
struct Source {
    body: wstd::http::body::util::combinators::UnsyncBoxBody<Bytes, wstd::http::Error>,
    received: u64,
    limit: u64,
}

impl Source {
    async fn next(&mut self) -> Result<Option<Bytes>, Failure> {
        while let Some(frame) = self.body.frame().await {
            let frame = frame.map_err(|e| Failure::Transport(e.to_string()))?;
            if let Ok(data) = frame.into_data() {
                self.received += data.len() as u64;
                if self.received > self.limit {
                    return Err(Failure::TooLarge(self.limit));
                }
                return Ok(Some(data));
            }
        }
        Ok(None)
    }

    /// Reads and drops the rest: a server that answers and stops reading mid-upload gets its
    /// connection reset, and the client loses the answer (a 400, a 413, a `limit` result).
    /// Gives up past twice the limit, so an endless upload is still cut off.
    async fn drain(&mut self) {
        while self.received <= 2 * self.limit {
            match self.body.frame().await {
                Some(Ok(frame)) => {
                    if let Some(data) = frame.data_ref() {
                        self.received += data.len() as u64;
                    }
                }
                _ => return,
            }
        }
    }

    async fn refuse(mut self, failure: Failure) -> Response<Body> {
        self.drain().await;
        failure.response()
    }
}

/// Checks Content-Length up front, then splits the request into its query and body.
fn open(request: Request<Body>) -> Result<(Request<()>, Source), Failure> {
    let limits = Limits::from_env();
    let declared = request
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.max_body_bytes) {
        return Err(Failure::TooLarge(limits.max_body_bytes));
    }
    let (parts, body) = request.into_parts();
    let source = Source {
        body: body.into_boxed_body(),
        received: 0,
        limit: limits.max_body_bytes,
    };
    Ok((Request::from_parts(parts, ()), source))
}

/// The pipeline (`?pipeline=` or the x-pipeline header) and the options (every other pair).
fn job_spec(head: &Request<()>) -> Result<(Option<String>, Options), Failure> {
    let pairs = query::pairs(head.uri().query().unwrap_or(""))
        .map_err(|m| Failure::Input(Problem::new("invalid_option", m)))?;
    let mut pipeline = None;
    let mut options = Options::default();
    for (name, value) in pairs {
        if name == "pipeline" {
            pipeline = Some(value);
        } else {
            options.set(&name, &value)?;
        }
    }
    if pipeline.is_none() {
        if let Some(header) = head.headers().get("x-pipeline") {
            let text = std::str::from_utf8(header.as_bytes()).map_err(|_| {
                Failure::Input(Problem::new(
                    "spec_syntax",
                    "x-pipeline is not UTF-8".into(),
                ))
            })?;
            pipeline = Some(text.to_owned());
        }
    }
    Ok((pipeline, options))
}

pub async fn profile(request: Request<Body>) -> Response<Body> {
    let (head, mut source) = match open(request) {
        Ok(opened) => opened,
        Err(failure) => return failure.response(),
    };
    let options = match job_spec(&head) {
        Ok((_, options)) => options,
        Err(failure) => return source.refuse(failure).await,
    };
    let mut profiler = csv_kernels::Profiler::new(options);
    loop {
        match source.next().await {
            Ok(Some(chunk)) => {
                if let Err(e) = profiler.push(&chunk) {
                    return source.refuse(e.into()).await;
                }
            }
            Ok(None) => break,
            Err(failure) => return source.refuse(failure).await,
        }
    }
    match profiler.finish() {
        Ok(profile) => reply::json(format!("{}\n", profile.to_json())),
        Err(e) => Failure::from(e).response(),
    }
}

/// A job and its input: `step` feeds one chunk; false once the job has finished reading.
struct Running {
    job: Job,
    source: Source,
}

impl Running {
    async fn step(&mut self, out: &mut Vec<u8>) -> Result<bool, Failure> {
        if self.job.is_done() {
            self.source.drain().await; // a `limit` was reached: the rest is not parsed
            return Ok(false);
        }
        match self.source.next().await? {
            Some(chunk) => Ok(self.job.push(&chunk, out).map(|()| true)?),
            None => Ok(false),
        }
    }

    /// After the status is sent: the next output, the error line, or None at the end.
    async fn next_piece(mut self) -> Option<(Bytes, Option<Running>)> {
        let mut out = Vec::new();
        loop {
            match self.step(&mut out).await {
                Ok(true) if out.is_empty() => continue,
                Ok(true) => return Some((out.into(), Some(self))),
                Ok(false) => {
                    if let Err(e) = self.job.finish(&mut out) {
                        out.extend_from_slice(Failure::from(e).stream_line().as_bytes());
                    }
                    return Some((out.into(), None));
                }
                Err(failure) => {
                    // Rows completed before the error are kept, as the CLI writes them.
                    out.extend_from_slice(failure.stream_line().as_bytes());
                    self.source.drain().await;
                    return Some((out.into(), None));
                }
            }
        }
    }
}

pub async fn run(request: Request<Body>) -> Response<Body> {
    let (head, source) = match open(request) {
        Ok(opened) => opened,
        Err(failure) => return failure.response(),
    };
    let job = match job_spec(&head).and_then(|(pipeline, options)| {
        let pipeline = pipeline.ok_or_else(|| {
            let m = "give the pipeline as ?pipeline=SPEC or an x-pipeline header";
            Failure::Input(Problem::new("missing_pipeline", m.into()))
        })?;
        Ok(Job::new(&pipeline, options)?)
    }) {
        Ok(job) => job,
        Err(failure) => return source.refuse(failure).await,
    };
    let commit_bytes = Limits::from_env().commit_bytes;
    let mut running = Running { job, source };
    let mut held = Vec::new();
    loop {
        match running.step(&mut held).await {
            Ok(true) if running.source.received < commit_bytes => continue,
            Ok(true) => break,
            Ok(false) => {
                return match running.job.finish(&mut held) {
                    Ok(_) => reply::csv(held.into()),
                    Err(e) => Failure::from(e).response(),
                }
            }
            Err(failure) => return running.source.refuse(failure).await,
        }
    }
    // Committed to 200: the held output, then one input chunk per poll of the body.
    let first = futures_lite::stream::once(Bytes::from(held));
    let rest =
        futures_lite::stream::unfold(
            Some(running),
            |state| async move { state?.next_piece().await },
        );
    reply::csv(Body::from_stream(futures_lite::StreamExt::chain(
        first, rest,
    )))
}
