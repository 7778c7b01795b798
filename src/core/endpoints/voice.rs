//! Voice cloning: the clone task, voice settings, and the voice list.

use serde::{Deserialize, Serialize, Serializer};
use tsify_next::Tsify;

use super::{Ack, Endpoint, Page, TaskCreated, TaskStatus};
use crate::core::{validate, wire, Error, Method};

/// `POST /api/v2/hifly/voice/create`: clones a voice from an audio sample.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct CreateVoice {
    /// The voice's name, required, at most 20 字 (a wide or full-width character counts 1, any
    /// other ½).
    pub title: String,
    /// The voice type; only 8 (basic v2) exists, and it is sent when omitted.
    #[serde(default, serialize_with = "voice_type_or_default")]
    #[tsify(type = "8")]
    pub voice_type: Option<i64>,
    /// The sample's URL: mp3, m4a or wav, ≤ 20 MB, 5 s – 3 min. Exactly one of this and `file_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_url: Option<String>,
    /// An uploaded file's id. Exactly one of this and `audio_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_id: Option<String>,
}

fn voice_type_or_default<S: Serializer>(v: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_i64(v.unwrap_or(validate::VOICE_TYPE))
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
}

/// `POST /api/v2/hifly/voice/edit`: sets a voice's rate, volume and pitch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct EditVoice {
    /// The voice's id.
    pub voice: String,
    /// Speech rate, 0.5–2.0 (1.0 is normal).
    #[serde(
        serialize_with = "wire::decimal",
        deserialize_with = "wire::number_or_decimal"
    )]
    #[tsify(type = "number | string")]
    pub rate: f64,
    /// Volume, 0.1–2.0 (1.0 is normal).
    #[serde(
        serialize_with = "wire::decimal",
        deserialize_with = "wire::number_or_decimal"
    )]
    #[tsify(type = "number | string")]
    pub volume: f64,
    /// Pitch, 0.1–2.0 (1.0 is normal).
    #[serde(
        serialize_with = "wire::decimal",
        deserialize_with = "wire::number_or_decimal"
    )]
    #[tsify(type = "number | string")]
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
}

/// `GET /api/v2/hifly/voice/list`: a page of voices (kind 1 own, the default; 2 public).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(transparent)]
pub struct ListVoices {
    /// Page, size and kind.
    pub page: Page,
}

super::list_item! {
    /// One voice in a list.
    VoiceItem = "struct VoiceItem" from VoiceItemWire = "VoiceItemWire" {
        /// The voice's id.
        voice: String = [deserialize_with = "wire::string"],
        /// 10 public, 20 high fidelity, 8 basic v2.
        #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
        voice_type: Option<i64> = [default, deserialize_with = "wire::opt_int"],
        /// Its name (empty when the API gives none).
        title: String = [default, deserialize_with = "wire::string_or_empty"],
        /// Speech rate, as the API writes it (e.g. "1.0").
        #[serde(skip_serializing_if = "Option::is_none")]
        rate: Option<String> = [default, deserialize_with = "wire::opt_string"],
        /// Volume, as the API writes it.
        #[serde(skip_serializing_if = "Option::is_none")]
        volume: Option<String> = [default, deserialize_with = "wire::opt_string"],
        /// Pitch, as the API writes it.
        #[serde(skip_serializing_if = "Option::is_none")]
        pitch: Option<String> = [default, deserialize_with = "wire::opt_string"],
    }
}

/// A page of voices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(from = "super::ListWire<VoiceItem>")]
pub struct VoiceList {
    /// The voices on this page; fewer than `size` means the last page.
    pub data: Vec<VoiceItem>,
    /// The request id.
    #[serde(
        default,
        deserialize_with = "wire::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
}

impl From<super::ListWire<VoiceItem>> for VoiceList {
    fn from(w: super::ListWire<VoiceItem>) -> Self {
        VoiceList {
            data: w.data,
            request_id: w.request_id,
        }
    }
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
}

/// `GET /api/v2/hifly/voice/task`: the state of a voice clone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct GetVoiceTask {
    /// The task id from [`CreateVoice`].
    pub task_id: String,
}

super::task_result! {
    /// A voice clone's state; `voice` and `demo_url` are set once it is done.
    VoiceTask = "struct VoiceTask" from VoiceTaskWire = "VoiceTaskWire" {
        /// The new voice's id.
        voice: Option<String> = w.voice.clone(),
        /// A sample of the voice to listen to.
        demo_url: Option<String> = w.demo_url.clone(),
    }
    wire |w| {
        #[serde(default, deserialize_with = "wire::opt_result")]
        voice: Option<String>,
        #[serde(default, deserialize_with = "wire::opt_result")]
        demo_url: Option<String>,
    }
    done: "voice" = w.voice.as_deref()
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
}
