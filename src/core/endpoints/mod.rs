//! The API's fourteen endpoints, one file per group, all built on [`Endpoint`].
//!
//! Each endpoint is one serde type: its fields are the wire's names, so the same type reads a JS
//! params object (unknown keys refused), is checked against the vendor's limits, and is written
//! as the request body. [`for_each_endpoint!`](crate::for_each_endpoint) lists them once for the
//! client and the JS skin.

pub mod account;
pub mod avatar;
pub mod tool;
pub mod voice;
pub mod works;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use tsify_next::Tsify;

use crate::core::{response, validate, wire, Error, HttpRequest, Method, Token};

/// One API endpoint: a typed request that becomes an [`HttpRequest`], and the type of its answer.
pub trait Endpoint: Serialize {
    /// What a successful call returns.
    type Output: DeserializeOwned + Serialize;
    /// GET or POST.
    const METHOD: Method;
    /// The path under the base URL.
    const PATH: &'static str;
    /// Whether the endpoint answers about a task, where a failed task is a result, not an error.
    const TASK_QUERY: bool = false;

    /// Checks the request against the vendor's limits.
    fn validate(&self) -> Result<(), Error>;

    /// The query parameters of a GET, unencoded.
    fn query(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Validates and builds the request, its body (for a POST) written by `write`. Without a
    /// token (behind a proxy that adds it) no `Authorization` header is set. The token is never
    /// put in the URL.
    fn to_request_with(
        &self,
        token: Option<&Token>,
        write: impl FnOnce(&Self) -> Result<String, Error>,
    ) -> Result<HttpRequest, Error> {
        self.validate()?;
        let body = match Self::METHOD {
            Method::Post => Some(write(self)?),
            Method::Get => None,
        };
        Ok(build_request(
            Self::METHOD,
            Self::PATH,
            self.query(),
            body,
            token,
        ))
    }

    /// Validates and builds the request, its body written by serde_json.
    #[cfg(not(target_arch = "wasm32"))]
    fn to_request(&self, token: Option<&Token>) -> Result<HttpRequest, Error> {
        self.to_request_with(token, |e| {
            serde_json::to_string(e).map_err(|e| Error::invalid("params", e.to_string()))
        })
    }

    /// Decodes an answer into the result or the error it stands for.
    fn decode(status: u16, body: &(impl response::Body + ?Sized)) -> Result<Self::Output, Error> {
        response::decode(status, body, Self::TASK_QUERY)
    }

    /// Decodes a response read natively.
    #[cfg(not(target_arch = "wasm32"))]
    fn from_response(resp: &crate::core::HttpResponse) -> Result<Self::Output, Error> {
        Self::decode(resp.status, resp.body.as_slice())
    }
}

/// The part of [`Endpoint::to_request_with`] that is the same for every endpoint (one copy in
/// the `.wasm`).
#[inline(never)]
fn build_request(
    method: Method,
    path: &'static str,
    query: Vec<(&'static str, String)>,
    body: Option<String>,
    token: Option<&Token>,
) -> HttpRequest {
    let mut headers = Vec::with_capacity(2);
    if let Some(token) = token {
        headers.push(("authorization", token.bearer()));
    }
    if body.is_some() {
        headers.push(("content-type", "application/json".to_string()));
    }
    HttpRequest {
        method,
        path,
        query,
        headers,
        body,
        // Only reads are resent: a create or a credit-costing call may have reached the
        // server before the connection failed, and users pay for duplicates.
        retry_safe: method == Method::Get,
    }
}

/// Calls `$m!` with every endpoint: `(Type, rust_name, jsName, argument shape, "TS param type",
/// "TS result type")`. The shapes are `params` (an object, required), `optional` (an object, may
/// be omitted), `none`, and `one(field)` (a single string argument that fills `field`). Adding an
/// endpoint is its type in this folder and one line here (and the simulator).
#[macro_export]
macro_rules! for_each_endpoint {
    ($m:ident) => {
        $m! {
            (CreateAvatarByVideo, create_avatar_by_video, createAvatarByVideo, params, "CreateAvatarByVideoParams", "Promise<TaskCreated>"),
            (CreateAvatarByImage, create_avatar_by_image, createAvatarByImage, params, "CreateAvatarByImageParams", "Promise<TaskCreated>"),
            (GetAvatarTask, get_avatar_task, getAvatarTask, one(task_id), "string", "Promise<AvatarTask>"),
            (ListAvatars, list_avatars, listAvatars, optional, "Page", "Promise<AvatarList>"),
            (CreateVoice, create_voice, createVoice, params, "CreateVoiceParams", "Promise<TaskCreated>"),
            (EditVoice, edit_voice, editVoice, params, "EditVoice", "Promise<Ack>"),
            (ListVoices, list_voices, listVoices, optional, "Page", "Promise<VoiceList>"),
            (GetVoiceTask, get_voice_task, getVoiceTask, one(task_id), "string", "Promise<VoiceTask>"),
            (CreateVideoByAudio, create_video_by_audio, createVideoByAudio, params, "CreateVideoByAudioParams", "Promise<TaskCreated>"),
            (CreateVideoByTts, create_video_by_tts, createVideoByTts, params, "CreateVideoByTts", "Promise<TaskCreated>"),
            (CreateAudioByTts, create_audio_by_tts, createAudioByTts, params, "CreateAudioByTts", "Promise<TaskCreated>"),
            (GetVideoTask, get_video_task, getVideoTask, one(task_id), "string", "Promise<VideoTask>"),
            (CreateUploadUrl, create_upload_url, createUploadUrl, one(file_extension), "string", "Promise<UploadUrl>"),
            (GetCredit, get_credit, getCredit, none, "", "Promise<Credit>"),
        }
    };
}

/// A task's state, as every task query and callback reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskStatus {
    /// 1: queued.
    Waiting,
    /// 2: being made.
    Processing,
    /// 3: finished.
    Done,
    /// 4: failed; the result's `message` says why.
    Failed,
}

impl TaskStatus {
    /// The status for a number from the wire; `None` for one the vendor does not document.
    pub fn from_i64(n: i64) -> Option<TaskStatus> {
        match n {
            1 => Some(TaskStatus::Waiting),
            2 => Some(TaskStatus::Processing),
            3 => Some(TaskStatus::Done),
            4 => Some(TaskStatus::Failed),
            _ => None,
        }
    }

