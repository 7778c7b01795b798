//! Verifying a callback request: the secret in its URL (constant time, before the body is
//! read), POST, the body size, the strict parse and, with a [`TaskReader`], the API's own word
//! on the task. A callback is a claim until the API confirms it.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::ReadableStream;

use super::transport::Deadline;
use super::{json_parse, message_of, promise_of, swallow, CallOptions, HiflyClient, JsDoc};
use crate::core::callback::{self as cb, Confirmation};
use crate::core::*;

/// How long a callback's body may take to arrive: its sender (HiFly) sends a few hundred bytes.
pub const BODY_READ_MS: f64 = 10_000.0;

/// The largest `max_body_bytes` accepted.
pub const MAX_BODY_LIMIT: usize = 1024 * 1024;

/// What a callback receiver got: the parts of a fetch `Request` that verification reads. Its
/// `Debug` never prints the secret (the URL's last path segment) or the URL's query.
#[derive(Clone)]
pub struct CallbackRequest {
    /// The full URL, whose last path segment carries the secret.
    pub url: String,
    /// The HTTP method.
    pub method: String,
    /// The `Content-Length` header, if any.
    pub content_length: Option<String>,
    /// The body stream, if any.
    pub body: Option<ReadableStream>,
}

impl std::fmt::Debug for CallbackRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret is the last segment once trailing slashes are dropped, as
        // `secret_matches` reads it.
        let path = self.url.split(['?', '#']).next().unwrap_or_default();
        let path = path.trim_end_matches('/');
        let url = match path.rfind('/') {
            Some(i) => format!("{}/<redacted>", &path[..i]),
            None => "<redacted>".to_string(),
        };
        f.debug_struct("CallbackRequest")
            .field("url", &url)
            .field("method", &self.method)
            .field("content_length", &self.content_length)
            .field("body", &self.body.as_ref().map(|_| "ReadableStream"))
            .finish()
    }
}

impl From<&web_sys::Request> for CallbackRequest {
    /// The parts of a fetch `Request` that verification reads; in a workers-rs Worker,
    /// `CallbackRequest::from(req.inner())`.
    fn from(r: &web_sys::Request) -> CallbackRequest {
        CallbackRequest {
            url: r.url(),
            method: r.method(),
            content_length: r.headers().get("content-length").ok().flatten(),
            body: r.body(),
        }
    }
}

/// `verify_callback`'s options. Their `Debug` never prints the secret.
#[derive(Clone, Default)]
pub struct VerifyOptions {
    /// The secret in your callback URL's last path segment (16+ URL-safe characters).
    pub secret: String,
    /// The body size limit (default 64 KiB, at most 1 MiB).
    pub max_body_bytes: Option<usize>,
}

impl std::fmt::Debug for VerifyOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifyOptions")
            .field("secret", &"<redacted>")
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

/// A verified callback.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// The callback; once confirmed, its results are the API's own values.
    pub callback: Callback,
    /// Whether the API confirmed it.
    pub confirmed: bool,
}

/// Reads a task through the API, to confirm a callback.
#[allow(async_fn_in_trait)]
pub trait TaskReader {
    /// The API's answer about a task of the callback's `type` (1 work, 2 avatar, 3 voice).
    async fn confirmation(&self, kind: i64, task_id: &str) -> Result<Confirmation, Error>;
}

impl TaskReader for HiflyClient {
    async fn confirmation(&self, kind: i64, task_id: &str) -> Result<Confirmation, Error> {
        let (id, o) = (task_id.to_string(), CallOptions::default());
        Ok(match kind {
            1 => self.call(&GetVideoTask { task_id: id }, &o).await?.into(),
            2 => self.call(&GetAvatarTask { task_id: id }, &o).await?.into(),
            _ => self.call(&GetVoiceTask { task_id: id }, &o).await?.into(),
        })
    }
}

/// Parses a callback body with the default size limit: the same function as natively (where
/// serde_json reads it), here through the JS engine's `JSON.parse`, so that Rust code calls
/// `hifly_sdk::parse_callback` on every target. The two parsers differ only where JSON itself is
/// loose: `JSON.parse` rounds integers past 2^53, reads a lone surrogate escape as U+FFFD, and
/// accepts nesting or numbers out of range inside fields a callback does not use, which serde_json
/// refuses.
pub fn parse_callback(body: &[u8]) -> Result<Callback, Error> {
    parse_callback_bytes(body, MAX_CALLBACK_BYTES)
}

/// Parses a callback body, refusing bodies over `max_bytes`: the wasm32 twin of the native
/// `parse_callback_limited`.
pub fn parse_callback_limited(body: &[u8], max_bytes: usize) -> Result<Callback, Error> {
    parse_callback_bytes(body, max_bytes)
}

/// Parses a callback body's bytes: size, UTF-8, no duplicate keys, then `JSON.parse` and the
/// strict serde read.
pub fn parse_callback_bytes(body: &[u8], max_bytes: usize) -> Result<Callback, Error> {
    let text = cb::check_body(body, max_bytes)?;
    parse_checked(&text.into())
}

/// Parses a callback body that is a JS string: checked in Rust (size, UTF-8, duplicate keys),
/// then parsed from the JS string itself, which is not copied back out of wasm memory.
pub fn parse_callback_text(body: &js_sys::JsString, max_bytes: usize) -> Result<Callback, Error> {
    // Each UTF-16 unit is at least one UTF-8 byte: a longer string is too large unread.
    if body.length() as usize > max_bytes {
        return Err(cb::too_large(max_bytes));
    }
    cb::check_body(String::from(body).as_bytes(), max_bytes)?;
    parse_checked(body)
}

