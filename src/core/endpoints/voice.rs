//! Voice cloning: the clone task, voice settings, and the voice list.

use super::{Ack, Endpoint, Page, TaskCreated, TaskState};
use crate::core::json::ObjectWriter;
use crate::core::num::format_f64;
use crate::core::response::Fields;
use crate::core::{validate, Error, Method};

/// `POST /api/v2/hifly/voice/create`: clones a voice from an audio sample.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CreateVoice {
    /// The voice's name, required, at most 20 characters.
    pub title: String,
    /// The voice type; only 8 (basic v2) exists, and it is sent when omitted.
    pub voice_type: Option<i64>,
    /// The sample's URL: mp3, m4a or wav, ≤ 20 MB, 5 s – 3 min. Exactly one of this and `file_id`.
    pub audio_url: Option<String>,
    /// An uploaded file's id. Exactly one of this and `audio_url`.
    pub file_id: Option<String>,
}

impl Endpoint for CreateVoice {
    type Output = TaskCreated;
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/api/v2/hifly/voice/create";

    fn validate(&self) -> Result<(), Error> {
        validate::title("title", &self.title)?;
        validate::one_of(
            "voice_type",
            self.voice_type.unwrap_or(validate::VOICE_TYPE),
            &[validate::VOICE_TYPE],
        )?;
        validate::url_or_file(
            "audio_url",
            self.audio_url.as_deref(),
            self.file_id.as_deref(),
        )
    }

    fn body(&self) -> Option<String> {
        Some(
            ObjectWriter::new()
                .str("title", &self.title)
                .int(
                    "voice_type",
                    self.voice_type.unwrap_or(validate::VOICE_TYPE),
                )
                .opt_str("audio_url", self.audio_url.as_deref())
                .opt_str("file_id", self.file_id.as_deref())
                .finish(),
        )
    }

    fn decode(f: &Fields<'_>) -> Result<TaskCreated, Error> {
        TaskCreated::decode(f)
    }
}

/// `POST /api/v2/hifly/voice/edit`: sets a voice's rate, volume and pitch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EditVoice {
    /// The voice's id.
    pub voice: String,
    /// Speech rate, 0.5–2.0 (1.0 is normal).
    pub rate: f64,
    /// Volume, 0.1–2.0 (1.0 is normal).
    pub volume: f64,
    /// Pitch, 0.1–2.0 (1.0 is normal).
    pub pitch: f64,
}

impl Endpoint for EditVoice {
    type Output = Ack;
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/api/v2/hifly/voice/edit";

    fn validate(&self) -> Result<(), Error> {
        validate::id("voice", &self.voice)?;
        validate::range("rate", self.rate, validate::RATE_RANGE)?;
        validate::range("volume", self.volume, validate::VOLUME_PITCH_RANGE)?;
        validate::range("pitch", self.pitch, validate::VOLUME_PITCH_RANGE)
    }

    fn body(&self) -> Option<String> {
        Some(
            ObjectWriter::new()
                .str("voice", &self.voice)
                // The wire wants these as strings, written like "1.0", never "1".
                .str("rate", &format_f64(self.rate))
                .str("volume", &format_f64(self.volume))
                .str("pitch", &format_f64(self.pitch))
                .finish(),
        )
    }

    fn decode(f: &Fields<'_>) -> Result<Ack, Error> {
        Ack::decode(f)
    }
}

/// `GET /api/v2/hifly/voice/list`: a page of voices (kind 1 own, the default; 2 public).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListVoices {
    /// Page, size and kind.
    pub page: Page,
}

/// One voice in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceItem {
    /// The voice's id.
    pub voice: String,
    /// 10 public, 20 high fidelity, 8 basic v2.
    pub voice_type: Option<i64>,
    /// Its name.
    pub title: String,
    /// Speech rate, as the API writes it (e.g. "1.0").
    pub rate: Option<String>,
    /// Volume, as the API writes it.
    pub volume: Option<String>,
    /// Pitch, as the API writes it.
    pub pitch: Option<String>,
}

/// A page of voices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceList {
    /// The voices on this page; fewer than `size` means the last page.
    pub data: Vec<VoiceItem>,
    /// The request id.
    pub request_id: Option<String>,
}

impl Endpoint for ListVoices {
    type Output = VoiceList;
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/api/v2/hifly/voice/list";

    fn validate(&self) -> Result<(), Error> {
        self.page.validate()
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        self.page.query()
    }

    fn decode(f: &Fields<'_>) -> Result<VoiceList, Error> {
        Ok(VoiceList {
            data: f.list("data", |item| VoiceItem {
                voice: item.string("voice"),
                voice_type: item.opt_int("type"),
                title: item.opt_string("title").unwrap_or_default(),
                rate: item.opt_string("rate"),
                volume: item.opt_string("volume"),
                pitch: item.opt_string("pitch"),
            }),
            request_id: f.opt_string("request_id"),
        })
    }
}

/// `GET /api/v2/hifly/voice/task`: the state of a voice clone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GetVoiceTask {
    /// The task id from [`CreateVoice`].
    pub task_id: String,
}

/// A voice clone's state; `voice` and `demo_url` are set once it is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceTask {
    /// Status, code, message and request id.
    pub state: TaskState,
    /// The new voice's id.
    pub voice: Option<String>,
    /// A sample of the voice to listen to.
    pub demo_url: Option<String>,
}

impl Endpoint for GetVoiceTask {
    type Output = VoiceTask;
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/api/v2/hifly/voice/task";
    const TASK_QUERY: bool = true;

    fn validate(&self) -> Result<(), Error> {
        validate::id("task_id", &self.task_id)
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        vec![("task_id", self.task_id.clone())]
    }

    fn decode(f: &Fields<'_>) -> Result<VoiceTask, Error> {
        Ok(VoiceTask {
            state: TaskState::decode(f)?,
            voice: f.opt_string("voice"),
            demo_url: f.opt_string("demo_url"),
        })
    }
}
