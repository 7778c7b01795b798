//! Works (创作): videos driven by audio or by text, audio from text, and the work task.

use serde::{Deserialize, Serialize};
use tsify_next::Tsify;

use super::{Endpoint, TaskCreated, TaskStatus};
use crate::core::{validate, wire, Error, Method};

/// `POST /api/v2/hifly/video/create_by_audio`: a video of an avatar speaking an audio file
/// (costs credits).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct CreateVideoByAudio {
    /// The avatar's id.
    pub avatar: String,
    /// The audio's URL: mp3, m4a, wav…, ≤ 100 MB, 5 s – 30 min. Exactly one of this and `file_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_url: Option<String>,
    /// An uploaded file's id. Exactly one of this and `audio_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_id: Option<String>,
    /// The work's name (default "未命名"), at most 20 字 (a wide or full-width character counts
    /// 1, any other ½).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Endpoint for CreateVideoByAudio {
    type Output = TaskCreated;
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/api/v2/hifly/video/create_by_audio";

    fn validate(&self) -> Result<(), Error> {
        validate::id("avatar", &self.avatar)?;
        validate::url_or_file(
            "audio_url",
            self.audio_url.as_deref(),
            self.file_id.as_deref(),
        )?;
        validate::opt_title("title", self.title.as_deref())
    }
}

/// `POST /api/v2/hifly/video/create_by_tts`: a video of an avatar speaking a text
/// (costs credits). The `st_*` fields are the subtitle options; positions and sizes are in
/// pixels of the frame.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct CreateVideoByTts {
    /// The avatar's id.
    pub avatar: String,
    /// The voice's id.
    pub voice: String,
    /// What to say: 1–10000 characters, no HTML tags.
    pub text: String,
    /// The work's name (default "未命名"), at most 20 字 (a wide or full-width character counts
    /// 1, any other ½).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Whether subtitles are burnt in (`true`/`false` or 1/0; sent as 1 or 0; default off).
    #[serde(
        default,
        deserialize_with = "wire::opt_flag",
        serialize_with = "wire::flag_as_int",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(type = "boolean | 0 | 1")]
    pub st_show: Option<bool>,
    /// The font, e.g. "抖音美好体".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub st_font_name: Option<String>,
    /// Font size (the API's default is 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub st_font_size: Option<i64>,
    /// Text colour, `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub st_primary_color: Option<String>,
    /// Outline colour, `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub st_outline_color: Option<String>,
    /// Width of the subtitle box (default 600).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub st_width: Option<i64>,
    /// Height of the subtitle box (default 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub st_height: Option<i64>,
    /// X of the box's top-left corner (default 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub st_pos_x: Option<i64>,
    /// Y of the box's top-left corner (default 900).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub st_pos_y: Option<i64>,
}

impl Endpoint for CreateVideoByTts {
    type Output = TaskCreated;
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/api/v2/hifly/video/create_by_tts";

    fn validate(&self) -> Result<(), Error> {
        validate::id("avatar", &self.avatar)?;
        validate::id("voice", &self.voice)?;
        validate::text("text", &self.text)?;
        validate::opt_title("title", self.title.as_deref())?;
        for (field, color) in [
            ("st_primary_color", &self.st_primary_color),
            ("st_outline_color", &self.st_outline_color),
        ] {
            if let Some(c) = color {
                validate::color(field, c)?;
            }
        }
        // The page gives the font, sizes and positions only defaults, so none is checked.
        Ok(())
    }
}

/// `POST /api/v2/hifly/audio/create_by_tts`: speech from a text (costs credits). The result is
/// read with [`GetVideoTask`], like every work.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct CreateAudioByTts {
    /// The voice's id.
    pub voice: String,
    /// What to say: 1–10000 characters, no HTML tags.
    pub text: String,
    /// The work's name (default "未命名"), at most 20 字 (a wide or full-width character counts
    /// 1, any other ½).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Endpoint for CreateAudioByTts {
    type Output = TaskCreated;
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/api/v2/hifly/audio/create_by_tts";

    fn validate(&self) -> Result<(), Error> {
        validate::id("voice", &self.voice)?;
        validate::text("text", &self.text)?;
        validate::opt_title("title", self.title.as_deref())
    }
}

/// `GET /api/v2/hifly/video/task`: the state of a work, video or audio.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct GetVideoTask {
    /// The task id from a create call.
    pub task_id: String,
}

super::task_result! {
    /// A work's state; `video_url` is set once it is done.
    VideoTask = "struct VideoTask" from VideoTaskWire = "VideoTaskWire" {
        /// The result's temporary URL (the wire's `video_Url`, read in either spelling, the
        /// capital one first); copy the file soon.
        video_url: Option<String> = w.video_url_capital.clone().or(w.video_url.clone()),
        /// Length in seconds.
        duration: Option<f64> = w.duration,
    }
    wire |w| {
        #[serde(rename = "video_Url", default, deserialize_with = "wire::opt_result")]
        video_url_capital: Option<String>,
        #[serde(default, deserialize_with = "wire::opt_result")]
        video_url: Option<String>,
        #[serde(default, deserialize_with = "wire::opt_number")]
        duration: Option<f64>,
    }
    done: "video_Url" = w.video_url_capital.as_deref().or(w.video_url.as_deref())
}

impl Endpoint for GetVideoTask {
    type Output = VideoTask;
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/api/v2/hifly/video/task";
    const TASK_QUERY: bool = true;

    fn validate(&self) -> Result<(), Error> {
        validate::id("task_id", &self.task_id)
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        vec![("task_id", self.task_id.clone())]
    }
}
