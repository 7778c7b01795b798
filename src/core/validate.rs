//! The vendor's documented limits, in one place, checked before any request is built.
//!
//! Lengths are counted in characters (Unicode scalar values), not bytes. Titles are the one
//! exception: the vendor's "不超过 20 个字" is counted in 字 (see [`title_zi_halves`]).

use crate::core::num::format_f64;
use crate::core::Error;

/// Voice and work titles: at most this many 字 (a wide or full-width character is one 字, any
/// other character half of one). Avatar titles have no documented limit.
pub const TITLE_MAX_ZI: usize = 20;
/// Text for speech: at most this many characters.
pub const TEXT_MAX_CHARS: usize = 10_000;
/// The avatar video's URL (`create_by_video`): at most this many characters. It is the one URL
/// whose length the page limits; other URLs have no limit.
pub const VIDEO_URL_MAX_CHARS: usize = 500;
/// The only voice type the API accepts for cloning (基础版 v2).
pub const VOICE_TYPE: i64 = 8;
/// Speech rate bounds.
pub const RATE_RANGE: (f64, f64) = (0.5, 2.0);
/// Volume and pitch bounds.
pub const VOLUME_PITCH_RANGE: (f64, f64) = (0.1, 2.0);
/// Avatar video: at most 500 MB.
pub const AVATAR_VIDEO_MAX_BYTES: u64 = 500 * MB;
/// Voice-clone audio: at most 20 MB.
pub const VOICE_AUDIO_MAX_BYTES: u64 = 20 * MB;
/// Audio that drives a video: at most 100 MB.
pub const VIDEO_AUDIO_MAX_BYTES: u64 = 100 * MB;

// The vendor writes "500MB" and "20M"; binary megabytes are the generous reading.
const MB: u64 = 1024 * 1024;

/// What an uploaded file is for; each purpose has its own types and size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadPurpose {
    /// The source video of `create_by_video`: mp4 or mov, ≤ 500 MB.
    AvatarVideo,
    /// The source image of `create_by_image`: the page names no format and no size limit.
    AvatarImage,
    /// The sample of `voice/create`: mp3, m4a or wav, ≤ 20 MB.
    VoiceAudio,
    /// The audio of `video/create_by_audio`: "mp3、m4a、wav 等" (and others), ≤ 100 MB.
    VideoAudio,
}

impl UploadPurpose {
    /// The purpose's name in JavaScript.
    pub fn name(self) -> &'static str {
        match self {
            UploadPurpose::AvatarVideo => "avatar_video",
            UploadPurpose::AvatarImage => "avatar_image",
            UploadPurpose::VoiceAudio => "voice_audio",
            UploadPurpose::VideoAudio => "video_audio",
        }
    }

    /// The purpose named `name` in JavaScript.
    pub fn from_name(name: &str) -> Option<UploadPurpose> {
        [
            UploadPurpose::AvatarVideo,
            UploadPurpose::AvatarImage,
            UploadPurpose::VoiceAudio,
            UploadPurpose::VideoAudio,
        ]
        .into_iter()
        .find(|p| p.name() == name)
    }

    /// The only extensions the page allows for this purpose, or `None` where it names none or
    /// ends its list with 等 ("and others"): the API is then the judge of the type.
    pub fn extensions(self) -> Option<&'static [&'static str]> {
        match self {
            UploadPurpose::AvatarVideo => Some(VIDEO_EXTENSIONS),
            UploadPurpose::VoiceAudio => Some(AUDIO_EXTENSIONS),
            UploadPurpose::AvatarImage | UploadPurpose::VideoAudio => None,
        }
    }

    /// The size limit in bytes, where the vendor gives one (none is documented for images).
    pub fn max_bytes(self) -> Option<u64> {
        match self {
            UploadPurpose::AvatarVideo => Some(AVATAR_VIDEO_MAX_BYTES),
            UploadPurpose::AvatarImage => None,
            UploadPurpose::VoiceAudio => Some(VOICE_AUDIO_MAX_BYTES),
            UploadPurpose::VideoAudio => Some(VIDEO_AUDIO_MAX_BYTES),
        }
    }

    /// The purpose a documented extension implies, with the most generous limit of its kind
    /// (an audio file may drive a video: 100 MB); `None` for any other extension.
    pub fn for_extension(ext: &str) -> Option<UploadPurpose> {
        if VIDEO_EXTENSIONS.contains(&ext) {
            Some(UploadPurpose::AvatarVideo)
        } else if AUDIO_EXTENSIONS.contains(&ext) {
            Some(UploadPurpose::VideoAudio)
        } else {
            None
        }
    }
}

