//! One API call over `fetch`: the request the core built, sent under the client's own
//! `AbortController` (the per-attempt timeout and the caller's signal both abort it), the answer
//! read as text and parsed by the JS engine, then decoded by the core through
//! serde-wasm-bindgen. GETs are retried; POSTs never are.

use js_sys::{Array, Function, JsString, Object, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Response};

use super::timer::{self, clear_timeout, set_timeout};
use super::Config;
use crate::core::response::{self, Body, Document, ReadError};
use crate::core::{Endpoint, Error, HttpRequest};

/// The first retry waits about this long; each later one twice as long, up to `BACKOFF_CAP_MS`.
const BACKOFF_BASE_MS: f64 = 500.0;
const BACKOFF_CAP_MS: f64 = 8000.0;
/// A `Retry-After` longer than this is not waited out: the error goes to the caller instead.
const RETRY_AFTER_CAP_MS: u64 = 60_000;

/// A JSON value parsed by the JS engine, read through serde-wasm-bindgen.
pub struct JsDoc(pub JsValue);

impl Document for JsDoc {
    fn type_name(&self) -> &'static str {
        let v = &self.0;
        if v.is_null() {
            "null"
        } else if Array::is_array(v) {
            "array"
        } else if v.is_string() {
            "string"
        } else if v.as_f64().is_some() {
            "number"
        } else if v.as_bool().is_some() {
            "boolean"
        } else if v.is_object() {
            "object"
        } else {
            "undefined"
        }
    }

    /// Reads the value as `T`. serde-wasm-bindgen's errors do not say where; on failure the
    /// top-level field at fault is found by reading `T` again from that field alone (the error
    /// path only, and no more code per type), instead of wrapping every visitor in
    /// serde_path_to_error, which measured 11 KB gzipped.
    fn read<T: DeserializeOwned>(&self) -> Result<T, ReadError> {
        let read = |v: &JsValue| T::deserialize(serde_wasm_bindgen::Deserializer::from(v.clone()));
        let error = match read(&self.0) {
            Ok(t) => return Ok(t),
            Err(e) => e.to_string(),
        };
        // The package is built with `-Zfmt-debug=none`, so serde's words leave out the value they
        // saw ("invalid type: string , expected i64"): it is described here instead.
        let message = error
            .strip_prefix("Error: ")
            .unwrap_or(&error)
            .replace(" ,", ",")
            .replace("expected i64", "expected an integer")
            .replace("expected f64", "expected a number");
        let path = culprit(&self.0, &|v| read(v).err().map(|e| e.to_string()));
        let message = match Reflect::get(&self.0, &path.as_str().into()) {
            Ok(v) if !path.is_empty() => format!("{message} (got {})", describe(&v)),
            _ => message,
        };
        Err(ReadError { path, message })
    }
}

/// What a JS value is, for an error message: a number or a short string as it is, else its type.
pub fn describe(v: &JsValue) -> String {
    if let Some(n) = v.as_f64() {
        let text = crate::core::num::format_f64(n);
        return text.strip_suffix(".0").map(str::to_string).unwrap_or(text);
    }
    if let Some(s) = v.as_string() {
        return if s.chars().count() <= 40 {
            format!("\"{s}\"")
        } else {
            format!("a string of {} characters", s.chars().count())
        };
    }
    if v.is_null() {
        return "null".into();
    }
    if Array::is_array(v) {
        return "an array".into();
    }
    match v.js_typeof().as_string().as_deref() {
        Some("object") => "an object".into(),
        Some("boolean") => if v.is_truthy() { "true" } else { "false" }.into(),
        Some(t) => t.to_string(),
        None => "a value".into(),
    }
}

