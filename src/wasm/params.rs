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
///
/// The field readers do not return early: a bad field is recorded (the first one wins, in the
/// order read) and a placeholder returned, and [`Params::finish`] reports it. A request struct is
/// then built in one go and dropped once on error, instead of every `?` carrying its own cleanup
/// of the fields read before it, which made each endpoint's reader several times larger.
pub struct Params<'a, 'j> {
    fields: &'a [(std::borrow::Cow<'j, str>, Json<'j>)],
    error: Option<Error>,
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
        Ok(Params {
            fields,
            error: None,
        })
    }

    /// The value of a key; `null` reads as absent.
    fn raw(&self, key: &str) -> Option<&'a Json<'j>> {
        self.fields
            .iter()
            .find(|(k, v)| crate::core::json::same(k, key) && !matches!(v, Json::Null))
            .map(|(_, v)| v)
    }

    /// Records `e` unless an earlier field already failed.
    #[inline(never)]
    fn fail(&mut self, e: Error) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    /// The first bad field's error, if any.
    pub fn finish(self) -> Result<(), Error> {
        self.error.map_or(Ok(()), Err)
    }

    /// An optional string.
    pub fn opt_str(&mut self, key: &'static str) -> Option<String> {
        match self.raw(key) {
            None => None,
            Some(Json::Str(s)) => Some(s.to_string()),
            Some(v) => {
                self.fail(Error::invalid(key, got("must be a string", v)));
                None
            }
        }
    }

    /// A required string (empty when missing or wrong, with the error recorded).
    pub fn str(&mut self, key: &'static str) -> String {
        let present = self.raw(key).is_some();
        match self.opt_str(key) {
            Some(s) => s,
            None => {
                if !present {
                    self.fail(Error::invalid(key, "is required"));
                }
                String::new()
            }
        }
    }

    /// An optional integer (a JS number with no fraction, within the safe range).
    pub fn opt_int(&mut self, key: &'static str) -> Option<i64> {
        let v = self.raw(key)?;
        if let Json::Num(n) = v {
            let f = n.as_f64();
            if f.fract() == 0.0 && f.abs() <= MAX_SAFE {
                return Some(f as i64);
            }
        }
        self.fail(Error::invalid(key, got("must be an integer", v)));
        None
    }

    /// A required finite number; a numeric string such as "1.2" is accepted, as the wire sends.
    pub fn number(&mut self, key: &'static str) -> f64 {
        let Some(v) = self.raw(key) else {
            self.fail(Error::invalid(key, "is required"));
            return 0.0;
        };
        let n = match v {
            Json::Num(n) => Some(n.as_f64()),
            Json::Str(s) => num::parse_f64(s.trim()),
            _ => None,
        };
        match n {
            Some(n) if n.is_finite() => n,
            _ => {
                self.fail(Error::invalid(key, got("must be a finite number", v)));
                0.0
            }
        }
    }

    /// An optional duration: a finite number of milliseconds, 0 or more.
    pub fn opt_ms(&mut self, key: &'static str) -> Option<f64> {
        match self.raw(key) {
            None => None,
            Some(Json::Num(n)) if n.as_f64() >= 0.0 => Some(n.as_f64()),
            Some(_) => {
                self.fail(Error::invalid(
                    key,
                    "must be a number of milliseconds, 0 or more",
                ));
                None
            }
        }
    }

    /// An optional on/off flag: `true`/`false` or the wire's 1/0.
    pub fn opt_flag(&mut self, key: &'static str) -> Option<bool> {
        match self.raw(key) {
            None => None,
            Some(Json::Bool(b)) => Some(*b),
            Some(Json::Num(n)) if n.raw() == "0" || n.raw() == "1" => Some(n.raw() == "1"),
            Some(v) => {
                self.fail(Error::invalid(key, got("must be true/false or 1/0", v)));
                None
            }
        }
    }
}

macro_rules! from_json {
    ($t:ty, [$($key:literal),*], $optional:literal, |$p:ident| $build:expr) => {
        impl FromJson for $t {
            fn from_json(params: &Json<'_>) -> Result<Self, Error> {
                #[allow(unused_mut)]
                let mut $p = Params::new(params, "params", &[$($key),*], $optional)?;
                let built = $build;
                $p.finish()?;
                Ok(built)
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
            title: p.opt_str("title"),
            video_url: p.opt_str("video_url"),
            file_id: p.opt_str("file_id"),
        }
    }
);

from_json!(
    CreateAvatarByImage,
    ["title", "image_url", "file_id", "model"],
    false,
    |p| {
        CreateAvatarByImage {
            title: p.opt_str("title"),
            image_url: p.opt_str("image_url"),
            file_id: p.opt_str("file_id"),
            model: p.opt_int("model"),
        }
    }
);

from_json!(GetAvatarTask, ["task_id"], false, |p| GetAvatarTask {
    task_id: p.str("task_id"),
});

from_json!(ListAvatars, ["page", "size", "kind"], true, |p| {
    ListAvatars { page: page(&mut p) }
});

from_json!(
    CreateVoice,
    ["title", "voice_type", "audio_url", "file_id"],
    false,
    |p| {
        CreateVoice {
            title: p.str("title"),
            voice_type: p.opt_int("voice_type"),
            audio_url: p.opt_str("audio_url"),
            file_id: p.opt_str("file_id"),
        }
    }
);

from_json!(
    EditVoice,
    ["voice", "rate", "volume", "pitch"],
    false,
    |p| {
        EditVoice {
            voice: p.str("voice"),
            rate: p.number("rate"),
            volume: p.number("volume"),
            pitch: p.number("pitch"),
        }
    }
);

from_json!(ListVoices, ["page", "size", "kind"], true, |p| ListVoices {
    page: page(&mut p),
});

from_json!(GetVoiceTask, ["task_id"], false, |p| GetVoiceTask {
    task_id: p.str("task_id"),
});

from_json!(
    CreateVideoByAudio,
    ["avatar", "audio_url", "file_id", "title"],
    false,
    |p| {
        CreateVideoByAudio {
            avatar: p.str("avatar"),
            audio_url: p.opt_str("audio_url"),
            file_id: p.opt_str("file_id"),
            title: p.opt_str("title"),
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
        avatar: p.str("avatar"),
        voice: p.str("voice"),
        text: p.str("text"),
        title: p.opt_str("title"),
        subtitles: Subtitles {
            st_show: p.opt_flag("st_show"),
            st_font_name: p.opt_str("st_font_name"),
            st_font_size: p.opt_int("st_font_size"),
            st_primary_color: p.opt_str("st_primary_color"),
            st_outline_color: p.opt_str("st_outline_color"),
            st_width: p.opt_int("st_width"),
            st_height: p.opt_int("st_height"),
            st_pos_x: p.opt_int("st_pos_x"),
            st_pos_y: p.opt_int("st_pos_y"),
        },
    }
);

from_json!(CreateAudioByTts, ["voice", "text", "title"], false, |p| {
    CreateAudioByTts {
        voice: p.str("voice"),
        text: p.str("text"),
        title: p.opt_str("title"),
    }
});

from_json!(GetVideoTask, ["task_id"], false, |p| GetVideoTask {
    task_id: p.str("task_id"),
});

from_json!(CreateUploadUrl, ["file_extension"], false, |p| {
    CreateUploadUrl {
        file_extension: p.str("file_extension"),
    }
});

from_json!(GetCredit, [], true, |p| GetCredit);

fn page(p: &mut Params<'_, '_>) -> Page {
    Page {
        page: p.opt_int("page"),
        size: p.opt_int("size"),
        kind: p.opt_int("kind"),
    }
}
