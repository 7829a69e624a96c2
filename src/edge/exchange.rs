//! One request and its response as a state machine the doors drive with body chunks.
//!
//! Statuses must be decided before the first response byte, yet the job is streamed. So the
//! output of the first `commit_bytes` of input is held: any error in that window gets an exact
//! 400 (413 over the body limit), and a body that ends inside it is answered whole, with a
//! `Content-Length`. After the window the status is 200 and the output streams. A later error
//! cannot change the status, and an aborted stream can look like success (workerd ends an
//! errored stream with a clean chunked terminator, cloudflare/workerd#6818), so the error is
//! written in-band as the body's last line, after every row completed before it (exactly what
//! the CLI writes): `# csv-kernels error: {"kind":...}`.
//!
//! A refusal or an early answer (a satisfied `take`) first reads and drops the rest of the
//! upload: a server that answers and stops reading mid-upload has its connection reset, and
//! the client loses the answer. Draining gives up past twice the body limit, so an endless
//! upload is still cut off.

use super::request::Route;
use super::{Head, Limits, Problem, RequestLine, USAGE};
use crate::{Job, Profiler};

/// Input is fed to the core in batches of at least this many bytes: runtimes hand bodies over
/// in small pieces (workerd ~4 KiB), and one push per 64 KiB halves the time on large bodies.
const BATCH_BYTES: usize = 64 << 10;

const CSV: &str = "text/csv; charset=utf-8";
const JSON: &str = "application/json";

// One per request: a few hundred bytes more or less make no difference.
#[allow(clippy::large_enum_variant)]
enum Work {
    Run(Job),
    Profile(Profiler),
}

/// What happens once a drain has read the rest of the body.
enum AfterDrain {
    Reply(Head, Vec<u8>),
    FinishJob,
    Close,
}

enum State {
    /// Reading the body into the work; `committed` once the 200 head is out.
    Active {
        work: Work,
        committed: bool,
    },
    Draining {
        work: Option<Work>,
        committed: bool,
        then: AfterDrain,
    },
    Done,
}

enum Failure {
    TooLarge(u64),
    Input(Problem),
    Transport(String),
}

/// One request/response exchange: feed it the body with [`push`](Exchange::push) and
/// [`end`](Exchange::end) while [`wants_body`](Exchange::wants_body); send [`head`](Exchange::head)
/// once it is `Some`, then whatever [`take_output`](Exchange::take_output) returns, until
/// [`is_finished`](Exchange::is_finished).
pub struct Exchange {
    limits: Limits,
    state: State,
    received: u64,
    pending: Vec<u8>,
    head: Option<Head>,
    head_sent: bool,
    output: Vec<u8>,
}

impl Exchange {
    pub fn new(request: &RequestLine, limits: Limits) -> Exchange {
        let mut exchange = Exchange {
            limits,
            state: State::Done,
            received: 0,
            pending: Vec::new(),
            head: None,
            head_sent: false,
            output: Vec::new(),
        };
        let route = request.route();
        let reads_body = matches!(
            route,
            Route::Run { .. } | Route::Profile { .. } | Route::Refuse(_)
        );
        if reads_body && request.declared_over(limits.max_body_bytes) {
            // Decided from Content-Length: nothing is read.
            let (head, body) = reply(Failure::TooLarge(limits.max_body_bytes));
            exchange.answer(head, body);
            return exchange;
        }
        match route {
            Route::Usage => {
                let head = head(200, "text/plain; charset=utf-8", Some(USAGE.len()));
                exchange.answer(head, USAGE.as_bytes().to_vec());
            }
            Route::Reject(status, problem, allow) => {
                let body = problem.to_reply().into_bytes();
                let mut head = head(status, JSON, Some(body.len()));
                head.headers.extend(allow.map(|a| ("allow", a.to_owned())));
                exchange.answer(head, body);
            }
            Route::Refuse(problem) => exchange.fail(None, false, Failure::Input(problem)),
            Route::Profile { options } => {
                exchange.state = State::Active {
                    work: Work::Profile(Profiler::new(options)),
                    committed: false,
                }
            }
            Route::Run { pipeline, options } => match Job::new(&pipeline, options) {
                Ok(job) => {
                    exchange.state = State::Active {
                        work: Work::Run(job),
                        committed: false,
                    }
                }
                Err(e) => exchange.fail(None, false, Failure::Input(Problem::from_core(&e))),
            },
        }
        exchange
    }

    /// Whether the door should read more of the body (also while draining one).
    pub fn wants_body(&self) -> bool {
        match self.state {
            State::Active { .. } => true,
            State::Draining { .. } => self.received <= 2 * self.limits.max_body_bytes,
            State::Done => false,
        }
    }

    /// The next piece of the body.
    pub fn push(&mut self, chunk: &[u8]) {
        self.received += chunk.len() as u64;
        match self.state {
            State::Active { .. } if self.received > self.limits.max_body_bytes => {
                self.fail_active(Failure::TooLarge(self.limits.max_body_bytes));
            }
            State::Active { .. } => {
                self.pending.extend_from_slice(chunk);
                if self.pending.len() >= BATCH_BYTES {
                    self.feed();
                }
            }
            State::Draining { .. } if !self.wants_body() => self.drained(),
            State::Draining { .. } | State::Done => {}
        }
    }

