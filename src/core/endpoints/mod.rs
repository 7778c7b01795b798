//! The API's fourteen endpoints, one file per group, all built on [`Endpoint`].

pub mod account;
pub mod avatar;
pub mod tool;
pub mod voice;
pub mod works;

use crate::core::response::{self, Fields};
use crate::core::{Error, HttpRequest, HttpResponse, Method, Token};

/// One API endpoint: a typed request that becomes an [`HttpRequest`], and a decoder of its answer.
pub trait Endpoint {
    /// What a successful call returns.
    type Output;
    /// GET or POST.
    const METHOD: Method;
    /// The path under the base URL.
    const PATH: &'static str;
    /// Whether the endpoint answers about a task, where a failed task is a result, not an error.
    const TASK_QUERY: bool = false;

    /// Checks the request against the vendor's limits.
    fn validate(&self) -> Result<(), Error>;

    /// The query parameters of a GET, unencoded.
    fn query(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// The JSON body of a POST.
    fn body(&self) -> Option<String> {
        None
    }

    /// Reads the fields of a successful answer.
    fn decode(fields: &Fields<'_>) -> Result<Self::Output, Error>;

    /// Validates and builds the request. Without a token (behind a proxy that adds it) no
    /// `Authorization` header is set. The token is never put in the URL.
    fn to_request(&self, token: Option<&Token>) -> Result<HttpRequest, Error> {
        self.validate()?;
        let body = self.body();
        let mut headers = Vec::with_capacity(2);
        if let Some(token) = token {
            headers.push(("authorization", token.bearer()));
        }
        if body.is_some() {
            headers.push(("content-type", "application/json".to_string()));
        }
        Ok(HttpRequest {
            method: Self::METHOD,
            path: Self::PATH,
            query: self.query(),
            headers,
            body,
            // Only reads are resent: a create or a credit-costing call may have reached the
            // server before the connection failed, and users pay for duplicates.
            retry_safe: Self::METHOD == Method::Get,
        })
    }

    /// Decodes the answer into the result or the error it stands for.
    fn from_response(resp: &HttpResponse) -> Result<Self::Output, Error> {
        let body = response::envelope(resp, Self::TASK_QUERY)?;
        let error = std::cell::Cell::new(None);
        let fields = Fields::new(&body, resp, &error);
        let decoded = Self::decode(&fields);
        // A bad field recorded while decoding comes first.
        fields.finish()?;
        decoded
    }
}

/// A task's state, as every task query and callback reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskStatus {
    /// 1: queued.
    Waiting,
    /// 2: being made.
    Processing,
    /// 3: finished.
    Done,
    /// 4: failed; the result's `message` says why.
    Failed,
    /// A status the vendor does not document, kept as received.
    Unknown(i64),
}

impl TaskStatus {
    /// The status for a number from the wire.
    pub fn from_i64(n: i64) -> TaskStatus {
        match n {
            1 => TaskStatus::Waiting,
            2 => TaskStatus::Processing,
            3 => TaskStatus::Done,
            4 => TaskStatus::Failed,
            other => TaskStatus::Unknown(other),
        }
    }

    /// The number on the wire.
    pub fn as_i64(self) -> i64 {
        match self {
            TaskStatus::Waiting => 1,
            TaskStatus::Processing => 2,
            TaskStatus::Done => 3,
            TaskStatus::Failed => 4,
            TaskStatus::Unknown(n) => n,
        }
    }

    /// Whether the task has ended, well or badly.
    pub fn is_final(self) -> bool {
        matches!(self, TaskStatus::Done | TaskStatus::Failed)
    }
}

/// The answer of every endpoint that starts a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskCreated {
    /// The new task's id, for the task query and for callbacks.
    pub task_id: String,
    /// The request id.
    pub request_id: Option<String>,
}

impl TaskCreated {
    pub(crate) fn decode(f: &Fields<'_>) -> Result<Self, Error> {
        Ok(TaskCreated {
            task_id: f.string("task_id"),
            request_id: f.opt_string("request_id"),
        })
    }
}

/// The fields every task query shares: its status, and why it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskState {
    /// Where the task is.
    pub status: TaskStatus,
    /// The API's code for a failed task (0 otherwise).
    pub code: i64,
    /// The API's message, which says why a task failed.
    pub message: String,
    /// The request id.
    pub request_id: Option<String>,
}

impl TaskState {
    pub(crate) fn decode(f: &Fields<'_>) -> Result<Self, Error> {
        Ok(TaskState {
            status: TaskStatus::from_i64(f.int("status")),
            code: f.opt_int("code").unwrap_or(0),
            message: f.opt_string("message").unwrap_or_default(),
            request_id: f.opt_string("request_id"),
        })
    }
}

/// A page of a list: `page` and `size` start at 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Page {
    /// The page number, from 1 (the API's default).
    pub page: Option<i64>,
    /// Items per page, from 1 (the API's default is 20).
    pub size: Option<i64>,
    /// Which list: 1 own, 2 public.
    pub kind: Option<i64>,
}

impl Page {
    pub(crate) fn validate(&self) -> Result<(), Error> {
        use crate::core::validate;
        if let Some(page) = self.page {
            validate::at_least("page", page, 1)?;
        }
        if let Some(size) = self.size {
            validate::at_least("size", size, 1)?;
        }
        if let Some(kind) = self.kind {
            validate::one_of("kind", kind, &[1, 2])?;
        }
        Ok(())
    }

    pub(crate) fn query(&self) -> Vec<(&'static str, String)> {
        [
            ("page", self.page),
            ("size", self.size),
            ("kind", self.kind),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, crate::core::text::cat!(v))))
        .collect()
    }
}

/// The answer of an endpoint that only acknowledges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ack {
    /// The request id.
    pub request_id: Option<String>,
}

impl Ack {
    pub(crate) fn decode(f: &Fields<'_>) -> Result<Self, Error> {
        Ok(Ack {
            request_id: f.opt_string("request_id"),
        })
    }
}
