//! The JavaScript-facing skin: `HiflyClient`, `parseCallback`, `ErrorCode` and `HiflyError`,
//! a thin layer over [`crate::core`] that does I/O through `fetch` (and XHR for upload progress).

mod callback;
mod client;
mod convert;
mod engine;
mod error;
mod js;
mod params;
mod results;
mod types;

pub use callback::{parse_callback, verify_callback};
pub use client::HiflyClient;

use js_sys::Object;
use wasm_bindgen::prelude::*;

use crate::core::ErrorCode;

/// The documented error codes by name, e.g. `{InsufficientCredits: 1002, ...}`; the package
/// exports it as `ErrorCode`.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "Readonly<Record<string, number>>")]
pub fn error_codes() -> JsValue {
    let obj = Object::new();
    for code in ErrorCode::ALL {
        js::set(&obj, code.name(), code.as_i64() as f64);
    }
    Object::freeze(&obj).into()
}

/// The `HiflyError` class, for `instanceof` checks; the package exports it as `HiflyError`.
#[wasm_bindgen(js_name = hiflyErrorClass, unchecked_return_type = "Function")]
pub fn hifly_error_class() -> JsValue {
    js::error_class()
}
