//! Decoding answers: every documented error code, the envelope's failure modes, malformed bodies,
//! and the tolerance the vendor's loose typing needs.

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
    let cases: &[(&[u8], &str, Decoder)] = &[
        (b"", "empty", credit),
        (b"   \n", "empty", credit),
        (b"<html><body>502 Bad Gateway</body></html>", "HTML", credit),
        (b"<!DOCTYPE html><html>", "HTML", credit),
        (b"<?xml version=\"1.0\"?><Error/>", "HTML", credit),
        (b"{\"code\":0,\"left\":10", "end of input", credit),
        (b"{\"code\":0,\"left\":", "end of input", credit),
        (b"{\"code\":0,\"le", "unterminated string", credit),
        (b"{", "end of input", credit),
        (b"{\"code\":0,}", "string key", credit),
        (b"{\"code\":0 \"left\":1}", "expected ','", credit),
        (b"{'code':0}", "string key", credit),
        (b"{\"code\":0,\"left\":1}garbage", "after the JSON value", credit),
        (b"{\"code\":0,\"left\":01}", "expected ','", credit),
        (b"{\"code\":0,\"left\":NaN}", "expected a JSON value", credit),
        (b"{\"code\":0,\"left\":tru}", "invalid literal", credit),
        (b"{\"code\":0,\"left\":1.}", "invalid number", credit),
        (b"{\"code\":0,\"s\":\"a\x01b\",\"left\":1}", "control character", credit),
        (b"{\"code\":0,\"s\":\"\\x\",\"left\":1}", "invalid escape", credit),
        (b"{\"code\":0,\"s\":\"\\u12g4\",\"left\":1}", "\\u escape", credit),
        (b"{\"code\":0,\"left\":\xff}", "not UTF-8", credit),
        (b"[1,2,3]", "expected a JSON object, got an array", credit),
        (b"\"ok\"", "got a string", credit),
        (b"null", "got null", credit),
        (b"42", "got a number", credit),
        (b"{\"code\":0}", "field `left` is missing", credit),
        (b"{\"code\":0,\"left\":\"lots\"}", "field `left` should be an integer", credit),
        (b"{\"code\":0,\"left\":1.5}", "field `left` should be an integer", credit),
        (b"{\"code\":0,\"left\":[1]}", "should be an integer, got an array", credit),
        (b"{\"code\":\"zero\",\"left\":1}", "field `code` should be an integer", credit),
        (b"{\"code\":true,\"left\":1}", "field `code` should be an integer, got a boolean", credit),
        (b"{\"code\":0,\"request_id\":\"r\"}", "field `task_id` is missing", created),
        (b"{\"code\":0,\"task_id\":{}}", "field `task_id` should be a string, got an object", created),
        (b"{\"code\":0,\"task_id\":true}", "should be a string, got a boolean", created),
        (b"{\"code\":0,\"data\":{}}", "field `data` should be an array", avatars),
        (b"{\"code\":0,\"data\":[1]}", "should be an array of objects", avatars),
        (b"{\"code\":0,\"data\":[{\"kind\":2}]}", "field `data[].avatar` is missing", avatars),
        (b"{\"code\":0,\"data\":[{\"voice\":\"v\",\"type\":\"x\"}]}", "field `data[].type` should be an integer", voices),
        (b"{\"code\":0,\"message\":\"\"}", "field `status` is missing", video),
        (b"{\"code\":0,\"status\":3,\"duration\":\"long\"}", "field `duration` should be a number", video),
        (b"{\"code\":0,\"status\":3,\"video_Url\":5.5e3,\"duration\":[]}", "field `duration` should be a number, got an array", video),
        (b"{\"upload_url\":\"u\",\"file_id\":\"f\"}", "field `content_type` is missing", upload),
        (b"{\"code\":0,\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],\"left\":1}", "nested too deeply", credit),
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
        assert_eq!(*snippet, response::snippet(body), "{shown}");
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
    assert_eq!(v.state.status, TaskStatus::Processing);
    assert_eq!((v.video_url, v.duration), (None, None));

    // Fractional and stringly durations; unknown statuses are kept.
    let v = GetVideoTask::from_response(&ok(r#"{"status":"3","duration":"12.5"}"#)).unwrap();
    assert_eq!(v.duration, Some(12.5));
    let v = GetVideoTask::from_response(&ok(r#"{"status":7}"#)).unwrap();
    assert_eq!(v.state.status, TaskStatus::Unknown(7));

    // Voices whose settings come back as numbers keep them as written.
    let l = ListVoices::from_response(&ok(
        r#"{"code":0,"data":[{"voice":"v","type":8,"title":"t","rate":1.0,"volume":"0.5","pitch":2}]}"#,
    ))
    .unwrap();
    assert_eq!(l.data[0].rate.as_deref(), Some("1.0"));
    assert_eq!(l.data[0].volume.as_deref(), Some("0.5"));
    assert_eq!(l.data[0].pitch.as_deref(), Some("2"));

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

    // Escapes, surrogate pairs and a lone surrogate in strings.
    let l = ListAvatars::from_response(&ok(
        r#"{"data":[{"avatar":"a\"\\\/\b\f\n\r\t","title":"\u4f60\u597d \ud83d\ude00 \ud800!"}]}"#,
    ))
    .unwrap();
    assert_eq!(l.data[0].avatar, "a\"\\/\u{8}\u{c}\n\r\t");
    assert_eq!(l.data[0].title, "你好 😀 \u{fffd}!");
}

#[test]
fn a_failed_task_is_a_result_not_a_request_error() {
    let a = GetAvatarTask::from_response(&ok(
        r#"{"code":2015,"message":"数字人克隆失败","status":4,"request_id":"r"}"#,
    ))
    .unwrap();
    assert_eq!(a.state.status, TaskStatus::Failed);
    assert_eq!(a.state.code, 2015);
    assert_eq!(a.state.message, "数字人克隆失败");
    assert_eq!(a.avatar, None);

    // Without a status, a code is an error of the request itself, e.g. an unknown task.
    let err =
        GetAvatarTask::from_response(&ok(r#"{"code":14,"message":"找不到资源"}"#)).unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::NotFound));

    // Other endpoints never read a status: a code is always an error there.
    let err = GetCredit::from_response(&ok(r#"{"code":1002,"status":4,"left":0}"#)).unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::InsufficientCredits));
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

#[test]
fn the_typescript_declaration_of_error_codes_matches() {
    let dts = include_str!("../pkg-template/index.d.ts");
    let block = dts
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
