//! The callback parser: strict on shape, bounded on size and depth, and never panicking.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::json_examples;
use hifly_sdk::core::callback::{confirm_with, parse_callback_limited, ApiResult, Confirmation};
use hifly_sdk::*;

const WORK: &str = r#"{"task_id":"t1","status":3,"video_Url":"https://v/1.mp4?token=x","type":1,"duration":45,"message":"","code":0,"title":"我的视频创作"}"#;

#[test]
fn accepted_variants() {
    let cases: &[(&str, i64, TaskStatus)] = &[
        (WORK, 1, TaskStatus::Done),
        // The lower-case spelling of the URL.
        (r#"{"task_id":"t","status":3,"type":1,"video_url":"https://v/1.mp4"}"#, 1, TaskStatus::Done),
        // A failed work needs no URL; code and message say why.
        (r#"{"task_id":"t","status":4,"type":1,"code":2013,"message":"获取音频资源失败"}"#, 1, TaskStatus::Failed),
        // Nulls read as absent; a fractional duration is a number.
        (r#"{"task_id":"t","status":4,"type":1,"video_Url":null,"duration":1.5,"title":null}"#, 1, TaskStatus::Failed),
        // No code or message: they default to 0 and "".
        (r#"{"task_id":"t","status":3,"type":2,"avatar":"av"}"#, 2, TaskStatus::Done),
        (r#"{"task_id":"t","status":4,"type":2,"code":2015,"message":"数字人克隆失败"}"#, 2, TaskStatus::Failed),
        (r#"{"task_id":"t","status":3,"type":3,"voice":"v"}"#, 3, TaskStatus::Done),
        // Fields the page does not list yet are tolerated.
        (r#"{"task_id":"t","status":3,"type":3,"voice":"v","demo_url":"https://d","new":{"x":[1]}}"#, 3, TaskStatus::Done),
        // Whitespace and a BOM-free body with escapes (in values; keys are plain).
        ("\n { \"task_id\" : \"t\\u0031\" , \"status\" : 3 , \"type\" : 2 , \"avatar\" : \"a\" } \n", 2, TaskStatus::Done),
        // An empty result URL is no URL: a failed work, a voice without a sample.
        (r#"{"task_id":"t","status":4,"type":1,"video_Url":""}"#, 1, TaskStatus::Failed),
        (r#"{"task_id":"t","status":3,"type":3,"voice":"v","demo_url":""}"#, 3, TaskStatus::Done),
        // Result URLs may be http as well as https, in either case.
        (r#"{"task_id":"t","status":3,"type":1,"video_Url":"HTTP://v.example/1.mp4"}"#, 1, TaskStatus::Done),
    ];
    for (body, kind, status) in cases {
        let cb = parse_callback(body.as_bytes()).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(cb.type_id(), *kind, "{body}");
        assert_eq!(cb.task().status, *status, "{body}");
    }
    let Callback::Video(v) = parse_callback(WORK.as_bytes()).unwrap() else {
        panic!()
    };
    assert_eq!(v.task.message, "");
    assert_eq!(v.title.as_deref(), Some("我的视频创作"));
    let Callback::Avatar(a) =
        parse_callback(br#"{"task_id":"t","status":4,"type":2,"code":2015,"message":"m"}"#)
            .unwrap()
    else {
        panic!()
    };
    assert_eq!(
        (a.task.code, a.task.message.as_str(), a.avatar),
        (2015, "m", None)
    );
}

#[test]
fn malformed_callbacks_are_refused_with_a_reason() {
    let deep = format!("{}{}", "[".repeat(30_000), "]".repeat(30_000));
    let deep_obj = format!(
        r#"{{"task_id":"t","status":3,"type":2,"avatar":"a","x":{}1{}}}"#,
        "{\"a\":".repeat(200),
        "}".repeat(200)
    );
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"".to_vec(), "invalid JSON: EOF"),
        (b"   ".to_vec(), "invalid JSON: EOF"),
        (b"null".to_vec(), "expected a JSON object, got null"),
        (b"[]".to_vec(), "expected a JSON object, got array"),
        (b"\"task\"".to_vec(), "expected a JSON object, got string"),
        (b"3".to_vec(), "expected a JSON object, got number"),
        (b"{".to_vec(), "invalid JSON: EOF"),
        (WORK.as_bytes()[..WORK.len() - 1].to_vec(), "invalid JSON: EOF"),
        (WORK.as_bytes()[..40].to_vec(), "EOF while parsing a string"),
        // Two objects: the second's keys repeat the first's.
        (format!("{WORK}{WORK}").into_bytes(), "appears twice"),
        (format!("{WORK} []").into_bytes(), "trailing characters"),
        (b"<html>502</html>".to_vec(), "invalid JSON"),
        (b"task_id=1&status=3&type=1".to_vec(), "invalid JSON"),
        (
            b"{\"task_id\":\"t\",\"status\":3,\"type\":2,\"avatar\":\"\xc3\x28\"}".to_vec(),
            "not UTF-8",
        ),
        (
            br#"{"status":3,"type":2,"avatar":"a"}"#.to_vec(),
            "missing field `task_id`",
        ),
        (
            br#"{"task_id":"t","type":2,"avatar":"a"}"#.to_vec(),
            "missing field `status`",
        ),
        (
            br#"{"task_id":"t","status":3,"avatar":"a"}"#.to_vec(),
            "missing field `type`",
        ),
        (
            br#"{"task_id":null,"status":3,"type":2,"avatar":"a"}"#.to_vec(),
            "`task_id`: invalid type: null",
        ),
        (
            br#"{"task_id":"","status":3,"type":2,"avatar":"a"}"#.to_vec(),
            "`task_id` is empty",
        ),
        (
            br#"{"task_id":"  ","status":3,"type":2,"avatar":"a"}"#.to_vec(),
            "`task_id` is empty",
        ),
        (
            br#"{"task_id":123,"status":3,"type":2,"avatar":"a"}"#.to_vec(),
            "`task_id`: invalid type: integer",
        ),
        (
            br#"{"task_id":"t","status":"3","type":2,"avatar":"a"}"#.to_vec(),
            "`status`: invalid type: string",
        ),
        (
            br#"{"task_id":"t","status":3,"type":"2","avatar":"a"}"#.to_vec(),
            "`type`: invalid type: string",
        ),
        (
            br#"{"task_id":"t","status":3,"type":2.5,"avatar":"a"}"#.to_vec(),
            "`type`: invalid value: floating point `2.5`, expected an integer",
        ),
        (
            br#"{"task_id":"t","status":true,"type":2,"avatar":"a"}"#.to_vec(),
            "`status`: invalid type: boolean",
        ),
        (
            br#"{"task_id":"t","status":3,"type":4,"avatar":"a"}"#.to_vec(),
            "`type` is 4",
        ),
        (
            br#"{"task_id":"t","status":3,"type":0,"avatar":"a"}"#.to_vec(),
            "`type` is 0",
        ),
        (
            br#"{"task_id":"t","status":1,"type":2,"avatar":"a"}"#.to_vec(),
            "`status` is 1",
        ),
        (
            br#"{"task_id":"t","status":2,"type":2,"avatar":"a"}"#.to_vec(),
            "`status` is 2",
        ),
        (
            br#"{"task_id":"t","status":3,"type":2,"avatar":"a","code":"0"}"#.to_vec(),
            "`code`: invalid type: string",
        ),
        (
            br#"{"task_id":"t","status":3,"type":2,"avatar":"a","message":0}"#.to_vec(),
            "`message`: invalid type: integer",
        ),
        (
            br#"{"task_id":"t","status":3,"type":2}"#.to_vec(),
            "`avatar` is missing from a finished",
        ),
        (
            br#"{"task_id":"t","status":3,"type":2,"avatar":7}"#.to_vec(),
            "`avatar`: invalid type: integer",
        ),
        (
            br#"{"task_id":"t","status":3,"type":3}"#.to_vec(),
            "`voice` is missing from a finished",
        ),
        (
            br#"{"task_id":"t","status":3,"type":3,"voice":"v","demo_url":[]}"#.to_vec(),
            "`demo_url`: invalid type: sequence",
        ),
        (
            br#"{"task_id":"t","status":3,"type":1}"#.to_vec(),
            "`video_Url` is missing from a finished",
        ),
        (
            br#"{"task_id":"t","status":3,"type":1,"video_Url":{"u":1}}"#.to_vec(),
            "`video_Url`: invalid type: map",
        ),
        (
            br#"{"task_id":"t","status":3,"type":1,"video_Url":"https://v/1.mp4","duration":"45"}"#
                .to_vec(),
            "`duration`: invalid type: string",
        ),
        (
            br#"{"task_id":"t","status":3,"type":1,"video_Url":"https://v/1.mp4","duration":-1}"#
                .to_vec(),
            "`duration` is negative",
        ),
        (
            br#"{"task_id":"t","status":3,"type":1,"video_Url":"https://v/1.mp4","duration":1e999}"#
                .to_vec(),
            "number out of range",
        ),
        (
            br#"{"task_id":"t","status":3,"type":1,"video_Url":"https://v/1.mp4","title":5}"#
                .to_vec(),
            "`title`: invalid type: integer",
        ),
        // A second `status` could make two readers disagree about what happened.
        (
            br#"{"task_id":"t","status":4,"type":2,"status":3,"avatar":"a"}"#.to_vec(),
            "`status` appears twice",
        ),
        (
            br#"{"task_id":"a","task_id":"b","status":3,"type":2,"avatar":"a"}"#.to_vec(),
            "`task_id` appears twice",
        ),
        // A key written with escapes could hide a second copy of a field from a reader.
        (
            br#"{"task_id":"t","status":3,"type":2,"avatar":"a","\u0073tatus":4}"#.to_vec(),
            "`\\u0073tatus`",
        ),
        // Result URLs are fetched by receivers: only absolute http(s) URLs are results.
        (
            br#"{"task_id":"t","status":3,"type":1,"video_Url":"javascript:alert(1)"}"#.to_vec(),
            "`video_Url` must be an absolute http(s) URL",
        ),
        (
            br#"{"task_id":"t","status":3,"type":1,"video_url":"file:///etc/passwd"}"#.to_vec(),
            "`video_Url` must be an absolute http(s) URL",
        ),
        (
            br#"{"task_id":"t","status":3,"type":1,"video_Url":"https:///no-host"}"#.to_vec(),
            "`video_Url` must be an absolute http(s) URL",
        ),
        (
            br#"{"task_id":"t","status":4,"type":1,"video_Url":"//v/1.mp4"}"#.to_vec(),
            "`video_Url` must be an absolute http(s) URL",
        ),
        (
            br#"{"task_id":"t","status":3,"type":3,"voice":"v","demo_url":"/demo.mp3"}"#.to_vec(),
            "`demo_url` must be an absolute http(s) URL",
        ),
        (
            br#"{"task_id":"t","status":3,"type":3,"voice":"v","demo_url":"https://d b/a.mp3"}"#
                .to_vec(),
            "`demo_url` must be an absolute http(s) URL",
        ),
        // No host: `new URL()` would throw on these.
        (
            br#"{"task_id":"t","status":3,"type":1,"video_Url":"https://?x"}"#.to_vec(),
            "`video_Url` must be an absolute http(s) URL",
        ),
        (
            br#"{"task_id":"t","status":3,"type":1,"video_Url":"http://:80/a"}"#.to_vec(),
            "`video_Url` must be an absolute http(s) URL",
        ),
        (
            br#"{"task_id":"t","status":3,"type":3,"voice":"v","demo_url":"https://#a"}"#
                .to_vec(),
            "`demo_url` must be an absolute http(s) URL",
        ),
        // An empty URL is no URL, so a finished work without one lacks its result.
        (
            br#"{"task_id":"t","status":3,"type":1,"video_Url":""}"#.to_vec(),
            "`video_Url` is missing from a finished",
        ),
        (deep.into_bytes(), "recursion limit exceeded"),
        (deep_obj.into_bytes(), "recursion limit exceeded"),
        (
            vec![b' '; MAX_CALLBACK_BYTES + 1],
            "over the limit of 65536",
        ),
    ];
    assert!(cases.len() >= 30, "{}", cases.len());
    for (body, words) in &cases {
        let shown = String::from_utf8_lossy(&body[..body.len().min(80)]);
        let err = parse_callback(body).expect_err(&shown);
        let Error::InvalidCallback { refusal, reason } = &err else {
            panic!("{shown}: {err:?}")
        };
        let want = if body.len() > MAX_CALLBACK_BYTES {
            "too_large"
        } else {
            "malformed"
        };
        assert_eq!(*refusal, want, "{shown}");
        assert!(
            reason.contains(words),
            "{shown}: {reason:?} lacks {words:?}"
        );
        assert_eq!(err.kind(), "invalid_callback");
    }
}

#[test]
fn the_size_limit_is_the_callers() {
    assert!(parse_callback_limited(WORK.as_bytes(), WORK.len()).is_ok());
    let err = parse_callback_limited(WORK.as_bytes(), WORK.len() - 1).unwrap_err();
    assert!(err.to_string().contains("over the limit"), "{err}");
    assert!(
        matches!(
            err,
            Error::InvalidCallback {
                refusal: "too_large",
                ..
            }
        ),
        "{err:?}"
    );
}

/// Every prefix and many single-byte corruptions of the vendor's payloads: each gives a result or
/// an error, never a panic (a panic poisons a Worker's wasm instance).
#[test]
fn no_input_derived_from_the_examples_panics() {
    let mut seeds: Vec<Vec<u8>> = json_examples()[12..15]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
    seeds.push(WORK.as_bytes().to_vec());
    let replacements = [
        b'"', b'\\', b'{', b'}', b'[', b':', b',', b'0', b'-', b'e', 0, 0xff, 0xc3,
    ];
    let mut tried = 0;
    for seed in &seeds {
        for cut in 0..=seed.len() {
            let _ = parse_callback(&seed[..cut]);
            tried += 1;
        }
        for i in 0..seed.len() {
            for &r in &replacements {
                let mut m = seed.clone();
                m[i] = r;
                let _ = parse_callback(&m);
                let _ = GetVideoTask::from_response(&HttpResponse::new(200, m));
                tried += 2;
            }
        }
    }
    // A cheap deterministic random walk over byte strings made of JSON's punctuation.
    let alphabet = b"{}[]\":,0123456789.eE+-tfnrul\\ \"task_id\"status\"type";
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..20_000 {
        let mut buf = Vec::new();
        for _ in 0..(x % 64) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            buf.push(alphabet[(x % alphabet.len() as u64) as usize]);
        }
        let _ = parse_callback(&buf);
        tried += 1;
    }
    assert!(tried > 30_000, "{tried}");
}

#[test]
fn a_megabyte_of_nesting_is_refused_without_overflowing_the_stack() {
    let deep = format!("{}{}", "[".repeat(500_000), "]".repeat(500_000));
    let err = parse_callback_limited(deep.as_bytes(), usize::MAX).unwrap_err();
    assert!(
        err.to_string().contains("recursion limit exceeded"),
        "{err}"
    );
    assert!(
        matches!(
            err,
            Error::InvalidCallback {
                refusal: "malformed",
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn the_secret_is_the_last_path_segment_and_must_match_exactly() {
    use hifly_sdk::core::callback::{check_secret, secret_matches};
    let secret = "s3cr3t-0123456789abcdef";
    let yes = [
        "/hifly/callback/s3cr3t-0123456789abcdef",
        "/hifly/callback/s3cr3t-0123456789abcdef/",
        "/hifly/callback/s3cr3t-0123456789abcdef?x=1",
        "/s3cr3t-0123456789abcdef",
    ];
    for path in yes {
        assert!(secret_matches(path, secret), "{path}");
    }
    let no = [
        "/hifly/callback/",
        "/hifly/callback",
        "/hifly/callback/s3cr3t-0123456789abcde",
        "/hifly/callback/s3cr3t-0123456789abcdeff",
        "/hifly/callback/S3CR3T-0123456789ABCDEF",
        "/hifly/callback/s3cr3t-0123456789abcdef/extra",
        "/s3cr3t-0123456789abcdef%00",
        "",
    ];
    for path in no {
        assert!(!secret_matches(path, secret), "{path}");
    }
    assert!(!secret_matches("/", ""));
    assert!(check_secret(secret).is_ok());
    for bad in [
        "short",
        "has space 0123456789",
        "slash/0123456789abcdef",
        "ünïcödé0123456789",
    ] {
        let err = check_secret(bad).unwrap_err();
        assert_eq!(err.kind(), "invalid_input");
        assert!(!err.to_string().contains(bad), "the secret is not echoed");
    }
}

fn avatar_result(avatar: Option<&str>) -> ApiResult {
    ApiResult::Avatar {
        avatar: avatar.map(Into::into),
    }
}

fn voice_result(voice: Option<&str>, demo_url: Option<&str>) -> ApiResult {
    ApiResult::Voice {
        voice: voice.map(Into::into),
        demo_url: demo_url.map(Into::into),
    }
}

fn video_result(video_url: Option<&str>, duration: Option<f64>) -> ApiResult {
    ApiResult::Video {
        video_url: video_url.map(Into::into),
        duration,
    }
}

/// Confirms a copy of `cb` against the API's answer (with the body's own code and message);
/// the copy, as confirmed, or the refusal.
fn confirm(cb: &Callback, status: TaskStatus, result: ApiResult) -> Result<Callback, Error> {
    let mut cb = cb.clone();
    let (code, message) = (cb.task().code, cb.task().message.clone());
    confirm_with(
        &mut cb,
        Confirmation {
            status,
            code,
            message,
            result,
        },
    )?;
    Ok(cb)
}

fn is_unconfirmed(r: &Result<Callback, Error>) -> bool {
    matches!(
        r,
        Err(Error::InvalidCallback {
            refusal: "unconfirmed",
            ..
        })
    )
}

#[test]
fn confirmation_needs_the_same_status_and_result() {
    let avatar = parse_callback(br#"{"task_id":"t","status":3,"type":2,"avatar":"av"}"#).unwrap();
    assert_eq!(
        confirm(&avatar, TaskStatus::Done, avatar_result(Some("av"))).unwrap(),
        avatar
    );
    for (status, result) in [
        (TaskStatus::Done, avatar_result(Some("other"))),
        (TaskStatus::Done, avatar_result(None)),
        (TaskStatus::Processing, avatar_result(Some("av"))),
        (TaskStatus::Failed, avatar_result(None)),
        // The API's answer for another kind of task is no confirmation either.
        (TaskStatus::Done, voice_result(Some("av"), None)),
        (
            TaskStatus::Done,
            video_result(Some("https://v/1.mp4"), None),
        ),
    ] {
        let r = confirm(&avatar, status, result.clone());
        assert!(is_unconfirmed(&r), "{status:?} {result:?}: {r:?}");
        let err = r.unwrap_err();
        assert_eq!(err.kind(), "invalid_callback");
        assert!(err.to_string().contains("task t"), "{err}");
    }

    let failed = parse_callback(br#"{"task_id":"t","status":4,"type":3,"code":2013}"#).unwrap();
    assert_eq!(
        confirm(&failed, TaskStatus::Failed, voice_result(None, None)).unwrap(),
        failed
    );
    assert!(is_unconfirmed(&confirm(
        &failed,
        TaskStatus::Done,
        voice_result(Some("v"), None)
    )));

    let voice = parse_callback(
        br#"{"task_id":"t","status":3,"type":3,"voice":"v","demo_url":"https://claimed/d.mp3"}"#,
    )
    .unwrap();
    assert!(is_unconfirmed(&confirm(
        &voice,
        TaskStatus::Done,
        voice_result(Some("w"), Some("https://api/d.mp3"))
    )));
    // The sample's URL comes from the API, not from the body.
    let Callback::Voice(v) = confirm(
        &voice,
        TaskStatus::Done,
        voice_result(Some("v"), Some("https://api/d.mp3")),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(v.voice.as_deref(), Some("v"));
    assert_eq!(v.demo_url.as_deref(), Some("https://api/d.mp3"));

    let video = parse_callback(WORK.as_bytes()).unwrap();
    assert!(confirm(&video, TaskStatus::Done, video_result(None, None)).is_ok());
    assert!(is_unconfirmed(&confirm(
        &video,
        TaskStatus::Waiting,
        video_result(None, None)
    )));
    assert!(is_unconfirmed(&confirm(
        &video,
        TaskStatus::Done,
        avatar_result(Some("av"))
    )));
}

/// A callback is unsigned, so its URL is only a claim: a confirmed work callback carries the URL
/// and the duration the API gave, whatever the body said. The title and message stay claims.
#[test]
fn a_confirmed_work_callback_carries_the_apis_url() {
    const API_URL: &str = "https://cdn.example/videos/abc123.mp4?token=fresh";
    let mut cb = parse_callback(WORK.as_bytes()).unwrap();
    confirm_with(
        &mut cb,
        Confirmation {
            status: TaskStatus::Done,
            code: 0,
            message: String::new(),
            result: video_result(Some(API_URL), Some(46.5)),
        },
    )
    .unwrap();
    let Callback::Video(v) = &cb else { panic!() };
    assert_eq!(v.video_url.as_deref(), Some(API_URL));
    assert_ne!(v.video_url.as_deref(), Some("https://v/1.mp4?token=x"));
    assert_eq!(v.duration, Some(46.5));
    assert_eq!(v.title.as_deref(), Some("我的视频创作"));
    assert_eq!(v.task.task_id, "t1");
    // What JavaScript receives is the confirmed value too.
    let json = serde_json::to_value(&cb).unwrap();
    assert_eq!(json["video_url"], API_URL);
    assert_eq!(json["duration"], 46.5);

    // A refused confirmation leaves the callback as it was.
    let before = parse_callback(WORK.as_bytes()).unwrap();
    let mut after = before.clone();
    let err = confirm_with(
        &mut after,
        Confirmation {
            status: TaskStatus::Failed,
            code: 2013,
            message: "the API's reason".into(),
            result: video_result(Some(API_URL), None),
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
    assert_eq!(after, before);
}

/// What JavaScript receives: one flat object with the callback's `type`, `video_url` in lower
/// case, and only the fields its type has.
#[test]
fn callbacks_serialize_to_the_flat_javascript_shape() {
    use serde_json::json;
    let cases = [
        (
            WORK,
            json!({"type": 1, "task_id": "t1", "status": 3, "code": 0, "message": "",
                   "video_url": "https://v/1.mp4?token=x", "duration": 45.0,
                   "title": "我的视频创作"}),
        ),
        (
            r#"{"task_id":"t","status":4,"type":1,"code":2013,"message":"获取音频资源失败"}"#,
            json!({"type": 1, "task_id": "t", "status": 4, "code": 2013,
                   "message": "获取音频资源失败"}),
        ),
        (
            r#"{"task_id":"t","status":3,"type":2,"avatar":"av"}"#,
            json!({"type": 2, "task_id": "t", "status": 3, "code": 0, "message": "",
                   "avatar": "av"}),
        ),
        (
            r#"{"task_id":"t","status":3,"type":3,"voice":"v","demo_url":"https://d/1.mp3"}"#,
            json!({"type": 3, "task_id": "t", "status": 3, "code": 0, "message": "",
                   "voice": "v", "demo_url": "https://d/1.mp3"}),
        ),
    ];
    for (body, want) in cases {
        let cb = parse_callback(body.as_bytes()).unwrap();
        assert_eq!(serde_json::to_value(&cb).unwrap(), want, "{body}");
    }
}

/// `45.0` is the integer 45's other spelling, and in JavaScript (where the .wasm reads callbacks
/// through JSON.parse) the very same number: the native parser should read it as before.
#[test]
fn an_integral_float_is_an_integer_in_a_callback() {
    let cb = parse_callback(br#"{"task_id":"t","status":3.0,"type":2,"avatar":"a"}"#).unwrap();
    assert_eq!(cb.task().status, TaskStatus::Done);
}

#[test]
fn the_secret_is_found_in_a_full_url_too() {
    use hifly_sdk::core::callback::secret_matches;
    let secret = "s3cr3t-0123456789abcdef";
    // The host is not the path: a host named like the secret does not match.
    assert!(!secret_matches("https://s3cr3t-0123456789abcdef", secret));
    assert!(!secret_matches("https://s3cr3t-0123456789abcdef/", secret));
    assert!(secret_matches(
        "https://r.example/hifly/callback/s3cr3t-0123456789abcdef",
        secret
    ));
    assert!(secret_matches(
        "https://r.example/hifly/callback/s3cr3t-0123456789abcdef?a=b#c",
        secret
    ));
    assert!(!secret_matches(
        "https://r.example/?s3cr3t-0123456789abcdef",
        secret
    ));
    assert!(!secret_matches("https://r.example/", secret));
}

/// A failed task's code and message are facts the API gives: a confirmed failure callback
/// carries the API's, whatever the body claimed.
#[test]
fn a_confirmed_failure_carries_the_apis_code_and_message() {
    let body = r#"{"task_id":"t9","status":4,"type":1,"code":1011,"message":"<b>claimed</b>","title":"x"}"#;
    let mut cb = parse_callback(body.as_bytes()).unwrap();
    confirm_with(
        &mut cb,
        Confirmation {
            status: TaskStatus::Failed,
            code: 2013,
            message: "获取音频资源失败".into(),
            result: video_result(None, None),
        },
    )
    .unwrap();
    assert_eq!(cb.task().code, 2013);
    assert_eq!(cb.task().message, "获取音频资源失败");
    // A finished task's code and message are left as the body gave them (0 and its text).
    let done = parse_callback(WORK.as_bytes()).unwrap();
    let confirmed = confirm(
        &done,
        TaskStatus::Done,
        video_result(Some("https://cdn.example/v.mp4"), Some(1.0)),
    )
    .unwrap();
    assert_eq!(confirmed.task().message, done.task().message);
}
