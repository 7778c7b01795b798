//! Every limit in the vendor's page, checked before a request is built: each failure names the
//! field and the limit, and each limit's edge is accepted.
#![cfg(not(target_arch = "wasm32"))]

use hifly_sdk::core::validate;
use hifly_sdk::*;

fn s(n: usize, c: char) -> String {
    std::iter::repeat(c).take(n).collect()
}

fn url_of(len: usize) -> String {
    let head = "https://example.com/";
    format!("{head}{}", s(len - head.len(), 'a'))
}

fn video(url: Option<&str>, file: Option<&str>) -> CreateAvatarByVideo {
    CreateAvatarByVideo {
        title: None,
        video_url: url.map(Into::into),
        file_id: file.map(Into::into),
    }
}

fn tts(text: &str) -> CreateVideoByTts {
    CreateVideoByTts {
        avatar: "av".into(),
        voice: "vo".into(),
        text: text.into(),
        title: None,
        ..Default::default()
    }
}

fn voice(title: &str) -> CreateVoice {
    CreateVoice {
        title: title.into(),
        voice_type: None,
        audio_url: None,
        file_id: Some("f".into()),
    }
}

fn edit(rate: f64, volume: f64, pitch: f64) -> EditVoice {
    EditVoice {
        voice: "v".into(),
        rate,
        volume,
        pitch,
    }
}

fn page(page: Option<i64>, size: Option<i64>, kind: Option<i64>) -> Page {
    Page { page, size, kind }
}

