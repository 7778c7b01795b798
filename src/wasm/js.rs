//! Bindings to `js/runtime.js`, the package's small platform glue, and to a few globals.

use js_sys::{Function, Object, Promise};
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

    /// Resolves after `ms`; rejects (tagged "aborted") when `signal` aborts first.
    pub fn sleep(ms: f64, signal: &JsValue) -> Promise;

    /// One HTTP exchange with the body fully read: resolves `{status, headers, body}`; rejects
    /// tagged "timeout", "aborted" or "network".
    pub fn send(
        fetch: &JsValue,
        url: &str,
        method: &str,
        headers: JsValue,
        body: JsValue,
        timeout_ms: f64,
        signal: &JsValue,
    ) -> Promise;

    /// The size of upload data when known without reading it, else -1.
    #[wasm_bindgen(js_name = byteSize)]
    pub fn byte_size(data: &JsValue) -> f64;

    /// "blob", "bytes", "stream", or "" for data the package does not accept.
    #[wasm_bindgen(js_name = uploadKind)]
    pub fn upload_kind(data: &JsValue) -> String;

    /// In browsers, gathers a stream into a Blob; elsewhere returns it as it is.
    #[wasm_bindgen(js_name = prepareStream)]
    pub fn prepare_stream(stream: &JsValue) -> Promise;

    /// PUTs data to a signed URL with only a Content-Type header; XHR when progress is wanted.
    pub fn put(
        fetch: &JsValue,
        url: &str,
        content_type: &str,
        data: &JsValue,
        on_progress: &JsValue,
        timeout_ms: f64,
        signal: &JsValue,
    ) -> Promise;

    /// An async iterator over every item of every page of `fetch_page(page)`.
    pub fn paginate(fetch_page: &Function, size: f64) -> JsValue;

    /// Resolves `{body, tooLarge}` of a Request, reading at most `max` bytes.
    #[wasm_bindgen(js_name = readRequest)]
    pub fn read_request(request: &JsValue, max: f64) -> Promise;

    /// `client[method](task_id)`, as a promise.
    #[wasm_bindgen(js_name = callMethod)]
    pub fn call_method(client: &JsValue, method: &str, task_id: &str) -> Promise;
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
