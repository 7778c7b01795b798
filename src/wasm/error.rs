//! The skin's one error type, and its way out to JavaScript as a `HiflyError`.

use js_sys::Object;
use wasm_bindgen::prelude::*;

use super::js;
use crate::core::{self, ErrorCode};

/// A failure on its way to JavaScript: a core error, or one only a transport or poller sees.
///
/// Boxed: it travels through every `?` of the skin, and a pointer moves in far less code than
/// the whole record would.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure(Box<FailureData>);

/// What a [`Failure`] says.
#[derive(Debug, Clone, PartialEq)]
pub struct FailureData {
    /// One of DESIGN.md's kinds.
    pub kind: &'static str,
    /// A clear message without the token.
    pub message: String,
    /// The API's code, where there is one.
    pub code: Option<i64>,
    /// The HTTP status, where a response came.
    pub status: Option<u16>,
    /// The request id, where the response carried one.
    pub request_id: Option<String>,
    /// Whether trying again later may succeed.
    pub retryable: bool,
    /// The task a poll was waiting for, so the caller can resume.
    pub task_id: Option<String>,
    /// The offending parameter of an `invalid_input` error.
    pub field: Option<&'static str>,
    /// How long the server asked to wait (429/503).
    pub retry_after_ms: Option<u64>,
    /// What the caller's own callback threw: rethrown as it is, not wrapped.
    pub thrown: Option<JsValue>,
    /// Why `verifyCallback` refused a request: secret, method, too_large, malformed, unconfirmed.
    pub reason: Option<&'static str>,
}

impl std::ops::Deref for Failure {
    type Target = FailureData;
    fn deref(&self) -> &FailureData {
        &self.0
    }
}

impl std::ops::DerefMut for Failure {
    fn deref_mut(&mut self) -> &mut FailureData {
        &mut self.0
    }
}

impl Failure {
    /// A failure of a kind the core does not know: network, timeout, aborted.
    pub fn new(kind: &'static str, message: impl Into<String>) -> Failure {
        Failure(Box::new(FailureData {
            kind,
            message: message.into(),
            code: None,
            status: None,
            request_id: None,
            retryable: matches!(kind, "network" | "timeout"),
            task_id: None,
            field: None,
            retry_after_ms: None,
            thrown: None,
            reason: None,
        }))
    }

    /// The caller's own exception, from a callback such as `onStatus`, to rethrow unchanged.
    pub fn thrown(value: JsValue) -> Failure {
        let mut f = Failure::new("aborted", "a callback threw");
        f.thrown = Some(value);
        f
    }

    /// Bad input, caught before any request.
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Failure {
        core::Error::InvalidInput {
            field,
            reason: reason.into(),
        }
        .into()
    }

    /// A task that ended with status 4.
    pub fn task_failed(task_id: &str, code: i64, message: &str) -> Failure {
        let what = if message.is_empty() {
            "no reason given".to_string()
        } else {
            message.to_string()
        };
        let code_part = if code != 0 {
            format!(" ({})", ErrorCode::from_i64(code))
        } else {
            String::new()
        };
        let mut f = Failure::new(
            "task_failed",
            format!("Task {task_id} failed: {what}{code_part}"),
        );
        f.code = (code != 0).then_some(code);
        f.task_id = Some(task_id.to_string());
        f
    }

    /// Reads a rejection from `js/runtime.js` (tagged with its kind) or anything else thrown.
    pub fn from_js(value: JsValue) -> Failure {
        let tag = js::get(&value, "__hifly").as_string();
        let message = js::get(&value, "message")
            .as_string()
            .unwrap_or_else(|| "unknown error".into());
        match tag.as_deref() {
            Some("timeout") => Failure::new("timeout", message),
            Some("aborted") => Failure::new("aborted", message),
            _ => Failure::new("network", message),
        }
    }

    /// Marks the failure with the task it concerns.
    pub fn for_task(mut self, task_id: &str) -> Failure {
        self.task_id = Some(task_id.to_string());
        self
    }

    /// The `HiflyError` for JavaScript.
    pub fn into_js(self) -> JsValue {
        let this = *self.0;
        if let Some(value) = this.thrown {
            return value;
        }
        let fields = Object::new();
        js::set(&fields, "kind", this.kind);
        js::set(&fields, "code", opt(this.code.map(|c| c as f64)));
        let name = this.code.map(|c| ErrorCode::from_i64(c).name());
        js::set(&fields, "codeName", opt(name));
        js::set(&fields, "status", opt(this.status));
        js::set(&fields, "requestId", opt(this.request_id));
        js::set(&fields, "retryable", this.retryable);
        if let Some(task_id) = this.task_id {
            js::set(&fields, "taskId", task_id);
        }
        if let Some(field) = this.field {
            js::set(&fields, "field", field);
        }
        if let Some(reason) = this.reason {
            js::set(&fields, "reason", reason);
        }
        if let Some(ms) = this.retry_after_ms {
            js::set(&fields, "retryAfterMs", ms as f64);
        }
        js::HiflyErrorJs::new(&this.message, &fields).into()
    }
}

fn opt<T: Into<JsValue>>(value: Option<T>) -> JsValue {
    value.map_or(JsValue::UNDEFINED, Into::into)
}

impl From<core::Error> for Failure {
    fn from(e: core::Error) -> Failure {
        let field = match &e {
            core::Error::InvalidInput { field, .. } => Some(*field),
            _ => None,
        };
        let retry_after_ms = match &e {
            core::Error::Http { retry_after_ms, .. } => *retry_after_ms,
            _ => None,
        };
        Failure(Box::new(FailureData {
            kind: e.kind(),
            message: e.to_string(),
            code: e.code().map(ErrorCode::as_i64),
            status: e.status(),
            request_id: e.request_id().map(str::to_string),
            retryable: e.retryable(),
            task_id: None,
            field,
            retry_after_ms,
            thrown: None,
            reason: None,
        }))
    }
}

impl From<Failure> for JsValue {
    fn from(f: Failure) -> JsValue {
        f.into_js()
    }
}
