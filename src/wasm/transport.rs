//! Sending core requests over `fetch`: per-attempt timeouts, the caller's AbortSignal, and
//! retries with backoff for the requests the core marks safe to resend.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::error::Failure;
use super::js;
use crate::core::{Endpoint, HttpRequest, HttpResponse, Token};

/// The first retry waits about this long; each later one twice as long.
const BACKOFF_BASE_MS: f64 = 500.0;
/// No backoff step waits longer than this.
const BACKOFF_CAP_MS: f64 = 8_000.0;
/// A Retry-After longer than this is not waited out: the error goes to the caller instead.
const RETRY_AFTER_CAP_MS: u64 = 60_000;

/// What every call of one client shares.
pub struct Config {
    /// The bearer token; `None` behind a proxy that adds it.
    pub token: Option<Token>,
    /// Where the API is, without a trailing slash.
    pub base_url: String,
    /// Per-attempt timeout; 0 means none.
    pub timeout_ms: f64,
    /// How many times a retry-safe request may be resent.
    pub max_retries: u32,
    /// A custom `fetch`, or `undefined` for the global one (looked up at each call).
    pub fetch: JsValue,
}

/// Per-call options: `{signal, timeoutMs}`.
#[derive(Clone)]
pub struct CallOpts {
    /// The caller's AbortSignal, or `undefined`.
    pub signal: JsValue,
    /// Per-attempt timeout for this call.
    pub timeout_ms: f64,
}

impl CallOpts {
    /// The defaults of `config`, with nothing to abort.
    pub fn defaults(config: &Config) -> CallOpts {
        CallOpts {
            signal: JsValue::UNDEFINED,
            timeout_ms: config.timeout_ms,
        }
    }
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

/// Whether the caller's signal has fired.
pub fn aborted(signal: &JsValue) -> bool {
    !signal.is_undefined() && js::get(signal, "aborted").as_bool() == Some(true)
}

/// Waits `ms`, or fails with `aborted` as soon as the signal fires.
pub async fn sleep(ms: f64, signal: &JsValue) -> Result<(), Failure> {
    JsFuture::from(js::sleep(ms, signal))
        .await
        .map(drop)
        .map_err(Failure::from_js)
}

/// "Equal jitter" backoff before retry number `attempt` (0-based): half fixed, half random.
fn backoff_ms(attempt: u32) -> f64 {
    let step = (BACKOFF_BASE_MS * 2f64.powi(attempt as i32)).min(BACKOFF_CAP_MS);
    step / 2.0 + js_sys::Math::random() * step / 2.0
}

/// Converts `{status, headers, body}` from `js/runtime.js` into a core response.
pub fn to_response(v: &JsValue) -> HttpResponse {
    let status = js::get(v, "status").as_f64().unwrap_or(0.0) as u16;
    let headers = Array::from(&js::get(v, "headers"))
        .iter()
        .map(|pair| {
            let pair = Array::from(&pair);
            (
                pair.get(0).as_string().unwrap_or_default(),
                pair.get(1).as_string().unwrap_or_default(),
            )
        })
        .collect();
    let body = Uint8Array::new(&js::get(v, "body")).to_vec();
    HttpResponse {
        status,
        headers,
        body,
    }
}

/// Sends `req` and decodes the answer with `decode`, resending it only if the core marks it
/// retry-safe: on network errors, timeouts, 429 and 5xx (waiting out `Retry-After`), and on a 2xx
/// whose body does not decode (a garbled answer to an idempotent read is worth another go).
///
/// Not generic on purpose: one copy of this state machine serves every endpoint.
pub async fn send(
    config: &Config,
    req: &HttpRequest,
    opts: &CallOpts,
    decode: Decode,
) -> Result<JsValue, Failure> {
    let url = req.url(&config.base_url);
    let headers: Array = req
        .headers
        .iter()
        .map(|(k, v)| Array::of2(&JsValue::from_str(k), &JsValue::from_str(v)))
        .collect();
    let body = req
        .body
        .as_deref()
        .map_or(JsValue::UNDEFINED, JsValue::from_str);
    let mut attempt = 0;
    loop {
        let sent = JsFuture::from(js::send(
            &config.fetch,
            &url,
            req.method.as_str(),
            headers.clone().into(),
            body.clone(),
            opts.timeout_ms,
            &opts.signal,
        ))
        .await;
        let (failure, wait_ms) = match sent {
            Ok(raw) => {
                let resp = to_response(&raw);
                let failure = match decode(&resp) {
                    Ok(result) => return Ok(result),
                    Err(f) => f,
                };
                let wait = if resp.status == 429 || (500..600).contains(&resp.status) {
                    match resp.retry_after_ms(js_sys::Date::now()) {
                        Some(ms) if ms > RETRY_AFTER_CAP_MS => None,
                        Some(ms) => Some(ms as f64),
                        None => Some(backoff_ms(attempt)),
                    }
                } else {
                    (failure.kind == "decode").then(|| backoff_ms(attempt))
                };
                (failure, wait)
            }
            Err(e) => {
                // Say which call failed; the path and query never hold the token.
                let mut f = Failure::from_js(e);
                f.message = format!("{} {}: {}", req.method.as_str(), req.path, f.message);
                // A timeout may mean the server is slow, not down: for GETs it is worth one more go.
                let wait = (f.kind != "aborted").then(|| backoff_ms(attempt));
                (f, wait)
            }
        };
        match wait_ms {
            Some(ms) if req.retry_safe && attempt < config.max_retries => {
                sleep(ms, &opts.signal).await?;
                attempt += 1;
            }
            _ => return Err(failure),
        }
    }
}

/// A JS result made from a core result.
pub trait IntoJs {
    /// The plain JS object, with the wire's snake_case names.
    fn into_js(self) -> JsValue;
}

/// A decoder of one endpoint's response into its JS result.
pub type Decode = fn(&HttpResponse) -> Result<JsValue, Failure>;

/// Decodes a response for endpoint `E` into its JS result: the one generic step per endpoint.
pub fn decode<E: Endpoint>(resp: &HttpResponse) -> Result<JsValue, Failure>
where
    E::Output: IntoJs,
{
    E::from_response(resp).map(IntoJs::into_js).map_err(|e| {
        let mut f = Failure::from(e);
        f.retry_after_ms = resp.retry_after_ms(js_sys::Date::now());
        f
    })
}
