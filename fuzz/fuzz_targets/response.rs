//! Every endpoint's response decoder on arbitrary statuses, headers and bodies.
#![no_main]
use hifly_sdk::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, Vec<u8>, String)| {
    let (status, body, retry_after) = input;
    let resp = HttpResponse {
        status,
        headers: vec![("Retry-After".into(), retry_after)],
        body,
    };
    let _ = resp.retry_after_ms(1_700_000_000_000.0);
    let _ = CreateAvatarByVideo::from_response(&resp);
    let _ = ListAvatars::from_response(&resp);
    let _ = ListVoices::from_response(&resp);
    let _ = EditVoice::from_response(&resp);
    let _ = CreateUploadUrl::from_response(&resp);
    // A finished task always carries its result.
    if let Ok(t) = GetAvatarTask::from_response(&resp) {
        assert!(t.status != TaskStatus::Done || t.avatar.is_some());
    }
    if let Ok(t) = GetVoiceTask::from_response(&resp) {
        assert!(t.status != TaskStatus::Done || t.voice.is_some());
    }
    if let Ok(t) = GetVideoTask::from_response(&resp) {
        assert!(t.status != TaskStatus::Done || t.video_url.is_some());
    }
    if let Err(e) = GetCredit::from_response(&resp) {
        // Messages stay short whatever the body: snippets are bounded.
        assert!(e.to_string().chars().count() < 1000, "{e}");
    }
});
