//! The synchronous half of every call. Rust builds each request (so bad input never leaves) and
//! decodes each answer; `js/runtime.js` does the waiting in between: fetch, timeouts, retries,
//! polling and uploads. Nothing here is async, so the `.wasm` carries no futures machinery.
//!
//! `js/runtime.js` cannot import this crate's exports (it is imported by them), so it reaches
//! Rust through the two handles made here: an [`Engine`] per client and a [`Checker`] per
//! `verifyCallback`.

use std::rc::Rc;

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

use super::convert::{Out, Params};
use super::error::Failure;
use super::js;
use crate::core::callback as cb;
use crate::core::validate::{self, UploadPurpose};
use crate::core::*;

/// What every call of one client shares on the Rust side; the rest (timeouts, retries, the
/// custom fetch) lives in the client's JS state.
pub struct Config {
    /// The bearer token; `None` behind a proxy that adds it.
    pub token: Option<Token>,
    /// Where the API is, without a trailing slash.
    pub base_url: String,
}

/// A JS result made from a core result.
pub trait IntoJs {
    /// The plain JS object, with the wire's snake_case names.
    fn into_js(self) -> JsValue;
}

/// A decoder of one endpoint's response into its JS result.
type Decode = fn(&HttpResponse) -> Result<JsValue, Failure>;

/// Decodes a response for endpoint `E` into its JS result: the one generic step per endpoint.
fn decode<E: Endpoint>(resp: &HttpResponse) -> Result<JsValue, Failure>
where
    E::Output: IntoJs,
{
    E::from_response(resp).map(IntoJs::into_js).map_err(|e| {
        let mut f = Failure::from(e);
        f.retry_after_ms = resp.retry_after_ms(js_sys::Date::now());
        f
    })
}

/// Each endpoint's number, by which JS asks [`Engine::decode`] for its decoder.
pub trait Op: Endpoint {
    /// The index into [`DECODERS`].
    const OP: u32;
}

macro_rules! ops {
    ($($n:literal => $t:ty,)*) => {
        $(impl Op for $t { const OP: u32 = $n; })*
        /// The decoders, in the order of their numbers.
        const DECODERS: &[Decode] = &[$(decode::<$t>,)*];
    };
}

ops! {
    0 => CreateAvatarByVideo,
    1 => CreateAvatarByImage,
    2 => GetAvatarTask,
    3 => ListAvatars,
    4 => CreateVoice,
    5 => EditVoice,
    6 => ListVoices,
    7 => GetVoiceTask,
    8 => CreateVideoByAudio,
    9 => CreateVideoByTts,
    10 => CreateAudioByTts,
    11 => GetVideoTask,
    12 => CreateUploadUrl,
    13 => GetCredit,
}

/// Reads a timeout option: a finite number of milliseconds ≥ 0 (0 means none).
pub fn timeout_value(v: Option<JsValue>, field: &'static str) -> Result<Option<f64>, Failure> {
    match v {
        None => Ok(None),
        Some(v) => match v.as_f64() {
            Some(n) if n.is_finite() && n >= 0.0 => Ok(Some(n)),
            _ => Err(Failure::invalid(
                field,
                "must be a number of milliseconds, 0 or more",
            )),
        },
    }
}

/// Reads an AbortSignal option.
pub fn signal_value(v: Option<JsValue>) -> Result<JsValue, Failure> {
    match v {
        None => Ok(JsValue::UNDEFINED),
        Some(v) if v.is_object() && js::get(&v, "aborted").as_bool().is_some() => Ok(v),
        Some(_) => Err(Failure::invalid("signal", "must be an AbortSignal")),
    }
}

/// Reads the last argument of every method, `{signal?, timeoutMs?}`, into the JS call options
/// `{signal, timeoutMs}` (a missing timeout is left for the client's default).
pub fn call_opts(options: &JsValue) -> Result<JsValue, Failure> {
    let p = Params::new(options, "options", &["signal", "timeoutMs"], true)?;
    Ok(Out::new()
        .set("signal", signal_value(p.raw("signal"))?)
        .opt("timeoutMs", timeout_value(p.raw("timeoutMs"), "timeoutMs")?)
        .done())
}

/// A core request as `{op, method, url, path, headers, body?, retry}` for `js/runtime.js`.
pub fn request_js<E: Op>(endpoint: &E, config: &Config) -> Result<JsValue, Failure> {
    let req = endpoint.to_request(config.token.as_ref())?;
    let headers = Object::new();
    for (name, value) in &req.headers {
        js::set(&headers, name, value.as_str());
    }
    Ok(Out::new()
        .set("op", E::OP)
        .set("method", req.method.as_str())
        .set("url", req.url(&config.base_url))
        .set("path", req.path)
        .set("headers", headers)
        .opt("body", req.body)
        .set("retry", req.retry_safe)
        .done())
}