    /// The number on the wire.
    pub fn as_i64(self) -> i64 {
        match self {
            TaskStatus::Waiting => 1,
            TaskStatus::Processing => 2,
            TaskStatus::Done => 3,
            TaskStatus::Failed => 4,
        }
    }

    /// Whether the task has ended, well or badly.
    pub fn is_final(self) -> bool {
        matches!(self, TaskStatus::Done | TaskStatus::Failed)
    }
}

impl Serialize for TaskStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.as_i64())
    }
}

impl<'de> Deserialize<'de> for TaskStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = wire::int(d)?;
        TaskStatus::from_i64(n).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "status {n} is not one the API documents (1 waiting, 2 processing, 3 done, 4 failed)"
            ))
        })
    }
}

/// The answer of every endpoint that starts a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub struct TaskCreated {
    /// The new task's id, for the task query and for callbacks.
    #[serde(deserialize_with = "wire::string")]
    pub task_id: String,
    /// The request id.
    #[serde(
        default,
        deserialize_with = "wire::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
}

/// The answer of an endpoint that only acknowledges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub struct Ack {
    /// The request id.
    #[serde(
        default,
        deserialize_with = "wire::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
}

/// A page of a list: `page` and `size` start at 1; `kind` is 1 own, 2 public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// The page number (the API's default is 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Items per page (the API's default is 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<i64>,
    /// Which list: 1 own, 2 public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(type = "1 | 2")]
    pub kind: Option<i64>,
}

impl Page {
    pub(crate) fn validate(&self) -> Result<(), Error> {
        // The page gives `page` and `size` only their defaults (1 and 20): any integer is sent,
        // and the API judges it.
        if let Some(kind) = self.kind {
            validate::one_of("kind", kind, &[1, 2])?;
        }
        Ok(())
    }

    pub(crate) fn query(&self) -> Vec<(&'static str, String)> {
        [
            ("page", self.page),
            ("size", self.size),
            ("kind", self.kind),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v.to_string())))
        .collect()
    }
}

/// A list answer as the wire may write it: `data` absent or `null` reads as empty.
#[derive(Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub(crate) struct ListWire<T> {
    #[serde(default = "Vec::new", deserialize_with = "wire::list")]
    data: Vec<T>,
    #[serde(default, deserialize_with = "wire::opt_string")]
    request_id: Option<String>,
}

