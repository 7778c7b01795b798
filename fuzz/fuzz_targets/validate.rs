//! The validators and request builders on arbitrary strings and numbers: an `InvalidInput` or a
//! request, never a panic; a built request never carries the token in its URL.
#![no_main]
use hifly_sdk::core::num::{format_f64, parse_f64};
use hifly_sdk::core::validate;
use hifly_sdk::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (String, String, f64, i64, Option<u64>)| {
    let (a, b, x, n, size) = input;
    let token = Token::new("fuzz-token-0123456789").unwrap();
    // The SDK never puts the token in a URL: it may appear there only if the input itself held it
    // (an id is any non-blank string, as the page gives ids no other rule).
    let echoed = a.contains("fuzz-token") || b.contains("fuzz-token");
    let check = |r: Result<HttpRequest, Error>| match r {
        Ok(req) => assert!(echoed || !req.url(DEFAULT_BASE_URL).contains("fuzz-token")),
        Err(e) => assert_eq!(e.kind(), "invalid_input"),
    };
    check(
        CreateVideoByTts {
            avatar: a.clone(),
            voice: b.clone(),
            text: a.clone(),
            title: Some(b.clone()),
            st_primary_color: Some(b.clone()),
            st_font_size: Some(n),
            ..Default::default()
        }
        .to_request(Some(&token)),
    );
    check(
        CreateAvatarByVideo {
            title: Some(a.clone()),
            video_url: Some(b.clone()),
            file_id: None,
        }
        .to_request(Some(&token)),
    );
    check(
        EditVoice {
            voice: a.clone(),
            rate: x,
            volume: x,
            pitch: x,
        }
        .to_request(Some(&token)),
    );
    check(GetVideoTask { task_id: a.clone() }.to_request(Some(&token)));
    let upload_url = CreateUploadUrl {
        file_extension: b.clone(),
    }
    .to_request(None);
    // Issue 12: one extension check for the upload URL and for uploads.
    assert_eq!(
        upload_url.as_ref().err(),
        validate::upload(&b, None, None).err().as_ref()
    );
    check(upload_url);
    let _ = validate::upload(&a, size, None);
    let _ = Token::new(a.clone());
    let _ = format_f64(x);
    if let Some(v) = parse_f64(&a) {
        assert!(!v.is_nan());
    }
});
