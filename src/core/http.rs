//! Plain HTTP values passed between the core and whatever transport sends them.

use std::fmt;

/// The production API's base URL.
pub const DEFAULT_BASE_URL: &str = "https://hfw-api.hifly.cc";

/// The HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Reads: safe to resend.
    Get,
    /// Writes: may create things or spend credits.
    Post,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// An API token. It only ever travels in the `Authorization` header and never prints.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Checks that `token` can go into a header; the message never repeats the token.
    pub fn new(token: impl Into<String>) -> Result<Token, crate::core::Error> {
        let token = token.into();
        crate::core::validate::token(&token)?;
        Ok(Token(token))
    }

    /// The token itself, for scrubbing it out of text that came from the network.
    pub fn secret(&self) -> &str {
        &self.0
    }

    /// The value of the `Authorization` header.
    pub fn bearer(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// A request ready to send: the transport adds the base URL and does the I/O.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// GET or POST.
    pub method: Method,
    /// The path under the base URL, e.g. `/api/v2/hifly/avatar/task`.
    pub path: &'static str,
    /// Query parameters, not yet encoded, in order.
    pub query: Vec<(&'static str, String)>,
    /// Header names (lower case) and values, including `authorization` when a token is set.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body of a POST.
    pub body: Option<String>,
    /// Whether resending cannot create a duplicate or spend credits twice.
    pub retry_safe: bool,
}

impl HttpRequest {
    /// The path and the percent-encoded query string, e.g. `/api/v2/hifly/avatar/task?task_id=1`.
    pub fn path_and_query(&self) -> String {
        let mut out = String::from(self.path);
        for (i, (k, v)) in self.query.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            percent_encode_into(&mut out, k);
            out.push('=');
            percent_encode_into(&mut out, v);
        }
        out
    }

    /// The full URL under `base_url` (a trailing slash on the base is ignored).
    pub fn url(&self, base_url: &str) -> String {
        let mut url = String::from(base_url.trim_end_matches('/'));
        url.push_str(&self.path_and_query());
        url
    }

    /// The value of a header, by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    *k,
                    if *k == "authorization" {
                        "<redacted>"
                    } else {
                        v
                    },
                )
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("path_and_query", &self.path_and_query())
            .field("headers", &headers)
            .field("body", &self.body)
            .field("retry_safe", &self.retry_safe)
            .finish()
    }
}

/// A response as received: the core decodes it into a result or an error.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Header names and values as received (names are matched case-insensitively).
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// The value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// How long `Retry-After` asks to wait, in milliseconds, given the current time.
    pub fn retry_after_ms(&self, now_unix_ms: f64) -> Option<u64> {
        parse_retry_after(self.header("retry-after")?, now_unix_ms)
    }
}

/// Appends `s` percent-encoded, keeping only RFC 3986's unreserved characters as they are.
pub fn percent_encode_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        }
    }
}

/// Reads a `Retry-After` value: delta-seconds, or an IMF-fixdate compared with `now_unix_ms`.
///
/// The clock is an argument because `std::time` panics on wasm32-unknown-unknown.
pub fn parse_retry_after(value: &str, now_unix_ms: f64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let secs = crate::core::num::parse_int(value)?;
        return Some((secs as u64).saturating_mul(1000));
    }
    let at_ms = parse_http_date(value)? as f64 * 1000.0;
    Some(if at_ms > now_unix_ms {
        (at_ms - now_unix_ms) as u64
    } else {
        0
    })
}

/// Parses an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT` into Unix seconds. The format
/// is fixed-width, so fields are read by position.
fn parse_http_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 29 || &b[3..5] != b", " || &b[25..] != b" GMT" {
        return None;
    }
    let num = |from: usize, len: usize| -> Option<i64> {
        b[from..from + len].iter().try_fold(0i64, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
        })
    };
    const MONTHS: &[u8; 36] = b"JanFebMarAprMayJunJulAugSepOctNovDec";
    let month = MONTHS.chunks(3).position(|m| m == &b[8..11])? as i64 + 1;
    let (day, year) = (num(5, 2)?, num(12, 4)?);
    let (h, m, sec) = (num(17, 2)?, num(20, 2)?, num(23, 2)?);
    let separators = [b[7], b[11], b[16], b[19], b[22]] == [b' ', b' ', b' ', b':', b':'];
    if !separators || !(1..=31).contains(&day) || h > 23 || m > 59 || sec > 60 || year < 1970 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + sec)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
