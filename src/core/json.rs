//! A small, bounded JSON reader and writer, sized for the wire's flat objects.
//!
//! The API speaks small JSON objects. A general-purpose serializer would cost more in the
//! shipped `.wasm` than the whole rest of the core, so this module reads JSON into a borrowed
//! tree and writes objects field by field. Reading is bounded twice: by the caller's byte limit
//! and by [`MAX_DEPTH`], so hostile input can neither exhaust the stack nor memory.

use std::borrow::Cow;
use std::fmt;

/// Nesting deeper than this is refused: the API never nests more than three levels.
pub const MAX_DEPTH: usize = 64;

/// One parsed JSON value, borrowing from the input where it can.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as its source text so that large integers lose nothing.
    Num(Number<'a>),
    /// A string, unescaped.
    Str(Cow<'a, str>),
    /// An array.
    Arr(Vec<Json<'a>>),
    /// An object, in source order; duplicate keys are kept so callers can refuse them.
    Obj(Vec<(Cow<'a, str>, Json<'a>)>),
}

/// A JSON number as it appeared in the source.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number<'a> {
    raw: &'a str,
}

impl<'a> Number<'a> {
    /// The number's source text, for example `45` or `1.5e3`.
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// The number as a double.
    pub fn as_f64(&self) -> f64 {
        // The grammar was checked while parsing, so this cannot fail.
        crate::core::num::parse_f64(self.raw).unwrap_or(f64::NAN)
    }

    /// The number as an integer, if it is one exactly (`45` and `45.0` are, `45.5` is not).
    pub fn as_i64(&self) -> Option<i64> {
        if let Some(n) = crate::core::num::parse_int(self.raw) {
            return Some(n);
        }
        let f = self.as_f64();
        // Beyond 2^53 a double no longer says which integer it was.
        if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 {
            Some(f as i64)
        } else {
            None
        }
    }
}

impl<'a> Json<'a> {
    /// A short name of the value's type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Num(_) => "a number",
            Json::Str(_) => "a string",
            Json::Arr(_) => "an array",
            Json::Obj(_) => "an object",
        }
    }

    /// The first value under `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Obj(fields) => fields.iter().find(|(k, _)| same(k, key)).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The first key that appears twice in this object, if any.
    pub fn duplicate_key(&self) -> Option<&str> {
        let Json::Obj(fields) = self else { return None };
        fields
            .iter()
            .enumerate()
            .find(|(i, (k, _))| fields[..*i].iter().any(|(seen, _)| same(seen, k)))
            .map(|(_, (k, _))| k.as_ref())
    }
}

/// Whether two keys are equal; the length test first, inline, because most keys differ in length
/// and these comparisons are most of a callback's parse.
#[inline(always)]
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes() == b.as_bytes()
}

/// Why a JSON text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset in the input where reading stopped.
    pub offset: usize,
    /// What was wrong there.
    pub reason: &'static str,
}

impl crate::core::text::Piece for JsonError {
    fn push_to(&self, out: &mut String) {
        out.push_str(self.reason);
        out.push_str(" at byte ");
        self.offset.push_to(out);
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::core::text::cat!(self))
    }
}

