//! One API call over `fetch`: the request the core built, sent under the client's own
//! `AbortController` (the per-attempt timeout and the caller's signal both abort it), the answer
//! read as text and parsed by the JS engine, then decoded by the core through
//! serde-wasm-bindgen. GETs are retried; POSTs never are.

use std::cell::{Cell, RefCell};

use js_sys::{Function, JsString, Object, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

use super::timer::{self, clear_timeout, set_timeout};
use super::Config;
use crate::core::error::{NOT_FOLLOWED, OTHER_ORIGIN};
use crate::core::response::{self, Body, Document, ReadError};
use crate::core::{secret_forms, Endpoint, Error, HttpRequest};

/// The most a sender's buffers are taken to hold unseen, as time at the hidden-progress floor
/// (16 KiB/s): 256 KiB, or 16 s. It bounds the allowance that a stream's chunks add up to.
const IN_FLIGHT_MS: f64 = 16_000.0;
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
        // Objects first: they are what every answer and callback should be, and each test is a
        // call into JS.
        if v.is_object() {
            if is_array(v) {
                "array"
            } else {
                "object"
            }
        } else if v.is_null() {
            "null"
        } else if v.is_string() {
            "string"
        } else if v.as_f64().is_some() {
            "number"
        } else if v.as_bool().is_some() {
            "boolean"
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
        match read(&self.0) {
            Ok(t) => Ok(t),
            Err(e) => Err(explain(&self.0, e.to_string(), &|v| {
                read(v).err().map(|e| e.to_string())
            })),
        }
    }
}