/// (what, the check's outcome, the field it must name, words its reason must hold)
fn rejected() -> Vec<(
    &'static str,
    Result<HttpRequest, Error>,
    &'static str,
    &'static str,
)> {
    vec![
        // Titles: 20 字, where a wide or full-width character counts 1 and any other ½.
        (
            "title of 21 Chinese characters",
            CreateAudioByTts {
                voice: "v".into(),
                text: "t".into(),
                title: Some(s(21, '字')),
            }
            .to_request(None),
            "title",
            "at most 20 字, where a wide or full-width character counts 1 and any other ½ (got 21)",
        ),
        (
            "title of 41 ASCII characters",
            tts("t").with_title(&s(41, 'a')).to_request(None),
            "title",
            "(got 20.5)",
        ),
        (
            "title of 20 Chinese characters and one ASCII letter",
            tts("t")
                .with_title(&format!("{}a", s(20, '字')))
                .to_request(None),
            "title",
            "(got 20.5)",
        ),
        (
            "title of 21 full-width Latin letters",
            voice(&s(21, 'Ａ')).to_request(None),
            "title",
            "(got 21)",
        ),
        (
            "title of 21 Hangul syllables",
            voice(&s(21, '한')).to_request(None),
            "title",
            "(got 21)",
        ),
        (
            "voice title missing",
            voice("").to_request(None),
            "title",
            "must not be blank",
        ),
        (
            "voice title of 21 emoji",
            voice(&s(21, '😀')).to_request(None),
            "title",
            "at most 20 字",
        ),
        // Text.
        ("empty text", tts("").to_request(None), "text", "required"),
        (
            "blank text",
            tts(" \n\t").to_request(None),
            "text",
            "must not be blank",
        ),
        (
            "text of 10001 characters",
            tts(&s(10_001, '字')).to_request(None),
            "text",
            "at most 10000 characters (got 10001)",
        ),
        (
            "text with a tag",
            tts("你好<b>世界</b>").to_request(None),
            "text",
            "HTML tags (found `<b>`)",
        ),
        (
            "text with a closing tag",
            tts("hello</p>").to_request(None),
            "text",
            "`</p>`",
        ),
        (
            "text with a self-closing tag",
            tts("line<br/>break").to_request(None),
            "text",
            "`<br/>`",
        ),
        (
            "text with a comment",
            tts("a<!-- x -->b").to_request(None),
            "text",
            "HTML tags",
        ),
        (
            "text with a tag with attributes",
            tts("a <span class=\"x\">b").to_request(None),
            "text",
            "`<span class=\"x\">`",
        ),
        (
            "text with a tag split by a newline",
            tts("a<p\nclass=x>b").to_request(None),
            "text",
            "HTML tags",
        ),
        (
            "text with a tag split by an ideographic space",
            tts("文字<b\u{3000}x>").to_request(None),
            "text",
            "HTML tags",
        ),
        (
            "text with a declaration",
            tts("<!DOCTYPE html> hi").to_request(None),
            "text",
            "`<!DOCTYPE html>`",
        ),
        (
            "text with a script",
            tts("<script>alert(1)</script>").to_request(None),
            "text",
            "`<script>`",
        ),
        (
            "audio text with a tag",
            CreateAudioByTts {
                voice: "v".into(),
                text: "<speak>hi</speak>".into(),
                title: None,
            }
            .to_request(None),
            "text",
            "HTML tags",
        ),
        // URLs.
        (
            "URL of 501 characters",
            video(Some(&url_of(501)), None).to_request(None),
            "video_url",
            "at most 500 characters (got 501)",
        ),
        (
            "relative URL",
            video(Some("my_video.mp4"), None).to_request(None),
            "video_url",
            "absolute http:// or https://",
        ),
        (
            "ftp URL",
            video(Some("ftp://example.com/a.mp4"), None).to_request(None),
            "video_url",
            "absolute http",
        ),
        (
            "URL without a host",
            video(Some("https:///a.mp4"), None).to_request(None),
            "video_url",
            "host",
        ),
        (
            "URL with a query but no host",
            video(Some("https://?x=1"), None).to_request(None),
            "video_url",
            "host",
        ),
        (
            "URL with a fragment but no host",
            video(Some("https://#a"), None).to_request(None),
            "video_url",
            "host",
        ),
        (
            "URL with a port but no host",
            video(Some("http://:80/a.mp4"), None).to_request(None),
            "video_url",
            "host",
        ),
        (
            "URL with user info but no host",
            video(Some("https://user:pw@/a.mp4"), None).to_request(None),
            "video_url",
            "host",
        ),
        (
            "URL with a space in its host",
            video(Some("https://exa mple.com/a.mp4"), None).to_request(None),
            "video_url",
            "space in its host",
        ),
        (
            "URL with a newline",
            video(Some("https://example.com/a.mp4\n"), None).to_request(None),
            "video_url",
            "control characters",
        ),
        (
            "empty URL",
            video(Some(""), None).to_request(None),
            "video_url",
            "absolute",
        ),
        // Exactly one of url / file_id, for every endpoint that takes media.
        (
            "video: both",
            video(Some("https://e.com/a.mp4"), Some("f")).to_request(None),
            "video_url",
            "not both",
        ),
        (
            "video: neither",
            video(None, None).to_request(None),
            "video_url",
            "exactly one of `video_url` and `file_id`",
        ),
        (
            "image: both",
            CreateAvatarByImage {
                title: None,
                image_url: Some("https://e.com/a.jpg".into()),
                file_id: Some("f".into()),
                model: None,
            }
            .to_request(None),
            "image_url",
            "not both",
        ),
        (
            "image: neither",
            CreateAvatarByImage::default().to_request(None),
            "image_url",
            "exactly one",
        ),
        (
            "voice: both",
            CreateVoice {
                audio_url: Some("https://e.com/a.mp3".into()),
                ..voice("v")
            }
            .to_request(None),
            "audio_url",
            "not both",
        ),
        (
            "voice: neither",
            CreateVoice {
                file_id: None,
                ..voice("v")
            }
            .to_request(None),
            "audio_url",
            "exactly one",
        ),
        (
            "video by audio: neither",
            CreateVideoByAudio {
                avatar: "a".into(),
                ..Default::default()
            }
            .to_request(None),
            "audio_url",
            "exactly one",
        ),
        (
            "video by audio: both",
            CreateVideoByAudio {
                avatar: "a".into(),
                audio_url: Some("https://e.com/a.mp3".into()),
                file_id: Some("f".into()),
                title: None,
            }
            .to_request(None),
            "audio_url",
            "not both",
        ),
        (
            "blank file id",
            video(None, Some(" ")).to_request(None),
            "file_id",
            "blank",
        ),
        // Enumerations.
        (
            "voice_type 20",
            CreateVoice {
                voice_type: Some(20),
                ..voice("v")
            }
            .to_request(None),
            "voice_type",
            "must be 8 (got 20)",
        ),
        (
            "model 3",
            CreateAvatarByImage {
                file_id: Some("f".into()),
                model: Some(3),
                ..Default::default()
            }
            .to_request(None),
            "model",
            "must be 1 or 2 (got 3)",
        ),
        (
            "model 0",
            CreateAvatarByImage {
                file_id: Some("f".into()),
                model: Some(0),
                ..Default::default()
            }
            .to_request(None),
            "model",
            "1 or 2",
        ),
        // Voice settings.
        (
            "rate 0.49",
            edit(0.49, 1.0, 1.0).to_request(None),
            "rate",
            "between 0.5 and 2.0 (got 0.49)",
        ),
        (
            "rate 2.01",
            edit(2.01, 1.0, 1.0).to_request(None),
            "rate",
            "between 0.5 and 2.0",
        ),
        (
            "rate NaN",
            edit(f64::NAN, 1.0, 1.0).to_request(None),
            "rate",
            "between",
        ),
        (
            "rate infinite",
            edit(f64::INFINITY, 1.0, 1.0).to_request(None),
            "rate",
            "between",
        ),
        (
            "volume 0.09",
            edit(1.0, 0.09, 1.0).to_request(None),
            "volume",
            "between 0.1 and 2.0 (got 0.09)",
        ),
        (
            "volume 2.5",
            edit(1.0, 2.5, 1.0).to_request(None),
            "volume",
            "between 0.1 and 2.0",
        ),
        (
            "pitch 0",
            edit(1.0, 1.0, 0.0).to_request(None),
            "pitch",
            "between 0.1 and 2.0 (got 0.0)",
        ),
        (
            "pitch -1",
            edit(1.0, 1.0, -1.0).to_request(None),
            "pitch",
            "between",
        ),
        (
            "blank voice",
            EditVoice {
                voice: "".into(),
                ..edit(1.0, 1.0, 1.0)
            }
            .to_request(None),
            "voice",
            "required",
        ),
        // Subtitles.
        (
            "colour without #",
            CreateVideoByTts {
                st_primary_color: Some("ff0000".into()),
                ..tts("hi")
            }
            .to_request(None),
            "st_primary_color",
            "#rrggbb",
        ),
        (
            "short colour",
            CreateVideoByTts {
                st_primary_color: Some("#f00".into()),
                ..tts("hi")
            }
            .to_request(None),
            "st_primary_color",
            "#rrggbb",
        ),
        (
            "colour name",
            CreateVideoByTts {
                st_outline_color: Some("red".into()),
                ..tts("hi")
            }
            .to_request(None),
            "st_outline_color",
            "#rrggbb",
        ),
        (
            "non-hex colour",
            CreateVideoByTts {
                st_outline_color: Some("#gg0000".into()),
                ..tts("hi")
            }
            .to_request(None),
            "st_outline_color",
            "#rrggbb",
        ),
        // Pages.
        (
            "kind 3",
            ListVoices {
                page: page(None, None, Some(3)),
            }
            .to_request(None),
            "kind",
            "1 or 2 (got 3)",
        ),
        // Identifiers.
        (
            "blank task id",
            GetVideoTask { task_id: "".into() }.to_request(None),
            "task_id",
            "required",
        ),
        (
            "blank avatar",
            CreateVideoByTts {
                avatar: "".into(),
                ..tts("hi")
            }
            .to_request(None),
            "avatar",
            "required",
        ),
        (
            "blank voice for tts",
            CreateVideoByTts {
                voice: " ".into(),
                ..tts("hi")
            }
            .to_request(None),
            "voice",
            "blank",
        ),
        // Upload extension.
        (
            "empty extension",
            CreateUploadUrl {
                file_extension: "".into(),
            }
            .to_request(None),
            "file_extension",
            "required",
        ),
        (
            "extension with a slash",
            CreateUploadUrl {
                file_extension: "mp4/../x".into(),
            }
            .to_request(None),
            "file_extension",
            "file suffix",
        ),
        (
            "an extension with a space",
            CreateUploadUrl {
                file_extension: "m p4".into(),
            }
            .to_request(None),
            "file_extension",
            "without spaces",
        ),
        (
            "a work title of 41 spaces: blank, but still over 20 字",
            tts("t").with_title(&s(41, ' ')).to_request(None),
            "title",
            "at most 20 字",
        ),
        (
            "an extension that is not one",
            CreateUploadUrl {
                file_extension: "mp4?x=1".into(),
            }
            .to_request(None),
            "file_extension",
            "file suffix",
        ),
    ]
}

