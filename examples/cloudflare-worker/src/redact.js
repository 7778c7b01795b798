// The one place where this Worker's secrets are scrubbed out of text it did not write.
//
// A server or a proxy on the way to the API may echo the Authorization header into what it
// answers: a JSON field, an HTML error page, a header, a status line. Whatever the Worker hands on
// (a proxied answer, a stored record) or logs passes through `redact` first, so that HIFLY_TOKEN
// (and CALLBACK_SECRET) never leave through another server's words.

/** What replaces a secret. */
export const REDACTED = "[redacted]";

/** Secrets shorter than this are not scrubbed: replacing them would garble text where their
 * letters happen to appear (the package does the same; real tokens are far longer). */
const MIN_CHARS = 8;

/** The forms in which a secret can appear in text: as it is, URL-encoded (either case) and
 * JSON-escaped (with `/` escaped or not, as PHP writes it). */
function needles(env) {
  const out = new Set();
  for (const secret of [env.HIFLY_TOKEN, env.CALLBACK_SECRET]) {
    if (typeof secret !== "string" || secret.length < MIN_CHARS) continue;
    const json = JSON.stringify(secret).slice(1, -1);
    out.add(secret);
    out.add(encodeURIComponent(secret));
    out.add(encodeURIComponent(secret).toLowerCase());
    out.add(json);
    out.add(json.replaceAll("/", "\\/"));
  }
  // Longest first, so that a form containing another is replaced whole.
  return [...out].sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of the Worker's secrets replaced by `[redacted]`. */
export function redact(text, env) {
  let out = String(text);
  for (const n of needles(env)) if (out.includes(n)) out = out.split(n).join(REDACTED);
  return out;
}

/** The same for bytes (a proxied body, which need not be UTF-8): returns `bytes` itself when
 * there is nothing to scrub. */
export function redactBytes(bytes, env) {
  const encoder = new TextEncoder();
  const replacement = encoder.encode(REDACTED);
  let out = bytes;
  for (const n of needles(env)) out = replaceBytes(out, encoder.encode(n), replacement);
  return out;
}

function replaceBytes(bytes, needle, replacement) {
  const at = [];
  const first = needle[0];
  outer: for (let i = bytes.indexOf(first); i !== -1 && i <= bytes.length - needle.length; i = bytes.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    at.push(i);
    i += needle.length - 1;
  }
  if (at.length === 0) return bytes;
  const out = new Uint8Array(bytes.length + at.length * (replacement.length - needle.length));
  let from = 0;
  let to = 0;
  for (const i of at) {
    out.set(bytes.subarray(from, i), to);
    to += i - from;
    out.set(replacement, to);
    to += replacement.length;
    from = i + needle.length;
  }
  out.set(bytes.subarray(from), to);
  return out;
}

/** The Worker's logging: every line scrubbed. An error's text may come from the network. */
export function logger(env) {
  const line = (level) => (message) => console[level](redact(message, env));
  return { warn: line("warn"), error: line("error") };
}

/** An error's message (or the value itself), for a log line; scrubbed by the logger. */
export const messageOf = (e) => (e && e.message ? e.message : String(e));
