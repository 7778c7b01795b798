//! Core results as JSON text for `js/client.js` to `JSON.parse`, with the wire's snake_case
//! names (`video_Url` becomes `video_url`).

use crate::core::callback::Callback;
use crate::core::json::ObjectWriter;
use crate::core::*;

/// A core result written as a JSON object.
pub trait ToJson {
    /// Writes its fields into `w`.
    fn write(&self, w: &mut ObjectWriter);
}

impl ToJson for TaskCreated {
    fn write(&self, w: &mut ObjectWriter) {
        w.str("task_id", &self.task_id)
            .opt_str("request_id", self.request_id.as_deref());
    }
}

fn task_state(w: &mut ObjectWriter, s: &TaskState) {
    w.int("status", s.status.as_i64())
        .int("code", s.code)
        .str("message", &s.message)
        .opt_str("request_id", s.request_id.as_deref());
}

impl ToJson for AvatarTask {
    fn write(&self, w: &mut ObjectWriter) {
        task_state(w, &self.state);
        w.opt_str("avatar", self.avatar.as_deref());
    }
}

impl ToJson for VoiceTask {
    fn write(&self, w: &mut ObjectWriter) {
        task_state(w, &self.state);
        w.opt_str("voice", self.voice.as_deref())
            .opt_str("demo_url", self.demo_url.as_deref());
    }
}

impl ToJson for VideoTask {
    fn write(&self, w: &mut ObjectWriter) {
        task_state(w, &self.state);
        w.opt_str("video_url", self.video_url.as_deref())
            .opt_num("duration", self.duration);
    }
}

/// `{data: [...], request_id?}`, each item written by `item`.
fn list<T>(
    w: &mut ObjectWriter,
    items: &[T],
    request_id: Option<&str>,
    item: impl Fn(&T, &mut ObjectWriter),
) {
    let mut data = String::from("[");
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            data.push(',');
        }
        let mut o = ObjectWriter::new();
        item(it, &mut o);
        data.push_str(&o.finish());
    }
    data.push(']');
    w.raw("data", &data).opt_str("request_id", request_id);
}

impl ToJson for AvatarList {
    fn write(&self, w: &mut ObjectWriter) {
        list(w, &self.data, self.request_id.as_deref(), |a, o| {
            o.str("avatar", &a.avatar)
                .opt_int("kind", a.kind)
                .str("title", &a.title);
        });
    }
}

impl ToJson for VoiceList {
    fn write(&self, w: &mut ObjectWriter) {
        list(w, &self.data, self.request_id.as_deref(), |v, o| {
            o.str("voice", &v.voice)
                .opt_int("type", v.voice_type)
                .str("title", &v.title)
                .opt_str("rate", v.rate.as_deref())
                .opt_str("volume", v.volume.as_deref())
                .opt_str("pitch", v.pitch.as_deref());
        });
    }
}

impl ToJson for Ack {
    fn write(&self, w: &mut ObjectWriter) {
        w.opt_str("request_id", self.request_id.as_deref());
    }
}

impl ToJson for UploadUrl {
    fn write(&self, w: &mut ObjectWriter) {
        w.str("upload_url", &self.upload_url)
            .str("content_type", &self.content_type)
            .str("file_id", &self.file_id)
            .opt_str("request_id", self.request_id.as_deref());
    }
}

impl ToJson for Credit {
    fn write(&self, w: &mut ObjectWriter) {
        w.int("left", self.left)
            .opt_str("request_id", self.request_id.as_deref());
    }
}

impl ToJson for Callback {
    fn write(&self, w: &mut ObjectWriter) {
        let task = self.task();
        w.int("type", self.type_id())
            .str("task_id", &task.task_id)
            .int("status", task.status.as_i64())
            .int("code", task.code)
            .str("message", &task.message);
        match self {
            Callback::Video(v) => w
                .opt_str("video_url", v.video_url.as_deref())
                .opt_num("duration", v.duration)
                .opt_str("title", v.title.as_deref()),
            Callback::Avatar(a) => w.opt_str("avatar", a.avatar.as_deref()),
            Callback::Voice(v) => w
                .opt_str("voice", v.voice.as_deref())
                .opt_str("demo_url", v.demo_url.as_deref()),
        };
    }
}