/// The top-level key of object `v` whose value alone makes `read` fail with an error other than
/// a missing field, or "" when there is none.
fn culprit(v: &JsValue, read: &dyn Fn(&JsValue) -> Option<String>) -> String {
    let Ok(keys) = js_sys::Reflect::own_keys(v) else {
        return String::new();
    };
    for key in keys.iter() {
        let Ok(value) = Reflect::get(v, &key) else {
            continue;
        };
        let alone = Object::new();
        let _ = Reflect::set(&alone, &key, &value);
        if read(&alone).is_some_and(|e| !e.contains("missing field")) {
            return key.as_string().unwrap_or_default();
        }
    }
    String::new()
}

/// An answer's text, kept in JS: only a snippet is copied into wasm memory, for error messages.
pub struct JsBody(pub JsString);

impl Body for JsBody {
    type Doc = JsDoc;
    fn snippet(&self) -> String {
        let end = self.0.length().min((response::SNIPPET_CHARS * 2) as u32);
        response::snippet(&String::from(self.0.slice(0, end)))
    }
    fn is_blank(&self) -> bool {
        self.0.trim().length() == 0
    }
    fn is_markup(&self) -> bool {
        self.0.trim_start().char_code_at(0) == f64::from(b'<')
    }
    fn parse(&self) -> Result<JsDoc, String> {
        json_parse(&self.0).map(JsDoc).map_err(|e| message_of(&e))
    }
}

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` on a JS string, which stays in JS.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub fn json_parse(text: &JsString) -> Result<JsValue, JsValue>;
}

/// What a thrown JS value says: its `message`, or the value as text.
pub fn message_of(e: &JsValue) -> String {
    let m = Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string());
    m.or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// A JS value written as JSON text by the JS engine (serde-wasm-bindgen, then `JSON.stringify`).
pub fn stringify<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let v = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::invalid("params", e.to_string()))?;
    js_sys::JSON::stringify(&v)
        .map(String::from)
        .map_err(|e| Error::invalid("params", message_of(&e)))
}

/// An `AbortController` for one attempt: aborted by the caller's signal and by the timeout.
/// Dropping it clears the timer and unhooks the caller's signal.
pub struct Deadline {
    controller: AbortController,
    timer: Option<JsValue>,
    user: Option<(AbortSignal, Function)>,
    timeout_ms: f64,
}

impl Deadline {
    /// A deadline `timeout_ms` from now (none when 0), also aborted by `user`.
    pub fn new(timeout_ms: f64, user: Option<&AbortSignal>) -> Result<Deadline, Error> {
        if user.is_some_and(AbortSignal::aborted) {
            return Err(Error::Aborted);
        }
        let controller = AbortController::new().map_err(|e| Error::Network {
            message: message_of(&e),
        })?;
        let abort: Function = Reflect::get(&controller, &"abort".into())
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| Error::Network {
                message: "AbortController has no abort()".into(),
            })?;
        let abort = abort.bind0(&controller);
        // setTimeout fires at once past 2³¹−1 ms: a longer timeout (over 24 days) is no timeout,
        // rather than one that fires early.
        let timer = (timeout_ms > 0.0 && timeout_ms <= timer::MAX_TIMER_MS)
            .then(|| set_timeout(&abort, timeout_ms));
        let user = user.map(|s| {
            let _ = s.add_event_listener_with_callback("abort", &abort);
            (s.clone(), abort)
        });
        Ok(Deadline {
            controller,
            timer,
            user,
            timeout_ms,
        })
    }

    /// The signal to hand to fetch.
    pub fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// What a failure means: the caller aborted, the time ran out, or the network failed.
    pub fn classify(&self, e: &JsValue, what: &str) -> Error {
        if self.user.as_ref().is_some_and(|(s, _)| s.aborted()) {
            return Error::Aborted;
        }
        if self.controller.signal().aborted() {
            return Error::Timeout {
                message: format!("{what}: no answer within {} ms", self.timeout_ms),
            };
        }
        // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, a TLS error…) is its
        // cause.
        let cause = Reflect::get(e, &"cause".into())
            .ok()
            .filter(|c| c.is_object())
            .map(|c| format!(": {}", message_of(&c)))
            .unwrap_or_default();
        Error::Network {
            message: format!("{what}: {}{cause}", message_of(e)),
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(t) = &self.timer {
            clear_timeout(t);
        }
        if let Some((s, f)) = &self.user {
            let _ = s.remove_event_listener_with_callback("abort", f);
        }
    }
}

/// Awaits a promise; a rejection is classified by `deadline`.
pub async fn settle(p: js_sys::Promise, deadline: &Deadline, what: &str) -> Result<JsValue, Error> {
    JsFuture::from(p)
        .await
        .map_err(|e| deadline.classify(&e, what))
}

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, as gloo-net binds it: on the global object, not `window`, so that
    /// pages, Web Workers, Node and workerd all have it.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> js_sys::Promise;
}

/// Fetches `url` with `init` through the caller's `fetch`, called as `fetch(url, init)`, or the
/// global one with a gloo-net request. The promise is awaited here rather than by gloo-net's
/// `send()`, whose error conversion panics (`unreachable!`, or `unwrap_throw` on an error whose
/// name is not a string) on rejections that are not plain `Error`s; a panic would poison the
/// instance.
pub async fn fetch(
    custom: Option<&Function>,
    url: &str,
    init: &web_sys::RequestInit,
    deadline: &Deadline,
    what: &str,
) -> Result<Response, Error> {
    let p = match custom {
        Some(f) => f
            .call2(&JsValue::UNDEFINED, &url.into(), init)
            .map_err(|e| deadline.classify(&e, what))?,
        None => {
            let request = web_sys::Request::new_with_str_and_init(url, init)
                .map_err(|e| deadline.classify(&e, what))?;
            let request: web_sys::Request = gloo_net::http::Request::from(request).into();
            global_fetch(&request).into()
        }
    };
    let response = settle(js_sys::Promise::resolve(&p), deadline, what).await?;
    response.dyn_into::<Response>().map_err(|_| Error::Network {
        message: format!("{what}: fetch did not resolve to a Response"),
    })
}

/// The origin (`scheme://host:port`) of an absolute URL.
fn origin(url: &str) -> &str {
    let after = url.find("://").map_or(0, |i| i + 3);
    let end = url[after..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| i + after);
    &url[..end]
}

