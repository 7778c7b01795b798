//! JS params, handed over as JSON text, into core requests: the one place that maps the JS API's
//! parameters. `js/client.js` serialises params with a replacer that turns what JSON cannot say
//! (NaN, Infinity, functions, symbols, bigints) into `{"\u0000": "<what it was>"}`, so that such a
//! value is refused by name here instead of silently becoming `null`.

use crate::core::json::Json;
use crate::core::*;

/// Largest integer a JS number holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// A core request read from a JSON params object.
pub trait FromJson: Sized {
    /// Reads it; wrong types, unknown keys and missing fields are `invalid_input`.
    fn from_json(params: &Json<'_>) -> Result<Self, Error>;
}

/// What a value is, for an error message: numbers and short strings as they are, else the type.
fn describe(v: &Json<'_>) -> String {
    match v {
        Json::Num(n) => n.raw().to_string(),
        Json::Str(s) if s.chars().count() <= 20 => {
            let mut out = String::from("\"");
            out.push_str(s);
            out.push('"');
            out
        }
        Json::Obj(fields) => match fields.as_slice() {
            [(k, Json::Str(what))] if k == "\u{0}" => what.to_string(),
            _ => "an object".into(),
        },
        other => other.type_name().into(),
    }
}

fn got(what: &str, v: &Json<'_>) -> String {
    let mut s = String::from(what);
    s.push_str(", got ");
    s.push_str(&describe(v));
    s
}

/// A params object being read. Unknown keys are refused, so a typo never silently drops a value.
pub struct Params<'a, 'j> {
    fields: &'a [(std::borrow::Cow<'j, str>, Json<'j>)],
}

impl<'a, 'j> Params<'a, 'j> {
    /// Reads `value` as the params of `what`; `null` (JS `undefined` or `null`) is an empty
    /// object when `optional`.
    pub fn new(
        value: &'a Json<'j>,
        what: &'static str,
        allowed: &[&str],
        optional: bool,
    ) -> Result<Self, Error> {
        let fields = match value {
            Json::Null if optional => &[][..],
            Json::Null => return Err(Error::invalid(what, "an object of parameters is required")),
            Json::Obj(fields) if value.get("\u{0}").is_none() => fields.as_slice(),
            other => {
                return Err(Error::invalid(
                    what,
                    got("must be an object of parameters", other),
                ))
            }
        };
        for (key, _) in fields {
            if !allowed.contains(&key.as_ref()) {
                let mut reason = String::from("unknown parameter `");
                reason.push_str(key);
                reason.push_str("`; the parameters are");
                for (i, name) in allowed.iter().enumerate() {
                    reason.push_str(if i == 0 { " " } else { ", " });
                    reason.push_str(name);
                }
                return Err(Error::invalid(what, reason));
            }
        }
        Ok(Params { fields })
    }

    /// The value of a key; `null` reads as absent.
    fn raw(&self, key: &str) -> Option<&'a Json<'j>> {
        self.fields
            .iter()
            .find(|(k, v)| crate::core::json::same(k, key) && !matches!(v, Json::Null))
            .map(|(_, v)| v)
    }

    /// An optional string.
    pub fn opt_str(&self, key: &'static str) -> Result<Option<String>, Error> {
        match self.raw(key) {
            None => Ok(None),
            Some(Json::Str(s)) => Ok(Some(s.to_string())),
            Some(v) => Err(Error::invalid(key, got("must be a string", v))),
        }
    }

    /// A required string.
    pub fn str(&self, key: &'static str) -> Result<String, Error> {
        self.opt_str(key)?
            .ok_or_else(|| Error::invalid(key, "is required"))
    }

    /// An optional integer (a JS number with no fraction, within the safe range).
    pub fn opt_int(&self, key: &'static str) -> Result<Option<i64>, Error> {
        match self.raw(key) {
            None => Ok(None),
            Some(v @ Json::Num(n)) => {
                let f = n.as_f64();
                if f.fract() == 0.0 && f.abs() <= MAX_SAFE {
                    Ok(Some(f as i64))
                } else {
                    Err(Error::invalid(key, got("must be an integer", v)))
                }
            }
            Some(v) => Err(Error::invalid(key, got("must be an integer", v))),
        }
    }

    /// A required finite number; a numeric string such as "1.2" is accepted, as the wire sends.
    pub fn number(&self, key: &'static str) -> Result<f64, Error> {
        let v = self
            .raw(key)
            .ok_or_else(|| Error::invalid(key, "is required"))?;
        let n = match v {
            Json::Num(n) => Some(n.as_f64()),
            Json::Str(s) => num::parse_f64(s.trim()),
            _ => None,
        };
        match n {
            Some(n) if n.is_finite() => Ok(n),
            _ => Err(Error::invalid(key, got("must be a finite number", v))),
        }
    }

