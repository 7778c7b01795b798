//! Task callbacks: the three payloads HiFly POSTs to your callback URL when a task ends.
//!
//! HiFly does not sign callbacks, so this parser is strict: a body that is not exactly one of the
//! documented payloads is refused rather than guessed at. It is also bounded (size and nesting)
//! and never panics, so it is safe to run on anything the internet sends.

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use crate::core::response::Document;
use crate::core::{Error, TaskStatus};

/// Bodies larger than this are refused; the documented payloads are a few hundred bytes.
pub const MAX_CALLBACK_BYTES: usize = 64 * 1024;

/// A parsed callback, by its `type`.
#[derive(Debug, Clone, PartialEq)]
pub enum Callback {
    /// Type 1: a work (video or audio) ended.
    Video(VideoCallback),
    /// Type 2: an avatar clone ended (V2 events).
    Avatar(AvatarCallback),
    /// Type 3: a voice clone ended (V2 events).
    Voice(VoiceCallback),
}

/// The fields every callback carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackTask {
    /// The task's id.
    pub task_id: String,
    /// [`TaskStatus::Done`] or [`TaskStatus::Failed`].
    pub status: TaskStatus,
    /// The error code of a failed task (0 otherwise).
    pub code: i64,
    /// Why a task failed.
    pub message: String,
}

/// Type 1: a work ended.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoCallback {
    /// Task id, status, code and message.
    pub task: CallbackTask,
    /// The result's temporary URL (the wire's `video_Url`); set when the work is done.
    pub video_url: Option<String>,
    /// Length in seconds.
    pub duration: Option<f64>,
    /// The work's name.
    pub title: Option<String>,
}

/// Type 2: an avatar clone ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvatarCallback {
    /// Task id, status, code and message.
    pub task: CallbackTask,
    /// The new avatar's id; set when the clone is done.
    pub avatar: Option<String>,
}

/// Type 3: a voice clone ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceCallback {
    /// Task id, status, code and message.
    pub task: CallbackTask,
    /// The new voice's id; set when the clone is done.
    pub voice: Option<String>,
    /// A sample of the voice to listen to.
    pub demo_url: Option<String>,
}

impl Callback {
    /// The callback's `type` on the wire: 1, 2 or 3.
    pub fn type_id(&self) -> i64 {
        match self {
            Callback::Video(_) => 1,
            Callback::Avatar(_) => 2,
            Callback::Voice(_) => 3,
        }
    }

    /// The fields every callback carries.
    pub fn task(&self) -> &CallbackTask {
        match self {
            Callback::Video(c) => &c.task,
            Callback::Avatar(c) => &c.task,
            Callback::Voice(c) => &c.task,
        }
    }

    fn task_mut(&mut self) -> &mut CallbackTask {
        match self {
            Callback::Video(c) => &mut c.task,
            Callback::Avatar(c) => &mut c.task,
            Callback::Voice(c) => &mut c.task,
        }
    }
}

/// The fields of a callback body, read strictly: only the documented JSON types.
#[derive(Deserialize)]
struct Wire {
    task_id: String,
    #[serde(rename = "type", deserialize_with = "crate::core::wire::strict_int")]
    kind: i64,
    #[serde(deserialize_with = "crate::core::wire::strict_int")]
    status: i64,
    #[serde(default, deserialize_with = "crate::core::wire::opt_strict_int")]
    code: Option<i64>,
    #[serde(default)]
    message: Option<String>,
    #[serde(rename = "video_Url", default)]
    video_url_capital: Option<String>,
    #[serde(default)]
    video_url: Option<String>,
    #[serde(default)]
    duration: Option<f64>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    avatar: Option<String>,
    #[serde(default)]
    voice: Option<String>,
    #[serde(default)]
    demo_url: Option<String>,
}

/// Checks a callback body before it is parsed: its size, UTF-8, and no key given twice at the
/// top level (so that no two readers can disagree about what the body says). Returns the text.
pub fn check_body(body: &[u8], max_bytes: usize) -> Result<&str, Error> {
    if body.len() > max_bytes {
        return Err(too_large(max_bytes));
    }
    let text = std::str::from_utf8(body).map_err(|_| invalid("the body is not UTF-8"))?;
    if let Some(key) = duplicate_key(text) {
        return Err(invalid(format!("field `{key}` appears twice")));
    }
    Ok(text)
}

