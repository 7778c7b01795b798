//! The vendor's own request and response examples, verbatim, against the core.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{curl_examples, json_examples, ok, same_json, TOKEN};
use hifly_sdk::*;

fn token() -> Token {
    Token::new(TOKEN).unwrap()
}

/// Each endpoint's request built from the values in the vendor's example, with the index of the
/// example's cURL command on the page.
fn example_requests() -> Vec<(&'static str, usize, HttpRequest)> {
    let t = token();
    let t = Some(&t);
    let task = || "1234567890123456".to_string();
    vec![
        (
            "avatar/create_by_video",
            0,
            CreateAvatarByVideo {
                title: Some("我的数字人".into()),
                video_url: Some("https://example.com/my_video.mp4".into()),
                file_id: None,
            }
            .to_request(t),
        ),
        (
            "avatar/create_by_image",
            1,
            CreateAvatarByImage {
                title: Some("我的图片数字人".into()),
                image_url: Some("https://example.com/my_image.jpg".into()),
                file_id: None,
                model: Some(2),
            }
            .to_request(t),
        ),
        (
            "avatar/task",
            2,
            GetAvatarTask { task_id: task() }.to_request(t),
        ),
        (
            "avatar/list",
            3,
            ListAvatars {
                page: Page {
                    page: Some(1),
                    size: Some(10),
                    kind: Some(2),
                },
            }
            .to_request(t),
        ),
        (
            "voice/create",
            4,
            CreateVoice {
                title: "我的声音".into(),
                voice_type: Some(8),
                audio_url: Some("https://example.com/my_audio.mp3".into()),
                file_id: None,
            }
            .to_request(t),
        ),
        (
            "voice/edit",
            5,
            EditVoice {
                voice: "voice_abc123".into(),
                rate: 1.2,
                volume: 1.0,
                pitch: 0.9,
            }
            .to_request(t),
        ),
        (
            "voice/list",
            6,
            ListVoices {
                page: Page {
                    page: Some(1),
                    size: Some(10),
                    kind: Some(1),
                },
            }
            .to_request(t),
        ),
        (
            "voice/task",
            7,
            GetVoiceTask { task_id: task() }.to_request(t),
        ),
        (
            "video/create_by_audio",
            8,
            CreateVideoByAudio {
                avatar: "av_abc123xyz".into(),
                audio_url: Some("https://example.com/my_audio.mp3".into()),
                file_id: None,
                title: Some("音频驱动视频".into()),
            }
            .to_request(t),
        ),
        (
            "video/create_by_tts",
            9,
            CreateVideoByTts {
                avatar: "av_abc123xyz".into(),
                voice: "voice_abc123".into(),
                text: "这是一段测试文本，用于生成数字人视频。".into(),
                title: Some("文本驱动视频".into()),
                ..Default::default()
            }
            .to_request(t),
        ),
        (
            "audio/create_by_tts",
            10,
            CreateAudioByTts {
                voice: "voice_abc123".into(),
                text: "这是一段测试文本，用于生成音频。".into(),
                title: Some("音频创作".into()),
            }
            .to_request(t),
        ),
        (
            "video/task",
            11,
            GetVideoTask { task_id: task() }.to_request(t),
        ),
        (
            "tool/create_upload_url",
            12,
            CreateUploadUrl {
                file_extension: "mp4".into(),
            }
            .to_request(t),
        ),
        ("account/credit", 14, GetCredit.to_request(t)),
    ]
    .into_iter()
    .map(|(name, i, r)| (name, i, r.unwrap_or_else(|e| panic!("{name}: {e}"))))
    .collect()
}

#[test]
fn the_page_has_the_examples_this_suite_expects() {
    // If the vendor's page gains or loses an example, this suite must be revisited.
    assert_eq!(curl_examples().len(), 15, "14 endpoints + the upload PUT");
    assert_eq!(json_examples().len(), 17, "14 responses + 3 callbacks");
    assert_eq!(example_requests().len(), 14);
}

#[test]
fn requests_match_the_vendors_curl_examples() {
    let curls = curl_examples();
    for (name, i, req) in example_requests() {
        let curl = &curls[i];
        assert_eq!(req.method.as_str(), curl.method, "{name}: method");
        assert_eq!(req.url(DEFAULT_BASE_URL), curl.url, "{name}: url");
        assert!(curl.url.contains(name), "{name}: wrong example picked");
        for h in &curl.headers {
            let (k, v) = h.split_once(": ").unwrap();
            assert_eq!(
                req.header(&k.to_ascii_lowercase()),
                Some(v),
                "{name}: header {k}"
            );
        }
        match (&req.body, &curl.data) {
            (Some(ours), Some(theirs)) => {
                assert!(same_json(ours, theirs), "{name}: body {ours} vs {theirs}")
            }
            (None, None) => {}
            (ours, theirs) => panic!("{name}: body {ours:?} vs example {theirs:?}"),
        }
        assert_eq!(req.retry_safe, req.method == Method::Get, "{name}");
    }
}