    /// An optional duration: a finite number of milliseconds, 0 or more.
    pub fn opt_ms(&self, key: &'static str) -> Result<Option<f64>, Error> {
        match self.raw(key) {
            None => Ok(None),
            Some(Json::Num(n)) if n.as_f64() >= 0.0 => Ok(Some(n.as_f64())),
            Some(_) => Err(Error::invalid(
                key,
                "must be a number of milliseconds, 0 or more",
            )),
        }
    }

    /// An optional on/off flag: `true`/`false` or the wire's 1/0.
    pub fn opt_flag(&self, key: &'static str) -> Result<Option<bool>, Error> {
        match self.raw(key) {
            None => Ok(None),
            Some(Json::Bool(b)) => Ok(Some(*b)),
            Some(Json::Num(n)) if n.raw() == "0" || n.raw() == "1" => Ok(Some(n.raw() == "1")),
            Some(v) => Err(Error::invalid(key, got("must be true/false or 1/0", v))),
        }
    }
}

macro_rules! from_json {
    ($t:ty, [$($key:literal),*], $optional:literal, |$p:ident| $build:expr) => {
        impl FromJson for $t {
            fn from_json(params: &Json<'_>) -> Result<Self, Error> {
                let $p = Params::new(params, "params", &[$($key),*], $optional)?;
                Ok($build)
            }
        }
    };
}

from_json!(
    CreateAvatarByVideo,
    ["title", "video_url", "file_id"],
    false,
    |p| {
        CreateAvatarByVideo {
            title: p.opt_str("title")?,
            video_url: p.opt_str("video_url")?,
            file_id: p.opt_str("file_id")?,
        }
    }
);

from_json!(
    CreateAvatarByImage,
    ["title", "image_url", "file_id", "model"],
    false,
    |p| {
        CreateAvatarByImage {
            title: p.opt_str("title")?,
            image_url: p.opt_str("image_url")?,
            file_id: p.opt_str("file_id")?,
            model: p.opt_int("model")?,
        }
    }
);

from_json!(GetAvatarTask, ["task_id"], false, |p| GetAvatarTask {
    task_id: p.str("task_id")?,
});

from_json!(ListAvatars, ["page", "size", "kind"], true, |p| {
    ListAvatars { page: page(&p)? }
});

from_json!(
    CreateVoice,
    ["title", "voice_type", "audio_url", "file_id"],
    false,
    |p| {
        CreateVoice {
            title: p.str("title")?,
            voice_type: p.opt_int("voice_type")?,
            audio_url: p.opt_str("audio_url")?,
            file_id: p.opt_str("file_id")?,
        }
    }
);

from_json!(
    EditVoice,
    ["voice", "rate", "volume", "pitch"],
    false,
    |p| {
        EditVoice {
            voice: p.str("voice")?,
            rate: p.number("rate")?,
            volume: p.number("volume")?,
            pitch: p.number("pitch")?,
        }
    }
);

from_json!(ListVoices, ["page", "size", "kind"], true, |p| ListVoices {
    page: page(&p)?,
});

from_json!(GetVoiceTask, ["task_id"], false, |p| GetVoiceTask {
    task_id: p.str("task_id")?,
});

from_json!(
    CreateVideoByAudio,
    ["avatar", "audio_url", "file_id", "title"],
    false,
    |p| {
        CreateVideoByAudio {
            avatar: p.str("avatar")?,
            audio_url: p.opt_str("audio_url")?,
            file_id: p.opt_str("file_id")?,
            title: p.opt_str("title")?,
        }
    }
);

from_json!(
    CreateVideoByTts,
    [
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
        "st_pos_y"
    ],
    false,
    |p| CreateVideoByTts {
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
    }
);

from_json!(CreateAudioByTts, ["voice", "text", "title"], false, |p| {
    CreateAudioByTts {
        voice: p.str("voice")?,
        text: p.str("text")?,
        title: p.opt_str("title")?,
    }
});

from_json!(GetVideoTask, ["task_id"], false, |p| GetVideoTask {
    task_id: p.str("task_id")?,
});

from_json!(CreateUploadUrl, ["file_extension"], false, |p| {
    CreateUploadUrl {
        file_extension: p.str("file_extension")?,
    }
});

from_json!(GetCredit, [], true, |p| {
    let _ = p;
    GetCredit
});

fn page(p: &Params<'_, '_>) -> Result<Page, Error> {
    Ok(Page {
        page: p.opt_int("page")?,
        size: p.opt_int("size")?,
        kind: p.opt_int("kind")?,
    })
}
