//! From an [`HttpResponse`] to the API's JSON body, or to the error it stands for.
//!
//! Every endpoint shares this envelope: 401 means the token was refused, other non-2xx
//! statuses are transport trouble, and a 2xx body is a JSON object whose non-zero `code`
//! is a business error. Field readers here are tolerant where the vendor is loose (numbers
//! sent as strings, `null` for absent) and name the field when they give up.

use crate::core::json::{self, Json};
use std::cell::Cell;

use crate::core::text::cat;
use crate::core::{Error, ErrorCode, HttpResponse};

/// Bodies are quoted in errors up to this many characters.
pub const SNIPPET_CHARS: usize = 200;

/// The start of a body, lossily decoded, with whitespace runs folded, for error messages.
pub fn snippet(body: &[u8]) -> String {
    let mut rest = &body[..body.len().min(SNIPPET_CHARS * 4)];
    let mut out = String::new();
    let mut count = 0;
    let mut last_space = false;
    let mut push = |c: char, out: &mut String| -> bool {
        if count >= SNIPPET_CHARS {
            out.push('…');
            return false;
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
        true
    };
    // Valid UTF-8 runs as they are, each invalid sequence as U+FFFD (as `from_utf8_lossy` does).
    'runs: while !rest.is_empty() {
        let (valid, skip) = match std::str::from_utf8(rest) {
            Ok(text) => (text, rest.len()),
            Err(e) => {
                let good = &rest[..e.valid_up_to()];
                let bad = e.error_len().unwrap_or(rest.len() - good.len());
                (std::str::from_utf8(good).unwrap_or(""), good.len() + bad)
            }
        };
        for c in valid.chars() {
            if !push(c, &mut out) {
                break 'runs;
            }
        }
        if skip > valid.len() && !push('\u{FFFD}', &mut out) {
            break;
        }
        rest = &rest[skip..];
    }
    out.trim_end().to_string()
}

/// A decoded 2xx body: a JSON object, with what is needed to explain a bad field.
///
/// The readers do not return early: a bad field is recorded in `error` (the first one wins, in
/// the order read, nested list items included) and a placeholder returned; [`Fields::finish`]
/// reports it. A result struct is then built in one go instead of every `?` carrying its own
/// cleanup of the fields read before it, which made each decoder several times larger.
pub struct Fields<'a> {
    obj: &'a Json<'a>,
    status: u16,
    body: &'a [u8],
    prefix: &'static str,
    error: &'a Cell<Option<Error>>,
}

/// Reads the envelope of `resp`: the JSON object of a successful answer, or the error it stands
/// for. Shared by every endpoint, and not generic, so it exists once in the `.wasm`.
///
/// `task_query` marks the task endpoints, where a body that carries a `status` is a task result
/// even when `code` is non-zero: a failed task is an answer, not a failed request.
pub fn envelope(resp: &HttpResponse, task_query: bool) -> Result<Json<'_>, Error> {
    let status = resp.status;
    let text = std::str::from_utf8(&resp.body);

    if status == 401 {
        // A 401 body may still say why, in the API's usual shape; it is read only here.
        let parsed = text.as_ref().ok().and_then(|t| json::parse(t).ok());
        let str_field = |name: &str| match parsed.as_ref().and_then(|o| o.get(name)) {
            Some(Json::Str(s)) => Some(s.to_string()),
            _ => None,
        };
        return Err(Error::Auth {
            message: str_field("message").unwrap_or_default(),
            request_id: str_field("request_id"),
        });
    }
    if !(200..300).contains(&status) {
        return Err(Error::Http {
            status,
            snippet: snippet(&resp.body),
            retry_after_ms: None,
        });
    }
    let decode_err = |reason: String| Error::Decode {
        status,
        reason,
        snippet: snippet(&resp.body),
    };
    let text = text.map_err(|_| decode_err("the body is not UTF-8".into()))?;
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(decode_err("the body is empty".into()));
    }
    if trimmed.starts_with('<') {
        return Err(decode_err("expected JSON but got HTML or XML".into()));
    }
    let value = json::parse(text).map_err(|e| decode_err(cat!("invalid JSON: ", e)))?;
    if !matches!(value, Json::Obj(_)) {
        return Err(decode_err(cat!(
            "expected a JSON object, got ",
            value.type_name()
        )));
    }
    let error = Cell::new(None);
    let fields = Fields::new(&value, resp, &error);
    // The upload-URL example in the vendor's page has no `code` at all: absent means success.
    let code = fields.opt_int("code").unwrap_or(0);
    fields.finish()?;
    if code != 0 && !(task_query && value.get("status").is_some()) {
        let message = fields.opt_string("message").unwrap_or_default();
        let request_id = fields.opt_string("request_id");
        fields.finish()?;
        return Err(Error::Api {
            code: ErrorCode::from_i64(code),
            message,
            request_id,
        });
    }
    Ok(value)
}