/// A failed read explained, the same for every type (one copy in the `.wasm`): serde's words,
/// the top-level field at fault, and the value it held.
#[inline(never)]
fn explain(v: &JsValue, error: String, read: &dyn Fn(&JsValue) -> Option<String>) -> ReadError {
    // The package is built with `-Zfmt-debug=none`, so serde's words leave out the value they
    // saw ("invalid type: string , expected i64"): it is described here instead.
    let message = error
        .strip_prefix("Error: ")
        .unwrap_or(&error)
        .replace(" ,", ",")
        .replace("expected i64", "expected an integer")
        .replace("expected f64", "expected a number");
    let path = culprit(v, read);
    let message = match Reflect::get(v, &path.as_str().into()) {
        Ok(value) if !path.is_empty() => format!("{message} (got {})", describe(&value)),
        _ => message,
    };
    ReadError { path, message }
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
    if is_array(v) {
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
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn array_is_array(v: &JsValue) -> Result<bool, JsValue>;

    /// `JSON.parse` on a JS string, which stays in JS.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub fn json_parse(text: &JsString) -> Result<JsValue, JsValue>;
}

/// `Array.isArray`, false for a value it throws on (a revoked Proxy).
pub fn is_array(v: &JsValue) -> bool {
    array_is_array(v).unwrap_or(false)
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

/// An `AbortController` for one attempt: aborted by the caller's signal, by the timeout, and,
/// for an upload's PUT, by a stall (no progress for a while; see [`Deadline::progressed`]).
/// Dropping it clears the timers and unhooks the caller's signal.
pub struct Deadline {
    controller: AbortController,
    /// `abort(reason)` for the stall timer, whose reason's message (STALLED) tells it apart.
    stalled: Function,
    timer: Option<JsValue>,
    stall: RefCell<Option<JsValue>>,
    user: Option<(AbortSignal, Function)>,
    timeout_ms: f64,
    stall_ms: f64,
    /// When bytes handed over but not yet seen to leave are due out (ms since 1970), and whether
    /// any such allowance was given (the stall message then says so).
    owed_until: Cell<f64>,
    hidden: Cell<bool>,
}

/// The abort reasons of the two timers; the signal's reason tells them apart.
const STALLED: &str = "stalled";
const TIMED_OUT: &str = "timeout";

/// A `setTimeout` of `ms` that calls `f`, or none for 0 or for a delay past 2³¹−1 ms (over 24
/// days), which setTimeout would fire at once: such a long timeout is no timeout rather than
/// one that fires early.
fn timer_for(f: &Function, ms: f64) -> Option<JsValue> {
    (ms > 0.0 && ms <= timer::MAX_TIMER_MS).then(|| set_timeout(f, ms))
}

impl Deadline {
    /// A deadline `timeout_ms` from now (none when 0), also aborted by `user`.
    pub fn new(timeout_ms: f64, user: Option<&AbortSignal>) -> Result<Deadline, Error> {
        Deadline::stalling(timeout_ms, 0.0, 0.0, user)
    }

    /// A deadline that also ends when no progress is reported for `stall_ms` (none when 0). The
    /// first progress is allowed `hidden_ms` more (a send whose progress cannot be seen).
    pub fn stalling(
        timeout_ms: f64,
        stall_ms: f64,
        hidden_ms: f64,
        user: Option<&AbortSignal>,
    ) -> Result<Deadline, Error> {
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
        // Each way of ending aborts with its own reason, an Error a custom fetch can read
        // (`name` TimeoutError or AbortError, as the platform's own timeouts and aborts say).
        let with_reason = |name: &str, message: &str| -> Function {
            let reason = js_sys::Error::new(message);
            reason.set_name(name);
            abort.bind1(&controller, &reason).unchecked_into()
        };
        let timer = timer_for(&with_reason("TimeoutError", TIMED_OUT), timeout_ms);
        let stalled = with_reason("TimeoutError", STALLED);
        let stall = RefCell::new(if stall_ms > 0.0 {
            timer_for(&stalled, stall_ms + hidden_ms)
        } else {
            None
        });
        let user = user.map(|s| {
            // Bound to its reason: a listener's own argument (the event) is not one.
            let abort = with_reason("AbortError", "aborted by the caller's signal");
            let _ = s.add_event_listener_with_callback("abort", &abort);
            (s.clone(), abort)
        });
        Ok(Deadline {
            controller,
            stalled,
            timer,
            stall,
            user,
            timeout_ms,
            stall_ms,
            owed_until: Cell::new(timer::now_ms() + hidden_ms),
            hidden: Cell::new(hidden_ms > 0.0),
        })
    }

    /// The same deadline, its timeout reported as `ms`: the whole of a budget of which it is
    /// what is left.
    pub fn reported_as(mut self, ms: f64) -> Deadline {
        self.timeout_ms = ms;
        self
    }

    /// Progress was seen: the stall clock starts again. `hidden_ms` is the time the bytes just
    /// handed over may take to leave unseen; it adds up with what earlier chunks are still owed,
    /// since a sender takes a new chunk while the last ones are still in its buffers, but only up
    /// to what those buffers can hold ([`IN_FLIGHT_MS`]): fetch pulls a stream's chunks as it
    /// sends them, so a fast sender does not build up an allowance of hours.
    pub fn progressed(&self, hidden_ms: f64) {
        let now = timer::now_ms();
        let owed = (self.owed_until.get().max(now) + hidden_ms).min(now + hidden_ms + IN_FLIGHT_MS);
        if hidden_ms > 0.0 {
            self.hidden.set(true);
        }
        self.rearm(now, owed);
    }

    /// The answer arrived: every byte has left, so nothing more is owed, and the answer's body
    /// has `stallTimeoutMs` from now.
    pub fn answered(&self) {
        let now = timer::now_ms();
        self.hidden.set(false);
        self.rearm(now, now);
    }

    /// Starts the stall clock again, `stall_ms` after `owed`.
    fn rearm(&self, now: f64, owed: f64) {
        if self.stall_ms > 0.0 && !self.controller.signal().aborted() {
            self.owed_until.set(owed);
            let next = timer_for(&self.stalled, owed - now + self.stall_ms);
            if let Some(old) = self.stall.replace(next) {
                clear_timeout(&old);
            }
        }
    }

    /// The signal to hand to fetch.
    pub fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// A promise that rejects when the deadline's controller aborts, for racing work that takes
    /// no signal.
    pub fn aborted_promise(&self) -> js_sys::Promise {
        let signal = self.controller.signal();
        js_sys::Promise::new(&mut |_, reject| {
            if signal.aborted() {
                let _ = reject.call1(&JsValue::UNDEFINED, &signal.reason());
            } else {
                let _ = signal.add_event_listener_with_callback("abort", &reject);
            }
        })
    }

    /// What a failure means: the caller aborted, the time ran out, or the network failed.
    pub fn classify(&self, e: &JsValue, what: &str) -> Error {
        if self.user.as_ref().is_some_and(|(s, _)| s.aborted()) {
            return Error::Aborted;
        }
        let signal = self.controller.signal();
        if signal.aborted() {
            let reason = Reflect::get(&signal, &"reason".into()).unwrap_or_default();
            let said = Reflect::get(&reason, &"message".into()).ok();
            let message = if said.and_then(|m| m.as_string()).as_deref() == Some(STALLED) {
                let hidden = if self.hidden.get() {
                    "; a send that fetch cannot watch is allowed 16 KiB/s on top"
                } else {
                    ""
                };
                format!(
                    "{what}: no progress for {} ms (stallTimeoutMs{hidden})",
                    self.stall_ms
                )
            } else {
                format!("{what}: no answer within {} ms", self.timeout_ms)
            };
            return Error::Timeout { message };
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
        // A future dropped mid-request (a Rust caller's select!) stops its fetch too; after a
        // finished exchange this does nothing.
        self.controller.abort();
        for t in self.timer.iter().chain(self.stall.take().iter()) {
            clear_timeout(t);
        }
        if let Some((s, f)) = &self.user {
            let _ = s.remove_event_listener_with_callback("abort", f);
        }
    }
}

/// A value as a promise, never throwing: `Promise.resolve` throws through the `.wasm` on a
/// promise whose `constructor` getter throws, while `Promise.race` turns that into a rejection.
pub fn promise_of(v: &JsValue) -> js_sys::Promise {
    js_sys::Promise::race(&js_sys::Array::of1(v))
}

/// Settles a promise that no one awaits (a stream's `cancel()`), so that its rejection is not an
/// unhandled one.
pub fn swallow(v: &JsValue) {
    let p = promise_of(v);
    wasm_bindgen_futures::spawn_local(async move {
        let _ = JsFuture::from(p).await;
    });
}

/// Awaits a promise (or any value) until it settles or `deadline` ends, whichever comes first: a custom fetch
/// (or a polyfill's `text()`) that ignores its signal cannot outlast the timeout, the stall clock
/// or the caller's signal. A rejection is classified by `deadline`.
pub async fn settle(p: &JsValue, deadline: &Deadline, what: &str) -> Result<JsValue, Error> {
    let race = js_sys::Promise::race(&js_sys::Array::of2(p, &deadline.aborted_promise()));
    JsFuture::from(race)
        .await
        .map_err(|e| deadline.classify(&e, what))
}

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, as gloo-net binds it: on the global object, not `window`, so that
    /// pages, Web Workers, Node and workerd all have it. A fetch that throws (mocked, or deleted
    /// after the client was made) is an error here, not an exception through the `.wasm`.
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(request: &web_sys::Request) -> Result<JsValue, JsValue>;

    /// A fetch `Response`, native or a polyfill's (the npm `undici`, node-fetch), read through
    /// guarded property reads: a throwing getter is an error, not an exception.
    pub type AnyResponse;
    #[wasm_bindgen(method, getter, catch)]
    fn status(this: &AnyResponse) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn url(this: &AnyResponse) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn headers(this: &AnyResponse) -> Result<AnyHeaders, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn body(this: &AnyResponse) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn text(this: &AnyResponse) -> Result<JsValue, JsValue>;

    /// A response's headers, native or a polyfill's.
    pub type AnyHeaders;
    #[wasm_bindgen(method, catch)]
    fn get(this: &AnyHeaders, name: &str) -> Result<JsValue, JsValue>;
}

/// What an answer said before its body: its status, final URL and the headers read.
pub struct Head {
    /// The HTTP status.
    pub status: u16,
    /// The URL that answered (after redirects), "" when the runtime does not say.
    pub url: String,
    /// `Retry-After`.
    pub retry_after: Option<String>,
    /// `Content-Length`, when it is a number.
    pub content_length: Option<u64>,
}

impl AnyResponse {
    /// The status, URL and headers, or a network error naming `what`.
    pub fn head(&self, what: &str) -> Result<Head, Error> {
        let bad = || Error::Network {
            message: format!("{what}: fetch did not resolve to a Response"),
        };
        let status = self
            .status()
            .ok()
            .and_then(|s| s.as_f64())
            .ok_or_else(bad)?;
        if !(0.0..=999.0).contains(&status) || status.fract() != 0.0 {
            return Err(bad());
        }
        let headers = self.headers().map_err(|_| bad())?;
        let header = |name: &str| headers.get(name).ok().and_then(|v| v.as_string());
        Ok(Head {
            status: status as u16,
            url: self
                .url()
                .ok()
                .and_then(|u| u.as_string())
                .unwrap_or_default(),
            retry_after: header("retry-after"),
            content_length: header("content-length").and_then(|n| n.trim().parse().ok()),
        })
    }

    /// The body as text, kept in JS.
    pub async fn read_text(&self, deadline: &Deadline, what: &str) -> Result<JsString, Error> {
        let p = self.text().map_err(|e| deadline.classify(&e, what))?;
        let text = settle(&p, deadline, what).await?;
        text.dyn_into::<JsString>().map_err(|_| Error::Network {
            message: format!("{what}: the body is not text"),
        })
    }

    /// Stops the body's download when it was not read: its stream is cancelled, and a refusal to
    /// cancel (a stream already read) is swallowed rather than left an unhandled rejection.
    pub fn discard(&self) {
        let Ok(body) = self.body() else { return };
        let locked = Reflect::get(&body, &"locked".into()).map(|l| l.is_truthy());
        let cancel = Reflect::get(&body, &"cancel".into()).ok();
        if let (Ok(false), Some(cancel)) =
            (locked, cancel.and_then(|c| c.dyn_into::<Function>().ok()))
        {
            if let Ok(p) = cancel.call0(&body) {
                swallow(&p);
            }
        }
    }
}

/// A request to send: the parts fetch needs, whoever sends it.
pub struct Outgoing<'a> {
    /// GET, POST or PUT.
    pub method: &'a str,
    /// Header names and values.
    pub headers: &'a [(&'a str, String)],
    /// An API request's query parameters, not yet encoded (also in the URL, encoded), which
    /// gloo-net's builder adds itself: given a URL with a query, it would append `&`.
    pub query: &'a [(&'static str, String)],
    /// The body: JSON text, or upload data (a JS value).
    pub body: Option<JsValue>,
    /// A streamed body, which fetch sends only with `duplex: "half"`.
    pub streamed: bool,
}