/// The first key that appears twice at the top level of a JSON object's text, if any. A key
/// written with escapes is refused as a duplicate of nothing: HiFly writes plain keys, and an
/// escaped one could hide a second copy of a field from this scan.
fn duplicate_key(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut keys: Vec<&str> = Vec::new();
    let (mut depth, mut i) = (0usize, 0usize);
    // Whether the next string at depth 1 is a key (after `{` or `,`).
    let mut expect_key = false;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                let mut escaped = false;
                while j < b.len() && b[j] != b'"' {
                    if b[j] == b'\\' {
                        escaped = true;
                        j += 1;
                    }
                    j += 1;
                }
                if depth == 1 && expect_key {
                    let key = text.get(start..j.min(b.len())).unwrap_or("");
                    if escaped {
                        return Some(key.to_string());
                    }
                    if keys.contains(&key) {
                        return Some(key.to_string());
                    }
                    keys.push(key);
                    expect_key = false;
                }
                i = j + 1;
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                expect_key = depth == 1 && b[i] == b'{';
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expect_key = true,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Parses a callback body with the default size limit (natively, with serde_json).
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_callback(body: &[u8]) -> Result<Callback, Error> {
    parse_callback_limited(body, MAX_CALLBACK_BYTES)
}

/// Parses a callback body, refusing bodies over `max_bytes` (natively, with serde_json).
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_callback_limited(body: &[u8], max_bytes: usize) -> Result<Callback, Error> {
    use crate::core::response::Body;
    check_body(body, max_bytes)?;
    let doc = body
        .parse()
        .map_err(|e| invalid(format!("invalid JSON: {e}")))?;
    from_document(&doc)
}

/// Reads a callback from a parsed body (or an object a framework parsed).
pub fn from_document(doc: &impl Document) -> Result<Callback, Error> {
    if doc.type_name() != "object" {
        return Err(invalid(format!(
            "expected a JSON object, got {}",
            doc.type_name()
        )));
    }
    let w: Wire = doc.read().map_err(|e| invalid(e.describe()))?;
    if w.task_id.trim().is_empty() {
        return Err(invalid("field `task_id` is empty"));
    }
    let status = match w.status {
        3 => TaskStatus::Done,
        4 => TaskStatus::Failed,
        n => {
            return Err(invalid(format!(
                "field `status` is {n}; callbacks only report 3 (done) or 4 (failed)"
            )))
        }
    };
    let task = CallbackTask {
        task_id: w.task_id,
        status,
        code: w.code.unwrap_or(0),
        message: w.message.unwrap_or_default(),
    };
    let done = status == TaskStatus::Done;
    // A finished task without its result would be useless to act on, so it is refused.
    let result = |name: &'static str, value: Option<String>| match value.filter(|v| !v.is_empty()) {
        None if done => Err(invalid(format!(
            "field `{name}` is missing from a finished (status 3) callback"
        ))),
        v => Ok(v),
    };
    // Result URLs are fetched by receivers: only absolute http(s) URLs are results. An empty
    // one (a failed task's) is no URL.
    let url = |name: &'static str, value: Option<String>| match value.filter(|u| !u.is_empty()) {
        Some(u) if !is_web_url(&u) => Err(invalid(format!(
            "field `{name}` must be an absolute http(s) URL"
        ))),
        v => Ok(v),
    };
    match w.kind {
        1 => {
            let video_url = url("video_Url", w.video_url_capital.or(w.video_url))?;
            if matches!(w.duration, Some(d) if d < 0.0 || !d.is_finite()) {
                return Err(invalid("field `duration` is negative"));
            }
            Ok(Callback::Video(VideoCallback {
                video_url: result("video_Url", video_url)?,
                duration: w.duration,
                title: w.title,
                task,
            }))
        }
        2 => Ok(Callback::Avatar(AvatarCallback {
            avatar: result("avatar", w.avatar)?,
            task,
        })),
        3 => Ok(Callback::Voice(VoiceCallback {
            voice: result("voice", w.voice)?,
            demo_url: url("demo_url", w.demo_url)?,
            task,
        })),
        n => Err(invalid(format!(
            "field `type` is {n}; expected 1 (work), 2 (avatar) or 3 (voice)"
        ))),
    }
}

