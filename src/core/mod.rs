//! The sans-IO core: typed requests in, [`HttpRequest`]s out; [`HttpResponse`]s in, typed
//! results or a typed [`Error`] out. No I/O, no clock and no JavaScript happen here, so all of it
//! runs and is tested natively.

pub mod callback;
pub mod endpoints;
pub mod error;
pub mod http;
pub mod json;
pub mod num;
pub mod response;
pub mod text;
pub mod validate;

pub use callback::{parse_callback, parse_callback_limited, Callback, MAX_CALLBACK_BYTES};
pub use endpoints::account::{Credit, GetCredit};
pub use endpoints::avatar::{
    AvatarItem, AvatarList, AvatarTask, CreateAvatarByImage, CreateAvatarByVideo, GetAvatarTask,
    ListAvatars,
};
pub use endpoints::tool::{CreateUploadUrl, UploadUrl};
pub use endpoints::voice::{
    CreateVoice, EditVoice, GetVoiceTask, ListVoices, VoiceItem, VoiceList, VoiceTask,
};
pub use endpoints::works::{
    CreateAudioByTts, CreateVideoByAudio, CreateVideoByTts, GetVideoTask, Subtitles, VideoTask,
};
pub use endpoints::{Ack, Endpoint, Page, TaskCreated, TaskState, TaskStatus};
pub use error::{Error, ErrorCode};
pub use http::{HttpRequest, HttpResponse, Method, Token, DEFAULT_BASE_URL};
pub use validate::UploadPurpose;