impl Outgoing<'_> {
    /// The `RequestInit` of a hand-built request (a custom `fetch`, or a streamed body, for which
    /// gloo-net has no `duplex` setting).
    fn init(&self, signal: &AbortSignal) -> web_sys::RequestInit {
        let init = web_sys::RequestInit::new();
        init.set_method(self.method);
        let headers = Object::new();
        for (k, v) in self.headers {
            let _ = Reflect::set(&headers, &(*k).into(), &v.into());
        }
        init.set_headers(&headers);
        if let Some(body) = &self.body {
            init.set_body(body);
        }
        init.set_signal(Some(signal));
        if self.method != "PUT" {
            init.set_redirect(web_sys::RequestRedirect::Manual);
        }
        if self.streamed {
            let _ = Reflect::set(&init, &"duplex".into(), &"half".into());
        }
        init
    }

    /// The request built by gloo-net's builder.
    fn gloo(&self, url: &str, signal: &AbortSignal) -> Result<web_sys::Request, JsValue> {
        let method = match self.method {
            "GET" => gloo_net::http::Method::GET,
            "PUT" => gloo_net::http::Method::PUT,
            _ => gloo_net::http::Method::POST,
        };
        let path = url.split('?').next().unwrap_or(url);
        let mut builder = gloo_net::http::RequestBuilder::new(path)
            .method(method)
            .abort_signal(Some(signal))
            .redirect(web_sys::RequestRedirect::Manual)
            .query(self.query.iter().map(|(k, v)| (*k, v)));
        for (k, v) in self.headers {
            builder = builder.header(k, v);
        }
        let request = match &self.body {
            Some(body) => builder.body(body.clone()),
            None => builder.build(),
        };
        request
            .map(web_sys::Request::from)
            .map_err(|e| JsValue::from_str(&e.to_string()))
    }
}