/// Decodes an answer's status and body, keeping the result; an error is the answer's error.
pub(crate) type Decoder<'a> = &'a mut dyn FnMut(u16, &JsBody) -> Result<(), Error>;

impl Config {
    /// Sends endpoint `e` and decodes its answer, retrying reads.
    pub async fn send<E: Endpoint>(
        &self,
        e: &E,
        signal: Option<&AbortSignal>,
        timeout_ms: Option<f64>,
    ) -> Result<E::Output, Error> {
        let req = e.to_request_with(self.token.as_ref(), |e| stringify(e))?;
        let mut out = None;
        let mut decode = |status: u16, body: &JsBody| {
            out = Some(E::decode(status, body)?);
            Ok(())
        };
        self.exchange(&req, signal, timeout_ms, &mut decode).await?;
        out.ok_or_else(|| Error::Network {
            message: "no answer".into(),
        })
    }

    /// The part of [`Config::send`] that is the same for every endpoint (one copy in the
    /// `.wasm`): attempts, retries and the scrubbing of the token out of errors.
    pub(crate) async fn exchange(
        &self,
        req: &HttpRequest,
        signal: Option<&AbortSignal>,
        timeout_ms: Option<f64>,
        decode: Decoder<'_>,
    ) -> Result<(), Error> {
        let url = format!("{}{}", self.base, req.path_and_query());
        let what = format!("{} {}", req.method.as_str(), req.path);
        let timeout = timeout_ms.unwrap_or(self.timeout_ms);
        let mut attempt = 0;
        loop {
            let result = self
                .attempt(req, &url, &what, timeout, signal, &mut *decode)
                .await;
            let error = match result {
                Ok(()) => return Ok(()),
                Err(e) => match &self.token {
                    Some(t) => e.scrubbed(t.secret()),
                    None => e,
                },
            };
            let wait = if req.retry_safe && attempt < self.max_retries {
                retry_wait(&error, attempt)
            } else {
                None
            };
            match wait {
                Some(ms) => timer::sleep(ms, signal).await?,
                None => return Err(error),
            }
            attempt += 1;
        }
    }

