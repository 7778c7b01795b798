//! The API's error codes and the core's one error type.

use std::fmt;

macro_rules! error_codes {
    ($($name:ident = $n:literal, $text:literal;)*) => {
        /// A business error code from the API's `code` field. Undocumented codes are kept.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $(
                #[doc = $text]
                $name,
            )*
            /// A code the vendor's page does not document, kept as received.
            Unknown(i64),
        }

        impl ErrorCode {
            /// Every documented code, in the vendor's order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$name),*];

            /// The TypeScript declaration of JavaScript's `ErrorCode` object.
            pub const TS_DECLARATION: &'static str = concat!(
                "/** Every documented API error code, by name. */\nexport declare const ErrorCode: {\n",
                $("  readonly ", stringify!($name), ": ", stringify!($n), ";\n",)*
                "};\n"
            );

            /// The code for a number from the wire.
            pub fn from_i64(n: i64) -> ErrorCode {
                match n {
                    $($n => ErrorCode::$name,)*
                    other => ErrorCode::Unknown(other),
                }
            }

            /// The number on the wire.
            pub fn as_i64(self) -> i64 {
                match self {
                    $(ErrorCode::$name => $n,)*
                    ErrorCode::Unknown(n) => n,
                }
            }

            /// The code's name, as exported to JavaScript in `ErrorCode` (`Unknown` if undocumented).
            pub fn name(self) -> &'static str {
                match self {
                    $(ErrorCode::$name => stringify!($name),)*
                    ErrorCode::Unknown(_) => "Unknown",
                }
            }

            /// The vendor's description of the code, in English.
            pub fn description(self) -> &'static str {
                match self {
                    $(ErrorCode::$name => $text,)*
                    ErrorCode::Unknown(_) => "Undocumented error code",
                }
            }
        }
    };
}

error_codes! {
    InvalidParams = 11, "Invalid parameters";
    NotFound = 14, "Resource not found";
    TooManyInProgress = 1001, "Too many works in progress";
    InsufficientCredits = 1002, "Not enough credits";
    MembershipRequired = 1005, "Membership required";
    MembershipLevelTooLow = 1006, "Membership level too low";
    HighFidelityVoiceSoldOut = 1009, "High-fidelity voices are sold out";
    VoiceResemblesCelebrity = 1011, "The voice resembles a celebrity";
    HighFidelityVoiceLimit = 1013, "High-fidelity voice clone limit reached";
    SubmissionLimit = 1015, "Submitted works limit reached";
    InvalidToken = 2003, "Invalid token";
    FileTooLarge = 2011, "File too large";
    UnsupportedFileType = 2012, "Unsupported file type";
    AudioFetchFailed = 2013, "Could not fetch the audio";
    VideoFetchFailed = 2014, "Could not fetch the video";
    AvatarCloneFailed = 2015, "Avatar cloning failed";
    ImageFetchFailed = 2016, "Could not fetch the image";
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.description(), self.as_i64())
    }
}

/// The end of the `network` error for an answer that came from another origin after a redirect.
pub(crate) const OTHER_ORIGIN: &str = "the answer came from another origin, after a redirect";

/// The end of the `network` error for an API answer that is a redirect: API requests do not
/// follow redirects, which would take the token along.
pub(crate) const NOT_FOLLOWED: &str =
    "a redirect, which API requests do not follow (the token would go with it)";

/// Tokens shorter than this are not scrubbed out of messages: see [`Error::scrubbed`].
pub const MIN_SCRUBBED_CHARS: usize = 8;