trait WithTitle {
    fn with_title(self, title: &str) -> Self;
}

impl WithTitle for CreateVideoByTts {
    fn with_title(mut self, title: &str) -> Self {
        self.title = Some(title.into());
        self
    }
}

#[test]
fn out_of_bounds_input_is_refused_naming_field_and_limit() {
    let cases = rejected();
    assert!(cases.len() >= 60, "{}", cases.len());
    for (what, result, field, words) in cases {
        let err = result.expect_err(what);
        let Error::InvalidInput { field: f, reason } = &err else {
            panic!("{what}: expected invalid input, got {err:?}");
        };
        assert_eq!(*f, field, "{what}: {reason}");
        assert!(reason.contains(words), "{what}: {reason:?} lacks {words:?}");
        assert_eq!(err.kind(), "invalid_input");
        assert!(err.to_string().contains(&format!("`{field}`")), "{what}");
    }
}

#[test]
fn each_limits_edge_is_accepted() {
    let accepted: Vec<(&str, Result<HttpRequest, Error>)> = vec![
        (
            "title of 20 Chinese characters",
            voice(&s(20, '字')).to_request(None),
        ),
        ("title of 20 emoji", voice(&s(20, '😀')).to_request(None)),
        (
            "title of 40 ASCII letters",
            voice(&s(40, 'a')).to_request(None),
        ),
        (
            "title of 19 Chinese characters and two ASCII letters",
            voice(&format!("{}ab", s(19, '字'))).to_request(None),
        ),
        (
            "title of 40 half-width katakana",
            voice(&s(40, 'ｱ')).to_request(None),
        ),
        (
            "the vendor's MCP server's default work title (25 ASCII characters)",
            tts("t")
                .with_title("Text-driven Lipsync Video")
                .to_request(None),
        ),
        (
            "the vendor's MCP server's default avatar title, as a voice title (36)",
            voice("Avatar for Text-driven Lipsync Video").to_request(None),
        ),
        (
            "an avatar title of 200 Chinese characters: the page sets no limit",
            CreateAvatarByVideo {
                title: Some(s(200, '字')),
                video_url: Some("https://e.com/a.mp4".into()),
                file_id: None,
            }
            .to_request(None),
        ),
        (
            "an image avatar title of 300 ASCII characters",
            CreateAvatarByImage {
                title: Some(s(300, 'a')),
                image_url: Some("https://e.com/a.png".into()),
                file_id: None,
                model: None,
            }
            .to_request(None),
        ),
        (
            "text of 10000 Chinese characters",
            tts(&s(10_000, '字')).to_request(None),
        ),
        ("text of one character", tts("好").to_request(None)),
        (
            "a comparison is not a tag",
            tts("1 < 2 and 3 > 2, a<b").to_request(None),
        ),
        ("a lone angle bracket", tts("<<< >>> < 5").to_request(None)),
        (
            "URL of 500 characters",
            video(Some(&url_of(500)), None).to_request(None),
        ),
        (
            "http URL with a query",
            video(Some("http://e.com/a.mp4?x=1&y=%20"), None).to_request(None),
        ),
        (
            "upper-case scheme",
            video(Some("HTTPS://E.COM/A.MP4"), None).to_request(None),
        ),
        ("rate 0.5", edit(0.5, 1.0, 1.0).to_request(None)),
        (
            "rate 2.0 volume 0.1 pitch 2.0",
            edit(2.0, 0.1, 2.0).to_request(None),
        ),
        (
            "model 1",
            CreateAvatarByImage {
                file_id: Some("f".into()),
                model: Some(1),
                ..Default::default()
            }
            .to_request(None),
        ),
        (
            "voice_type 8",
            CreateVoice {
                voice_type: Some(8),
                ..voice("v")
            }
            .to_request(None),
        ),
        (
            "upper-case colours",
            CreateVideoByTts {
                st_primary_color: Some("#ABCDEF".into()),
                st_outline_color: Some("#00ff7f".into()),
                ..tts("hi")
            }
            .to_request(None),
        ),
        (
            "position 0,0",
            CreateVideoByTts {
                st_pos_x: Some(0),
                st_pos_y: Some(0),
                st_font_size: Some(1),
                ..tts("hi")
            }
            .to_request(None),
        ),
        // The page gives subtitle sizes, positions and the font only defaults: nothing is
        // refused. Nor does it give ids any rule but "required".
        (
            "font size 0, width -5, height 0, a blank font",
            CreateVideoByTts {
                st_font_size: Some(0),
                st_width: Some(-5),
                st_height: Some(0),
                st_font_name: Some(" ".into()),
                ..tts("hi")
            }
            .to_request(None),
        ),
        (
            "a task id with a newline",
            GetAvatarTask {
                task_id: "1\n2".into(),
            }
            .to_request(None),
        ),
        (
            "a task id of 5000 characters",
            GetVoiceTask {
                task_id: s(5000, '1'),
            }
            .to_request(None),
        ),
        // The page gives subtitle positions no bounds: a box may start off the frame.
        (
            "position -1,-900",
            CreateVideoByTts {
                st_pos_x: Some(-1),
                st_pos_y: Some(-900),
                ..tts("hi")
            }
            .to_request(None),
        ),
        // A blank work title is left to the API (the page gives only its default).
        (
            "blank work title",
            CreateVideoByAudio {
                avatar: "a".into(),
                audio_url: None,
                file_id: Some("f".into()),
                title: Some("  ".into()),
            }
            .to_request(None),
        ),
        ("empty work title", tts("t").with_title("").to_request(None)),
        (
            "a work title of 40 spaces",
            tts("t").with_title(&s(40, ' ')).to_request(None),
        ),
        // A space after the host (file names often hold one) is sent as given.
        (
            "URL with a space in its path",
            video(Some("https://example.com/my video.mp4"), None).to_request(None),
        ),
        (
            "URL with user info, a port and an IPv6 host",
            video(Some("https://u:p@[::1]:8443/a.mp4?x=a b#c"), None).to_request(None),
        ),
        // The page gives `page` and `size` only defaults: the API judges 0 and below.
        (
            "page 0 size 0",
            ListAvatars {
                page: page(Some(0), Some(0), None),
            }
            .to_request(None),
        ),
        (
            "size -1",
            ListVoices {
                page: page(None, Some(-1), None),
            }
            .to_request(None),
        ),
        // Any file suffix is sent: the API judges it.
        (
            "an extension with an underscore",
            CreateUploadUrl {
                file_extension: "mp4_hd".into(),
            }
            .to_request(None),
        ),
        (
            "a long extension",
            CreateUploadUrl {
                file_extension: "abcdefghijklmnop".into(),
            }
            .to_request(None),
        ),
        // Only create_by_video's URL has a length limit; signed storage URLs run long.
        (
            "image URL of 2000 characters",
            CreateAvatarByImage {
                image_url: Some(url_of(2000)),
                ..Default::default()
            }
            .to_request(None),
        ),
        (
            "voice audio URL of 2000 characters",
            CreateVoice {
                audio_url: Some(url_of(2000)),
                file_id: None,
                ..voice("v")
            }
            .to_request(None),
        ),
        (
            "video audio URL of 2000 characters",
            CreateVideoByAudio {
                avatar: "a".into(),
                audio_url: Some(url_of(2000)),
                file_id: None,
                title: None,
            }
            .to_request(None),
        ),
        // What is not a tag: a comparison, a bracketed number, a name followed by punctuation.
        ("x<y, y>z", tts("if x<y, y>z").to_request(None)),
        (
            "<3> and <a.b>",
            tts("I <3> it, see <a.b> and </ > and <!>").to_request(None),
        ),
        (
            "page 1 size 1 kind 1",
            ListAvatars {
                page: page(Some(1), Some(1), Some(1)),
            }
            .to_request(None),
        ),
        (
            "a huge page",
            ListVoices {
                page: page(Some(i64::MAX), Some(1000), Some(2)),
            }
            .to_request(None),
        ),
    ];
    for (what, result) in accepted {
        if let Err(e) = result {
            panic!("{what}: {e}");
        }
    }
}