    /// The body has ended.
    pub fn end(&mut self) {
        if matches!(self.state, State::Active { .. }) {
            self.feed();
        }
        match std::mem::replace(&mut self.state, State::Done) {
            State::Active { work, committed } => self.finish(work, committed),
            state @ State::Draining { .. } => {
                self.state = state;
                self.drained();
            }
            State::Done => {}
        }
    }

    /// The body could not be read (the client went away): answer with what is known now.
    pub fn read_failed(&mut self, message: &str) {
        if matches!(self.state, State::Active { .. }) {
            self.fail_active(Failure::Transport(message.to_owned()));
        }
        if matches!(self.state, State::Draining { .. }) {
            self.drained();
        }
    }

    /// The status and headers, once decided; `Some` exactly once.
    pub fn head(&mut self) -> Option<Head> {
        let head = self.head.take()?;
        self.head_sent = true;
        Some(head)
    }

    /// Response bytes ready to send (nothing before the head has been taken).
    pub fn take_output(&mut self) -> Vec<u8> {
        if !self.head_sent {
            return Vec::new();
        }
        std::mem::take(&mut self.output)
    }

    /// True once the response is complete and every byte of it has been taken.
    pub fn is_finished(&self) -> bool {
        matches!(self.state, State::Done) && self.head.is_none() && self.output.is_empty()
    }

    fn answer(&mut self, head: Head, body: Vec<u8>) {
        self.head = Some(head);
        self.output = body;
        self.state = State::Done;
    }

    /// Feeds the pending batch; then commits, drains after a satisfied `take`, or fails.
    fn feed(&mut self) {
        let State::Active { work, committed } = &mut self.state else {
            return;
        };
        if self.pending.is_empty() {
            return;
        }
        let result = match work {
            Work::Run(job) => job.push(&self.pending, &mut self.output),
            Work::Profile(profiler) => profiler.push(&self.pending),
        };
        self.pending.clear();
        if let Err(e) = result {
            self.fail_active(Failure::Input(Problem::from_core(&e)));
            return;
        }
        let Work::Run(job) = work else { return };
        if job.is_done() {
            let (work, committed) = self.take_active();
            self.state = State::Draining {
                work,
                committed,
                then: AfterDrain::FinishJob,
            };
        } else if !*committed && self.received >= self.limits.commit_bytes {
            *committed = true;
            self.head = Some(head(200, CSV, None));
        }
    }

    fn take_active(&mut self) -> (Option<Work>, bool) {
        match std::mem::replace(&mut self.state, State::Done) {
            State::Active { work, committed } => (Some(work), committed),
            _ => (None, false),
        }
    }

    fn fail_active(&mut self, failure: Failure) {
        let (_, committed) = self.take_active();
        self.fail(None, committed, failure);
    }

    /// Before the status: drop the held output and answer the failure after draining. After
    /// it: the rows completed so far stay, then the error line, then the drain.
    fn fail(&mut self, work: Option<Work>, committed: bool, failure: Failure) {
        let then = if committed {
            self.output
                .extend_from_slice(problem(&failure).1.to_stream_line().as_bytes());
            AfterDrain::Close
        } else {
            self.output.clear();
            let (head, body) = reply(failure);
            AfterDrain::Reply(head, body)
        };
        self.state = State::Draining {
            work,
            committed,
            then,
        };
    }

    fn drained(&mut self) {
        let State::Draining {
            work,
            committed,
            then,
        } = std::mem::replace(&mut self.state, State::Done)
        else {
            return;
        };
        match (then, work) {
            (AfterDrain::Reply(head, body), _) => self.answer(head, body),
            (AfterDrain::FinishJob, Some(work)) => self.finish(work, committed),
            (AfterDrain::FinishJob | AfterDrain::Close, _) => {}
        }
    }

    /// The end of the input: the job's last rows or the profile.
    fn finish(&mut self, work: Work, committed: bool) {
        self.state = State::Done;
        match work {
            Work::Run(mut job) => match job.finish(&mut self.output) {
                Ok(_) if committed => {}
                Ok(_) => self.head = Some(head(200, CSV, Some(self.output.len()))),
                Err(e) => {
                    let failure = Failure::Input(Problem::from_core(&e));
                    self.fail(None, committed, failure);
                    self.drained();
                }
            },
            Work::Profile(mut profiler) => match profiler.finish() {
                Ok(profile) => {
                    let body = format!("{}\n", profile.to_json()).into_bytes();
                    self.answer(head(200, JSON, Some(body.len())), body);
                }
                Err(e) => {
                    let (head, body) = reply(Failure::Input(Problem::from_core(&e)));
                    self.answer(head, body);
                }
            },
        }
    }
}

fn head(status: u16, content_type: &str, length: Option<usize>) -> Head {
    let mut headers = vec![("content-type", content_type.to_owned())];
    headers.extend(length.map(|n| ("content-length", n.to_string())));
    Head { status, headers }
}

fn problem(failure: &Failure) -> (u16, Problem) {
    match failure {
        Failure::TooLarge(limit) => (
            413,
            Problem::new(
                "body_too_large",
                format!("the body is over the limit of {limit} bytes"),
            ),
        ),
        Failure::Input(problem) => (400, problem.clone()),
        Failure::Transport(message) => (500, Problem::new("internal", message.clone())),
    }
}

/// A complete JSON error response.
fn reply(failure: Failure) -> (Head, Vec<u8>) {
    let (status, problem) = problem(&failure);
    let body = problem.to_reply().into_bytes();
    (head(status, JSON, Some(body.len())), body)
}