/// Whether `u` is an absolute `http://` or `https://` URL with a host (no length limit: signed
/// result URLs are long).
fn is_web_url(u: &str) -> bool {
    crate::core::validate::web_url_problem(u).is_none()
}

/// The refusal of a body over `max_bytes`, worded once for every way a body arrives.
pub fn too_large(max_bytes: usize) -> Error {
    Error::refused(
        "too_large",
        format!("the body is over the limit of {max_bytes} bytes"),
    )
}

fn invalid(reason: impl Into<String>) -> Error {
    Error::malformed(reason)
}

/// Shortest callback secret accepted: guessing 16 random URL-safe characters is hopeless.
pub const MIN_SECRET_CHARS: usize = 16;

/// Checks a callback secret: URL-safe (it lives in a path segment) and long enough.
pub fn check_secret(secret: &str) -> Result<(), Error> {
    let url_safe = secret
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
    if secret.len() < MIN_SECRET_CHARS || !url_safe {
        return Err(Error::invalid(
            "secret",
            format!(
                "must be at least {MIN_SECRET_CHARS} URL-safe characters (A-Z a-z 0-9 - _ . ~)"
            ),
        ));
    }
    Ok(())
}

/// Whether the last segment of the path of `url` (a full URL, or just its path) is `secret`,
/// compared in constant time.
///
/// HiFly does not sign callbacks, so the secret in the callback URL is what tells HiFly apart
/// from anyone else. The time taken depends only on the secret's length.
pub fn secret_matches(url: &str, secret: &str) -> bool {
    // Byte positions throughout: every delimiter here is ASCII.
    let url = url.as_bytes();
    let end = url.iter().position(|&b| b == b'?' || b == b'#');
    let url = &url[..end.unwrap_or(url.len())];
    // Only the path counts: after "scheme://authority", from the first "/" (none: an empty path).
    let path = match url.windows(3).position(|w| w == b"://") {
        Some(at) => {
            let rest = &url[at + 3..];
            let slash = rest.iter().position(|&b| b == b'/');
            &rest[slash.unwrap_or(rest.len())..]
        }
        None => url,
    };
    let mut end = path.len();
    while end > 0 && path[end - 1] == b'/' {
        end -= 1;
    }
    let start = path[..end]
        .iter()
        .rposition(|&b| b == b'/')
        .map_or(0, |i| i + 1);
    let given = &path[start..end];
    let secret = secret.as_bytes();
    let mut diff = u8::from(given.len() != secret.len());
    for (i, &s) in secret.iter().enumerate() {
        diff |= s ^ given.get(i).copied().unwrap_or(!s);
    }
    diff == 0 && !secret.is_empty()
}

/// Replaces a callback's claims with the API's own answer for the task, or refuses it
/// (`unconfirmed`) when the API disagrees: a different status, or a different avatar or voice id.
/// The result URLs and the duration always come from the API: each query signs a new URL, and a
/// body's URL is only a claim. A failed task's code and message come from the API too. The
/// title, and a finished task's code and message, stay claims.
pub fn confirm_with(callback: &mut Callback, api: Confirmation) -> Result<(), Error> {
    let claimed = callback.task().status;
    if api.status != claimed {
        return Err(Error::refused(
            "unconfirmed",
            format!(
                "the API reports status {} for task {}, not what the callback claims",
                api.status.as_i64(),
                callback.task().task_id
            ),
        ));
    }
    let done = claimed == TaskStatus::Done;
    let differs = |claim: &Option<String>, fact: &Option<String>| done && claim != fact;
    match (&mut *callback, api.result) {
        (
            Callback::Video(v),
            ApiResult::Video {
                video_url,
                duration,
            },
        ) => {
            v.video_url = video_url;
            v.duration = duration;
        }
        (Callback::Avatar(a), ApiResult::Avatar { avatar }) if !differs(&a.avatar, &avatar) => {
            a.avatar = avatar;
        }
        (Callback::Voice(v), ApiResult::Voice { voice, demo_url })
            if !differs(&v.voice, &voice) =>
        {
            v.voice = voice;
            v.demo_url = demo_url;
        }
        (c, _) => {
            return Err(Error::refused(
                "unconfirmed",
                format!(
                    "the API's result for task {} is not the one the callback claims",
                    c.task().task_id
                ),
            ))
        }
    }
    // A failed task's code and message are the API's too: why it failed is a fact the API
    // gives, not the body's to say.
    if claimed == TaskStatus::Failed {
        let task = callback.task_mut();
        task.code = api.code;
        task.message = api.message;
    }
    Ok(())
}

