//! The sans-IO core: serde types for every request, result and callback; the vendor's limits;
//! requests as [`HttpRequest`]s; answers decoded into typed results or a typed [`Error`]. No I/O,
//! no clock and no JavaScript happen here, so all of it runs and is tested natively.

pub mod callback;
pub mod endpoints;
pub mod error;
pub mod http;
pub mod num;
pub mod response;
pub mod validate;
pub mod wire;

#[cfg(not(target_arch = "wasm32"))]
pub use callback::{parse_callback, parse_callback_limited};
pub use callback::{Callback, MAX_CALLBACK_BYTES};
pub use endpoints::account::{Credit, GetCredit};
pub use endpoints::avatar::{
    AvatarItem, AvatarList, AvatarTask, CreateAvatarByImage, CreateAvatarByVideo, GetAvatarTask,
    ListAvatars,
};
pub use endpoints::tool::{CreateUploadUrl, UploadUrl, Uploaded};
pub use endpoints::voice::{
    CreateVoice, EditVoice, GetVoiceTask, ListVoices, VoiceItem, VoiceList, VoiceTask,
};
pub use endpoints::works::{
    CreateAudioByTts, CreateVideoByAudio, CreateVideoByTts, GetVideoTask, VideoTask,
};
pub use endpoints::{Ack, Endpoint, ListQuery, Page, TaskCreated, TaskQuery, TaskStatus};
pub use error::{secret_forms, Error, ErrorCode};
pub use http::{HttpRequest, HttpResponse, Method, Token, DEFAULT_BASE_URL};
pub use validate::UploadPurpose;