/// Fetches `url` through the caller's `fetch`, called as `fetch(url, init)`, or the global one
/// with a request built by gloo-net (by hand for a streamed body). The promise is awaited here
/// rather than by gloo-net's `send()`, whose error conversion panics (`unreachable!`, or
/// `unwrap_throw` on an error whose name is not a string) on rejections that are not plain
/// `Error`s, such as an abort with a string reason; a panic would poison the instance.
pub async fn fetch(
    custom: Option<&Function>,
    url: &str,
    out: &Outgoing<'_>,
    deadline: &Deadline,
    what: &str,
) -> Result<AnyResponse, Error> {
    let signal = deadline.signal();
    let p = match custom {
        Some(f) => f
            .call2(&JsValue::UNDEFINED, &url.into(), &out.init(&signal))
            .map_err(|e| deadline.classify(&e, what))?,
        None => {
            // The upload PUT is built by hand too: its signed URL must stay exactly as the API
            // gave it, and its Content-Type, which the API chose, may be one that gloo-net's
            // header setter would throw on through the `.wasm` (here it is a caught error).
            let request = if out.streamed || out.method == "PUT" {
                web_sys::Request::new_with_str_and_init(url, &out.init(&signal))
            } else {
                out.gloo(url, &signal)
            };
            let request = request.map_err(|e| deadline.classify(&e, what))?;
            global_fetch(&request).map_err(|e| deadline.classify(&e, what))?
        }
    };
    let response = settle(&p, deadline, what).await?;
    if !response.is_object() {
        return Err(Error::Network {
            message: format!("{what}: fetch did not resolve to a Response"),
        });
    }
    Ok(response.unchecked_into())
}