#[test]
fn uploads_are_checked_by_purpose_type_and_size() {
    use UploadPurpose::*;
    const MB: u64 = 1024 * 1024;
    let ok: &[(&str, Option<u64>, Option<UploadPurpose>, &str)] = &[
        ("mp4", Some(500 * MB), Some(AvatarVideo), "mp4"),
        (".MOV", Some(1), Some(AvatarVideo), "mov"),
        ("mp3", Some(20 * MB), Some(VoiceAudio), "mp3"),
        ("M4A", None, Some(VoiceAudio), "m4a"),
        ("wav", Some(100 * MB), Some(VideoAudio), "wav"),
        ("png", Some(50 * MB), Some(AvatarImage), "png"),
        ("jpeg", None, None, "jpeg"),
        ("mp4", Some(500 * MB), None, "mp4"),
        ("wav", Some(100 * MB), None, "wav"),
        // Where the page names no formats (images) or ends its list with 等 (video audio), or
        // no purpose is given, any well-formed extension is left to the API (2012 if it says no).
        ("webp", Some(80 * MB), Some(AvatarImage), "webp"),
        ("AAC", Some(100 * MB), Some(VideoAudio), "aac"),
        ("flac", Some(1), None, "flac"),
        ("heic", None, None, "heic"),
    ];
    for &(ext, size, purpose, want) in ok {
        assert_eq!(validate::upload(ext, size, purpose).unwrap(), want, "{ext}");
    }
    type Bad<'a> = (
        &'a str,
        Option<u64>,
        Option<UploadPurpose>,
        &'a str,
        &'a str,
    );
    let bad: &[Bad] = &[
        (
            "avi",
            None,
            Some(AvatarVideo),
            "file_extension",
            "use mp4, mov",
        ),
        (
            "mp3",
            None,
            Some(AvatarVideo),
            "file_extension",
            "not accepted for avatar_video",
        ),
        (
            "mp4",
            None,
            Some(VoiceAudio),
            "file_extension",
            "use mp3, m4a, wav",
        ),
        (
            "flac",
            None,
            Some(VoiceAudio),
            "file_extension",
            "use mp3, m4a, wav",
        ),
        (
            "aac",
            Some(100 * MB + 1),
            Some(VideoAudio),
            "size",
            "at most 100 MB",
        ),
        (
            "mp4",
            Some(500 * MB + 1),
            Some(AvatarVideo),
            "size",
            "at most 500 MB",
        ),
        (
            "mp3",
            Some(20 * MB + 1),
            Some(VoiceAudio),
            "size",
            "voice_audio files must be at most 20 MB",
        ),
        (
            "mp3",
            Some(100 * MB + 1),
            Some(VideoAudio),
            "size",
            "at most 100 MB",
        ),
        ("m4a", Some(100 * MB + 1), None, "size", "at most 100 MB"),
        ("mov", Some(u64::MAX), None, "size", "at most 500 MB"),
        ("mp4", Some(0), None, "size", "empty"),
        ("", None, None, "file_extension", "required"),
        (".", None, None, "file_extension", "required"),
        ("m p4", None, None, "file_extension", "without spaces"),
        ("mp4\\x", None, None, "file_extension", "file suffix"),
        ("mp4#", None, None, "file_extension", "file suffix"),
    ];
    for &(ext, size, purpose, field, words) in bad {
        let err = validate::upload(ext, size, purpose).unwrap_err();
        let Error::InvalidInput { field: f, reason } = &err else {
            panic!("{ext}: {err:?}")
        };
        assert_eq!(*f, field, "{ext} {size:?}: {reason}");
        assert!(
            reason.contains(words),
            "{ext} {size:?}: {reason:?} lacks {words:?}"
        );
    }
    for p in [AvatarVideo, AvatarImage, VoiceAudio, VideoAudio] {
        assert_eq!(UploadPurpose::from_name(p.name()), Some(p));
    }
    assert_eq!(UploadPurpose::from_name("avatar"), None);
}

