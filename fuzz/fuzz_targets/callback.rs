//! The callback parser on arbitrary bytes: a result or an error, never a panic, and a parsed
//! callback always satisfies what the parser promises.
#![no_main]
use hifly_sdk::core::callback::{parse_callback, secret_matches, Callback};
use hifly_sdk::TaskStatus;
use libfuzzer_sys::fuzz_target;

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
    }
    if let Ok(path) = std::str::from_utf8(data) {
        let _ = secret_matches(path, "0123456789abcdef");
    }
});