/// The origin of an absolute URL, normalised by the URL parser (lower-case host, no default
/// port, punycode); `None` when it does not parse.
pub(crate) fn origin(url: &str) -> Option<String> {
    web_sys::Url::new(url).ok().map(|u| u.origin())
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
        self.exchange(&req, signal, timeout_ms, None, &mut decode)
            .await?;
        out.ok_or_else(|| Error::Network {
            message: "no answer".into(),
        })
    }

    /// The part of [`Config::send`] that is the same for every endpoint (one copy in the
    /// `.wasm`): attempts, retries and the scrubbing of the token out of errors. With `until` (ms
    /// since 1970: a wait's deadline), attempts and the sleeps between them end by then too.
    pub(crate) async fn exchange(
        &self,
        req: &HttpRequest,
        signal: Option<&AbortSignal>,
        timeout_ms: Option<f64>,
        until: Option<f64>,
        decode: Decoder<'_>,
    ) -> Result<(), Error> {
        let url = format!("{}{}", self.base, req.path_and_query());
        let what = format!("{} {}", req.method.as_str(), req.path);
        let own = timeout_ms.unwrap_or(self.timeout_ms);
        let left = || until.map(|u| (u - timer::now_ms()).max(1.0));
        let mut attempt = 0;
        loop {
            // 0 is no timeout of its own: the time left is then the whole limit.
            let timeout = match left() {
                Some(left) if own > 0.0 => own.min(left),
                Some(left) => left,
                None => own,
            };
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
            match (wait, left()) {
                // The next try would start past the deadline: wait it out, and the last
                // answer's error stands (a wait then says its time ran out).
                (Some(ms), Some(left)) if ms >= left => {
                    timer::sleep(left, signal).await?;
                    return Err(error);
                }
                (Some(ms), _) => timer::sleep(ms, signal).await?,
                (None, _) => return Err(error),
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
        let out = Outgoing {
            method: req.method.as_str(),
            headers: &req.headers,
            query: &req.query,
            body: req.body.as_deref().map(JsValue::from_str),
            streamed: false,
        };
        let response = fetch(self.fetch.as_ref(), url, &out, &deadline, what).await?;
        let head = response.head(what)?;
        // API requests ask not to be redirected (`redirect: "manual"`): a redirect comes back
        // as a 3xx, or in browsers as an opaque one of status 0.
        let opaque_redirect = head.status == 0
            && Reflect::get(&response, &"type".into())
                .ok()
                .and_then(|t| t.as_string())
                .as_deref()
                == Some("opaqueredirect");
        if opaque_redirect || (300..400).contains(&head.status) {
            response.discard();
            let status = match head.status {
                0 => String::new(),
                n => format!("HTTP {n}, "),
            };
            return Err(Error::Network {
                message: format!("{what}: {status}{NOT_FOLLOWED}"),
            });
        }
        // Only an answer from the base URL's origin is the API's: a redirect elsewhere (by a
        // custom fetch that follows it anyway) is not.
        if !head.url.is_empty() && origin(&head.url).as_deref() != Some(self.origin.as_str()) {
            response.discard();
            return Err(Error::Network {
                message: format!("{what}: {OTHER_ORIGIN}"),
            });
        }
        let status = head.status;
        let retry_after = head.retry_after;
        let too_big = || Error::Decode {
            status,
            reason: TOO_BIG.into(),
            snippet: String::new(),
        };
        // An answer over the limit is a `decode` error when it is a success; a failure (a
        // gateway's 503 page) is still that failure, retried as such, without its body.
        let declared_over = head
            .content_length
            .is_some_and(|n| n > response::MAX_ANSWER_BYTES as u64);
        let mut body = if declared_over {
            response.discard();
            JsString::from("")
        } else {
            response.read_text(&deadline, what).await?
        };
        // UTF-16 units: a text of more units than the limit has more bytes than it, too.
        if declared_over || body.length() as usize > response::MAX_ANSWER_BYTES {
            if (200..300).contains(&status) {
                return Err(too_big());
            }
            body = JsString::from("");
        }
        // A server that echoes the Authorization header: the token is replaced before anything
        // is read, so that no result, error or log of them carries it.
        if let Some(token) = &self.token {
            body = scrub(body, token);
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

/// `body` with every form of the token in it replaced (see [`secret_forms`]).
#[inline(never)]
fn scrub(mut body: JsString, token: &crate::core::Token) -> JsString {
    for form in secret_forms(token.secret()) {
        if body.includes(&form, 0) {
            body = body.replace_all(&form, "<redacted>");
        }
    }
    body
}

/// The reason of the `decode` error for an answer over [`response::MAX_ANSWER_BYTES`].
const TOO_BIG: &str = "the answer is larger than the 4 MiB an API answer may be";

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
        // An oversized answer would only come again, as large; so would a redirect elsewhere.
        Error::Decode { reason, .. } if reason == TOO_BIG => None,
        Error::Network { .. } if !error.retryable() => None,
        // A garbled answer to a read is worth another go, and so is a timeout: the server may
        // be slow.
        Error::Decode { .. } | Error::Network { .. } | Error::Timeout { .. } => Some(backoff()),
        _ => None,
    }
}
