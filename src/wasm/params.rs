//! JS params objects into core requests: the one place that maps the JS API's parameters.

use wasm_bindgen::prelude::*;

use super::convert::Params;
use super::error::Failure;
use crate::core::*;

/// A core request read from a JS params object.
pub trait FromJs: Sized {
    /// Reads it; wrong types, unknown keys and missing fields are `invalid_input`.
    fn from_js(params: &JsValue) -> Result<Self, Failure>;
}

impl FromJs for CreateAvatarByVideo {
    fn from_js(params: &JsValue) -> Result<Self, Failure> {
        let p = Params::new(params, "params", &["title", "video_url", "file_id"], false)?;
        Ok(CreateAvatarByVideo {
            title: p.opt_str("title")?,
            video_url: p.opt_str("video_url")?,
            file_id: p.opt_str("file_id")?,
        })
    }
}

impl FromJs for CreateAvatarByImage {
    fn from_js(params: &JsValue) -> Result<Self, Failure> {
        let p = Params::new(
            params,
            "params",
            &["title", "image_url", "file_id", "model"],
            false,
        )?;
        Ok(CreateAvatarByImage {
            title: p.opt_str("title")?,
            image_url: p.opt_str("image_url")?,
            file_id: p.opt_str("file_id")?,
            model: p.opt_int("model")?,
        })
    }
}

impl FromJs for Page {
    fn from_js(params: &JsValue) -> Result<Self, Failure> {
        let p = Params::new(params, "params", &["page", "size", "kind"], true)?;
        Ok(Page {
            page: p.opt_int("page")?,
            size: p.opt_int("size")?,
            kind: p.opt_int("kind")?,
        })
    }
}

impl FromJs for CreateVoice {
    fn from_js(params: &JsValue) -> Result<Self, Failure> {
        let p = Params::new(
            params,
            "params",
            &["title", "voice_type", "audio_url", "file_id"],
            false,
        )?;
        Ok(CreateVoice {
            title: p.str("title")?,
            voice_type: p.opt_int("voice_type")?,
            audio_url: p.opt_str("audio_url")?,
            file_id: p.opt_str("file_id")?,
        })
    }
}

impl FromJs for EditVoice {
    fn from_js(params: &JsValue) -> Result<Self, Failure> {
        let p = Params::new(
            params,
            "params",
            &["voice", "rate", "volume", "pitch"],
            false,
        )?;
        Ok(EditVoice {
            voice: p.str("voice")?,
            rate: p.number("rate")?,
            volume: p.number("volume")?,
            pitch: p.number("pitch")?,
        })
    }
}

impl FromJs for CreateVideoByAudio {
    fn from_js(params: &JsValue) -> Result<Self, Failure> {
        let p = Params::new(
            params,
            "params",
            &["avatar", "audio_url", "file_id", "title"],
            false,
        )?;
        Ok(CreateVideoByAudio {
            avatar: p.str("avatar")?,
            audio_url: p.opt_str("audio_url")?,
            file_id: p.opt_str("file_id")?,
            title: p.opt_str("title")?,
        })
    }
}

impl FromJs for CreateVideoByTts {
    fn from_js(params: &JsValue) -> Result<Self, Failure> {
        let p = Params::new(
            params,
            "params",
            &[
                "avatar",
                "voice",
                "text",
                "title",
                "st_show",
                "st_font_name",
                "st_font_size",
                "st_primary_color",
                "st_outline_color",
                "st_width",
                "st_height",
                "st_pos_x",
                "st_pos_y",
            ],
            false,
        )?;
        Ok(CreateVideoByTts {
            avatar: p.str("avatar")?,
            voice: p.str("voice")?,
            text: p.str("text")?,
            title: p.opt_str("title")?,
            subtitles: Subtitles {
                st_show: p.opt_flag("st_show")?,
                st_font_name: p.opt_str("st_font_name")?,
                st_font_size: p.opt_int("st_font_size")?,
                st_primary_color: p.opt_str("st_primary_color")?,
                st_outline_color: p.opt_str("st_outline_color")?,
                st_width: p.opt_int("st_width")?,
                st_height: p.opt_int("st_height")?,
                st_pos_x: p.opt_int("st_pos_x")?,
                st_pos_y: p.opt_int("st_pos_y")?,
            },
        })
    }
}

impl FromJs for CreateAudioByTts {
    fn from_js(params: &JsValue) -> Result<Self, Failure> {
        let p = Params::new(params, "params", &["voice", "text", "title"], false)?;
        Ok(CreateAudioByTts {
            voice: p.str("voice")?,
            text: p.str("text")?,
            title: p.opt_str("title")?,
        })
    }
}
