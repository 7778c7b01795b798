//! From an answer to the result it carries, or to the error it stands for.
//!
//! Every endpoint shares this envelope: 401 means the token was refused, other non-2xx statuses
//! are transport trouble, and a 2xx body is a JSON object whose non-zero `code` is a business
//! error. Who parses the JSON is left open ([`Body`]): natively serde_json, in the `.wasm` the JS
//! engine's `JSON.parse`, read through serde-wasm-bindgen.

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Deserialize;

use crate::core::{wire, Error, ErrorCode};

/// Bodies are quoted in errors up to this many characters.
pub const SNIPPET_CHARS: usize = 200;

/// The largest API answer read, in bytes. The largest real answer, a page of a list, is a few
/// KB; a bigger one is refused as a `decode` error instead of being decoded into memory.
pub const MAX_ANSWER_BYTES: usize = 4 * 1024 * 1024;

/// The start of a text, with whitespace runs folded, for error messages.
pub fn snippet(text: &str) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut last_space = false;
    for c in text.chars() {
        if count >= SNIPPET_CHARS {
            out.push('…');
            break;
        }
        if c.is_whitespace() || c.is_control() {
            if !last_space && !out.is_empty() {
                out.push(' ');
                count += 1;
            }
            last_space = true;
        } else {
            out.push(c);
            count += 1;
            last_space = false;
        }
    }
    out.trim_end().to_string()
}

/// A JSON document parsed by someone: serde_json natively, the JS engine in the `.wasm`.
pub trait Document {
    /// JSON's name for the value's type: `object`, `array`, `string`, …
    fn type_name(&self) -> &'static str;
    /// Reads the document as `T`; the error names the path of the bad field, if any.
    fn read<T: DeserializeOwned>(&self) -> Result<T, ReadError>;
}

/// Why a document did not read as the type wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// Where: `data[3].avatar`, or empty for the document itself.
    pub path: String,
    /// What serde said.
    pub message: String,
}

impl ReadError {
    /// From serde_path_to_error's answer: the path, and the inner message.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_path<E: std::fmt::Display>(e: serde_path_to_error::Error<E>) -> ReadError {
        let path = e.path().to_string();
        ReadError {
            path: if path == "." { String::new() } else { path },
            message: {
                let m = e.inner().to_string();
                // serde-wasm-bindgen's errors are JS Errors, whose text starts "Error: ".
                m.strip_prefix("Error: ").map(str::to_string).unwrap_or(m)
            },
        }
    }

    /// The message with its path: "field `data[0].avatar`: invalid type: …".
    pub fn describe(&self) -> String {
        if self.path.is_empty() {
            self.message.clone()
        } else {
            format!("field `{}`: {}", self.path, self.message)
        }
    }
}

/// The body of an answer, as the transport holds it.
pub trait Body {
    /// The parsed form.
    type Doc: Document;
    /// The body's start, for error messages.
    fn snippet(&self) -> String;
    /// Whether the body is empty or only whitespace.
    fn is_blank(&self) -> bool;
    /// Whether the body starts (after whitespace) with `<`: an HTML or XML page.
    fn is_markup(&self) -> bool;
    /// The body parsed as JSON, or the parser's complaint.
    fn parse(&self) -> Result<Self::Doc, String>;
}

/// The fields every answer may carry around its result.
#[derive(Deserialize)]
struct Envelope {
    #[serde(default, deserialize_with = "wire::opt_int")]
    code: Option<i64>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    message: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    request_id: Option<String>,
    #[serde(default)]
    status: Option<IgnoredAny>,
}

/// A task answer's status alone, read only to tell a task's answer from an error's.
#[derive(Deserialize)]
struct StatusOnly {
    #[serde(default, deserialize_with = "wire::opt_int")]
    status: Option<i64>,
}

/// Whether an answer with a non-zero code is a task's: its status is one of the four (1–4)
/// documented. A status of 0 (a server that writes every field) or of an odd type is not.
fn is_task<D: Document>(doc: &D) -> bool {
    matches!(
        doc.read::<StatusOnly>(),
        Ok(StatusOnly {
            status: Some(1..=4)
        })
    )
}

/// The code alone, read when the whole envelope cannot be: a `message` or `request_id` of an odd
/// type must not hide an error code.
#[derive(Deserialize)]
struct CodeOnly {
    #[serde(default, deserialize_with = "wire::opt_int")]
    code: Option<i64>,
    #[serde(default)]
    status: Option<IgnoredAny>,
}

