//! Decoding answers: every documented error code, the envelope's failure modes, malformed bodies,
//! and the tolerance the vendor's loose typing needs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::ok;
use hifly_sdk::*;

const DOCUMENTED: &[(i64, &str)] = &[
    (11, "InvalidParams"),
    (14, "NotFound"),
    (1001, "TooManyInProgress"),
    (1002, "InsufficientCredits"),
    (1005, "MembershipRequired"),
    (1006, "MembershipLevelTooLow"),
    (1009, "HighFidelityVoiceSoldOut"),
    (1011, "VoiceResemblesCelebrity"),
    (1013, "HighFidelityVoiceLimit"),
    (1015, "SubmissionLimit"),
    (2003, "InvalidToken"),
    (2011, "FileTooLarge"),
    (2012, "UnsupportedFileType"),
    (2013, "AudioFetchFailed"),
    (2014, "VideoFetchFailed"),
    (2015, "AvatarCloneFailed"),
    (2016, "ImageFetchFailed"),
];

#[test]
fn every_documented_code_decodes_by_name() {
    assert_eq!(ErrorCode::ALL.len(), 17);
    for &(n, name) in DOCUMENTED {
        let body = format!(r#"{{"code":{n},"message":"服务端消息","request_id":"req-{n}"}}"#);
        let err = CreateVideoByTts::from_response(&ok(&body)).unwrap_err();
        let Error::Api {
            code,
            message,
            request_id,
        } = &err
        else {
            panic!("{n}: expected an API error, got {err:?}");
        };
        assert_eq!(code.as_i64(), n);
        assert_eq!(code.name(), name);
        assert_eq!(ErrorCode::from_i64(n), *code);
        assert!(!matches!(code, ErrorCode::Unknown(_)), "{n}");
        assert_eq!(message, "服务端消息");
        assert_eq!(request_id.as_deref(), Some(format!("req-{n}").as_str()));
        assert_eq!(err.kind(), "api");
        assert_eq!(err.code(), Some(*code));
        assert_eq!(err.status(), Some(200));
        assert_eq!(err.request_id(), Some(format!("req-{n}").as_str()));
        let shown = err.to_string();
        assert!(shown.contains(&format!("({n})")), "{shown}");
        assert!(shown.contains("服务端消息"), "{shown}");
    }
    let names: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.name()).collect();
    let expected: Vec<&str> = DOCUMENTED.iter().map(|(_, n)| *n).collect();
    assert_eq!(names, expected);
}

