//! Golden tests of the built requests: method, path, query, headers and body, byte for byte.
#![cfg(not(target_arch = "wasm32"))]

use hifly_sdk::*;

const SECRET: &str = "sk-SECRET-0123456789";

fn token() -> Token {
    Token::new(SECRET).unwrap()
}

struct Golden {
    name: &'static str,
    req: HttpRequest,
    method: Method,
    path_and_query: &'static str,
    body: Option<&'static str>,
}

fn goldens() -> Vec<Golden> {
    let t = token();
    let t = Some(&t);
    let g = |name, req: Result<HttpRequest, Error>, method, path_and_query, body| Golden {
        name,
        req: req.unwrap_or_else(|e| panic!("{name}: {e}")),
        method,
        path_and_query,
        body,
    };
    vec![
        g(
            "create_by_video with a file",
            CreateAvatarByVideo {
                title: None,
                video_url: None,
                file_id: Some("file_1".into()),
            }
            .to_request(t),
            Method::Post,
            "/api/v2/hifly/avatar/create_by_video",
            Some(r#"{"file_id":"file_1"}"#),
        ),
        g(
            "create_by_image with model 1",
            CreateAvatarByImage {
                title: Some("头像".into()),
                image_url: None,
                file_id: Some("file_2".into()),
                model: Some(1),
            }
            .to_request(t),
            Method::Post,
            "/api/v2/hifly/avatar/create_by_image",
            Some(r#"{"title":"头像","file_id":"file_2","model":1}"#),
        ),
        g(
            "avatar task with characters to encode",
            GetAvatarTask {
                task_id: "a b/c&d=é+?".into(),
            }
            .to_request(t),
            Method::Get,
            "/api/v2/hifly/avatar/task?task_id=a%20b%2Fc%26d%3D%C3%A9%2B%3F",
            None,
        ),
        g(
            "avatar list with defaults",
            ListAvatars::default().to_request(t),
            Method::Get,
            "/api/v2/hifly/avatar/list",
            None,
        ),
        g(
            "avatar list page 3",
            ListAvatars {
                page: Page {
                    page: Some(3),
                    size: Some(50),
                    kind: None,
                },
            }
            .to_request(t),
            Method::Get,
            "/api/v2/hifly/avatar/list?page=3&size=50",
            None,
        ),
        g(
            "voice create sends voice_type 8 when omitted",
            CreateVoice {
                title: "声音".into(),
                voice_type: None,
                audio_url: None,
                file_id: Some("f".into()),
            }
            .to_request(t),
            Method::Post,
            "/api/v2/hifly/voice/create",
            Some(r#"{"title":"声音","voice_type":8,"file_id":"f"}"#),
        ),
        g(
            "voice edit writes numbers as decimal strings",
            EditVoice {
                voice: "v".into(),
                rate: 2.0,
                volume: 0.1,
                pitch: 1.0,
            }
            .to_request(t),
            Method::Post,
            "/api/v2/hifly/voice/edit",
            Some(r#"{"voice":"v","rate":"2.0","volume":"0.1","pitch":"1.0"}"#),
        ),
        g(
            "voice list of public voices",
            ListVoices {
                page: Page {
                    page: None,
                    size: None,
                    kind: Some(2),
                },
            }
            .to_request(t),
            Method::Get,
            "/api/v2/hifly/voice/list?kind=2",
            None,
        ),
        g(
            "voice task",
            GetVoiceTask {
                task_id: "t1".into(),
            }
            .to_request(t),
            Method::Get,
            "/api/v2/hifly/voice/task?task_id=t1",
            None,
        ),
        g(
            "video by audio from a file",
            CreateVideoByAudio {
                avatar: "av".into(),
                audio_url: None,
                file_id: Some("f".into()),
                title: None,
            }
            .to_request(t),
            Method::Post,
            "/api/v2/hifly/video/create_by_audio",
            Some(r#"{"avatar":"av","file_id":"f"}"#),
        ),
        g(
            "video by tts with every subtitle option and text to escape",
            CreateVideoByTts {
                avatar: "av".into(),
                voice: "vo".into(),
                text: "你好 \"world\"\n\ttab \\ 1 < 2\u{1}".into(),
                title: Some("标题".into()),
                st_show: Some(true),
                st_font_name: Some("抖音美好体".into()),
                st_font_size: Some(80),
                st_primary_color: Some("#FFFFFF".into()),
                st_outline_color: Some("#000000".into()),
                st_width: Some(600),
                st_height: Some(100),
                st_pos_x: Some(0),
                st_pos_y: Some(900),
            }
            .to_request(t),
            Method::Post,
            "/api/v2/hifly/video/create_by_tts",
            Some(concat!(
                r#"{"avatar":"av","voice":"vo","text":"你好 \"world\"\n\ttab \\ 1 < 2\u0001","#,
                r#""title":"标题","st_show":1,"st_font_name":"抖音美好体","st_font_size":80,"#,
                r##""st_primary_color":"#FFFFFF","st_outline_color":"#000000","st_width":600,"##,
                r#""st_height":100,"st_pos_x":0,"st_pos_y":900}"#
            )),
        ),
        g(
            "video by tts with subtitles off",
            CreateVideoByTts {
                avatar: "av".into(),
                voice: "vo".into(),
                text: "hi".into(),
                title: None,
                st_show: Some(false),
                ..Default::default()
            }
            .to_request(t),
            Method::Post,
            "/api/v2/hifly/video/create_by_tts",
            Some(r#"{"avatar":"av","voice":"vo","text":"hi","st_show":0}"#),
        ),
        g(
            "audio by tts",
            CreateAudioByTts {
                voice: "vo".into(),
                text: "一二三".into(),
                title: None,
            }
            .to_request(t),
            Method::Post,
            "/api/v2/hifly/audio/create_by_tts",
            Some(r#"{"voice":"vo","text":"一二三"}"#),
        ),
        g(
            "video task",
            GetVideoTask {
                task_id: "9".into(),
            }
            .to_request(t),
            Method::Get,
            "/api/v2/hifly/video/task?task_id=9",
            None,
        ),
        g(
            "upload url normalises the extension",
            CreateUploadUrl {
                file_extension: ".MOV".into(),
            }
            .to_request(t),
            Method::Post,
            "/api/v2/hifly/tool/create_upload_url",
            Some(r#"{"file_extension":"mov"}"#),
        ),
        g(
            "credit",
            GetCredit.to_request(t),
            Method::Get,
            "/api/v2/hifly/account/credit",
            None,
        ),
    ]
}

#[test]
fn every_request_matches_its_golden_form() {
    for g in goldens() {
        let r = &g.req;
        assert_eq!(r.method, g.method, "{}: method", g.name);
        assert_eq!(r.path_and_query(), g.path_and_query, "{}: path", g.name);
        assert_eq!(r.body.as_deref(), g.body, "{}: body", g.name);
        let mut expected = vec![("authorization", format!("Bearer {SECRET}"))];
        if g.body.is_some() {
            expected.push(("content-type", "application/json".to_string()));
        }
        assert_eq!(r.headers, expected, "{}: headers", g.name);
        assert_eq!(r.retry_safe, g.method == Method::Get, "{}: retry", g.name);
    }
}

#[test]
fn the_goldens_cover_all_fourteen_endpoints() {
    let mut paths: Vec<&str> = goldens().iter().map(|g| g.req.path).collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), 14, "{paths:?}");
}

#[test]
fn the_token_never_reaches_the_url_or_debug_output() {
    for g in goldens() {
        let url = g.req.url(DEFAULT_BASE_URL);
        assert!(!url.contains(SECRET), "{}: token in URL", g.name);
        let debug = format!("{:?}", g.req);
        assert!(!debug.contains(SECRET), "{}: token in {debug}", g.name);
        assert!(debug.contains("<redacted>"), "{}", g.name);
    }
    assert_eq!(format!("{:?}", token()), "Token(<redacted>)");
}

#[test]
fn without_a_token_no_authorization_header_is_sent() {
    // Behind a proxy that adds the token, the client holds none.
    let r = GetCredit.to_request(None).unwrap();
    assert_eq!(r.header("authorization"), None);
    assert!(r.headers.is_empty());
}

#[test]
fn urls_join_the_base_with_or_without_a_trailing_slash() {
    let r = GetVideoTask {
        task_id: "1".into(),
    }
    .to_request(None)
    .unwrap();
    for base in ["http://127.0.0.1:8710", "http://127.0.0.1:8710/"] {
        assert_eq!(
            r.url(base),
            "http://127.0.0.1:8710/api/v2/hifly/video/task?task_id=1"
        );
    }
    assert_eq!(
        r.url("https://example.com/proxy/"),
        "https://example.com/proxy/api/v2/hifly/video/task?task_id=1"
    );
}

#[test]
fn bad_tokens_are_refused_without_being_echoed() {
    for bad in [
        "",
        "   ",
        "Bearer sk-SECRET-0123456789",
        "sk-SECRET-0123456789\n",
        "sk-SECRET-01234\r\nX-Evil: 1",
        "sk-秘密",
    ] {
        let err = Token::new(bad).unwrap_err();
        assert_eq!(err.kind(), "invalid_input");
        let msg = err.to_string();
        assert!(msg.contains("`token`"), "{msg}");
        assert!(!msg.contains("SECRET") && !msg.contains("秘密"), "{msg}");
    }
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    let now = 784_111_777_000.0; // Sun, 06 Nov 1994 08:49:37 GMT
    let cases: &[(&str, Option<u64>)] = &[
        ("0", Some(0)),
        ("2", Some(2000)),
        (" 120 ", Some(120_000)),
        ("Sun, 06 Nov 1994 08:49:37 GMT", Some(0)),
        ("Sun, 06 Nov 1994 08:49:47 GMT", Some(10_000)),
        ("Sat, 05 Nov 1994 08:49:37 GMT", Some(0)),
        (
            "Thu, 01 Jan 2026 00:00:00 GMT",
            Some(1_767_225_600_000 - 784_111_777_000),
        ),
        ("-1", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
        ("Sun, 06 Foo 1994 08:49:37 GMT", None),
        ("Sun, 06 Nov 1994 25:49:37 GMT", None),
    ];
    for (value, want) in cases {
        let resp = HttpResponse {
            status: 429,
            headers: vec![("Retry-After".into(), value.to_string())],
            body: Vec::new(),
        };
        assert_eq!(resp.retry_after_ms(now), *want, "Retry-After: {value:?}");
    }
}

/// Voice settings given as strings are read as `Number()`, Python's `float()` and Go's
/// `ParseFloat` read them (a leading `+`, leading zeros, a bare point), then checked against the
/// page's ranges and sent in the wire's decimal form.
#[test]
fn voice_settings_as_strings_are_read_as_numbers_are() {
    let edit: EditVoice =
        serde_json::from_str(r#"{"voice":"v","rate":".5","volume":"1.","pitch":"+01.50"}"#)
            .unwrap();
    assert_eq!((edit.rate, edit.volume, edit.pitch), (0.5, 1.0, 1.5));
    let req = edit.to_request(None).unwrap();
    assert_eq!(
        req.body.as_deref(),
        Some(r#"{"voice":"v","rate":"0.5","volume":"1.0","pitch":"1.5"}"#)
    );
    for bad in [
        "\"1..5\"",
        "\"+-1\"",
        "\".\"",
        "\"1,5\"",
        "\"Infinity\"",
        "\"\"",
    ] {
        let json = format!(r#"{{"voice":"v","rate":{bad},"volume":1,"pitch":1}}"#);
        let err = serde_json::from_str::<EditVoice>(&json).unwrap_err();
        assert!(err.to_string().contains("finite number"), "{bad}: {err}");
    }
    // Still within the page's ranges.
    let edit: EditVoice =
        serde_json::from_str(r#"{"voice":"v","rate":"+.4","volume":1,"pitch":1}"#).unwrap();
    let err = edit.to_request(None).unwrap_err();
    assert_eq!(err.field(), Some("rate"));
}
