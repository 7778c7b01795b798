//! The callback parser: strict on shape, bounded on size and depth, and never panicking.

mod common;

use common::json_examples;
use hifly_sdk::core::callback::parse_callback_limited;
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
        // Whitespace and a BOM-free body with escapes.
        ("\n { \"task_id\" : \"t\\u0031\" , \"status\" : 3 , \"type\" : 2 , \"avatar\" : \"a\" } \n", 2, TaskStatus::Done),
        // 45.0 is the integer 45's other spelling.
        (r#"{"task_id":"t","status":3.0,"type":2,"avatar":"a"}"#, 2, TaskStatus::Done),
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
        "{\"a\":".repeat(65),
        "}".repeat(65)
    );
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"".to_vec(), "end of input"),
        (b"   ".to_vec(), "end of input"),
        (b"null".to_vec(), "got null"),
        (b"[]".to_vec(), "got an array"),
        (b"\"task\"".to_vec(), "got a string"),
        (b"3".to_vec(), "got a number"),
        (b"{".to_vec(), "end of input"),
        (WORK.as_bytes()[..WORK.len() - 1].to_vec(), "end of input"),
        (WORK.as_bytes()[..40].to_vec(), "unterminated string"),
        (format!("{WORK}{WORK}").into_bytes(), "after the JSON value"),
        (b"<html>502</html>".to_vec(), "expected a JSON value"),
        (
            b"task_id=1&status=3&type=1".to_vec(),
            "invalid literal at byte 0",
        ),
        (
            b"{\"task_id\":\"t\",\"status\":3,\"type\":2,\"avatar\":\"\xc3\x28\"}".to_vec(),
            "not UTF-8",
        ),
        (
            br#"{"status":3,"type":2,"avatar":"a"}"#.to_vec(),
            "`task_id` is missing",
        ),
        (
            br#"{"task_id":"t","type":2,"avatar":"a"}"#.to_vec(),
            "`status` is missing",
        ),
        (
            br#"{"task_id":"t","status":3,"avatar":"a"}"#.to_vec(),
            "`type` is missing",
        ),
        (
            br#"{"task_id":null,"status":3,"type":2,"avatar":"a"}"#.to_vec(),
            "`task_id` is missing",
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
            "`task_id` should be a string, got a number",
        ),
        (
            br#"{"task_id":"t","status":"3","type":2,"avatar":"a"}"#.to_vec(),
            "`status` should be an integer, got a string",
        ),
        (
            br#"{"task_id":"t","status":3,"type":"2","avatar":"a"}"#.to_vec(),
            "`type` should be an integer, got a string",
        ),
        (
            br#"{"task_id":"t","status":3,"type":2.5,"avatar":"a"}"#.to_vec(),
            "`type` should be an integer",
        ),
        (
            br#"{"task_id":"t","status":true,"type":2,"avatar":"a"}"#.to_vec(),
            "got a boolean",
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
            "`code` should be an integer",
        ),
        (
            br#"{"task_id":"t","status":3,"type":2,"avatar":"a","message":0}"#.to_vec(),
            "`message` should be a string",
        ),
        (
            br#"{"task_id":"t","status":3,"type":2}"#.to_vec(),
            "`avatar` is missing from a finished",
        ),
        (
            br#"{"task_id":"t","status":3,"type":2,"avatar":7}"#.to_vec(),
            "`avatar` should be a string",
        ),
        (
            br#"{"task_id":"t","status":3,"type":3}"#.to_vec(),
            "`voice` is missing from a finished",
        ),
        (
            br#"{"task_id":"t","status":3,"type":3,"voice":"v","demo_url":[]}"#.to_vec(),
            "`demo_url` should be a string",
        ),
        (
            br#"{"task_id":"t","status":3,"type":1}"#.to_vec(),
            "`video_Url` is missing from a finished",
        ),
        (
            br#"{"task_id":"t","status":3,"type":1,"video_Url":{"u":1}}"#.to_vec(),
            "`video_Url` should be a string",
        ),
        (
            br#"{"task_id":"t","status":3,"type":1,"video_Url":"u","duration":"45"}"#.to_vec(),
            "`duration` should be a finite number",
        ),
        (
            br#"{"task_id":"t","status":3,"type":1,"video_Url":"u","duration":-1}"#.to_vec(),
            "`duration` is negative",
        ),
        (
            br#"{"task_id":"t","status":3,"type":1,"video_Url":"u","duration":1e999}"#.to_vec(),
            "finite",
        ),
        (
            br#"{"task_id":"t","status":3,"type":1,"video_Url":"u","title":5}"#.to_vec(),
            "`title` should be a string",
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
        (deep.into_bytes(), "nested too deeply"),
        (deep_obj.into_bytes(), "nested too deeply"),
        (
            vec![b' '; MAX_CALLBACK_BYTES + 1],
            "over the limit of 65536",
        ),
    ];
    assert!(cases.len() >= 30, "{}", cases.len());
    for (body, words) in &cases {
        let shown = String::from_utf8_lossy(&body[..body.len().min(80)]);
        let err = parse_callback(body).expect_err(&shown);
        let Error::InvalidCallback { reason } = &err else {
            panic!("{shown}: {err:?}")
        };
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
    assert!(err.to_string().contains("nested too deeply"), "{err}");
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

#[test]
fn confirmation_needs_the_same_status_and_result() {
    use hifly_sdk::core::callback::confirms;
    let avatar = parse_callback(br#"{"task_id":"t","status":3,"type":2,"avatar":"av"}"#).unwrap();
    assert!(confirms(&avatar, TaskStatus::Done, Some("av")));
    assert!(!confirms(&avatar, TaskStatus::Done, Some("other")));
    assert!(!confirms(&avatar, TaskStatus::Done, None));
    assert!(!confirms(&avatar, TaskStatus::Processing, Some("av")));
    assert!(!confirms(&avatar, TaskStatus::Failed, None));
    let failed = parse_callback(br#"{"task_id":"t","status":4,"type":3,"code":2013}"#).unwrap();
    assert!(confirms(&failed, TaskStatus::Failed, None));
    assert!(!confirms(&failed, TaskStatus::Done, Some("v")));
    let video = parse_callback(WORK.as_bytes()).unwrap();
    assert!(confirms(&video, TaskStatus::Done, None));
    assert!(!confirms(&video, TaskStatus::Waiting, None));
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