#[test]
fn an_undocumented_code_keeps_its_number() {
    for n in [1, 12, 999, 1003, 3000, -5, 4_294_967_296] {
        let err =
            GetCredit::from_response(&ok(&format!(r#"{{"code":{n},"message":""}}"#))).unwrap_err();
        assert_eq!(err.code(), Some(ErrorCode::Unknown(n)), "{n}");
        assert_eq!(err.code().unwrap().as_i64(), n);
        assert!(err.to_string().contains(&n.to_string()));
    }
}

#[test]
fn messages_read_in_plain_words() {
    let err = CreateAudioByTts::from_response(&ok(r#"{"code":1002,"message":""}"#)).unwrap_err();
    assert_eq!(err.to_string(), "Not enough credits (1002)");
    let err = GetCredit::from_response(&HttpResponse::new(401, "")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Authentication failed (HTTP 401): check the API token"
    );
}

#[test]
fn status_401_is_an_auth_error_whatever_the_body() {
    let cases = [
        (
            r#"{"code":2003,"message":"无效Token","request_id":"r1"}"#,
            "无效Token",
            Some("r1"),
        ),
        ("<html><body>401 Unauthorized</body></html>", "", None),
        ("", "", None),
        ("{trunc", "", None),
    ];
    for (body, message, request_id) in cases {
        let err = GetVideoTask::from_response(&HttpResponse::new(401, body)).unwrap_err();
        assert_eq!(
            err,
            Error::Auth {
                message: message.into(),
                request_id: request_id.map(Into::into)
            },
            "{body}"
        );
        assert_eq!(err.kind(), "auth");
        assert_eq!(err.status(), Some(401));
        assert!(!err.retryable());
    }
}

#[test]
fn other_statuses_are_http_errors_with_a_snippet() {
    let cases: &[(u16, &str, bool)] = &[
        (400, r#"{"error":"bad"}"#, false),
        (403, "Forbidden", false),
        (404, "<html>Not Found</html>", false),
        (301, "", false),
        (429, "Too Many Requests", true),
        (500, "Internal Server Error", true),
        (
            502,
            "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
            true,
        ),
        (503, "", true),
        (504, "upstream timed out", true),
    ];
    for &(status, body, retryable) in cases {
        let err = GetCredit::from_response(&HttpResponse::new(status, body)).unwrap_err();
        let Error::Http {
            status: s, snippet, ..
        } = &err
        else {
            panic!("{status}: {err:?}");
        };
        assert_eq!(*s, status);
        assert_eq!(snippet, body, "{status}");
        assert_eq!(err.kind(), "http");
        assert_eq!(err.retryable(), retryable, "{status}");
        assert!(err.to_string().contains(&format!("HTTP {status}")));
    }
}

#[test]
fn snippets_are_short_and_on_one_line() {
    let body = format!("<html>\n\n  <body>{}</body></html>", "é".repeat(5000));
    let err = GetCredit::from_response(&HttpResponse::new(502, body)).unwrap_err();
    let Error::Http { snippet, .. } = err else {
        panic!()
    };
    assert!(snippet.starts_with("<html> <body>éé"), "{snippet}");
    assert!(snippet.ends_with('…'));
    assert_eq!(snippet.chars().count(), response::SNIPPET_CHARS + 1);
    assert!(!snippet.contains('\n'));
}

/// Malformed 2xx answers: each must become a decode error that says what was wrong.
#[test]
fn malformed_responses_are_decode_errors() {
    type Decoder = fn(&[u8]) -> Result<(), Error>;
    fn credit(b: &[u8]) -> Result<(), Error> {
        GetCredit::from_response(&HttpResponse::new(200, b)).map(drop)
    }
    fn created(b: &[u8]) -> Result<(), Error> {
        CreateVideoByTts::from_response(&HttpResponse::new(200, b)).map(drop)
    }
    fn avatars(b: &[u8]) -> Result<(), Error> {
        ListAvatars::from_response(&HttpResponse::new(200, b)).map(drop)
    }
    fn voices(b: &[u8]) -> Result<(), Error> {
        ListVoices::from_response(&HttpResponse::new(200, b)).map(drop)
    }
    fn video(b: &[u8]) -> Result<(), Error> {
        GetVideoTask::from_response(&HttpResponse::new(200, b)).map(drop)
    }
    fn upload(b: &[u8]) -> Result<(), Error> {
        CreateUploadUrl::from_response(&HttpResponse::new(200, b)).map(drop)
    }
    // serde_json bounds nesting at 128 levels, which keeps the stack safe.
    let deep = format!(
        "{{\"code\":0,\"a\":{}1{},\"left\":1}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    // Syntax errors are reported by the parser (serde_json natively) after "invalid JSON"; shape
    // errors name the offending field.
    let cases: &[(&[u8], &str, Decoder)] = &[
        (b"", "the body is empty", credit),
        (b"   \n", "the body is empty", credit),
        (b"<html><body>502 Bad Gateway</body></html>", "HTML", credit),
        (b"<!DOCTYPE html><html>", "HTML", credit),
        (b"<?xml version=\"1.0\"?><Error/>", "HTML", credit),
        (b"{\"code\":0,\"left\":10", "invalid JSON: EOF", credit),
        (b"{\"code\":0,\"left\":", "invalid JSON: EOF", credit),
        (
            b"{\"code\":0,\"le",
            "invalid JSON: EOF while parsing a string",
            credit,
        ),
        (b"{", "invalid JSON: EOF", credit),
        (b"{\"code\":0,}", "invalid JSON: trailing comma", credit),
        (
            b"{\"code\":0 \"left\":1}",
            "invalid JSON: expected `,`",
            credit,
        ),
        (b"{'code':0}", "invalid JSON: key must be a string", credit),
        (
            b"{\"code\":0,\"left\":1}garbage",
            "invalid JSON: trailing characters",
            credit,
        ),
        (
            b"{\"code\":0,\"left\":01}",
            "invalid JSON: invalid number",
            credit,
        ),
        (
            b"{\"code\":0,\"left\":NaN}",
            "invalid JSON: expected value",
            credit,
        ),
        (b"{\"code\":0,\"left\":tru}", "invalid JSON", credit),
        (
            b"{\"code\":0,\"left\":1.}",
            "invalid JSON: invalid number",
            credit,
        ),
        (
            b"{\"code\":0,\"s\":\"a\x01b\",\"left\":1}",
            "invalid JSON: control character",
            credit,
        ),
        (
            b"{\"code\":0,\"s\":\"\\x\",\"left\":1}",
            "invalid JSON: invalid escape",
            credit,
        ),
        (
            b"{\"code\":0,\"s\":\"\\u12g4\",\"left\":1}",
            "invalid JSON: invalid escape",
            credit,
        ),
        (b"{\"code\":0,\"left\":\xff}", "not UTF-8", credit),
        (b"[1,2,3]", "expected a JSON object, got array", credit),
        (b"\"ok\"", "expected a JSON object, got string", credit),
        (b"null", "expected a JSON object, got null", credit),
        (b"42", "expected a JSON object, got number", credit),
        (b"{\"code\":0}", "missing field `left`", credit),
        (
            b"{\"code\":0,\"left\":\"lots\"}",
            "field `left`: should be an integer",
            credit,
        ),
        (
            b"{\"code\":0,\"left\":1.5}",
            "field `left`: should be an integer",
            credit,
        ),
        (
            b"{\"code\":0,\"left\":[1]}",
            "field `left`: invalid type: sequence",
            credit,
        ),
        (
            b"{\"code\":\"zero\",\"left\":1}",
            "field `code`: should be an integer",
            credit,
        ),
        (
            b"{\"code\":true,\"left\":1}",
            "field `code`: invalid type: boolean",
            credit,
        ),
        (
            b"{\"code\":0,\"request_id\":\"r\"}",
            "missing field `task_id`",
            created,
        ),
        (
            b"{\"code\":0,\"task_id\":{}}",
            "field `task_id`: invalid type: map",
            created,
        ),
        (
            b"{\"code\":0,\"task_id\":true}",
            "field `task_id`: invalid type: boolean",
            created,
        ),
        (
            b"{\"code\":0,\"data\":{}}",
            "field `data`: invalid type: map, expected a sequence",
            avatars,
        ),
        (
            b"{\"code\":0,\"data\":[1]}",
            "field `data[0]`: invalid type: integer",
            avatars,
        ),
        (
            b"{\"code\":0,\"data\":[{\"kind\":2}]}",
            "field `data[0]`: missing field `avatar`",
            avatars,
        ),
        (
            b"{\"code\":0,\"data\":[{\"voice\":\"v\",\"type\":\"x\"}]}",
            "field `data[0].type`: should be an integer",
            voices,
        ),
        (b"{\"code\":0,\"status\":null}", "field `status`", video),
        (
            b"{\"code\":0,\"status\":7}",
            "field `status`: status 7 is not one the API documents",
            video,
        ),
        (
            b"{\"code\":0,\"status\":3,\"duration\":\"long\"}",
            "field `duration`: should be a number",
            video,
        ),
        (
            b"{\"code\":0,\"status\":3,\"video_Url\":5.5e3,\"duration\":[]}",
            "field `duration`: invalid type: sequence",
            video,
        ),
        (
            b"{\"code\":0,\"status\":3}",
            "the task is done (status 3) but its result `video_Url` is missing",
            video,
        ),
        (
            b"{\"upload_url\":\"https://s/u\",\"file_id\":\"f\"}",
            "missing field `content_type`",
            upload,
        ),
        (
            deep.as_bytes(),
            "invalid JSON: recursion limit exceeded",
            credit,
        ),
    ];
    assert!(cases.len() >= 30, "{} cases", cases.len());
    for (body, want, decode) in cases {
        let shown = String::from_utf8_lossy(body);
        let err = decode(body).expect_err(&shown);
        let Error::Decode {
            status,
            reason,
            snippet,
        } = &err
        else {
            panic!("{shown}: expected a decode error, got {err:?}");
        };
        assert_eq!(*status, 200);
        assert!(reason.contains(want), "{shown}: {reason:?} lacks {want:?}");
        assert_eq!(*snippet, response::snippet(&shown), "{shown}");
        assert_eq!(err.kind(), "decode");
        assert!(!err.retryable());
    }
}

#[test]
fn decoding_tolerates_extra_missing_optional_and_loosely_typed_fields() {
    // Extra fields, fields out of order, no request_id, no message.
    let t = CreateVideoByTts::from_response(&ok(
        r#"{"task_id":"7","extra":{"nested":[1,2]},"code":0,"new_field":null}"#,
    ))
    .unwrap();
    assert_eq!(t.task_id, "7");
    assert_eq!(t.request_id, None);

    // A numeric task id and a string code.
    let t = CreateVideoByTts::from_response(&ok(r#"{"code":"0","task_id":12345678901234567890}"#))
        .unwrap();
    assert_eq!(t.task_id, "12345678901234567890", "kept digit for digit");
    // Past what any integer type holds, a number has lost digits: a decode error naming the
    // field, never an id with a made-up ".0".
    let err = CreateVideoByTts::from_response(&ok(r#"{"code":0,"task_id":123456789012345678901}"#))
        .unwrap_err();
    let Error::Decode { reason, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(
        reason.contains("task_id") && reason.contains("too large"),
        "{reason}"
    );
    // An informational field is not worth a failed answer (a paid task was created): a huge
    // numeric request id is written out as the number it became, without a made-up ".0".
    let t = CreateVideoByTts::from_response(&ok(
        r#"{"code":0,"task_id":"t","request_id":123456789012345678901}"#,
    ))
    .unwrap();
    assert_eq!(t.task_id, "t");
    assert_eq!(t.request_id.as_deref(), Some("123456789012345667584"));
    // A fraction is no id either, but it is what the wire said: written as it was.
    let t = CreateVideoByTts::from_response(&ok(r#"{"code":0,"task_id":12.5}"#)).unwrap();
    assert_eq!(t.task_id, "12.5");

    // The lower-case spelling, and the capital one winning when both appear.
    let v = GetVideoTask::from_response(&ok(
        r#"{"code":0,"status":3,"video_url":"https://a/b.mp4"}"#,
    ))
    .unwrap();
    assert_eq!(v.video_url.as_deref(), Some("https://a/b.mp4"));
    let v = GetVideoTask::from_response(&ok(
        r#"{"status":3,"video_Url":"https://a/U.mp4","video_url":"https://a/u.mp4"}"#,
    ))
    .unwrap();
    assert_eq!(v.video_url.as_deref(), Some("https://a/U.mp4"));

    // Not done yet: no URL, no duration; nulls read as absent.
    let v = GetVideoTask::from_response(&ok(
        r#"{"code":0,"status":2,"video_Url":null,"duration":null}"#,
    ))
    .unwrap();
    assert_eq!(v.status, TaskStatus::Processing);
    assert_eq!((v.video_url, v.duration), (None, None));

    // Stringly statuses and fractional, stringly durations.
    let v = GetVideoTask::from_response(&ok(
        r#"{"status":"3","video_Url":"https://a/b.mp4","duration":"12.5"}"#,
    ))
    .unwrap();
    assert_eq!(v.status, TaskStatus::Done);
    assert_eq!(v.duration, Some(12.5));

    // Voices whose settings come back as numbers are read, not refused: strings are kept as
    // written, numbers by value (the .wasm reads through JSON.parse, where `1.0` is `1`).
    let l = ListVoices::from_response(&ok(
        r#"{"code":0,"data":[{"voice":"v","type":8,"title":"t","rate":1.0,"volume":"0.5","pitch":2},{"voice":"w","rate":"1.0","volume":1.25}]}"#,
    ))
    .unwrap();
    let value = |s: &Option<String>| s.as_deref().map(|s| s.parse::<f64>().unwrap());
    assert_eq!(value(&l.data[0].rate), Some(1.0));
    assert_eq!(l.data[0].volume.as_deref(), Some("0.5"));
    assert_eq!(l.data[0].pitch.as_deref(), Some("2"));
    assert_eq!(l.data[1].rate.as_deref(), Some("1.0"));
    assert_eq!(l.data[1].volume.as_deref(), Some("1.25"));
    assert_eq!(l.data[1].pitch, None);

    // A missing or null title is an empty one.
    let l = ListVoices::from_response(&ok(
        r#"{"data":[{"voice":"v"},{"voice":"w","title":null}]}"#,
    ))
    .unwrap();
    assert_eq!(
        (l.data[0].title.as_str(), l.data[1].title.as_str()),
        ("", "")
    );
    let l = ListAvatars::from_response(&ok(r#"{"data":[{"avatar":"a","title":null}]}"#)).unwrap();
    assert_eq!(l.data[0].title, "");

    // An empty or absent list is an empty page.
    for body in [
        r#"{"code":0,"data":[]}"#,
        r#"{"code":0}"#,
        r#"{"code":0,"data":null}"#,
    ] {
        assert!(ListAvatars::from_response(&ok(body))
            .unwrap()
            .data
            .is_empty());
    }

    // Escapes and surrogate pairs in strings (a lone surrogate: see the test after this one).
    let l = ListAvatars::from_response(&ok(
        r#"{"data":[{"avatar":"a\"\\\/\b\f\n\r\t","title":"\u4f60\u597d \ud83d\ude00!"}]}"#,
    ))
    .unwrap();
    assert_eq!(l.data[0].avatar, "a\"\\/\u{8}\u{c}\n\r\t");
    assert_eq!(l.data[0].title, "你好 😀!");
}

/// An item or a task answer of the wrong shape is named by its public type in serde's words,
/// never by the hidden wire struct it is read through.
#[test]
fn bad_items_and_tasks_are_named_by_their_public_types() {
    for (e, name) in [
        (
            ListAvatars::from_response(&ok(r#"{"data":[5]}"#)).unwrap_err(),
            "struct AvatarItem",
        ),
        (
            ListVoices::from_response(&ok(r#"{"data":["v"]}"#)).unwrap_err(),
            "struct VoiceItem",
        ),
        (GetVideoTask::from_response(&ok(r#"[1]"#)).unwrap_err(), ""),
    ] {
        let text = e.to_string();
        assert_eq!(e.kind(), "decode", "{text}");
        assert!(text.contains(name) && !text.contains("Wire"), "{text}");
    }
}

/// A lone surrogate escape is not Unicode. Natively serde_json refuses it, so the answer is a
/// `decode` error that says so (the .wasm reads strings through JSON.parse and a lossy
/// conversion, which gives U+FFFD instead); either way nothing panics and nothing is misread as
/// another valid string.
#[test]
fn a_lone_surrogate_in_a_string_is_a_decode_error_natively() {
    let e = ListAvatars::from_response(&ok(
        r#"{"data":[{"avatar":"a","title":"\u4f60\u597d \ud800!"}]}"#,
    ))
    .unwrap_err();
    assert_eq!(e.kind(), "decode");
    assert!(e.to_string().contains("escape"), "{e}");
}

#[test]
fn a_failed_task_is_a_result_not_a_request_error() {
    let a = GetAvatarTask::from_response(&ok(
        r#"{"code":2015,"message":"数字人克隆失败","status":4,"request_id":"r"}"#,
    ))
    .unwrap();
    assert_eq!(a.status, TaskStatus::Failed);
    assert_eq!(a.code, 2015);
    assert_eq!(a.message, "数字人克隆失败");
    assert_eq!(a.request_id.as_deref(), Some("r"));
    assert_eq!(a.avatar, None);

    // Without a status, a code is an error of the request itself, e.g. an unknown task.
    let err =
        GetAvatarTask::from_response(&ok(r#"{"code":14,"message":"找不到资源"}"#)).unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::NotFound));

    // Nor with a status that is not a task's (1–4): a server that writes every field, zeros
    // included, or one that writes it oddly. The code is the answer, for every task query.
    for status in [
        "0", "\"\"", "9", "null", "\"x\"", "{}", "[4]", "true", "1.5",
    ] {
        let body = format!(
            r#"{{"code":14,"message":"找不到资源","status":{status},"avatar":"","video_Url":"","request_id":"r"}}"#
        );
        for err in [
            GetAvatarTask::from_response(&ok(&body)).map(drop),
            GetVideoTask::from_response(&ok(&body)).map(drop),
            GetVoiceTask::from_response(&ok(&body)).map(drop),
        ] {
            let err = err.expect_err(&body);
            assert_eq!(err.code(), Some(ErrorCode::NotFound), "{body}: {err:?}");
            assert_eq!(err.request_id(), Some("r"), "{body}");
        }
    }
    // A failed task's status may be written as a string, too.
    let a = GetAvatarTask::from_response(&ok(r#"{"code":2015,"status":"4"}"#)).unwrap();
    assert_eq!((a.status, a.code), (TaskStatus::Failed, 2015));

    // Other endpoints never read a status: a code is always an error there.
    let err = GetCredit::from_response(&ok(r#"{"code":1002,"status":4,"left":0}"#)).unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InsufficientCredits));
}

/// Issue 12: the vendor documents statuses 1–4 only. Any other status is not guessed at (a
/// poller could otherwise wait forever on it): it is a decode error naming `status`, for every
/// task query. `TaskStatus::from_i64` says the same.
#[test]
fn an_undocumented_task_status_is_a_decode_error() {
    for n in [0, 5, 7, -1, 100] {
        let body = format!(
            r#"{{"code":0,"status":{n},"video_Url":"https://a/b.mp4","avatar":"a","voice":"v"}}"#
        );
        let errors = [
            GetVideoTask::from_response(&ok(&body)).map(drop),
            GetAvatarTask::from_response(&ok(&body)).map(drop),
            GetVoiceTask::from_response(&ok(&body)).map(drop),
        ];
        for err in errors {
            let err = err.expect_err(&body);
            let Error::Decode { reason, .. } = &err else {
                panic!("{body}: expected a decode error, got {err:?}");
            };
            assert!(reason.contains("`status`"), "{body}: {reason}");
            assert!(reason.contains(&n.to_string()), "{body}: {reason}");
            assert_eq!(err.kind(), "decode");
        }
        assert_eq!(TaskStatus::from_i64(n), None);
    }
    for n in 1..=4 {
        let status = TaskStatus::from_i64(n).unwrap();
        assert_eq!(status.as_i64(), n);
        assert_eq!(status.is_final(), n >= 3);
    }
}

/// A finished task (status 3) is only useful with its result: without it, the answer is a decode
/// error naming the missing field, not a "done" with nothing to use.
#[test]
fn a_finished_task_without_its_result_is_a_decode_error() {
    type Decoder = fn(&str) -> Result<(), Error>;
    let cases: &[(&str, &str, Decoder)] = &[
        (r#"{"code":0,"status":3}"#, "video_Url", |b| {
            GetVideoTask::from_response(&ok(b)).map(drop)
        }),
        (
            r#"{"code":0,"status":3,"video_Url":null,"duration":4}"#,
            "video_Url",
            |b| GetVideoTask::from_response(&ok(b)).map(drop),
        ),
        (r#"{"code":0,"status":3}"#, "avatar", |b| {
            GetAvatarTask::from_response(&ok(b)).map(drop)
        }),
        (
            r#"{"code":0,"status":3,"demo_url":"https://d/1.mp3"}"#,
            "voice",
            |b| GetVoiceTask::from_response(&ok(b)).map(drop),
        ),
    ];
    for (body, field, decode) in cases {
        let err = decode(body).expect_err(body);
        let Error::Decode { reason, .. } = &err else {
            panic!("{body}: expected a decode error, got {err:?}");
        };
        assert!(reason.contains(&format!("`{field}`")), "{body}: {reason}");
        assert_eq!(err.kind(), "decode");
    }
    // Unfinished and failed tasks have no result yet, and need none.
    for status in [1, 2, 4] {
        let body = format!(r#"{{"code":0,"status":{status}}}"#);
        assert!(GetVideoTask::from_response(&ok(&body)).is_ok(), "{body}");
        assert!(GetAvatarTask::from_response(&ok(&body)).is_ok(), "{body}");
        assert!(GetVoiceTask::from_response(&ok(&body)).is_ok(), "{body}");
    }
}

/// An answer without a `status` is not a task result: the error must say which field is missing.
#[test]
fn a_task_answer_without_a_status_names_the_field() {
    let body = r#"{"code":0,"message":""}"#;
    for err in [
        GetVideoTask::from_response(&ok(body)).map(drop),
        GetAvatarTask::from_response(&ok(body)).map(drop),
        GetVoiceTask::from_response(&ok(body)).map(drop),
    ] {
        let err = err.unwrap_err();
        assert_eq!(err.kind(), "decode");
        assert!(err.to_string().contains("`status`"), "{err}");
    }
}

#[test]
fn a_success_status_other_than_200_still_decodes() {
    let c = GetCredit::from_response(&HttpResponse::new(201, r#"{"left":3}"#)).unwrap();
    assert_eq!(c.left, 3);
}

#[test]
fn retryable_marks_transient_failures_only() {
    let too_many =
        CreateVideoByTts::from_response(&ok(r#"{"code":1001,"message":""}"#)).unwrap_err();
    assert!(too_many.retryable());
    let credits =
        CreateVideoByTts::from_response(&ok(r#"{"code":1002,"message":""}"#)).unwrap_err();
    assert!(!credits.retryable());
}

/// The package's `ErrorCode` object is declared to TypeScript from the same list as the Rust
/// enum (the declaration is generated into hifly_sdk.d.ts, and index.d.ts re-exports it).
#[test]
fn the_typescript_declaration_of_error_codes_matches() {
    let index = include_str!("../pkg-template/index.d.ts");
    let exports = index
        .split("export {")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .expect("the value exports of index.d.ts");
    assert!(
        exports.split(',').any(|name| name.trim() == "ErrorCode"),
        "index.d.ts does not export ErrorCode: {exports}"
    );
    let block = ErrorCode::TS_DECLARATION
        .split("export declare const ErrorCode: {")
        .nth(1)
        .and_then(|rest| rest.split("};").next())
        .expect("the ErrorCode declaration");
    let declared: Vec<&str> = block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let expected: Vec<String> = ErrorCode::ALL
        .iter()
        .map(|c| format!("readonly {}: {};", c.name(), c.as_i64()))
        .collect();
    assert_eq!(declared, expected);
}

/// A token can be echoed as it is or JSON-escaped, with `/` escaped or not and `&<>` as Go
/// escapes them: each form is one the transport scrubs. A token too short to be a real one is not
/// scrubbed at all.
#[test]
fn the_forms_of_an_echoed_token() {
    assert_eq!(secret_forms("tok_0123456789"), vec!["tok_0123456789"]);
    let token = r#"tok/01"23\45&<>"#;
    let forms = secret_forms(token);
    for form in [
        token,
        r#"tok/01\"23\\45&<>"#,
        r#"tok\/01\"23\\45&<>"#,
        r#"tok/01\"23\\45\u0026\u003c\u003e"#,
    ] {
        assert!(forms.contains(&form.to_string()), "{form} not in {forms:?}");
    }
    assert_eq!(forms.len(), 4, "{forms:?}");
    assert_eq!(secret_forms("tok/0123456").len(), 2);
    assert!(secret_forms("short").is_empty());
    // The escaped forms are how JSON encoders write a string holding the token.
    let json = serde_json::to_string(token).unwrap();
    assert!(
        forms.contains(&json[1..json.len() - 1].to_string()),
        "{json}"
    );
}

/// A result not there yet may be written `""`: it reads as absent, so an empty capital
/// `video_Url` beside a filled `video_url` does not hide the URL.
#[test]
fn an_empty_result_reads_as_absent() {
    let t = GetVideoTask::from_response(&ok(
        r#"{"code":0,"status":3,"video_Url":"","video_url":"https://e.com/v.mp4","duration":3}"#,
    ))
    .unwrap();
    assert_eq!(t.video_url.as_deref(), Some("https://e.com/v.mp4"));
    let t = GetAvatarTask::from_response(&ok(r#"{"code":0,"status":2,"avatar":""}"#)).unwrap();
    assert_eq!(t.avatar, None);
    let t = GetVoiceTask::from_response(&ok(r#"{"code":0,"status":1,"voice":"","demo_url":""}"#))
        .unwrap();
    assert_eq!((t.voice, t.demo_url), (None, None));
    // Done, but the result is empty: still refused as a finished task without its result.
    let err = GetAvatarTask::from_response(&ok(r#"{"code":0,"status":3,"avatar":""}"#));
    assert!(matches!(err, Err(Error::Decode { .. })), "{err:?}");
}

/// A `message` or `request_id` of an odd type does not hide the error code it came with.
#[test]
fn an_odd_message_does_not_hide_the_code() {
    for body in [
        r#"{"code":1002,"message":{"zh":"积分不足"}}"#,
        r#"{"code":"1002","message":["x"],"request_id":{}}"#,
        r#"{"code":1002,"message":true}"#,
    ] {
        let err = GetCredit::from_response(&ok(body)).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Api {
                    code: ErrorCode::InsufficientCredits,
                    ..
                }
            ),
            "{body}: {err:?}"
        );
    }
    // With no code to keep, an odd message is still a decode error.
    let err = GetCredit::from_response(&ok(r#"{"message":{},"left":1}"#)).unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

/// Replacing the forms in the order given keeps the answer JSON, whatever the token's first or
/// last character (a base64 token may start with `/`): a shorter form inside a longer one is never
/// replaced first.
#[test]
fn scrubbing_keeps_the_answer_json() {
    for token in [
        "/abcdefghij0123",
        "abcdefghij0123/",
        r#""abcdefghij0123"#,
        r"abcdefghij0123\",
        "a&b<c>d/e\"f\\g",
    ] {
        let plain = serde_json::to_string(&format!("for {token}")).unwrap();
        let php = plain.replace('/', "\\/");
        let go = plain
            .replace('&', "\\u0026")
            .replace('<', "\\u003c")
            .replace('>', "\\u003e");
        for echoed in [&plain, &php, &go] {
            let mut text = format!(r#"{{"code":0,"message":{echoed},"left":1}}"#);
            for form in secret_forms(token) {
                text = text.replace(&form, "<redacted>");
            }
            let v: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{token}: {text}: {e}"));
            assert_eq!(v["message"], "for <redacted>", "{token}: {text}");
        }
    }
}

/// The upload URL's answer is used as it comes (the PUT's URL and Content-Type): one that fetch
/// could not even send is a `decode` error naming the field, not retryable, before any upload.
#[test]
fn an_unusable_upload_url_answer_is_a_decode_error() {
    for (body, field) in [
        (
            r#"{"code":0,"upload_url":"not a url","content_type":"video/mp4","file_id":"f"}"#,
            "upload_url",
        ),
        (
            r#"{"code":0,"upload_url":"https:///x","content_type":"video/mp4","file_id":"f"}"#,
            "upload_url",
        ),
        (
            r#"{"code":0,"upload_url":"https://s/x","content_type":"video/mp4\r\nX-A: b","file_id":"f"}"#,
            "content_type",
        ),
        (
            r#"{"code":0,"upload_url":"https://s/x","content_type":"视频/mp4","file_id":"f"}"#,
            "content_type",
        ),
    ] {
        let err = CreateUploadUrl::from_response(&ok(body)).unwrap_err();
        let Error::Decode { reason, .. } = &err else {
            panic!("{body}: {err:?}")
        };
        assert!(reason.contains(field), "{body}: {reason}");
        assert!(!err.retryable(), "{body}");
    }
    let fine = CreateUploadUrl::from_response(&ok(
        r#"{"upload_url":"https://s.example/k?Signature=a%2Bb&Expires=1","content_type":"video/mp4; charset=\tx","file_id":"f"}"#,
    ))
    .unwrap();
    assert_eq!(
        fine.upload_url,
        "https://s.example/k?Signature=a%2Bb&Expires=1"
    );
}