/// The avatar video's formats ("支持 mp4、mov 格式").
const VIDEO_EXTENSIONS: &[&str] = &["mp4", "mov"];
/// The voice sample's formats ("支持 mp3、m4a、wav 格式").
const AUDIO_EXTENSIONS: &[&str] = &["mp3", "m4a", "wav"];

/// Checks an upload before it starts and returns the normalised extension (lower case, no dot).
///
/// `size` is checked when known. `purpose` narrows the type where the page names the only
/// formats (avatar video, voice sample) and sets the size limit; without it, a documented
/// extension implies its purpose's limit. Any other well-formed extension is left to the API,
/// which answers 2012 for a type it does not take: the page's lists end in 等 ("and others") or
/// are absent (images), so refusing them here could refuse what the API accepts.
pub fn upload(
    ext: &str,
    size: Option<u64>,
    purpose: Option<UploadPurpose>,
) -> Result<String, Error> {
    let ext = file_extension(ext)?;
    let purpose = purpose.or_else(|| UploadPurpose::for_extension(&ext));
    if let Some(p) = purpose {
        if let Some(allowed) = p.extensions().filter(|a| !a.contains(&ext.as_str())) {
            return Err(Error::invalid(
                "file_extension",
                format!(
                    "`{}` is not accepted for {}: use {}",
                    ext,
                    p.name(),
                    allowed.join(", ")
                ),
            ));
        }
    }
    if let (Some(size), Some(purpose), Some(max)) =
        (size, purpose, purpose.and_then(UploadPurpose::max_bytes))
    {
        if size > max {
            return Err(Error::invalid(
                "size",
                format!(
                    "{} files must be at most {} MB (got {} bytes)",
                    purpose.name(),
                    max / MB,
                    size
                ),
            ));
        }
    }
    if size == Some(0) {
        return Err(Error::invalid("size", "the file is empty"));
    }
    Ok(ext)
}

/// A file extension such as `mp4`; a leading dot and upper case are accepted and normalised.
pub fn file_extension(ext: &str) -> Result<String, Error> {
    let ext = ext.strip_prefix('.').unwrap_or(ext);
    if ext.is_empty() {
        return Err(Error::invalid(
            "file_extension",
            "is required, e.g. \"mp4\"",
        ));
    }
    // The page says only "后缀名，如 mp4、mp3 等": any suffix a file name can end with is sent,
    // and the API judges it. What cannot be one is refused: a space, a control character, or a
    // character that would end a path segment or a URL's path.
    if ext.trim().is_empty()
        || ext
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '/' | '\\' | '?' | '#'))
    {
        return Err(Error::invalid(
            "file_extension",
            "must be a file suffix such as \"mp4\", without spaces, control characters, `/`, `\\`, `?` or `#`",
        ));
    }
    Ok(ext.to_ascii_lowercase())
}