/// Decodes an answer: the result `T`, or the error the answer stands for.
///
/// `task_query` marks the task endpoints, where a body that carries a `status` of 1–4 is a task result
/// even when `code` is non-zero: a failed task is an answer, not a failed request.
pub fn decode<T: DeserializeOwned, B: Body + ?Sized>(
    status: u16,
    body: &B,
    task_query: bool,
) -> Result<T, Error> {
    let doc = envelope(status, body, task_query)?;
    doc.read()
        .map_err(|e| decode_error(status, body, e.describe()))
}

fn decode_error<B: Body + ?Sized>(status: u16, body: &B, reason: String) -> Error {
    Error::Decode {
        status,
        reason,
        snippet: body.snippet(),
    }
}

/// The part of [`decode`] that is the same for every result type: the status, the body's
/// shape and the envelope's `code`. Gives the parsed body of a success.
pub fn envelope<B: Body + ?Sized>(
    status: u16,
    body: &B,
    task_query: bool,
) -> Result<B::Doc, Error> {
    if status == 401 {
        // A 401 body may still say why, in the API's usual shape.
        let env = body.parse().ok().and_then(|d| d.read::<Envelope>().ok());
        let (message, request_id) = env.map_or((None, None), |e| (e.message, e.request_id));
        return Err(Error::Auth {
            message: message.unwrap_or_default(),
            request_id,
        });
    }
    if !(200..300).contains(&status) {
        return Err(Error::Http {
            status,
            snippet: body.snippet(),
            retry_after_ms: None,
        });
    }
    if body.is_blank() {
        return Err(decode_error(status, body, "the body is empty".into()));
    }
    if body.is_markup() {
        return Err(decode_error(
            status,
            body,
            "expected JSON but got HTML or XML".into(),
        ));
    }
    let doc = body
        .parse()
        .map_err(|e| decode_error(status, body, format!("invalid JSON: {e}")))?;
    if doc.type_name() != "object" {
        let reason = format!("expected a JSON object, got {}", doc.type_name());
        return Err(decode_error(status, body, reason));
    }
    let env: Envelope = match doc.read() {
        Ok(env) => env,
        Err(e) => match doc.read::<CodeOnly>() {
            Ok(CodeOnly {
                code: Some(code),
                status,
            }) if code != 0 => Envelope {
                code: Some(code),
                message: None,
                request_id: None,
                status,
            },
            _ => return Err(decode_error(status, body, e.describe())),
        },
    };
    // The upload-URL example in the vendor's page has no `code` at all: absent means success.
    let code = env.code.unwrap_or(0);
    // A task's answer carries its status (1–4) beside the code of a failed task; any other
    // status beside a non-zero code (a server that writes every field, `status: 0`) is not a
    // task's, and the code is the answer.
    if code != 0 && !(task_query && env.status.is_some() && is_task(&doc)) {
        return Err(Error::Api {
            code: ErrorCode::from_i64(code),
            message: env.message.unwrap_or_default(),
            request_id: env.request_id,
        });
    }
    Ok(doc)
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    //! serde_json as the parser, for native callers and `cargo test`.
    use super::*;

    /// A body parsed by serde_json: the text (read again for each type, so that large numeric
    /// ids keep every digit) and its value (for its type).
    pub struct JsonText {
        text: Vec<u8>,
        value: serde_json::Value,
    }

    impl Document for JsonText {
        fn type_name(&self) -> &'static str {
            match self.value {
                serde_json::Value::Null => "null",
                serde_json::Value::Bool(_) => "boolean",
                serde_json::Value::Number(_) => "number",
                serde_json::Value::String(_) => "string",
                serde_json::Value::Array(_) => "array",
                serde_json::Value::Object(_) => "object",
            }
        }
        fn read<T: DeserializeOwned>(&self) -> Result<T, ReadError> {
            let mut de = serde_json::Deserializer::from_slice(&self.text);
            serde_path_to_error::deserialize(&mut de).map_err(ReadError::from_path)
        }
    }

    impl Body for [u8] {
        type Doc = JsonText;
        fn snippet(&self) -> String {
            snippet(&String::from_utf8_lossy(
                &self[..self.len().min(SNIPPET_CHARS * 4)],
            ))
        }
        fn is_blank(&self) -> bool {
            self.iter().all(u8::is_ascii_whitespace)
        }
        fn is_markup(&self) -> bool {
            self.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
        }
        fn parse(&self) -> Result<JsonText, String> {
            if std::str::from_utf8(self).is_err() {
                return Err("the body is not UTF-8".into());
            }
            let value = serde_json::from_slice(self).map_err(|e| e.to_string())?;
            // The text is read again for each type: keep a copy beside the value.
            Ok(JsonText {
                text: self.to_vec(),
                value,
            })
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub use native::JsonText;
