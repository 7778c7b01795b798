//! Core results as plain JS objects, with the wire's snake_case names (`video_Url` → `video_url`).

use wasm_bindgen::prelude::*;

use super::convert::Out;
use super::engine::IntoJs;
use crate::core::*;

impl IntoJs for TaskCreated {
    fn into_js(self) -> JsValue {
        Out::new()
            .set("task_id", self.task_id)
            .opt("request_id", self.request_id.as_deref())
            .done()
    }
}

fn task_state(s: &TaskState) -> Out {
    Out::new()
        .set("status", s.status.as_i64() as f64)
        .set("code", s.code as f64)
        .set("message", s.message.as_str())
        .opt("request_id", s.request_id.as_deref())
}

impl IntoJs for AvatarTask {
    fn into_js(self) -> JsValue {
        task_state(&self.state)
            .opt("avatar", self.avatar.as_deref())
            .done()
    }
}

impl IntoJs for VoiceTask {
    fn into_js(self) -> JsValue {
        task_state(&self.state)
            .opt("voice", self.voice.as_deref())
            .opt("demo_url", self.demo_url.as_deref())
            .done()
    }
}

impl IntoJs for VideoTask {
    fn into_js(self) -> JsValue {
        task_state(&self.state)
            .opt("video_url", self.video_url.as_deref())
            .opt("duration", self.duration)
            .done()
    }
}

fn list<T>(items: Vec<T>, request_id: Option<String>, item: impl Fn(T) -> JsValue) -> JsValue {
    let data: js_sys::Array = items.into_iter().map(item).collect();
    Out::new()
        .set("data", data)
        .opt("request_id", request_id.as_deref())
        .done()
}

impl IntoJs for AvatarList {
    fn into_js(self) -> JsValue {
        list(self.data, self.request_id, |a| {
            Out::new()
                .set("avatar", a.avatar)
                .opt("kind", a.kind.map(|k| k as f64))
                .set("title", a.title)
                .done()
        })
    }
}

impl IntoJs for VoiceList {
    fn into_js(self) -> JsValue {
        list(self.data, self.request_id, |v| {
            Out::new()
                .set("voice", v.voice)
                .opt("type", v.voice_type.map(|t| t as f64))
                .set("title", v.title)
                .opt("rate", v.rate.as_deref())
                .opt("volume", v.volume.as_deref())
                .opt("pitch", v.pitch.as_deref())
                .done()
        })
    }
}

impl IntoJs for Ack {
    fn into_js(self) -> JsValue {
        Out::new()
            .opt("request_id", self.request_id.as_deref())
            .done()
    }
}

impl IntoJs for UploadUrl {
    fn into_js(self) -> JsValue {
        Out::new()
            .set("upload_url", self.upload_url)
            .set("content_type", self.content_type)
            .set("file_id", self.file_id)
            .opt("request_id", self.request_id.as_deref())
            .done()
    }
}

impl IntoJs for Credit {
    fn into_js(self) -> JsValue {
        Out::new()
            .set("left", self.left as f64)
            .opt("request_id", self.request_id.as_deref())
            .done()
    }
}