/// The ways `secret` can be written in an answer's text: as it is, and JSON-escaped (`"` and `\`
/// escaped, `/` escaped or not, and `&`, `<`, `>` as Go writes them, as servers differ). None for
/// a secret shorter than [`MIN_SCRUBBED_CHARS`], which is not scrubbed. The transport replaces each form it finds in an
/// answer before reading it, so that a server that echoes the `Authorization` header hands the
/// token to no result.
pub fn secret_forms(secret: &str) -> Vec<String> {
    if secret.len() < MIN_SCRUBBED_CHARS {
        return Vec::new();
    }
    let escaped = secret.replace("\\", "\\\\").replace("\"", "\\\"");
    // Go's encoder also writes `&`, `<` and `>` as \u escapes.
    let go = escaped
        .replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e");
    let mut forms = vec![secret.to_string(), escaped.replace("/", "\\/"), escaped, go];
    forms.sort();
    forms.dedup();
    // Longest first: a shorter form may sit inside a longer one (`/a…` in `\/a…`), and replacing
    // it there first would leave a broken escape (`\<redacted>`) in the JSON.
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms
}

/// Everything that can go wrong, in the core and in the client: bad input, a response that is not
/// a success, or (only a transport or a poller can see these) a network failure, a timeout, an
/// abort, or a task that failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// Input the vendor's page rules out, caught before any request is built.
    InvalidInput {
        /// The wire name of the offending field.
        field: String,
        /// The rule it broke, e.g. "must be at most 20 字 (got 21)".
        reason: String,
    },
    /// HTTP 401: the token was refused.
    Auth {
        /// The server's message, if its body said one.
        message: String,
        /// The request id, if the body carried one.
        request_id: Option<String>,
    },
    /// HTTP 200 with a non-zero `code`.
    Api {
        /// The business error code.
        code: ErrorCode,
        /// The server's message.
        message: String,
        /// The request id.
        request_id: Option<String>,
    },
    /// A non-2xx status other than 401.
    Http {
        /// The HTTP status.
        status: u16,
        /// The start of the body, for debugging.
        snippet: String,
        /// `Retry-After` in milliseconds, when the server sent one.
        retry_after_ms: Option<u64>,
    },
    /// A 2xx response whose body is not what the API sends: HTML, empty, truncated or mistyped.
    Decode {
        /// The HTTP status.
        status: u16,
        /// What was wrong.
        reason: String,
        /// The start of the body, for debugging.
        snippet: String,
    },
    /// A callback body that is not one of the documented payloads, or a callback request that
    /// `verify_callback` refused.
    InvalidCallback {
        /// Why it was refused: `secret`, `method`, `too_large`, `malformed` or `unconfirmed`.
        refusal: &'static str,
        /// What was wrong.
        reason: String,
    },
    /// The request never got an answer: the connection failed.
    Network {
        /// What the runtime reported.
        message: String,
    },
    /// No answer within the time allowed.
    Timeout {
        /// What timed out.
        message: String,
    },
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// A task ended with status 4.
    TaskFailed {
        /// The task.
        task_id: String,
        /// The API's code for the failure, when it gave one.
        code: Option<ErrorCode>,
        /// The API's message.
        message: String,
        /// The request id of the answer that reported the failure.
        request_id: Option<String>,
    },
}