/// A promise rejected with `f` as a `HiflyError`.
pub fn rejected(f: Failure) -> Promise {
    Promise::reject(&f.into_js())
}

/// A client's Rust half, held by its JS state: decoding, page requests and upload checks.
#[wasm_bindgen(skip_typescript)]
pub struct Engine {
    config: Rc<Config>,
}

impl Engine {
    /// An engine sharing `config`.
    pub fn new(config: Rc<Config>) -> Engine {
        Engine { config }
    }
}

#[wasm_bindgen]
impl Engine {
    /// Decodes the answer to request `op`: its result, or a thrown `HiflyError`.
    pub fn decode(
        &self,
        op: u32,
        status: u16,
        retry_after: Option<String>,
        body: Vec<u8>,
    ) -> Result<JsValue, JsValue> {
        let headers = retry_after
            .map(|v| vec![("retry-after".to_string(), v)])
            .unwrap_or_default();
        let resp = HttpResponse {
            status,
            headers,
            body,
        };
        let decode = DECODERS.get(op as usize).ok_or(JsValue::UNDEFINED)?;
        decode(&resp).map_err(Failure::into_js)
    }

    /// The request for page `page` of the avatar list (`avatars`) or the voice list.
    pub fn page(
        &self,
        avatars: bool,
        page: f64,
        size: f64,
        kind: Option<f64>,
    ) -> Result<JsValue, JsValue> {
        let page = Page {
            page: Some(page as i64),
            size: Some(size as i64),
            kind: kind.map(|k| k as i64),
        };
        let req = if avatars {
            request_js(&ListAvatars { page }, &self.config)
        } else {
            request_js(&ListVoices { page }, &self.config)
        };
        req.map_err(Failure::into_js)
    }

    /// Checks an upload's size, once it is known, against the limits of its type and purpose.
    #[wasm_bindgen(js_name = uploadSize)]
    pub fn upload_size(
        &self,
        ext: &str,
        size: f64,
        purpose: Option<String>,
    ) -> Result<(), JsValue> {
        let purpose = purpose.as_deref().and_then(UploadPurpose::from_name);
        validate::upload(ext, Some(size as u64), purpose)
            .map(drop)
            .map_err(|e| Failure::from(e).into_js())
    }

    /// The error for a PUT the storage refused.
    #[wasm_bindgen(js_name = uploadRefused)]
    pub fn upload_refused(&self, status: u16, body: Vec<u8>) -> JsValue {
        let mut f = Failure::from(Error::Http {
            status,
            snippet: response::snippet(&body),
            retry_after_ms: None,
        });
        f.message = format!("The upload was refused: {}", f.message);
        f.into_js()
    }

    /// The `task_failed` error for a task that ended with status 4.
    #[wasm_bindgen(js_name = taskFailed)]
    pub fn task_failed(&self, task_id: &str, code: f64, message: &str) -> JsValue {
        Failure::task_failed(task_id, code as i64, message).into_js()
    }
}

/// `verifyCallback`'s Rust half: the strict parse and the confirmation, for `js/runtime.js`.
#[wasm_bindgen(skip_typescript)]
pub struct Checker {
    max: usize,
}

impl Checker {
    /// A checker for bodies of at most `max` bytes.
    pub fn new(max: usize) -> Checker {
        Checker { max }
    }
}

#[wasm_bindgen]
impl Checker {
    /// Parses a callback body; a refusal throws `invalid_callback` with its reason.
    pub fn parse(&self, body: &[u8]) -> Result<JsValue, JsValue> {
        super::callback::parse(body, self.max)
            .map(|c| super::callback::to_js(&c))
            .map_err(Failure::into_js)
    }

    /// Whether the API's `status` (and avatar or voice id) confirms the callback in `body`.
    pub fn confirms(&self, body: &[u8], status: f64, result_id: Option<String>) -> bool {
        match cb::parse_callback_limited(body, self.max) {
            Ok(c) => cb::confirms(
                &c,
                TaskStatus::from_i64(status as i64),
                result_id.as_deref(),
            ),
            Err(_) => false,
        }
    }

    /// The method that asks the API about the callback's task, and the result field to compare.
    pub fn query(&self, kind: f64) -> Vec<JsValue> {
        let (method, field) = match kind as i64 {
            1 => ("getVideoTask", ""),
            2 => ("getAvatarTask", "avatar"),
            _ => ("getVoiceTask", "voice"),
        };
        vec![method.into(), field.into()]
    }

    /// An `invalid_callback` refusal with its `reason`.
    pub fn refuse(&self, reason: &str, message: &str) -> JsValue {
        let reason = match reason {
            "too_large" => "too_large",
            "unconfirmed" => "unconfirmed",
            _ => "malformed",
        };
        super::callback::refused(reason, message).into_js()
    }
}