/// A title's length in half-字: a wide or full-width character counts 2, any other character 1.
/// The vendor's own MCP server sends 25- and 36-character ASCII titles by default and the real
/// API takes them, so "不超过 20 个字" cannot mean 20 characters of any kind; 21 Chinese
/// characters are still too many.
pub fn title_zi_halves(value: &str) -> usize {
    value.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// Whether a character is wide or full-width: [`WIDE`] holds the code points that the
/// `unicode-width` crate gives width 2 (East Asian Width W or F, and emoji). The crate itself
/// costs 2,034 bytes gzipped in the `.wasm` (measured), for tables of every width; this table
/// costs about half of that. `tests/validation.rs` checks the table against the crate
/// for every code point, so a Unicode update there shows up as a failing test here.
pub fn is_wide(c: char) -> bool {
    let c = c as u32;
    let i = WIDE.partition_point(|&(_, hi)| hi < c);
    WIDE.get(i).is_some_and(|&(lo, _)| lo <= c)
}

/// Inclusive code point ranges of wide and full-width characters, sorted (see [`is_wide`]).
#[rustfmt::skip]
pub const WIDE: &[(u32, u32)] = &[
    (0x1100, 0x115F), (0x17A4, 0x17A4), (0x231A, 0x231B), (0x2329, 0x232A), (0x23E9, 0x23EC),
    (0x23F0, 0x23F0), (0x23F3, 0x23F3), (0x25FD, 0x25FE), (0x2614, 0x2615), (0x2630, 0x2637),
    (0x2648, 0x2653), (0x267F, 0x267F), (0x268A, 0x268F), (0x2693, 0x2693), (0x26A1, 0x26A1),
    (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5), (0x26CE, 0x26CE), (0x26D4, 0x26D4),
    (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5), (0x26FA, 0x26FA), (0x26FD, 0x26FD),
    (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728), (0x274C, 0x274C), (0x274E, 0x274E),
    (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797), (0x27B0, 0x27B0), (0x27BF, 0x27BF),
    (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0x2E80, 0x2E99), (0x2E9B, 0x2EF3),
    (0x2F00, 0x2FD5), (0x2FF0, 0x3029), (0x3030, 0x303E), (0x3041, 0x3096), (0x309B, 0x30FF),
    (0x3105, 0x312F), (0x3131, 0x3163), (0x3165, 0x318E), (0x3190, 0x31E5), (0x31EF, 0x321E),
    (0x3220, 0x3247), (0x3250, 0xA48C), (0xA490, 0xA4C6), (0xA960, 0xA97C), (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF), (0xFE10, 0xFE19), (0xFE30, 0xFE52), (0xFE54, 0xFE66), (0xFE68, 0xFE6B),
    (0xFF01, 0xFF60), (0xFFE0, 0xFFE6), (0x16FE0, 0x16FE3), (0x16FF2, 0x16FF6), (0x17000, 0x18CDA),
    (0x18CFF, 0x18D20), (0x18D80, 0x18DF2), (0x18E00, 0x19191), (0x191A0, 0x191D2),
    (0x1AFF0, 0x1AFF3), (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE), (0x1B000, 0x1B128),
    (0x1B132, 0x1B132), (0x1B150, 0x1B152), (0x1B155, 0x1B155), (0x1B164, 0x1B168),
    (0x1B170, 0x1B2FB), (0x1D300, 0x1D356), (0x1D360, 0x1D376), (0x1F004, 0x1F004),
    (0x1F0CF, 0x1F0CF), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F1AE, 0x1F1AE),
    (0x1F200, 0x1F202), (0x1F210, 0x1F23B), (0x1F240, 0x1F248), (0x1F250, 0x1F251),
    (0x1F260, 0x1F265), (0x1F300, 0x1F320), (0x1F32D, 0x1F335), (0x1F337, 0x1F37C),
    (0x1F37E, 0x1F393), (0x1F3A0, 0x1F3CA), (0x1F3CF, 0x1F3D3), (0x1F3E0, 0x1F3F0),
    (0x1F3F4, 0x1F3F4), (0x1F3F8, 0x1F43E), (0x1F440, 0x1F440), (0x1F442, 0x1F4FC),
    (0x1F4FF, 0x1F53D), (0x1F54B, 0x1F54E), (0x1F550, 0x1F567), (0x1F57A, 0x1F57A),
    (0x1F595, 0x1F596), (0x1F5A4, 0x1F5A4), (0x1F5FB, 0x1F64F), (0x1F680, 0x1F6C5),
    (0x1F6CC, 0x1F6CC), (0x1F6D0, 0x1F6D2), (0x1F6D5, 0x1F6D9), (0x1F6DC, 0x1F6DF),
    (0x1F6EB, 0x1F6EC), (0x1F6F4, 0x1F6FC), (0x1F7DA, 0x1F7DA), (0x1F7E0, 0x1F7EB),
    (0x1F7F0, 0x1F7F0), (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF),
    (0x1FA70, 0x1FA7C), (0x1FA80, 0x1FAC6), (0x1FAC8, 0x1FAC8), (0x1FACC, 0x1FADD),
    (0x1FADF, 0x1FAEB), (0x1FAEF, 0x1FAFA), (0x20000, 0x2FFFD), (0x30000, 0x3FFFD),
];

/// A voice or work title: not blank, and at most 20 字 when given.
pub fn title(field: &'static str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "is required and must not be blank"));
    }
    title_length(field, value)
}

/// At most 20 字, counted as [`title_zi_halves`] does.
fn title_length(field: &'static str, value: &str) -> Result<(), Error> {
    let halves = title_zi_halves(value);
    if halves > 2 * TITLE_MAX_ZI {
        let half = if halves % 2 == 1 { ".5" } else { "" };
        return Err(Error::invalid(
            field,
            format!(
                "must be at most {TITLE_MAX_ZI} 字, where a wide or full-width character counts 1 \
                 and any other ½ (got {}{half})",
                halves / 2
            ),
        ));
    }
    Ok(())
}

/// An optional work title: at most 20 字 when given. A blank one is sent as given: the page
/// gives only the default (未命名), so the API decides what a blank title means.
pub fn opt_title(field: &'static str, value: Option<&str>) -> Result<(), Error> {
    match value {
        Some(v) => title_length(field, v),
        None => Ok(()),
    }
}

