//! Bindings to `js/runtime.js`, the package's small platform glue, and to a few globals.

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// The `HiflyError` class (an `Error` subclass).
    #[wasm_bindgen(js_name = HiflyError)]
    pub type HiflyErrorJs;

    /// A new `HiflyError` with its fields.
    #[wasm_bindgen(constructor, js_class = "HiflyError")]
    pub fn new(message: &str, fields: &Object) -> HiflyErrorJs;

    /// The class itself, for the package to export.
    #[wasm_bindgen(js_name = errorClass)]
    pub fn error_class() -> JsValue;

    /// Sends a request built by the engine, with retries, and resolves its decoded result.
    pub fn call(state: &JsValue, req: &JsValue, opts: &JsValue) -> Promise;

    /// Polls a task request until the task ends.
    #[wasm_bindgen(js_name = waitFor)]
    pub fn wait_for(
        state: &JsValue,
        req: &JsValue,
        task_id: &str,
        interval_ms: f64,
        overall_ms: f64,
        signal: &JsValue,
        on_status: &JsValue,
    ) -> Promise;

    /// Asks for an upload URL, then PUTs the data there; resolves `{file_id, request_id?}`.
    #[allow(clippy::too_many_arguments)]
    pub fn upload(
        state: &JsValue,
        req: &JsValue,
        data: &JsValue,
        ext: &str,
        purpose: &JsValue,
        on_progress: &JsValue,
        signal: &JsValue,
        timeout_ms: f64,
    ) -> Promise;

    /// The size of upload data when known without reading it, else -1.
    #[wasm_bindgen(js_name = byteSize)]
    pub fn byte_size(data: &JsValue) -> f64;

    /// "blob", "bytes", "stream", or "" for data the package does not accept.
    #[wasm_bindgen(js_name = uploadKind)]
    pub fn upload_kind(data: &JsValue) -> String;

    /// An async iterator over every item of every page of a list.
    pub fn paginate(
        state: &JsValue,
        avatars: bool,
        size: f64,
        kind: &JsValue,
        opts: &JsValue,
    ) -> JsValue;

    /// Reads the body of a callback Request and checks it with `checker`.
    pub fn verify(request: &JsValue, checker: &JsValue, max: f64, client: &JsValue) -> Promise;
}

#[wasm_bindgen]
extern "C" {
    /// `JSON.stringify`, for callback bodies handed over as objects.
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    pub fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;
}

/// `value[key]`, or `undefined` when `value` is not an object or reading throws.
pub fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Sets `obj[key] = value` on a plain object made here (cannot fail).
pub fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), &value.into());
}