fn parse_checked(text: &js_sys::JsString) -> Result<Callback, Error> {
    let value = json_parse(text)
        .map_err(|e| Error::malformed(format!("invalid JSON: {}", message_of(&e))))?;
    cb::from_document(&JsDoc(value))
}

/// Verifies a callback request. Without `reader` the result is parsed but not confirmed.
pub async fn verify_callback(
    request: &CallbackRequest,
    options: &VerifyOptions,
    reader: Option<&impl TaskReader>,
) -> Result<Verified, Error> {
    cb::check_secret(&options.secret)?;
    let max = options.max_body_bytes.unwrap_or(MAX_CALLBACK_BYTES);
    if !(1..=MAX_BODY_LIMIT).contains(&max) {
        return Err(Error::invalid(
            "maxBodyBytes",
            format!("must be an integer between 1 and {MAX_BODY_LIMIT}"),
        ));
    }
    if !cb::secret_matches(&request.url, &options.secret) {
        return Err(Error::refused(
            "secret",
            "the callback URL does not carry the secret",
        ));
    }
    if request.method != "POST" {
        return Err(Error::refused("method", "callbacks are POSTed"));
    }
    let too_large = || cb::too_large(max);
    if request
        .content_length
        .as_deref()
        .and_then(|n| n.trim().parse::<u64>().ok())
        .is_some_and(|n| n > max as u64)
    {
        return Err(too_large());
    }
    let body = match &request.body {
        // A body that middleware (or an earlier verify) already read cannot be read again.
        Some(stream) if locked(stream).map_err(|e| Error::malformed(message_of(&e)))? => {
            return Err(Error::malformed("the body was already read"));
        }
        Some(stream) => read_limited(stream, max).await?.ok_or_else(too_large)?,
        None => Vec::new(),
    };
    let mut callback = parse_callback_bytes(&body, max)?;
    let Some(reader) = reader else {
        return Ok(Verified {
            callback,
            confirmed: false,
        });
    };
    let task_id = callback.task().task_id.clone();
    let api = match reader.confirmation(callback.type_id(), &task_id).await {
        Ok(api) => api,
        // An unknown task is a refusal; any other failure is the reader's own error, so that the
        // receiver answers non-200 and HiFly retries.
        Err(Error::Api {
            code: ErrorCode::NotFound,
            ..
        }) => {
            return Err(Error::refused(
                "unconfirmed",
                "the API does not know this task",
            ))
        }
        Err(e) => return Err(e),
    };
    cb::confirm_with(&mut callback, api)?;
    Ok(Verified {
        callback,
        confirmed: true,
    })
}

#[wasm_bindgen]
extern "C" {
    // A body stream may be a polyfill's (see CallbackRequest): every access is guarded, so that a
    // getter or a method that throws is an error, not an exception through the `.wasm`.
    /// A body stream, native or a polyfill's.
    type AnyStream;
    #[wasm_bindgen(method, getter, catch)]
    fn locked(this: &AnyStream) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = getReader)]
    fn get_reader(this: &AnyStream) -> Result<AnyReader, JsValue>;

    /// A stream's reader, native or a polyfill's.
    type AnyReader;
    #[wasm_bindgen(method, catch)]
    fn read(this: &AnyReader) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn cancel(this: &AnyReader) -> Result<JsValue, JsValue>;
}

/// Whether a body stream was already taken by a reader.
fn locked(stream: &ReadableStream) -> Result<bool, JsValue> {
    stream
        .unchecked_ref::<AnyStream>()
        .locked()
        .map(|l| l.is_truthy())
}

/// Reads a stream's bytes, or `None` as soon as they pass `max` (reading no further).
async fn read_limited(stream: &ReadableStream, max: usize) -> Result<Option<Vec<u8>>, Error> {
    let unreadable = |e: wasm_bindgen::JsValue| Error::malformed(message_of(&e));
    let reader = stream
        .unchecked_ref::<AnyStream>()
        .get_reader()
        .map_err(unreadable)?;
    // A sender that declares a body and never sends it does not hold the receiver forever.
    let deadline = Deadline::new(BODY_READ_MS, None)?;
    let what = "reading the callback's body";
    // One abort promise for every chunk, each read raced against it.
    let aborted = deadline.aborted_promise();
    // It rejects when the deadline is dropped, whether or not a read was raced against it.
    swallow(&aborted);
    let mut out = Vec::new();
    loop {
        let next = reader.read().map_err(unreadable)?;
        let race = js_sys::Promise::race(&js_sys::Array::of2(&promise_of(&next), &aborted));
        let settled = wasm_bindgen_futures::JsFuture::from(race)
            .await
            .map_err(|e| deadline.classify(&e, what));
        let chunk = match settled {
            Ok(chunk) => chunk,
            Err(e @ Error::Timeout { .. }) => {
                if let Ok(p) = reader.cancel() {
                    swallow(&p);
                }
                return Err(e);
            }
            Err(Error::Network { message }) => return Err(Error::malformed(message)),
            Err(e) => return Err(e),
        };
        if Reflect::get(&chunk, &"done".into())
            .map_err(unreadable)?
            .is_truthy()
        {
            return Ok(Some(out));
        }
        let value = Reflect::get(&chunk, &"value".into()).map_err(unreadable)?;
        let bytes: Uint8Array = value
            .dyn_into()
            .map_err(|_| Error::malformed("the body is not bytes"))?;
        if out.len() + bytes.length() as usize > max {
            if let Ok(p) = reader.cancel() {
                swallow(&p);
            }
            return Ok(None);
        }
        out.extend(bytes.to_vec());
    }
}