/// Text for speech: 1–10000 characters, not blank, no HTML tags.
pub fn text(field: &'static str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "is required and must not be blank"));
    }
    max_chars(field, value, TEXT_MAX_CHARS)?;
    if let Some(tag) = find_html_tag(value) {
        return Err(Error::invalid(
            field,
            format!("must not contain HTML tags (found `{}`)", tag),
        ));
    }
    Ok(())
}

/// The first thing in `s` that reads as an HTML tag: `<`, an optional `/`, a letter-led name
/// (letters, digits, `-`), then `>`, `/>`, or white space and attributes up to a `>` with no `<`
/// between; or a comment `<!--…-->`, or a declaration such as `<!DOCTYPE html>`. So "1 < 2",
/// "x<y, y>z" and "<3>" are plain text.
fn find_html_tag(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    // `<` and `>` are ASCII, so byte positions never fall inside a multi-byte character.
    let upto = |from: usize, pat: &[u8]| {
        b[from..]
            .windows(pat.len())
            .position(|w| w == pat)
            .map(|i| from + i + pat.len() - 1)
    };
    // The end of attributes: the next `>`, unless a `<` comes first.
    let close = |from: usize| {
        let j = from + b[from..].iter().position(|&c| c == b'<' || c == b'>')?;
        (b[j] == b'>').then_some(j)
    };
    let tag_end = |i: usize| -> Option<usize> {
        let rest = &b[i + 1..];
        if rest.starts_with(b"!--") {
            return upto(i + 4, b"-->");
        }
        if rest.first() == Some(&b'!') {
            return rest.get(1)?.is_ascii_alphabetic().then(|| close(i + 2))?;
        }
        let mut j = i + 1 + usize::from(rest.first() == Some(&b'/'));
        if !b.get(j)?.is_ascii_alphabetic() {
            return None;
        }
        while b
            .get(j)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
        {
            j += 1;
        }
        match b.get(j)? {
            b'>' => Some(j),
            b'/' if b.get(j + 1) == Some(&b'>') => Some(j + 1),
            _ if s[j..].chars().next().is_some_and(js_space) => close(j),
            _ => None,
        }
    };
    let mut from = 0;
    while let Some(i) = b[from..].iter().position(|&c| c == b'<').map(|i| i + from) {
        if let Some(end) = tag_end(i) {
            let tag = &s[i..=end];
            // Quote at most 40 bytes, on a character boundary.
            let mut cut = tag.len().min(40);
            while !tag.is_char_boundary(cut) {
                cut -= 1;
            }
            return Some(&tag[..cut]);
        }
        from = i + 1;
    }
    None
}

/// White space as a JS regular expression's `\s` reads it (Unicode's, less U+0085, plus U+FEFF),
/// so that the SDK and the simulator find the same tags.
fn js_space(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}

/// A required identifier (task id, avatar, voice, file id): not blank, as "必填" (required) reads.
/// The page gives ids no other rule, so none is checked: the API knows its ids.
pub fn id(field: &'static str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "is required and must not be blank"));
    }
    Ok(())
}

/// Why `value` is not an absolute http(s) URL with a host, if it is not one. A space is allowed
/// after the host (file names often hold one, and HTTP clients encode it); the host itself must
/// be non-empty and hold no space, and no control character is allowed anywhere.
pub fn web_url_problem(value: &str) -> Option<&'static str> {
    let lower = value.get(..8).unwrap_or(value).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &value[8..]
    } else if lower.starts_with("http://") {
        &value[7..]
    } else {
        return Some("must be an absolute http:// or https:// URL");
    };
    if value.chars().any(char::is_control) {
        return Some("must not contain control characters (percent-encode them)");
    }
    // The authority runs to the first `/`, `?` or `#`; the host is what is left of it without
    // user info (`user@`) and port (`:443`; an IPv6 host is bracketed).
    let b = rest.as_bytes();
    let end = b
        .iter()
        .position(|c| matches!(c, b'/' | b'?' | b'#'))
        .unwrap_or(b.len());
    let start = b[..end]
        .iter()
        .rposition(|&c| c == b'@')
        .map_or(0, |at| at + 1);
    let (authority, host_port) = (&b[..end], &b[start..end]);
    let host_len = match host_port.first() {
        Some(b'[') => {
            host_port
                .iter()
                .position(|&c| c == b']')
                .unwrap_or(host_port.len())
                - 1
        }
        _ => host_port
            .iter()
            .position(|&c| c == b':')
            .unwrap_or(host_port.len()),
    };
    if host_len == 0 {
        return Some("must name a host");
    }
    if authority.contains(&b' ') {
        return Some("must not contain a space in its host");
    }
    None
}