impl From<crate::core::VideoTask> for Confirmation {
    fn from(t: crate::core::VideoTask) -> Self {
        Confirmation {
            status: t.status,
            code: t.code,
            message: t.message,
            result: ApiResult::Video {
                video_url: t.video_url,
                duration: t.duration,
            },
        }
    }
}

impl From<crate::core::AvatarTask> for Confirmation {
    fn from(t: crate::core::AvatarTask) -> Self {
        Confirmation {
            status: t.status,
            code: t.code,
            message: t.message,
            result: ApiResult::Avatar { avatar: t.avatar },
        }
    }
}

impl From<crate::core::VoiceTask> for Confirmation {
    fn from(t: crate::core::VoiceTask) -> Self {
        Confirmation {
            status: t.status,
            code: t.code,
            message: t.message,
            result: ApiResult::Voice {
                voice: t.voice,
                demo_url: t.demo_url,
            },
        }
    }
}

/// The API's own answer about a task, for [`confirm_with`].
#[derive(Debug, Clone, PartialEq)]
pub struct Confirmation {
    /// The task's status.
    pub status: TaskStatus,
    /// The API's code for a failed task (0 otherwise).
    pub code: i64,
    /// The API's message, which says why a task failed.
    pub message: String,
    /// Its result.
    pub result: ApiResult,
}

/// A task query's result fields, by type.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiResult {
    /// A work's URL and duration.
    Video {
        /// The URL the API gave.
        video_url: Option<String>,
        /// The duration the API gave.
        duration: Option<f64>,
    },
    /// An avatar clone's id.
    Avatar {
        /// The avatar id the API gave.
        avatar: Option<String>,
    },
    /// A voice clone's id and sample.
    Voice {
        /// The voice id the API gave.
        voice: Option<String>,
        /// The sample URL the API gave.
        demo_url: Option<String>,
    },
}
/// A callback as JavaScript sees it: one flat object with its `type`.
impl Serialize for Callback {
    /// A struct, not a map, so that serde-wasm-bindgen writes each key from its cache of static
    /// strings instead of copying it out of wasm memory on every callback.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let task = self.task();
        let mut m = s.serialize_struct("Callback", 8)?;
        m.serialize_field("type", &self.type_id())?;
        m.serialize_field("task_id", &task.task_id)?;
        m.serialize_field("status", &task.status)?;
        m.serialize_field("code", &task.code)?;
        m.serialize_field("message", &task.message)?;
        // The fields in the order the old client wrote them: video_url, duration, title.
        let text = |m: &mut S::SerializeStruct, k: &'static str, v: &Option<String>| match v {
            Some(v) => m.serialize_field(k, v),
            None => m.skip_field(k),
        };
        match self {
            Callback::Video(v) => {
                text(&mut m, "video_url", &v.video_url)?;
                match v.duration {
                    Some(d) => m.serialize_field("duration", &d)?,
                    None => m.skip_field("duration")?,
                }
                text(&mut m, "title", &v.title)?;
            }
            Callback::Avatar(a) => text(&mut m, "avatar", &a.avatar)?,
            Callback::Voice(v) => {
                text(&mut m, "voice", &v.voice)?;
                text(&mut m, "demo_url", &v.demo_url)?;
            }
        }
        m.end()
    }
}
