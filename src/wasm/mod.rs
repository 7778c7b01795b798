//! The JavaScript-facing skin: `HiflyClient`, `parseCallback`, `ErrorCode` and `HiflyError`,
//! a thin layer over [`crate::core`] that does I/O through `fetch` (and XHR for upload progress).

// Failures are the cold path and end as a JS object at once; boxing them would only add code.
#![allow(clippy::result_large_err)]

mod client;
mod convert;
mod error;
mod js;
mod params;
mod results;
mod transport;

pub use client::HiflyClient;

use js_sys::{Object, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::core::{self, Callback, ErrorCode};
use convert::Out;
use error::Failure;

/// Parses a HiFly callback body (a string, a Uint8Array or an already parsed object) into
/// `{type, task_id, status, code, message, ...}`; a malformed body throws `invalid_callback`.
#[wasm_bindgen(js_name = parseCallback)]
pub fn parse_callback(body: JsValue) -> Result<JsValue, JsValue> {
    parse_callback_value(&body).map_err(Failure::into_js)
}

fn parse_callback_value(body: &JsValue) -> Result<JsValue, Failure> {
    let bytes = if let Some(text) = body.as_string() {
        text.into_bytes()
    } else if body.is_instance_of::<Uint8Array>() || body.is_instance_of::<js_sys::ArrayBuffer>() {
        Uint8Array::new(body).to_vec()
    } else if body.is_object() {
        js::json_stringify(body)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| invalid_callback("the object cannot be read as JSON"))?
            .into_bytes()
    } else {
        return Err(invalid_callback(
            "the body must be a string, a Uint8Array or an object",
        ));
    };
    let cb = core::parse_callback(&bytes)?;
    Ok(callback_to_js(&cb))
}

fn invalid_callback(reason: &str) -> Failure {
    core::Error::InvalidCallback {
        reason: reason.into(),
    }
    .into()
}

fn callback_to_js(cb: &Callback) -> JsValue {
    let task = cb.task();
    let out = Out::new()
        .num("type", cb.type_id() as f64)
        .str("task_id", &task.task_id)
        .num("status", task.status.as_i64() as f64)
        .num("code", task.code as f64)
        .str("message", &task.message);
    match cb {
        Callback::Video(v) => out
            .opt_str("video_url", v.video_url.as_deref())
            .opt_num("duration", v.duration)
            .opt_str("title", v.title.as_deref()),
        Callback::Avatar(a) => out.opt_str("avatar", a.avatar.as_deref()),
        Callback::Voice(v) => out
            .opt_str("voice", v.voice.as_deref())
            .opt_str("demo_url", v.demo_url.as_deref()),
    }
    .done()
}

/// The documented error codes by name, e.g. `{InsufficientCredits: 1002, ...}`.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> JsValue {
    let obj = Object::new();
    for code in ErrorCode::ALL {
        js::set(&obj, code.name(), code.as_i64() as f64);
    }
    Object::freeze(&obj).into()
}

/// The `HiflyError` class, for `instanceof` checks.
#[wasm_bindgen(js_name = hiflyErrorClass)]
pub fn hifly_error_class() -> JsValue {
    js::error_class()
}