impl Error {
    /// The error's kind, as `HiflyError.kind` names it in JavaScript.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::InvalidInput { .. } => "invalid_input",
            Error::Auth { .. } => "auth",
            Error::Api { .. } => "api",
            Error::Http { .. } => "http",
            Error::Decode { .. } => "decode",
            Error::InvalidCallback { .. } => "invalid_callback",
            Error::Network { .. } => "network",
            Error::Timeout { .. } => "timeout",
            Error::Aborted => "aborted",
            Error::TaskFailed { .. } => "task_failed",
        }
    }

    /// The API's error code, where there is one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Error::Api { code, .. } => Some(*code),
            Error::TaskFailed { code, .. } => *code,
            _ => None,
        }
    }

    /// The HTTP status, where a response came.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Auth { .. } => Some(401),
            Error::Api { .. } => Some(200),
            Error::Http { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The request id, where the response carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Auth { request_id, .. }
            | Error::Api { request_id, .. }
            | Error::TaskFailed { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether trying the same thing again later may succeed: 429, 5xx, too many works in
    /// progress, a network failure or a timeout. Whether a request may be resent automatically is
    /// a separate question, answered by [`crate::core::HttpRequest::retry_safe`].
    pub fn retryable(&self) -> bool {
        match self {
            Error::Http { status, .. } => *status == 429 || *status >= 500,
            Error::Api { code, .. } => *code == ErrorCode::TooManyInProgress,
            // A redirect, followed to another origin or not followed, would only come again.
            Error::Network { message } => {
                !(message.ends_with(OTHER_ORIGIN) || message.ends_with(NOT_FOLLOWED))
            }
            Error::Timeout { .. } => true,
            _ => false,
        }
    }

    /// The offending parameter of an `invalid_input` error.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidInput { field, .. } => Some(field),
            _ => None,
        }
    }

    /// `Retry-After` in milliseconds, for an HTTP error that carried one.
    pub fn retry_after_ms(&self) -> Option<u64> {
        match self {
            Error::Http { retry_after_ms, .. } => *retry_after_ms,
            _ => None,
        }
    }

    /// An `invalid_input` error for `field`.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// An `invalid_callback` error: a malformed payload.
    pub fn malformed(reason: impl Into<String>) -> Error {
        Error::refused("malformed", reason)
    }

    /// An `invalid_callback` error with its refusal reason.
    pub fn refused(refusal: &'static str, reason: impl Into<String>) -> Error {
        Error::InvalidCallback {
            refusal,
            reason: reason.into(),
        }
    }

    /// The same error with every occurrence of `secret` in text that came from the network
    /// replaced: a server or a proxy that echoes the `Authorization` header must not put the token
    /// into a message, a log or a stack.
    pub fn scrubbed(mut self, secret: &str) -> Error {
        // A token this short is not a real one (the API's are long); replacing it would only
        // garble messages where its letters happen to appear.
        if secret.len() < MIN_SCRUBBED_CHARS {
            return self;
        }
        let scrub = |s: &mut String| {
            if s.contains(secret) {
                *s = s.replace(secret, "<redacted>");
            }
        };
        match &mut self {
            Error::Auth { message, .. }
            | Error::Api { message, .. }
            | Error::Network { message }
            | Error::TaskFailed { message, .. } => scrub(message),
            Error::Http { snippet, .. } => scrub(snippet),
            Error::Decode {
                reason, snippet, ..
            } => {
                scrub(reason);
                scrub(snippet);
            }
            _ => {}
        }
        self
    }

    /// The message, as `HiflyError.message` says it (the same as `Display`).
    pub fn message(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput { field, reason } => write!(f, "Invalid `{field}`: {reason}"),
            Error::Auth { message, .. } if message.is_empty() => {
                f.write_str("Authentication failed (HTTP 401): check the API token")
            }
            Error::Auth { message, .. } => write!(f, "Authentication failed (HTTP 401): {message}"),
            Error::Api { code, message, .. } if message.is_empty() => write!(f, "{code}"),
            Error::Api { code, message, .. } => write!(f, "{code}: {message}"),
            Error::Http {
                status, snippet, ..
            } if snippet.is_empty() => write!(f, "HTTP {status} with an empty body"),
            Error::Http {
                status, snippet, ..
            } => write!(f, "HTTP {status}: {snippet}"),
            Error::Decode {
                status,
                reason,
                snippet,
            } => write!(
                f,
                "Unreadable response (HTTP {status}): {reason}; body: \"{snippet}\""
            ),
            Error::InvalidCallback { reason, .. } => write!(f, "Invalid callback: {reason}"),
            Error::Network { message } | Error::Timeout { message } => f.write_str(message),
            Error::Aborted => f.write_str("The operation was aborted"),
            Error::TaskFailed {
                task_id,
                code,
                message,
                ..
            } => {
                let why = if message.is_empty() {
                    "no reason given"
                } else {
                    message
                };
                write!(f, "Task {task_id} failed: {why}")?;
                match code {
                    Some(c) => write!(f, " ({}, {})", c.description(), c.as_i64()),
                    None => Ok(()),
                }
            }
        }
    }
}

impl std::error::Error for Error {}