    async fn attempt(
        &self,
        req: &HttpRequest,
        url: &str,
        what: &str,
        timeout_ms: f64,
        signal: Option<&AbortSignal>,
        decode: Decoder<'_>,
    ) -> Result<(), Error> {
        let deadline = Deadline::new(timeout_ms, signal)?;
        let init = web_sys::RequestInit::new();
        init.set_method(req.method.as_str());
        let headers = Object::new();
        for (k, v) in &req.headers {
            let _ = Reflect::set(&headers, &(*k).into(), &v.into());
        }
        init.set_headers(&headers);
        if let Some(body) = &req.body {
            init.set_body(&body.into());
        }
        init.set_signal(Some(&deadline.signal()));
        let response = fetch(self.fetch.as_ref(), url, &init, &deadline, what).await?;
        // Only an answer from the base URL's origin is the API's: a redirect elsewhere is not.
        let answered = response.url();
        if !answered.is_empty() && origin(&answered) != origin(&self.base) {
            return Err(Error::Network {
                message: format!("{what}: the answer came from another origin, after a redirect"),
            });
        }
        let status = response.status();
        let retry_after = response.headers().get("retry-after").ok().flatten();
        let too_big = response
            .headers()
            .get("content-length")
            .ok()
            .flatten()
            .and_then(|n| n.trim().parse::<u64>().ok())
            .is_some_and(|n| n > response::MAX_ANSWER_BYTES as u64);
        let body = if too_big {
            JsString::from("")
        } else {
            let text = response.text().map_err(|e| deadline.classify(&e, what))?;
            JsString::from(settle(text, &deadline, what).await?)
        };
        if too_big || body.length() as usize > response::MAX_ANSWER_BYTES {
            if let Some(b) = response.body() {
                let _ = b.cancel();
            }
            return Err(Error::Decode {
                status,
                reason: format!(
                    "the answer is larger than {} bytes",
                    response::MAX_ANSWER_BYTES
                ),
                snippet: String::new(),
            });
        }
        let now = timer::now_ms();
        match decode(status, &JsBody(body)) {
            Err(Error::Http {
                status, snippet, ..
            }) => Err(Error::Http {
                status,
                snippet,
                retry_after_ms: retry_after
                    .as_deref()
                    .and_then(|v| crate::core::http::parse_retry_after(v, now)),
            }),
            other => other,
        }
    }
}

/// How long to wait before resending after `error` (attempt 0-based), or `None` not to resend.
fn retry_wait(error: &Error, attempt: u32) -> Option<f64> {
    let backoff = || {
        let step = (BACKOFF_BASE_MS * 2f64.powi(attempt as i32)).min(BACKOFF_CAP_MS);
        step / 2.0 + js_sys::Math::random() * step / 2.0
    };
    match error {
        Error::Http {
            status,
            retry_after_ms,
            ..
        } if *status == 429 || *status >= 500 => match retry_after_ms {
            None => Some(backoff()),
            Some(ms) if *ms > RETRY_AFTER_CAP_MS => None,
            Some(ms) => Some(*ms as f64),
        },
        // A garbled answer to a read is worth another go, and so is a timeout: the server may
        // be slow.
        Error::Decode { .. } | Error::Network { .. } | Error::Timeout { .. } => Some(backoff()),
        _ => None,
    }
}