/// Issue 12: asking for an upload URL applies the same extension check as an upload (one check
/// for both: a malformed extension is refused by both, any other is left to the API by both).
#[test]
fn the_upload_url_and_uploads_share_one_extension_check() {
    for ext in [
        "mp4",
        ".MOV",
        "mp3",
        "M4A",
        "wav",
        "jpg",
        "JPEG",
        "png",
        "exe",
        "flac",
        "avi",
        "gif",
        "",
        ".",
        "m p4",
        "abcdefghijk",
        "mp4_hd",
        "tar.gz",
        "mp4?x",
        " ",
    ] {
        let upload = validate::upload(ext, None, None);
        let url = CreateUploadUrl {
            file_extension: ext.into(),
        }
        .to_request(None);
        match (&upload, &url) {
            (Ok(normalised), Ok(req)) => assert_eq!(
                req.body.as_deref(),
                Some(format!(r#"{{"file_extension":"{normalised}"}}"#).as_str()),
                "{ext:?}"
            ),
            (Err(a), Err(b)) => assert_eq!(a, b, "{ext:?}"),
            _ => panic!("{ext:?}: upload {upload:?} but upload URL {url:?}"),
        }
    }
}

#[test]
fn the_wide_table_agrees_with_unicode_width_for_every_code_point() {
    use unicode_width::UnicodeWidthChar;
    let mut disagree = vec![];
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        if validate::is_wide(c) != (c.width() == Some(2)) {
            disagree.push(format!("U+{:04X}", c as u32));
        }
    }
    assert!(
        disagree.is_empty(),
        "{} code points disagree, first {:?}",
        disagree.len(),
        &disagree[..disagree.len().min(10)]
    );
    assert!(validate::WIDE.windows(2).all(|w| w[0].1 < w[1].0));
    assert_eq!(validate::title_zi_halves("字a😀ｱＡ"), 2 + 1 + 2 + 1 + 2);
}