impl<'a> Fields<'a> {
    /// The fields of `obj`, an object from the body of `resp`; bad fields are recorded in `error`.
    pub fn new(
        obj: &'a Json<'a>,
        resp: &'a HttpResponse,
        error: &'a Cell<Option<Error>>,
    ) -> Fields<'a> {
        Fields {
            obj,
            status: resp.status,
            body: &resp.body,
            prefix: "",
            error,
        }
    }

    /// The first bad field's error, if any (taken: a second call answers `Ok`).
    pub fn finish(&self) -> Result<(), Error> {
        self.error.take().map_or(Ok(()), Err)
    }

    /// Records an error unless an earlier field already failed.
    fn fail(&self, field: &str, reason: &str) {
        let first = self.error.take();
        self.error.set(first.or_else(|| {
            Some(Error::Decode {
                status: self.status,
                reason: if self.prefix.is_empty() {
                    cat!("field `", field, "` ", reason)
                } else {
                    cat!("field `", self.prefix, "[].", field, "` ", reason)
                },
                snippet: snippet(self.body),
            })
        }));
    }

    fn get(&self, name: &str) -> Option<&'a Json<'a>> {
        match self.obj.get(name) {
            None | Some(Json::Null) => None,
            Some(v) => Some(v),
        }
    }

    fn wrong_type(&self, name: &str, expected: &str, got: &Json<'_>) {
        self.fail(
            name,
            &cat!("should be ", expected, ", got ", got.type_name()),
        );
    }

    /// An optional string; a number is accepted and kept as written (ids and "1.0" values).
    pub fn opt_string(&self, name: &str) -> Option<String> {
        match self.get(name)? {
            Json::Str(s) => Some(s.to_string()),
            Json::Num(n) => Some(n.raw().to_string()),
            other => {
                self.wrong_type(name, "a string", other);
                None
            }
        }
    }

    /// A required string (empty when missing or wrong, with the error recorded).
    pub fn string(&self, name: &str) -> String {
        self.opt_string(name).unwrap_or_else(|| {
            self.fail(name, "is missing");
            String::new()
        })
    }

    /// The first of several spellings of an optional string (the wire's `video_Url`).
    pub fn opt_string_any(&self, names: &[&str]) -> Option<String> {
        names.iter().find_map(|name| self.opt_string(name))
    }

    /// An optional integer; a string of digits is accepted.
    pub fn opt_int(&self, name: &str) -> Option<i64> {
        let n = match self.get(name)? {
            Json::Num(n) => n.as_i64(),
            Json::Str(s) => crate::core::num::parse_int(s.trim()),
            other => {
                self.wrong_type(name, "an integer", other);
                return None;
            }
        };
        if n.is_none() {
            self.fail(name, "should be an integer");
        }
        n
    }

    /// A required integer (0 when missing or wrong, with the error recorded).
    pub fn int(&self, name: &str) -> i64 {
        self.opt_int(name).unwrap_or_else(|| {
            self.fail(name, "is missing");
            0
        })
    }

    /// An optional number (durations may carry fractions).
    pub fn opt_number(&self, name: &str) -> Option<f64> {
        let n = match self.get(name)? {
            Json::Num(n) => Some(n.as_f64()),
            Json::Str(s) => crate::core::num::parse_f64(s.trim()).filter(|f| f.is_finite()),
            other => {
                self.wrong_type(name, "a number", other);
                return None;
            }
        };
        if n.is_none() {
            self.fail(name, "should be a number");
        }
        n
    }

    /// Each object of an array field, decoded by `item`; an absent array is empty.
    pub fn list<T>(&self, name: &'static str, item: impl Fn(&Fields<'_>) -> T) -> Vec<T> {
        let items = match self.get(name) {
            None => return Vec::new(),
            Some(Json::Arr(items)) => items,
            Some(other) => {
                self.wrong_type(name, "an array", other);
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for v in items {
            match v {
                Json::Obj(_) => out.push(item(&Fields {
                    obj: v,
                    status: self.status,
                    body: self.body,
                    prefix: name,
                    error: self.error,
                })),
                other => self.wrong_type(name, "an array of objects", other),
            }
        }
        out
    }
}
