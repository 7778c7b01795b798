//! The API's error codes and the core's one error type.

use std::fmt;

use crate::core::text::cat;

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

impl crate::core::text::Piece for ErrorCode {
    fn push_to(&self, out: &mut String) {
        out.push_str(self.description());
        out.push_str(" (");
        self.as_i64().push_to(out);
        out.push(')');
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&cat!(self))
    }
}

/// Everything that can go wrong in the core: bad input, or a response that is not a success.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// Input the vendor's page rules out, caught before any request is built.
    InvalidInput {
        /// The wire name of the offending field.
        field: &'static str,
        /// The rule it broke, e.g. "must be at most 20 characters (got 21)".
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
        /// `Retry-After` in milliseconds, when the server sent one (the transport fills it in).
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
    /// A callback body that is not one of the documented payloads.
    InvalidCallback {
        /// What was wrong.
        reason: String,
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
        }
    }

    /// The API's error code, where there is one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Error::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The HTTP status, where a response came.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Auth { .. } => Some(401),
            Error::Api { .. } => Some(200),
            Error::Http { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::InvalidInput { .. } | Error::InvalidCallback { .. } => None,
        }
    }

    /// The request id, where the response carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Auth { request_id, .. } | Error::Api { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether trying the same thing again later may succeed: 429, 5xx, and too many works in
    /// progress. Whether a request may be resent automatically is a separate question, answered
    /// by [`crate::core::HttpRequest::retry_safe`].
    pub fn retryable(&self) -> bool {
        match self {
            Error::Http { status, .. } => *status == 429 || *status >= 500,
            Error::Api { code, .. } => *code == ErrorCode::TooManyInProgress,
            _ => false,
        }
    }

    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Error {
        Error::InvalidInput {
            field,
            reason: reason.into(),
        }
    }
}

impl Error {
    /// The message, as `HiflyError.message` says it (the same as `Display`).
    pub fn message(&self) -> String {
        match self {
            Error::InvalidInput { field, reason } => cat!("Invalid `", field, "`: ", reason),
            Error::Auth { message, .. } if message.is_empty() => {
                "Authentication failed (HTTP 401): check the API token".into()
            }
            Error::Auth { message, .. } => cat!("Authentication failed (HTTP 401): ", message),
            Error::Api { code, message, .. } if message.is_empty() => cat!(code),
            Error::Api { code, message, .. } => cat!(code, ": ", message),
            Error::Http {
                status, snippet, ..
            } if snippet.is_empty() => cat!("HTTP ", status, " with an empty body"),
            Error::Http {
                status, snippet, ..
            } => cat!("HTTP ", status, ": ", snippet),
            Error::Decode {
                status,
                reason,
                snippet,
            } => cat!(
                "Unreadable response (HTTP ",
                status,
                "): ",
                reason,
                "; body: \"",
                snippet,
                "\""
            ),
            Error::InvalidCallback { reason } => cat!("Invalid callback: ", reason),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}
