//! The validators and request builders on arbitrary strings and numbers: an `InvalidInput` or a
//! request, never a panic; a built request never carries the token in its URL.
#![no_main]
use hifly_sdk::core::num::{format_f64, parse_decimal, parse_f64};
use hifly_sdk::core::validate;
use hifly_sdk::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (String, String, f64, i64, Option<u64>)| {
    let (a, b, x, n, size) = input;
    let token = Token::new("fuzz-token-0123456789").unwrap();
    // The SDK never puts the token in a URL: a request built with the token has the same URL as
    // one built without it (an id is any non-blank string, so the input may hold the token's text).
    let check = |build: &dyn Fn(Option<&Token>) -> Result<HttpRequest, Error>| match (
        build(Some(&token)),
        build(None),
    ) {
        (Ok(with), Ok(without)) => {
            assert_eq!(with.url(DEFAULT_BASE_URL), without.url(DEFAULT_BASE_URL))
        }
        (Err(e), Err(same)) => {
            assert_eq!(e.kind(), "invalid_input");
            assert_eq!(e, same);
        }
        (with, without) => panic!("with the token {with:?}, without {without:?}"),
    };
    check(&|t| {
        CreateVideoByTts {
            avatar: a.clone(),
            voice: b.clone(),
            text: a.clone(),
            title: Some(b.clone()),
            st_primary_color: Some(b.clone()),
            st_font_size: Some(n),
            ..Default::default()
        }
        .to_request(t)
    });
    check(&|t| {
        CreateAvatarByVideo {
            title: Some(a.clone()),
            video_url: Some(b.clone()),
            file_id: None,
        }
        .to_request(t)
    });
    check(&|t| {
        EditVoice {
            voice: a.clone(),
            rate: x,
            volume: x,
            pitch: x,
        }
        .to_request(t)
    });
    check(&|t| GetVideoTask { task_id: a.clone() }.to_request(t));
    let upload_url = CreateUploadUrl {
        file_extension: b.clone(),
    }
    .to_request(None);
    // Issue 12: one extension check for the upload URL and for uploads.
    assert_eq!(
        upload_url.as_ref().err(),
        validate::upload(&b, None, None).err().as_ref()
    );
    check(&|t| {
        CreateUploadUrl {
            file_extension: b.clone(),
        }
        .to_request(t)
    });
    let _ = validate::upload(&a, size, None);
    let _ = Token::new(a.clone());
    let _ = format_f64(x);
    if let Some(v) = parse_f64(&a) {
        assert!(!v.is_nan());
        assert_eq!(
            parse_decimal(&a),
            Some(v),
            "the looser reading agrees on JSON numbers"
        );
    }
    if let Some(v) = parse_decimal(&a) {
        assert!(!v.is_nan());
    }
});