/// Declares a task query's result: the four fields every task answer shares (status, code,
/// message, request id) and the query's own, the loose wire struct it is read from, and the
/// check that a finished task carries its result (`done: field = expr` over the wire struct).
/// serde's messages name the result (`= "struct VideoTask"`), never the hidden wire struct.
macro_rules! task_result {
    (
        $(#[$meta:meta])*
        $name:ident = $expecting:literal from $wire:ident = $wire_name:literal {
            $( $(#[$fmeta:meta])* $field:ident: $fty:ty = $value:expr, )*
        }
        wire |$w:ident| {
            $( $(#[$wmeta:meta])* $wfield:ident: $wty:ty, )*
        }
        done: $result:literal = $present:expr
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
        #[serde(try_from = $wire_name)]
        pub struct $name {
            /// Where the task is.
            pub status: TaskStatus,
            /// The API's code for a failed task (0 otherwise).
            pub code: i64,
            /// The API's message, which says why a task failed.
            pub message: String,
            /// The request id.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub request_id: Option<String>,
            $(
                $(#[$fmeta])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $field: $fty,
            )*
        }

        #[derive(Deserialize)]
        #[doc(hidden)]
        #[serde(expecting = $expecting)]
        pub struct $wire {
            #[serde(deserialize_with = "TaskStatus::deserialize")]
            status: TaskStatus,
            #[serde(default, deserialize_with = "crate::core::wire::opt_int")]
            code: Option<i64>,
            #[serde(default, deserialize_with = "crate::core::wire::opt_string")]
            message: Option<String>,
            #[serde(default, deserialize_with = "crate::core::wire::opt_string")]
            request_id: Option<String>,
            $( $(#[$wmeta])* $wfield: $wty, )*
        }

        impl TryFrom<$wire> for $name {
            type Error = String;
            fn try_from($w: $wire) -> Result<Self, String> {
                $crate::core::endpoints::finished_with($w.status, $result, $present)?;
                Ok($name {
                    status: $w.status,
                    code: $w.code.unwrap_or(0),
                    message: $w.message.clone().unwrap_or_default(),
                    request_id: $w.request_id.clone(),
                    $( $field: $value, )*
                })
            }
        }
    };
}
pub(crate) use task_result;

/// Declares a list item and the loose wire struct it is read from, field by field: each field's
/// attributes go on both (its name, docs, `skip_serializing_if`), the reading in `[...]` on the
/// wire struct only. The item itself then carries no `default`, so its TypeScript marks optional
/// only what may be absent (tsify marks every field with a serde default optional). serde's
/// messages name the item (`= "struct AvatarItem"`), never the hidden wire struct.
macro_rules! list_item {
    (
        $(#[$meta:meta])*
        $name:ident = $expecting:literal from $wire:ident = $wire_name:literal {
            $( $(#[$fmeta:meta])* $field:ident: $fty:ty = [$($de:tt)*], )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
        #[serde(from = $wire_name)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $fty, )*
        }

        #[derive(Deserialize)]
        #[doc(hidden)]
        #[serde(expecting = $expecting)]
        pub struct $wire {
            $( $(#[$fmeta])* #[serde($($de)*)] $field: $fty, )*
        }

        impl From<$wire> for $name {
            fn from(w: $wire) -> Self {
                $name { $( $field: w.$field, )* }
            }
        }
    };
}
pub(crate) use list_item;

/// Checks a finished task's result: status 3 must carry it.
pub(crate) fn finished_with(
    status: TaskStatus,
    field: &str,
    result: Option<&str>,
) -> Result<(), String> {
    if status == TaskStatus::Done && !result.is_some_and(|r| !r.is_empty()) {
        return Err(format!(
            "the task is done (status 3) but its result `{field}` is missing"
        ));
    }
    Ok(())
}

/// A task query: the endpoint that answers about one task, for polling and for confirming
/// callbacks.
pub trait TaskQuery: Endpoint {
    /// The query for `task_id`.
    fn for_task(task_id: String) -> Self;
    /// The task's status, code, message and request id in an answer.
    fn state(out: &Self::Output) -> (TaskStatus, i64, &str, Option<&str>);
}

/// A list endpoint, walked page by page.
pub trait ListQuery: Endpoint {
    /// One item of the list.
    type Item: Clone + PartialEq + Serialize;
    /// The query for `page`.
    fn for_page(page: Page) -> Self;
    /// The items of an answer.
    fn items(out: Self::Output) -> Vec<Self::Item>;
}

macro_rules! task_query {
    ($($t:ty),*) => {$(
        impl TaskQuery for $t {
            fn for_task(task_id: String) -> Self {
                Self { task_id }
            }
            fn state(out: &Self::Output) -> (TaskStatus, i64, &str, Option<&str>) {
                (out.status, out.code, &out.message, out.request_id.as_deref())
            }
        }
    )*};
}
task_query!(
    avatar::GetAvatarTask,
    voice::GetVoiceTask,
    works::GetVideoTask
);

macro_rules! list_query {
    ($($t:ty => $item:ty),*) => {$(
        impl ListQuery for $t {
            type Item = $item;
            fn for_page(page: Page) -> Self {
                Self { page }
            }
            fn items(out: Self::Output) -> Vec<Self::Item> {
                out.data
            }
        }
    )*};
}
list_query!(avatar::ListAvatars => avatar::AvatarItem, voice::ListVoices => voice::VoiceItem);
