//! The callback parser on arbitrary bytes: a result or an error, never a panic, and a parsed
//! callback always satisfies what the parser promises.
#![no_main]
use hifly_sdk::core::callback::{
    confirm_with, parse_callback, secret_matches, ApiResult, Callback, Confirmation,
};
use hifly_sdk::{Error, TaskStatus};
use libfuzzer_sys::fuzz_target;

/// Whether `u` is an absolute http(s) URL with a host, as the parser promises result URLs are:
/// no control character anywhere, and no space before the path (a space in the path is allowed).
fn is_web_url(u: &str) -> bool {
    let lower = u.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_and_port = authority.rsplit('@').next().unwrap_or("");
    let host = match host_and_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host_and_port.split(':').next().unwrap_or(""),
    };
    !host.is_empty() && !authority.contains(' ') && !u.chars().any(char::is_control)
}

fuzz_target!(|data: &[u8]| {
    if let Ok(cb) = parse_callback(data) {
        let task = cb.task();
        assert!(!task.task_id.trim().is_empty());
        assert!(matches!(task.status, TaskStatus::Done | TaskStatus::Failed));
        if task.status == TaskStatus::Done {
            let result = match &cb {
                Callback::Video(v) => v.video_url.is_some(),
                Callback::Avatar(a) => a.avatar.is_some(),
                Callback::Voice(v) => v.voice.is_some(),
            };
            assert!(result, "a finished callback carries its result");
        }
        // Result URLs, when present, are absolute http(s) URLs (an empty one is absent).
        let urls = match &cb {
            Callback::Video(v) => vec![&v.video_url],
            Callback::Avatar(_) => vec![],
            Callback::Voice(v) => vec![&v.demo_url],
        };
        for u in urls.into_iter().flatten() {
            assert!(is_web_url(u), "{u:?}");
        }
        if let Callback::Video(v) = &cb {
            assert!(v.duration.is_none_or(|d| d.is_finite() && d >= 0.0));
        }

        // The API agreeing with every claim confirms the callback and changes nothing.
        let claims = match &cb {
            Callback::Video(v) => ApiResult::Video {
                video_url: v.video_url.clone(),
                duration: v.duration,
            },
            Callback::Avatar(a) => ApiResult::Avatar {
                avatar: a.avatar.clone(),
            },
            Callback::Voice(v) => ApiResult::Voice {
                voice: v.voice.clone(),
                demo_url: v.demo_url.clone(),
            },
        };
        let mut confirmed = cb.clone();
        confirm_with(
            &mut confirmed,
            Confirmation {
                status: task.status,
                code: task.code,
                message: task.message.clone(),
                result: claims.clone(),
            },
        )
        .expect("the callback's own claims confirm it");
        assert_eq!(confirmed, cb);
        // Another status never does, and a refusal leaves the callback as it was.
        let other = match task.status {
            TaskStatus::Done => TaskStatus::Failed,
            _ => TaskStatus::Done,
        };
        let mut refused = cb.clone();
        let err = confirm_with(
            &mut refused,
            Confirmation {
                status: other,
                code: task.code,
                message: task.message.clone(),
                result: claims,
            },
        )
        .unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidCallback {
                refusal: "unconfirmed",
                ..
            }
        ));
        assert_eq!(refused, cb);

        // What JavaScript receives: a flat object with the callback's type, status and id.
        let json = serde_json::to_value(&cb).expect("a callback serializes");
        assert_eq!(json["type"], cb.type_id());
        assert_eq!(json["status"], task.status.as_i64());
        assert_eq!(json["task_id"], task.task_id.as_str());
    }
    if let Ok(path) = std::str::from_utf8(data) {
        let _ = secret_matches(path, "0123456789abcdef");
    }
});