/// A string of at most `max` characters.
pub fn max_chars(field: &'static str, value: &str, max: usize) -> Result<(), Error> {
    let n = value.chars().count();
    if n > max {
        return Err(Error::invalid(
            field,
            format!("must be at most {} characters (got {})", max, n),
        ));
    }
    Ok(())
}

/// A media URL the API will fetch: absolute http(s), with a host.
pub fn url(field: &'static str, value: &str) -> Result<(), Error> {
    match web_url_problem(value) {
        Some(problem) => Err(Error::invalid(field, problem)),
        None => Ok(()),
    }
}

/// Exactly one of a URL and a file id, as every create endpoint with media requires.
pub fn url_or_file(
    url_field: &'static str,
    url_value: Option<&str>,
    file_id: Option<&str>,
) -> Result<(), Error> {
    match (url_value, file_id) {
        (Some(u), None) => url(url_field, u),
        (None, Some(f)) => id("file_id", f),
        (Some(_), Some(_)) => Err(Error::invalid(
            url_field,
            format!(
                "give exactly one of `{}` and `file_id`, not both",
                url_field
            ),
        )),
        (None, None) => Err(Error::invalid(
            url_field,
            format!("give exactly one of `{}` and `file_id`", url_field),
        )),
    }
}

/// A number within an inclusive range.
pub fn range(field: &'static str, value: f64, (lo, hi): (f64, f64)) -> Result<(), Error> {
    if value.is_nan() || value < lo || value > hi {
        return Err(Error::invalid(
            field,
            format!(
                "must be between {} and {} (got {})",
                format_f64(lo),
                format_f64(hi),
                format_f64(value)
            ),
        ));
    }
    Ok(())
}

/// An integer that must be one of a few values.
pub fn one_of(field: &'static str, value: i64, allowed: &[i64]) -> Result<(), Error> {
    if allowed.contains(&value) {
        return Ok(());
    }
    Err(Error::invalid(
        field,
        format!(
            "must be {} (got {})",
            allowed
                .iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(" or "),
            value
        ),
    ))
}

/// A colour in the form `#rrggbb`.
pub fn color(field: &'static str, value: &str) -> Result<(), Error> {
    let b = value.as_bytes();
    if b.len() == 7 && b[0] == b'#' && b[1..].iter().all(u8::is_ascii_hexdigit) {
        return Ok(());
    }
    Err(Error::invalid(
        field,
        "must be a colour in the form #rrggbb, e.g. #ff0000",
    ))
}

/// A token that can travel in a header. The error never repeats it.
pub fn token(value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid("token", "must not be empty"));
    }
    if !value.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return Err(Error::invalid(
            "token",
            "must be printable ASCII without spaces (check for a stray newline or a 'Bearer ' prefix)",
        ));
    }
    Ok(())
}

/// The client's base URL: an absolute http(s) URL without credentials, query or fragment.
pub fn base_url(value: &str) -> Result<(), Error> {
    url("baseUrl", value)?;
    if value.bytes().any(|b| b == b'?' || b == b'#') {
        return Err(Error::invalid(
            "baseUrl",
            "must not have a query or fragment",
        ));
    }
    let authority = value
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("");
    if authority.contains('@') {
        // Credentials in the URL would be repeated in every error message that names it.
        return Err(Error::invalid(
            "baseUrl",
            "must not carry credentials (user:password@); use the token option",
        ));
    }
    Ok(())
}

/// The most times a client may resend a read.
pub const MAX_RETRIES_LIMIT: i64 = 10;

/// `maxRetries`: 0 to [`MAX_RETRIES_LIMIT`].
pub fn max_retries(n: i64) -> Result<u32, Error> {
    if (0..=MAX_RETRIES_LIMIT).contains(&n) {
        return Ok(n as u32);
    }
    Err(Error::invalid(
        "maxRetries",
        format!("must be between 0 and {MAX_RETRIES_LIMIT} (got {n})"),
    ))
}

/// A duration in milliseconds: a finite number, 0 or more.
pub fn duration_ms(field: &str, value: f64) -> Result<(), Error> {
    if value.is_finite() && value >= 0.0 {
        return Ok(());
    }
    Err(Error::invalid(
        field,
        "must be a number of milliseconds, 0 or more",
    ))
}