#[test]
fn responses_decode_from_the_vendors_examples() {
    let j = json_examples();
    let created = |i: usize| CreateAvatarByVideo::from_response(&ok(&j[i])).unwrap();
    for i in [0, 1, 4, 8, 9, 10] {
        assert_eq!(
            created(i),
            TaskCreated {
                task_id: "1234567890123456".into(),
                request_id: Some("req123456789".into())
            },
            "example {i}"
        );
    }

    let avatar = GetAvatarTask::from_response(&ok(&j[2])).unwrap();
    assert_eq!(avatar.status, TaskStatus::Done);
    assert_eq!(avatar.avatar.as_deref(), Some("av_abc123xyz"));
    assert_eq!(avatar.request_id.as_deref(), Some("req123456789"));

    let avatars = ListAvatars::from_response(&ok(&j[3])).unwrap();
    assert_eq!(
        avatars.data,
        vec![
            AvatarItem {
                avatar: "avatar_abc123".into(),
                kind: Some(2),
                title: "公共数字人1".into()
            },
            AvatarItem {
                avatar: "avatar_def456".into(),
                kind: Some(2),
                title: "公共数字人2".into()
            },
        ]
    );

    let ack = EditVoice::from_response(&ok(&j[5])).unwrap();
    assert_eq!(ack.request_id.as_deref(), Some("req123456789"));

    let voices = ListVoices::from_response(&ok(&j[6])).unwrap();
    assert_eq!(voices.data.len(), 2);
    assert_eq!(voices.data[0].voice, "voice_abc123");
    assert_eq!(voices.data[0].voice_type, Some(20));
    assert_eq!(voices.data[0].title, "我的声音");
    assert_eq!(voices.data[1].voice_type, Some(10));
    assert_eq!(voices.data[1].rate.as_deref(), Some("1.0"));
    assert_eq!(voices.data[1].volume.as_deref(), Some("1.0"));
    assert_eq!(voices.data[1].pitch.as_deref(), Some("1.0"));

    let voice = GetVoiceTask::from_response(&ok(&j[7])).unwrap();
    assert_eq!(voice.status, TaskStatus::Done);
    assert_eq!(voice.voice.as_deref(), Some("voice_abc123"));
    assert_eq!(
        voice.demo_url.as_deref(),
        Some("https://example.com/demo_audio.mp3")
    );

    let video = GetVideoTask::from_response(&ok(&j[11])).unwrap();
    assert_eq!(video.status, TaskStatus::Done);
    assert_eq!(
        video.video_url.as_deref(),
        Some("https://example.com/videos/abc123.mp4?token=xyz789")
    );
    assert_eq!(video.duration, Some(45.0));

    let upload = CreateUploadUrl::from_response(&ok(&j[15])).unwrap();
    assert_eq!(upload.content_type, "video/mp4");
    assert_eq!(upload.file_id, "file_abc123xyz");
    assert_eq!(upload.request_id.as_deref(), Some("req123456789"));

    let credit = GetCredit::from_response(&ok(&j[16])).unwrap();
    assert_eq!(credit.left, 10000);
}

#[test]
fn the_upload_url_is_kept_byte_for_byte_for_the_put() {
    let upload = CreateUploadUrl::from_response(&ok(&json_examples()[15])).unwrap();
    let put = &curl_examples()[13];
    assert_eq!(put.method, "PUT");
    // The signature is percent-encoded (`%2F`, `%3D`); decoding it would break the signature.
    assert_eq!(upload.upload_url, put.url);
    assert!(put
        .headers
        .contains(&format!("Content-Type: {}", upload.content_type)));
}

#[test]
fn callbacks_parse_from_the_vendors_examples() {
    let j = json_examples();
    match parse_callback(j[12].as_bytes()).unwrap() {
        Callback::Avatar(c) => {
            assert_eq!(c.task.task_id, "1234567890123456");
            assert_eq!(c.task.status, TaskStatus::Done);
            assert_eq!(c.task.code, 0);
            assert_eq!(c.avatar.as_deref(), Some("av_abc123xyz"));
        }
        other => panic!("expected an avatar callback, got {other:?}"),
    }
    match parse_callback(j[13].as_bytes()).unwrap() {
        Callback::Voice(c) => {
            assert_eq!(c.voice.as_deref(), Some("voice_abc123"));
            assert_eq!(
                c.demo_url.as_deref(),
                Some("https://example.com/demo_audio.mp3")
            );
        }
        other => panic!("expected a voice callback, got {other:?}"),
    }
    match parse_callback(j[14].as_bytes()).unwrap() {
        Callback::Video(c) => {
            assert_eq!(c.task.task_id, "1234567890123456");
            assert_eq!(
                c.video_url.as_deref(),
                Some("https://example.com/videos/abc123.mp4?token=xyz789")
            );
            assert_eq!(c.duration, Some(45.0));
            assert_eq!(c.title.as_deref(), Some("我的视频创作"));
        }
        other => panic!("expected a video callback, got {other:?}"),
    }
}
