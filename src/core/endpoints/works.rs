//! Works (创作): videos driven by audio or by text, audio from text, and the work task.

use super::{Endpoint, TaskCreated, TaskState};
use crate::core::json::ObjectWriter;
use crate::core::response::Fields;
use crate::core::{validate, Error, Method};

/// `POST /api/v2/hifly/video/create_by_audio`: a video of an avatar speaking an audio file
/// (costs credits).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CreateVideoByAudio {
    /// The avatar's id.
    pub avatar: String,
    /// The audio's URL: mp3, m4a, wav…, ≤ 100 MB, 5 s – 30 min. Exactly one of this and `file_id`.
    pub audio_url: Option<String>,
    /// An uploaded file's id. Exactly one of this and `audio_url`.
    pub file_id: Option<String>,
    /// The work's name (default "未命名"), at most 20 characters.
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

    fn body(&self) -> Option<String> {
        Some(
            ObjectWriter::new()
                .str("avatar", &self.avatar)
                .opt_str("audio_url", self.audio_url.as_deref())
                .opt_str("file_id", self.file_id.as_deref())
                .opt_str("title", self.title.as_deref())
                .finish(),
        )
    }

    fn decode(f: &Fields<'_>) -> Result<TaskCreated, Error> {
        TaskCreated::decode(f)
    }
}

/// Subtitle options of a text-driven video. Positions and sizes are in pixels of the frame.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Subtitles {
    /// Whether subtitles are burnt in (sent as 1 or 0; the API's default is off).
    pub st_show: Option<bool>,
    /// The font, e.g. "抖音美好体".
    pub st_font_name: Option<String>,
    /// Font size (the API's default is 100).
    pub st_font_size: Option<i64>,
    /// Text colour, `#rrggbb`.
    pub st_primary_color: Option<String>,
    /// Outline colour, `#rrggbb`.
    pub st_outline_color: Option<String>,
    /// Width of the subtitle box (default 600).
    pub st_width: Option<i64>,
    /// Height of the subtitle box (default 100).
    pub st_height: Option<i64>,
    /// X of the box's top-left corner (default 60).
    pub st_pos_x: Option<i64>,
    /// Y of the box's top-left corner (default 900).
    pub st_pos_y: Option<i64>,
}

impl Subtitles {
    fn validate(&self) -> Result<(), Error> {
        if let Some(font) = &self.st_font_name {
            validate::name("st_font_name", font)?;
        }
        for (field, color) in [
            ("st_primary_color", &self.st_primary_color),
            ("st_outline_color", &self.st_outline_color),
        ] {
            if let Some(c) = color {
                validate::color(field, c)?;
            }
        }
        // The vendor gives no bounds; sizes below 1 and negative positions cannot draw anything.
        for (field, v, min) in [
            ("st_font_size", self.st_font_size, 1),
            ("st_width", self.st_width, 1),
            ("st_height", self.st_height, 1),
            ("st_pos_x", self.st_pos_x, 0),
            ("st_pos_y", self.st_pos_y, 0),
        ] {
            if let Some(v) = v {
                validate::at_least(field, v, min)?;
            }
        }
        Ok(())
    }

    fn write(&self, w: &mut ObjectWriter) {
        w.opt_int("st_show", self.st_show.map(i64::from))
            .opt_str("st_font_name", self.st_font_name.as_deref())
            .opt_int("st_font_size", self.st_font_size)
            .opt_str("st_primary_color", self.st_primary_color.as_deref())
            .opt_str("st_outline_color", self.st_outline_color.as_deref())
            .opt_int("st_width", self.st_width)
            .opt_int("st_height", self.st_height)
            .opt_int("st_pos_x", self.st_pos_x)
            .opt_int("st_pos_y", self.st_pos_y);
    }
}

/// `POST /api/v2/hifly/video/create_by_tts`: a video of an avatar speaking a text
/// (costs credits).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CreateVideoByTts {
    /// The avatar's id.
    pub avatar: String,
    /// The voice's id.
    pub voice: String,
    /// What to say: 1–10000 characters, no HTML tags.
    pub text: String,
    /// The work's name (default "未命名"), at most 20 characters.
    pub title: Option<String>,
    /// Subtitle options.
    pub subtitles: Subtitles,
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
        self.subtitles.validate()
    }

    fn body(&self) -> Option<String> {
        let mut w = ObjectWriter::new();
        w.str("avatar", &self.avatar)
            .str("voice", &self.voice)
            .str("text", &self.text)
            .opt_str("title", self.title.as_deref());
        self.subtitles.write(&mut w);
        Some(w.finish())
    }

    fn decode(f: &Fields<'_>) -> Result<TaskCreated, Error> {
        TaskCreated::decode(f)
    }
}

/// `POST /api/v2/hifly/audio/create_by_tts`: speech from a text (costs credits). The result is
/// read with [`GetVideoTask`], like every work.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CreateAudioByTts {
    /// The voice's id.
    pub voice: String,
    /// What to say: 1–10000 characters, no HTML tags.
    pub text: String,
    /// The work's name (default "未命名"), at most 20 characters.
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

    fn body(&self) -> Option<String> {
        Some(
            ObjectWriter::new()
                .str("voice", &self.voice)
                .str("text", &self.text)
                .opt_str("title", self.title.as_deref())
                .finish(),
        )
    }

    fn decode(f: &Fields<'_>) -> Result<TaskCreated, Error> {
        TaskCreated::decode(f)
    }
}

/// `GET /api/v2/hifly/video/task`: the state of a work, video or audio.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GetVideoTask {
    /// The task id from a create call.
    pub task_id: String,
}

/// A work's state; `video_url` is set once it is done.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoTask {
    /// Status, code, message and request id.
    pub state: TaskState,
    /// The result's temporary URL (the wire's `video_Url`); copy the file soon.
    pub video_url: Option<String>,
    /// Length in seconds.
    pub duration: Option<f64>,
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

    fn decode(f: &Fields<'_>) -> Result<VideoTask, Error> {
        Ok(VideoTask {
            state: TaskState::decode(f)?,
            video_url: f.opt_string_any(VIDEO_URL_SPELLINGS),
            duration: f.opt_number("duration"),
        })
    }
}

/// The vendor writes `video_Url`; the lower-case spelling is accepted too, in case it is fixed.
pub(crate) const VIDEO_URL_SPELLINGS: &[&str] = &["video_Url", "video_url"];
