//! The wire's loose types, as serde helpers: the one place that says how a response field may be
//! spelt. Responses are read leniently, because the vendor's page is loose: ids and voice
//! settings may come as numbers, integers as strings, and `null` stands for absent. Callbacks,
//! which are unsigned, are read strictly and do not use these.

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use std::fmt;

use crate::core::num;

/// What a loose field held: text or a number, as the wire wrote it.
enum Loose {
    Text(String),
    Int(i128),
    Float(f64),
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Option<Loose>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Loose::Text(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Loose::Text(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Loose::Int(v.into())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Loose::Int(v.into())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // A JS number with no fraction is an integer (JSON.parse gives only doubles).
        if v.fract() == 0.0 && v.abs() < 9.007_199_254_740_992e15 {
            Ok(Some(Loose::Int(v as i128)))
        } else {
            Ok(Some(Loose::Float(v)))
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(LooseVisitor)
    }
}

fn loose<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Loose>, D::Error> {
    d.deserialize_option(LooseVisitor)
}

/// An optional string; a number is accepted and written out (ids, and voice settings like 1.0).
/// A whole number too large for a double to hold exactly (2⁵³ or more: `JSON.parse` has already
/// rounded it; natively, only past the 64-bit range) is written out as the double it became: for
/// informational fields such as `request_id` a rounded value is better than a failed answer.
/// Required ids are read by [`string`], which refuses it.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(loose(d)?.map(text_of))
}

fn text_of(v: Loose) -> String {
    match v {
        Loose::Text(s) => s,
        Loose::Int(n) => n.to_string(),
        Loose::Float(f) if f.fract() == 0.0 && f.abs() < 1e38 => (f as i128).to_string(),
        Loose::Float(f) => num::format_f64(f),
    }
}

/// An optional result (an id or a URL): as [`opt_string`], and an empty string reads as absent,
/// as servers write `""` for a result that is not there yet.
pub fn opt_result<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(opt_string(d)?.filter(|s| !s.is_empty()))
}

/// A required string (an id, a URL), read as [`opt_string`], except that a whole number of
/// 2⁵³ or more is refused rather than written out with digits it never had: the API's ids are
/// strings, and a rounded id would name another task.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match loose(d)? {
        None => Err(de::Error::custom("should be a string, got null")),
        Some(Loose::Float(f)) if f.fract() == 0.0 => Err(de::Error::custom(
            "is a number too large to read exactly (2^53 or more); the API's ids are strings",
        )),
        Some(v) => Ok(text_of(v)),
    }
}

/// A URL the SDK itself will request (the signed upload URL): as [`string`], and absolute
/// `http(s)`, with a host, no space before its path and no control character, so that such an
/// unusable answer is a `decode` error, not a failed PUT. A host the URL parser refuses for other
/// reasons still fails at the PUT, as a `network` error.
pub fn web_url<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = string(d)?;
    match crate::core::validate::web_url_problem(&s) {
        Some(problem) => Err(de::Error::custom(problem)),
        None => Ok(s),
    }
}

/// A value the SDK will send as a header (the upload's `Content-Type`): as [`string`], and one
/// that fetch and XHR take: no control character but tab, nothing past U+00FF.
pub fn header_value<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = string(d)?;
    if s.chars()
        .any(|c| (c.is_control() && c != '\t') || c > '\u{ff}')
    {
        return Err(de::Error::custom(
            "must be a header value: no control character, nothing past U+00FF",
        ));
    }
    Ok(s)
}

/// An optional integer; a string of digits is accepted.
pub fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match loose(d)? {
        None => Ok(None),
        Some(Loose::Int(n)) => i64::try_from(n)
            .map(Some)
            .map_err(|_| de::Error::custom("should be an integer in range")),
        Some(Loose::Text(s)) => num::parse_int(s.trim())
            .map(Some)
            .ok_or_else(|| de::Error::custom(format!("should be an integer, got \"{s}\""))),
        Some(Loose::Float(_)) => Err(de::Error::custom("should be an integer, got a fraction")),
    }
}

/// A required integer, read as [`opt_int`].
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    opt_int(d)?.ok_or_else(|| de::Error::custom("should be an integer, got null"))
}

/// An optional finite number; a numeric string is accepted.
pub fn opt_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    match loose(d)? {
        None => Ok(None),
        Some(Loose::Int(n)) => Ok(Some(n as f64)),
        Some(Loose::Float(f)) => Ok(Some(f)),
        Some(Loose::Text(s)) => num::parse_decimal(s.trim())
            .filter(|f| f.is_finite())
            .map(Some)
            .ok_or_else(|| de::Error::custom(format!("should be a number, got \"{s}\""))),
    }
}

/// An integer written as a JSON number: `3` or `3.0` (JSON.parse cannot tell them apart), never
/// `"3"`. For callbacks, which are unsigned and read strictly.
pub fn strict_int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    struct Int;
    impl<'de> Visitor<'de> for Int {
        type Value = i64;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
            if v.fract() == 0.0 && v.abs() < 9.007_199_254_740_992e15 {
                Ok(v as i64)
            } else {
                Err(E::invalid_value(de::Unexpected::Float(v), &self))
            }
        }
    }
    d.deserialize_any(Int)
}

/// An optional [`strict_int`]; `null` reads as absent.
pub fn opt_strict_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(serde::Deserialize)]
    struct Wrap(#[serde(deserialize_with = "strict_int")] i64);
    Ok(<Option<Wrap> as serde::Deserialize>::deserialize(d)?.map(|w| w.0))
}

/// A voice setting written as the wire wants it: a decimal string such as `"1.0"`, never `"1"`.
pub fn decimal<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&num::format_f64(*v))
}

/// A voice setting given as a number or a decimal string (`1.2` or `"1.2"`), checked without
/// std's float parser, which costs about 13 KB gzipped in the `.wasm`.
pub fn number_or_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    match loose(d)? {
        Some(Loose::Int(n)) => Ok(n as f64),
        Some(Loose::Float(f)) if f.is_finite() => Ok(f),
        Some(Loose::Text(s)) => num::parse_decimal(s.trim())
            .filter(|f| f.is_finite())
            .ok_or_else(|| de::Error::custom(format!("must be a finite number, got \"{s}\""))),
        _ => Err(de::Error::custom("must be a finite number")),
    }
}

/// An on/off flag given as `true`/`false` or the wire's 1/0.
pub fn opt_flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    struct Flag;
    impl<'de> Visitor<'de> for Flag {
        type Value = Option<bool>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("true/false or 1/0")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            match v {
                0 | 1 => Ok(Some(v == 1)),
                _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
            }
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            match v {
                0 | 1 => Ok(Some(v == 1)),
                _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
            }
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            if v == 0.0 || v == 1.0 {
                Ok(Some(v == 1.0))
            } else {
                Err(E::invalid_value(de::Unexpected::Float(v), &self))
            }
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(Flag)
        }
    }
    d.deserialize_option(Flag)
}

/// A flag as the wire wants it: 1 or 0.
pub fn flag_as_int<S: Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(b) => s.serialize_i64(i64::from(*b)),
        None => s.serialize_none(),
    }
}

/// A string where absent or `null` reads as "" (names and titles).
pub fn string_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(opt_string(d)?.unwrap_or_default())
}

/// A list where absent or `null` reads as empty.
pub fn list<'de, D: Deserializer<'de>, T: serde::Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(<Option<Vec<T>> as serde::Deserialize>::deserialize(d)?.unwrap_or_default())
}
