//! The JavaScript-facing half: a handful of exported functions that take and give JSON text.
//! `js/client.js` holds the public API (`HiflyClient`, `parseCallback`, `verifyCallback`,
//! `HiflyError`, `ErrorCode`) and does what takes time: fetch, timeouts, retries, polling and
//! uploads. Everything that decides (checking input, building requests, decoding answers,
//! parsing callbacks, wording errors) happens here, in the core.
//!
//! Why JSON text: strings cross the wasm boundary in one copy, and `JSON.parse` builds a result
//! object faster than field-by-field `Reflect.set` calls, in far less `.wasm`.
//!
//! Every fallible method answers `{"ok": value}` or `{"error": {kind, message, ...}}`; the JS side
//! turns the latter into a thrown `HiflyError`. Nothing here panics on any input.

mod params;
mod results;

use wasm_bindgen::prelude::*;

use crate::core::callback as cb;
use crate::core::json::{self, Json, ObjectWriter};
use crate::core::validate::{self, UploadPurpose};
use crate::core::*;
use params::{FromJson, Params};
use results::ToJson;

fn answer(key: &str, value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 12);
    out.push_str("{\"");
    out.push_str(key);
    out.push_str("\":");
    out.push_str(value);
    out.push('}');
    out
}

fn ok(value: &str) -> String {
    answer("ok", value)
}

fn ok_with(result: &impl ToJson) -> String {
    let mut w = ObjectWriter::new();
    result.write(&mut w);
    ok(&w.finish())
}

/// The fields of a `HiflyError` for `e`, for the caller to add to before finishing.
fn error_fields(e: &Error) -> ObjectWriter {
    error_fields_saying(e, &e.message())
}

/// [`error_fields`] with another message.
fn error_fields_saying(e: &Error, message: &str) -> ObjectWriter {
    let mut w = ObjectWriter::new();
    w.str("kind", e.kind()).str("message", message);
    if let Some(code) = e.code() {
        w.int("code", code.as_i64()).str("codeName", code.name());
    }
    if let Some(status) = e.status() {
        w.int("status", i64::from(status));
    }
    w.opt_str("requestId", e.request_id())
        .bool("retryable", e.retryable());
    match e {
        Error::InvalidInput { field, .. } => {
            w.str("field", field);
        }
        Error::Http {
            retry_after_ms: Some(ms),
            ..
        } => {
            w.int("retryAfterMs", *ms as i64);
        }
        _ => {}
    }
    w
}

fn fail(e: &Error) -> String {
    answer("error", &error_fields(e).finish())
}

/// An `invalid_callback` refusal with its `reason` (secret, method, too_large, malformed,
/// unconfirmed).
fn refusal(reason: &str, message: &str) -> String {
    let mut w = error_fields(&Error::InvalidCallback {
        reason: message.into(),
    });
    w.str("reason", reason);
    answer("error", &w.finish())
}

/// Reads params and builds the request for endpoint `E`: `{method, path, body?, retry}`.
fn build<E: Endpoint + FromJson>(params: &Json<'_>) -> Result<String, Error> {
    write_request(&E::from_json(params)?.to_request(None)?)
}

fn write_request(req: &HttpRequest) -> Result<String, Error> {
    let mut w = ObjectWriter::new();
    w.str("method", req.method.as_str())
        .str("path", &req.path_and_query())
        .opt_str("body", req.body.as_deref())
        .bool("retry", req.retry_safe);
    Ok(w.finish())
}

/// Decodes an answer for endpoint `E` into its result's JSON.
fn decode_as<E: Endpoint>(resp: &HttpResponse) -> Result<String, Error>
where
    E::Output: ToJson,
{
    let out = E::from_response(resp)?;
    let mut w = ObjectWriter::new();
    out.write(&mut w);
    Ok(w.finish())
}

