//! Task callbacks: the three payloads HiFly POSTs to your callback URL when a task ends.
//!
//! HiFly does not sign callbacks, so this parser is strict: a body that is not exactly one of the
//! documented payloads is refused rather than guessed at. It is also bounded (size and nesting)
//! and never panics, so it is safe to run on anything the internet sends.

use crate::core::endpoints::works::VIDEO_URL_SPELLINGS;
use crate::core::json::{self, Json};
use crate::core::text::cat;
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
}

/// Parses a callback body with the default size limit.
pub fn parse_callback(body: &[u8]) -> Result<Callback, Error> {
    parse_callback_limited(body, MAX_CALLBACK_BYTES)
}

/// Parses a callback body, refusing bodies over `max_bytes`.
pub fn parse_callback_limited(body: &[u8], max_bytes: usize) -> Result<Callback, Error> {
    if body.len() > max_bytes {
        return Err(invalid(cat!(
            "the body is ",
            body.len(),
            " bytes, over the limit of ",
            max_bytes
        )));
    }
    let text = std::str::from_utf8(body).map_err(|_| invalid("the body is not UTF-8"))?;
    let value = json::parse(text).map_err(|e| invalid(cat!("invalid JSON: ", e)))?;
    from_json(&value)
}

/// Reads a callback from an already parsed JSON value (for bodies a framework parsed).
pub fn from_json(value: &Json<'_>) -> Result<Callback, Error> {
    if !matches!(value, Json::Obj(_)) {
        return Err(invalid(cat!(
            "expected a JSON object, got ",
            value.type_name()
        )));
    }
    if let Some(key) = value.duplicate_key() {
        return Err(invalid(cat!("field `", key, "` appears twice")));
    }
    let r = Strict(value);
    let task_id = r.string("task_id")?.ok_or_else(|| missing("task_id"))?;
    if task_id.trim().is_empty() {
        return Err(invalid("field `task_id` is empty"));
    }
    let kind = r.int("type")?.ok_or_else(|| missing("type"))?;
    let status = match r.int("status")?.ok_or_else(|| missing("status"))? {
        3 => TaskStatus::Done,
        4 => TaskStatus::Failed,
        n => {
            return Err(invalid(cat!(
                "field `status` is ",
                n,
                "; callbacks only report 3 (done) or 4 (failed)"
            )))
        }
    };
    let task = CallbackTask {
        task_id,
        status,
        code: r.int("code")?.unwrap_or(0),
        message: r.string("message")?.unwrap_or_default(),
    };
    let done = status == TaskStatus::Done;
    // A finished task without its result would be useless to act on, so it is refused.
    let result = |name: &'static str, value: Option<String>| match value {
        None if done => Err(invalid(cat!(
            "field `",
            name,
            "` is missing from a finished (status 3) callback"
        ))),
        v => Ok(v),
    };
    match kind {
        1 => {
            let mut url = None;
            for name in VIDEO_URL_SPELLINGS {
                url = url.or(r.string(name)?);
            }
            let duration = r.number("duration")?;
            if matches!(duration, Some(d) if d < 0.0) {
                return Err(invalid("field `duration` is negative"));
            }
            Ok(Callback::Video(VideoCallback {
                video_url: result("video_Url", url)?,
                duration,
                title: r.string("title")?,
                task,
            }))
        }
        2 => Ok(Callback::Avatar(AvatarCallback {
            avatar: result("avatar", r.string("avatar")?)?,
            task,
        })),
        3 => Ok(Callback::Voice(VoiceCallback {
            voice: result("voice", r.string("voice")?)?,
            demo_url: r.string("demo_url")?,
            task,
        })),
        n => Err(invalid(cat!(
            "field `type` is ",
            n,
            "; expected 1 (work), 2 (avatar) or 3 (voice)"
        ))),
    }
}

fn invalid(reason: impl Into<String>) -> Error {
    Error::InvalidCallback {
        reason: reason.into(),
    }
}

fn missing(field: &str) -> Error {
    invalid(cat!("field `", field, "` is missing"))
}

/// Field reads that accept only the documented JSON types; `null` counts as absent.
struct Strict<'v, 'a>(&'v Json<'a>);

impl Strict<'_, '_> {
    fn get(&self, name: &str) -> Option<&Json<'_>> {
        self.0.get(name).filter(|v| !matches!(v, Json::Null))
    }

    fn string(&self, name: &str) -> Result<Option<String>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Json::Str(s)) => Ok(Some(s.to_string())),
            Some(v) => Err(invalid(cat!(
                "field `",
                name,
                "` should be a string, got ",
                v.type_name()
            ))),
        }
    }

    fn int(&self, name: &str) -> Result<Option<i64>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Json::Num(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| invalid(cat!("field `", name, "` should be an integer"))),
            Some(v) => Err(invalid(cat!(
                "field `",
                name,
                "` should be an integer, got ",
                v.type_name()
            ))),
        }
    }

    fn number(&self, name: &str) -> Result<Option<f64>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Json::Num(n)) if n.as_f64().is_finite() => Ok(Some(n.as_f64())),
            Some(v) => Err(invalid(cat!(
                "field `",
                name,
                "` should be a finite number, got ",
                v.type_name()
            ))),
        }
    }
}

/// Shortest callback secret accepted: guessing 16 random URL-safe characters is hopeless.
pub const MIN_SECRET_CHARS: usize = 16;

/// Checks a callback secret: URL-safe (it lives in a path segment) and long enough.
pub fn check_secret(secret: &str) -> Result<(), Error> {
    let url_safe = secret
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
    if secret.len() < MIN_SECRET_CHARS || !url_safe {
        return Err(Error::InvalidInput {
            field: "secret",
            reason: cat!(
                "must be at least ",
                MIN_SECRET_CHARS,
                " URL-safe characters (A-Z a-z 0-9 - _ . ~)"
            ),
        });
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

/// Whether the API's own view of a task (its status and, once done, the avatar or voice id)
/// confirms what a callback claims. Work URLs are not compared: each query signs a new one.
pub fn confirms(callback: &Callback, status: TaskStatus, result_id: Option<&str>) -> bool {
    let claimed_id = match callback {
        Callback::Video(_) => None,
        Callback::Avatar(a) => a.avatar.as_deref(),
        Callback::Voice(v) => v.voice.as_deref(),
    };
    confirms_claim(
        callback.type_id(),
        callback.task().status,
        claimed_id,
        status,
        result_id,
    )
}

/// [`confirms`] on a claim already parsed: the callback's `type`, its status and (for types 2
/// and 3) its avatar or voice id, against the API's status and result id.
pub fn confirms_claim(
    kind: i64,
    claimed: TaskStatus,
    claimed_id: Option<&str>,
    status: TaskStatus,
    result_id: Option<&str>,
) -> bool {
    claimed == status && (kind == 1 || status != TaskStatus::Done || claimed_id == result_id)
}
