//! `parseCallback` and `verifyCallback`: turning HiFly's unsigned callbacks into trusted facts.

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;

use super::convert::{Out, Params};
use super::engine::{rejected, Checker};
use super::error::Failure;
use super::js;
use crate::core;
use crate::core::callback::{self as cb, Callback, MAX_CALLBACK_BYTES};

/// The largest body limit `verifyCallback` accepts.
const MAX_BODY_LIMIT: i64 = 1024 * 1024;

/// Parses a HiFly callback body (a string, a Uint8Array, an ArrayBuffer or an already parsed
/// object) into `{type, task_id, status, code, message, ...}`; a malformed body throws
/// `invalid_callback`.
#[wasm_bindgen(js_name = parseCallback, unchecked_return_type = "HiflyCallback")]
pub fn parse_callback(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer | object")]
    body: JsValue,
) -> Result<JsValue, JsValue> {
    let bytes = body_bytes(&body).map_err(Failure::into_js)?;
    parse(&bytes, MAX_CALLBACK_BYTES)
        .map(|c| to_js(&c))
        .map_err(Failure::into_js)
}

fn body_bytes(body: &JsValue) -> Result<Vec<u8>, Failure> {
    if let Some(text) = body.as_string() {
        Ok(text.into_bytes())
    } else if body.is_instance_of::<Uint8Array>() || body.is_instance_of::<js_sys::ArrayBuffer>() {
        Ok(Uint8Array::new(body).to_vec())
    } else if body.is_object() {
        js::json_stringify(body)
            .ok()
            .and_then(|s| s.as_string())
            .map(String::into_bytes)
            .ok_or_else(|| refused("malformed", "the object cannot be read as JSON"))
    } else {
        Err(refused(
            "malformed",
            "the body must be a string, a Uint8Array, an ArrayBuffer or an object",
        ))
    }
}

pub(super) fn parse(bytes: &[u8], max: usize) -> Result<Callback, Failure> {
    cb::parse_callback_limited(bytes, max).map_err(|e| {
        let too_large = bytes.len() > max;
        let mut f = Failure::from(e);
        f.reason = Some(if too_large { "too_large" } else { "malformed" });
        f
    })
}

pub(super) fn refused(reason: &'static str, message: &str) -> Failure {
    let mut f = Failure::from(core::Error::InvalidCallback {
        reason: message.into(),
    });
    f.reason = Some(reason);
    f
}

pub(super) fn to_js(c: &Callback) -> JsValue {
    let task = c.task();
    let out = Out::new()
        .set("type", c.type_id() as f64)
        .set("task_id", task.task_id.as_str())
        .set("status", task.status.as_i64() as f64)
        .set("code", task.code as f64)
        .set("message", task.message.as_str());
    match c {
        Callback::Video(v) => out
            .opt("video_url", v.video_url.as_deref())
            .opt("duration", v.duration)
            .opt("title", v.title.as_deref()),
        Callback::Avatar(a) => out.opt("avatar", a.avatar.as_deref()),
        Callback::Voice(v) => out
            .opt("voice", v.voice.as_deref())
            .opt("demo_url", v.demo_url.as_deref()),
    }
    .done()
}

/// Verifies a callback `Request` and resolves its parsed payload.
///
/// Options: `{secret, client?, maxBodyBytes?}`. In order: the last path segment must equal
/// `secret` (constant time), the method must be POST, the body at most `maxBodyBytes` (64 KiB by
/// default), and the payload one of the documented ones. With `client`, the claimed status
/// (and avatar or voice id) must match the API's own answer for the task. A refusal rejects with
/// `invalid_callback` and a `reason` (secret, method, too_large, malformed, unconfirmed); a
/// failure to reach the API rejects with the client's own error, so the receiver can answer
/// non-200 and let HiFly retry.
#[wasm_bindgen(js_name = verifyCallback, unchecked_return_type = "Promise<VerifiedCallback>")]
pub fn verify_callback(
    #[wasm_bindgen(unchecked_param_type = "Request")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: JsValue,
) -> Promise {
    match verify_ready(&request, &options) {
        Ok((max, client)) => js::verify(&request, &Checker::new(max).into(), max as f64, &client),
        Err(f) => rejected(f),
    }
}

/// The checks that need no body: the options, the request, its secret and its method.
fn verify_ready(request: &JsValue, options: &JsValue) -> Result<(usize, JsValue), Failure> {
    let p = Params::new(
        options,
        "options",
        &["secret", "client", "maxBodyBytes"],
        false,
    )?;
    let secret = p.str("secret")?;
    cb::check_secret(&secret)?;
    let max = match p.opt_int("maxBodyBytes")? {
        None => MAX_CALLBACK_BYTES as i64,
        Some(n @ 1..=MAX_BODY_LIMIT) => n,
        Some(_) => {
            return Err(Failure::invalid(
                "maxBodyBytes",
                format!("must be between 1 and {MAX_BODY_LIMIT}"),
            ))
        }
    };
    let client = p.raw("client").unwrap_or(JsValue::UNDEFINED);
    let url = js::get(request, "url").as_string();
    let Some(url) = url.filter(|_| request.is_object()) else {
        return Err(Failure::invalid("request", "must be a fetch Request"));
    };
    // The secret first: a wrong one costs no body read. Its segment is the URL's last.
    if !cb::secret_matches(&url, &secret) {
        return Err(refused(
            "secret",
            "the callback URL does not carry the secret",
        ));
    }
    if js::get(request, "method").as_string().as_deref() != Some("POST") {
        return Err(refused("method", "callbacks are POSTed"));
    }
    Ok((max as usize, client))
}