type Build = fn(&Json<'_>) -> Result<String, Error>;
type Decode = fn(&HttpResponse) -> Result<String, Error>;

macro_rules! ops {
    ($($t:ty,)*) => {
        /// Each endpoint's request builder and decoder, by its number in `js/client.js`.
        const OPS: &[(Build, Decode)] = &[$((build::<$t>, decode_as::<$t>),)*];
    };
}

// The numbers are the indexes, which `js/client.js` names in its `OP` table.
ops! {
    CreateAvatarByVideo,
    CreateAvatarByImage,
    GetAvatarTask,
    ListAvatars,
    CreateVoice,
    EditVoice,
    ListVoices,
    GetVoiceTask,
    CreateVideoByAudio,
    CreateVideoByTts,
    CreateAudioByTts,
    GetVideoTask,
    CreateUploadUrl,
    GetCredit,
}

/// Parses params text from `js/client.js` (always `JSON.stringify` output, so it parses).
fn with_json(text: &str, f: impl FnOnce(&Json<'_>) -> Result<String, Error>) -> String {
    let result = match json::parse(text) {
        Ok(value) => f(&value),
        Err(_) => Err(Error::invalid("params", "must be plain data")),
    };
    match result {
        Ok(value) => ok(&value),
        Err(e) => fail(&e),
    }
}

/// The documented error codes by name, as a JSON object.
#[wasm_bindgen]
pub fn codes() -> String {
    let mut w = ObjectWriter::new();
    for code in ErrorCode::ALL {
        w.int(code.name(), code.as_i64());
    }
    w.finish()
}

/// Checks the client options `{token?, baseUrl?, timeoutMs?, maxRetries?, fetch?}` (`fetch`
/// is checked by the caller) into `{base, auth?, timeoutMs, maxRetries}`.
#[wasm_bindgen]
pub fn config(options: &str) -> String {
    with_json(options, |v| {
        let mut p = Params::new(
            v,
            "options",
            &["token", "baseUrl", "timeoutMs", "maxRetries", "fetch"],
            true,
        )?;
        let base = p.opt_str("baseUrl");
        let token = p.opt_str("token");
        let timeout = p.opt_ms("timeoutMs").unwrap_or(60_000.0);
        let retries = p.opt_int("maxRetries");
        p.finish()?;
        let mut w = ObjectWriter::new();
        let base = base.unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
        validate::url("baseUrl", &base)?;
        if base.bytes().any(|b| b == b'?' || b == b'#') {
            return Err(Error::invalid(
                "baseUrl",
                "must not have a query or fragment",
            ));
        }
        w.str("base", base.trim_end_matches('/'));
        if let Some(token) = token {
            w.str("auth", &Token::new(token)?.bearer());
        }
        let retries = match retries {
            None => 2,
            Some(n @ 0..=10) => n,
            Some(n) => {
                let mut reason = String::from("must be between 0 and 10 (got ");
                json::write_int(&mut reason, n);
                reason.push(')');
                return Err(Error::invalid("maxRetries", reason));
            }
        };
        w.num("timeoutMs", timeout).int("maxRetries", retries);
        Ok(w.finish())
    })
}

/// Checks params for endpoint `op` and builds its request: `{method, path, body?, retry}`.
#[wasm_bindgen]
pub fn request(op: u32, params: &str) -> String {
    match OPS.get(op as usize) {
        Some((build, _)) => with_json(params, build),
        None => fail(&Error::invalid("op", "is not an endpoint")),
    }
}

/// Decodes the answer to endpoint `op`: its result, or the error it stands for.
/// `retry_after` is the header's value and `now` the clock (ms since 1970), for HTTP dates.
#[wasm_bindgen]
pub fn decode(
    op: u32,
    status: u16,
    retry_after: Option<String>,
    now: f64,
    body: Vec<u8>,
) -> String {
    let resp = HttpResponse {
        status,
        headers: retry_after
            .map(|v| vec![("retry-after".to_string(), v)])
            .unwrap_or_default(),
        body,
    };
    let result = match OPS.get(op as usize) {
        Some((_, decode)) => decode(&resp),
        None => Err(Error::invalid("op", "is not an endpoint")),
    };
    match result {
        Ok(value) => ok(&value),
        Err(mut e) => {
            if let Error::Http { retry_after_ms, .. } = &mut e {
                *retry_after_ms = resp.retry_after_ms(now);
            }
            let mut w = error_fields(&e);
            // 429 and 503 may say how long to wait even when the body is unreadable.
            if !matches!(e, Error::Http { .. }) {
                if let Some(ms) = resp.retry_after_ms(now) {
                    w.int("retryAfterMs", ms as i64);
                }
            }
            answer("error", &w.finish())
        }
    }
}

/// Checks an upload's type and purpose, and its size when known (`size` < 0 when not):
/// answers the normalised extension.
#[wasm_bindgen]
pub fn upload(ext: &str, size: f64, purpose: Option<String>) -> String {
    let purpose = match purpose.as_deref().map(UploadPurpose::from_name) {
        None => None,
        Some(Some(p)) => Some(p),
        Some(None) => {
            return fail(&Error::invalid(
                "purpose",
                "must be avatar_video, avatar_image, voice_audio or video_audio",
            ))
        }
    };
    let size = (size >= 0.0).then_some(size as u64);
    match validate::upload(ext, size, purpose) {
        Ok(ext) => {
            let mut s = String::new();
            json::write_str(&mut s, &ext);
            ok(&s)
        }
        Err(e) => fail(&e),
    }
}

/// The error for a PUT that the storage refused.
#[wasm_bindgen]
pub fn refused(status: u16, body: Vec<u8>) -> String {
    let e = Error::Http {
        status,
        snippet: response::snippet(&body),
        retry_after_ms: None,
    };
    let mut message = String::from("The upload was refused: ");
    message.push_str(&e.message());
    answer("error", &error_fields_saying(&e, &message).finish())
}

/// The `task_failed` error for a task that ended with status 4.
#[wasm_bindgen]
pub fn failed(task_id: &str, code: f64, message: &str) -> String {
    let code = code as i64;
    let mut text = String::from("Task ");
    text.push_str(task_id);
    text.push_str(" failed: ");
    text.push_str(if message.is_empty() {
        "no reason given"
    } else {
        message
    });
    let mut w = ObjectWriter::new();
    if code != 0 {
        let c = ErrorCode::from_i64(code);
        text.push_str(" (");
        text.push_str(c.description());
        text.push_str(", ");
        json::write_int(&mut text, code);
        text.push(')');
        w.str("kind", "task_failed")
            .str("message", &text)
            .int("code", code)
            .str("codeName", c.name());
    } else {
        w.str("kind", "task_failed").str("message", &text);
    }
    w.bool("retryable", false).str("taskId", task_id);
    answer("error", &w.finish())
}

/// Parses a callback body of at most `max` bytes.
#[wasm_bindgen]
pub fn callback(body: &[u8], max: u32) -> String {
    match cb::parse_callback_limited(body, max as usize) {
        Ok(c) => ok_with(&c),
        Err(e) => {
            let reason = if body.len() > max as usize {
                "too_large"
            } else {
                "malformed"
            };
            let mut w = error_fields(&e);
            w.str("reason", reason);
            answer("error", &w.finish())
        }
    }
}

/// [`Core::callback`] for a body handed over as a string.
#[wasm_bindgen(js_name = callbackText)]
pub fn callback_text(body: &str, max: u32) -> String {
    callback(body.as_bytes(), max)
}

/// Checks a callback secret, then whether `url`'s last path segment carries it (in
/// constant time).
#[wasm_bindgen]
pub fn secret(secret: &str, url: &str) -> String {
    if let Err(e) = cb::check_secret(secret) {
        return fail(&e);
    }
    if cb::secret_matches(url, secret) {
        ok("true")
    } else {
        refusal("secret", "the callback URL does not carry the secret")
    }
}

/// Whether the API's `status` (and avatar or voice id) confirms a parsed callback's claim: its
/// `type`, status and avatar or voice id, as `callback` answered them.
#[wasm_bindgen]
pub fn confirms(
    kind: u32,
    claimed_status: f64,
    claimed_id: Option<String>,
    status: f64,
    result_id: Option<String>,
) -> bool {
    cb::confirms_claim(
        i64::from(kind),
        TaskStatus::from_i64(claimed_status as i64),
        claimed_id.as_deref(),
        TaskStatus::from_i64(status as i64),
        result_id.as_deref(),
    )
}

/// An `invalid_callback` refusal with its `reason`.
#[wasm_bindgen]
pub fn refuse(reason: &str, message: &str) -> String {
    refusal(reason, message)
}
