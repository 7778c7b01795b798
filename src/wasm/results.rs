//! Core results as plain JS objects, with the wire's snake_case names (`video_Url` → `video_url`).

use wasm_bindgen::prelude::*;

use super::convert::Out;
use super::transport::IntoJs;
use crate::core::*;

impl IntoJs for TaskCreated {
    fn into_js(self) -> JsValue {
        Out::new()
            .str("task_id", &self.task_id)
            .opt_str("request_id", self.request_id.as_deref())
            .done()
    }
}

fn task_state(s: &TaskState) -> Out {
    Out::new()
        .num("status", s.status.as_i64() as f64)
        .num("code", s.code as f64)
        .str("message", &s.message)
        .opt_str("request_id", s.request_id.as_deref())
}

impl IntoJs for AvatarTask {
    fn into_js(self) -> JsValue {
        task_state(&self.state)
            .opt_str("avatar", self.avatar.as_deref())
            .done()
    }
}

impl IntoJs for VoiceTask {
    fn into_js(self) -> JsValue {
        task_state(&self.state)
            .opt_str("voice", self.voice.as_deref())
            .opt_str("demo_url", self.demo_url.as_deref())
            .done()
    }
}

impl IntoJs for VideoTask {
    fn into_js(self) -> JsValue {
        task_state(&self.state)
            .opt_str("video_url", self.video_url.as_deref())
            .opt_num("duration", self.duration)
            .done()
    }
}

fn list<T>(items: Vec<T>, request_id: Option<String>, item: impl Fn(T) -> JsValue) -> JsValue {
    let data: js_sys::Array = items.into_iter().map(item).collect();
    Out::new()
        .val("data", data.into())
        .opt_str("request_id", request_id.as_deref())
        .done()
}

impl IntoJs for AvatarList {
    fn into_js(self) -> JsValue {
        list(self.data, self.request_id, |a| {
            Out::new()
                .str("avatar", &a.avatar)
                .opt_num("kind", a.kind.map(|k| k as f64))
                .str("title", &a.title)
                .done()
        })
    }
}

impl IntoJs for VoiceList {
    fn into_js(self) -> JsValue {
        list(self.data, self.request_id, |v| {
            Out::new()
                .str("voice", &v.voice)
                .opt_num("type", v.voice_type.map(|t| t as f64))
                .str("title", &v.title)
                .opt_str("rate", v.rate.as_deref())
                .opt_str("volume", v.volume.as_deref())
                .opt_str("pitch", v.pitch.as_deref())
                .done()
        })
    }
}

impl IntoJs for Ack {
    fn into_js(self) -> JsValue {
        Out::new()
            .opt_str("request_id", self.request_id.as_deref())
            .done()
    }
}

impl IntoJs for UploadUrl {
    fn into_js(self) -> JsValue {
        Out::new()
            .str("upload_url", &self.upload_url)
            .str("content_type", &self.content_type)
            .str("file_id", &self.file_id)
            .opt_str("request_id", self.request_id.as_deref())
            .done()
    }
}

impl IntoJs for Credit {
    fn into_js(self) -> JsValue {
        Out::new()
            .num("left", self.left as f64)
            .opt_str("request_id", self.request_id.as_deref())
            .done()
    }
}

/// The status of a task result, and the result as JS, for polling.
pub fn task_result<T: IntoJs + HasTaskState>(out: T) -> (TaskState, JsValue) {
    let state = out.task_state().clone();
    (state, out.into_js())
}

/// A result that reports a task's state.
pub trait HasTaskState {
    /// Its state.
    fn task_state(&self) -> &TaskState;
}

impl HasTaskState for AvatarTask {
    fn task_state(&self) -> &TaskState {
        &self.state
    }
}

impl HasTaskState for VoiceTask {
    fn task_state(&self) -> &TaskState {
        &self.state
    }
}

impl HasTaskState for VideoTask {
    fn task_state(&self) -> &TaskState {
        &self.state
    }
}