/// Parses one JSON text; anything but whitespace after the value is an error.
pub fn parse(input: &str) -> Result<Json<'_>, JsonError> {
    let mut p = Parser {
        src: input,
        bytes: input.as_bytes(),
        pos: 0,
    };
    p.skip_ws();
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos != p.bytes.len() {
        return Err(p.err("unexpected data after the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn err(&self, reason: &'static str) -> JsonError {
        JsonError {
            offset: self.pos,
            reason,
        }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        self.pos += rest
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .unwrap_or(rest.len());
    }

    fn eat(&mut self, byte: u8, reason: &'static str) -> Result<(), JsonError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else if self.peek().is_none() {
            Err(self.err("unexpected end of input"))
        } else {
            Err(self.err(reason))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json<'a>, JsonError> {
        match self.peek() {
            None => Err(self.err("unexpected end of input")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => Ok(Json::Str(self.string()?)),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(_) => Err(self.err("expected a JSON value")),
        }
    }

    fn literal(&mut self, word: &'static str, value: Json<'a>) -> Result<Json<'a>, JsonError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.err("invalid literal"))
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json<'a>, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        self.pos += 1;
        let mut fields = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Obj(fields));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.err(if self.peek().is_none() {
                    "unexpected end of input"
                } else {
                    "expected a string key"
                }));
            }
            let key = self.string()?;
            self.skip_ws();
            self.eat(b':', "expected ':' after a key")?;
            self.skip_ws();
            let value = self.value(depth)?;
            fields.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Obj(fields));
                }
                None => return Err(self.err("unexpected end of input")),
                Some(_) => return Err(self.err("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json<'a>, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Arr(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Arr(items));
                }
                None => return Err(self.err("unexpected end of input")),
                Some(_) => return Err(self.err("expected ',' or ']'")),
            }
        }
    }

    fn number(&mut self) -> Result<Json<'a>, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.err("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("invalid number"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("invalid number"));
            }
            self.digits();
        }
        Ok(Json::Num(Number {
            raw: &self.src[start..self.pos],
        }))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.pos += 1;
        let start = self.pos;
        // Fast path: no escapes, so the string can be borrowed as it is. One scan finds the end.
        let rest = self.bytes.get(start..).unwrap_or_default();
        self.pos += rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(rest.len());
        match self.peek() {
            None => return Err(self.err("unterminated string")),
            Some(b'"') => {
                let s = &self.src[start..self.pos];
                self.pos += 1;
                return Ok(Cow::Borrowed(s));
            }
            Some(b'\\') => {}
            Some(_) => return Err(self.err("control character in a string")),
        }
        let mut out = String::from(&self.src[start..self.pos]);
        loop {
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            out.push(self.unicode_escape()?);
                            continue;
                        }
                        None => return Err(self.err("unterminated string")),
                        Some(_) => return Err(self.err("invalid escape")),
                    };
                    self.pos += 1;
                    out.push(escaped);
                }
                Some(0..=0x1f) => return Err(self.err("control character in a string")),
                Some(_) => {
                    // Copy one whole UTF-8 sequence; the input is a &str, so boundaries hold.
                    let rest = &self.src[self.pos..];
                    let ch = rest.chars().next().unwrap_or('\u{fffd}');
                    out.push(ch);
                    self.pos += ch.len_utf8();
                }
            }
        }
    }

    /// Reads the four hex digits after `\u` (and a low surrogate after a high one).
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let high = self.hex4()?;
        if (0xd800..0xdc00).contains(&high) {
            if self.bytes[self.pos..].starts_with(b"\\u") {
                let save = self.pos;
                self.pos += 2;
                let low = self.hex4()?;
                if (0xdc00..0xe000).contains(&low) {
                    let c = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
                    return Ok(char::from_u32(c).unwrap_or('\u{fffd}'));
                }
                self.pos = save;
            }
            // A lone surrogate cannot live in a Rust string; JSON.parse keeps it, we mark it.
            return Ok('\u{fffd}');
        }
        Ok(char::from_u32(high).unwrap_or('\u{fffd}'))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let Some(hex) = self.bytes.get(self.pos..self.pos + 4) else {
            return Err(self.err("unterminated \\u escape"));
        };
        let mut n = 0u32;
        for &b in hex {
            let digit = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => return Err(self.err("invalid \\u escape")),
            };
            n = n * 16 + u32::from(digit);
        }
        self.pos += 4;
        Ok(n)
    }
}

/// Writes one flat JSON object, field by field, in the order the fields are added.
#[derive(Debug)]
pub struct ObjectWriter {
    out: String,
}

impl Default for ObjectWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl ObjectWriter {
    /// An empty object.
    pub fn new() -> Self {
        // Room for a typical answer up front, rather than five doublings on the way there.
        let mut out = String::with_capacity(192);
        out.push('{');
        ObjectWriter { out }
    }

    fn key(&mut self, key: &str) {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        write_str(&mut self.out, key);
        self.out.push(':');
    }

    /// Adds a string field.
    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key);
        write_str(&mut self.out, value);
        self
    }

    /// Adds a string field when there is a value.
    pub fn opt_str(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.str(key, v);
        }
        self
    }

    /// Adds an integer field.
    pub fn int(&mut self, key: &str, value: i64) -> &mut Self {
        self.key(key);
        write_int(&mut self.out, value);
        self
    }

    /// Adds a number field (a whole one is written without a fraction).
    pub fn num(&mut self, key: &str, value: f64) -> &mut Self {
        self.raw(key, &crate::core::num::format_f64(value))
    }

    /// Adds a number field when there is a value.
    pub fn opt_num(&mut self, key: &str, value: Option<f64>) -> &mut Self {
        if let Some(v) = value {
            self.num(key, v);
        }
        self
    }

    /// Adds a boolean field.
    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.raw(key, if value { "true" } else { "false" })
    }

    /// Adds a field whose value is JSON text already.
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        self.key(key);
        self.out.push_str(json);
        self
    }

    /// Adds an integer field when there is a value.
    pub fn opt_int(&mut self, key: &str, value: Option<i64>) -> &mut Self {
        if let Some(v) = value {
            self.int(key, v);
        }
        self
    }

    /// Closes the object and returns its text.
    pub fn finish(&mut self) -> String {
        let mut out = std::mem::take(&mut self.out);
        out.push('}');
        out
    }
}

/// Appends an integer in decimal, without the formatting machinery.
pub fn write_int(out: &mut String, value: i64) {
    crate::core::text::write_u64(out, value.unsigned_abs(), value < 0);
}

/// Appends `s` as a quoted JSON string. Non-ASCII text is written as UTF-8, as the API does.
///
/// Runs of characters that need no escape are copied whole: every character that does is ASCII,
/// so a byte scan finds them and never splits a multi-byte character.
pub fn write_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}
