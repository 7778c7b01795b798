// The vendor's documented parameter rules. Every violation is ApiError(11) (参数不正确).
// `null` is treated as an absent field (see README: "Choices where the page is silent").

import { ApiError } from "./http.mjs";

export const DEFAULT_TITLE = "未命名";
export const TITLE_MAX = 20;
export const TEXT_MAX = 10000;
export const VIDEO_URL_MAX = 500;

// Code points that are wide or full-width (East Asian Width W or F), in broad blocks: Hangul
// Jamo, CJK punctuation, kana and ideographs, Yi, Hangul syllables, compatibility ideographs,
// vertical and full-width forms, and the emoji and pictograph blocks.
const WIDE = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f3],
  [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x26a1, 0x26a1], [0x26bd, 0x26be],
  [0x2705, 0x2705], [0x270a, 0x270b], [0x2728, 0x2728], [0x274c, 0x274c], [0x2753, 0x2757],
  [0x2795, 0x2797], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55], [0x2e80, 0x303e],
  [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xa960, 0xa97f],
  [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f], [0xff00, 0xff60],
  [0xffe0, 0xffe6], [0x16fe0, 0x18cff], [0x1b000, 0x1b2ff], [0x1f004, 0x1f004], [0x1f200, 0x1f251],
  [0x1f300, 0x1f64f], [0x1f680, 0x1f6ff], [0x1f900, 0x1f9ff], [0x1fa70, 0x1faff], [0x20000, 0x3fffd],
];

/**
 * Length in 字, as the page's "不超过 20 个字" is read here: a wide or full-width character counts
 * 1 and any other ½, so 20 Chinese characters or 40 ASCII letters fit and 21 Chinese do not.
 */
export function ziLength(s) {
  let halves = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    halves += WIDE.some(([lo, hi]) => cp >= lo && cp <= hi) ? 2 : 1;
  }
  return halves / 2;
}

/** Length in Unicode code points, so 20 Chinese characters count as 20, not 60 bytes. */
export function charLength(s) {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const bad = (detail) => new ApiError(11, detail);

/** Parses a JSON request body: it must be a JSON object (an empty body counts as {}). */
export function parseJsonObject(buf) {
  const s = buf.toString("utf8");
  if (s.trim() === "") return {};
  let v;
  try {
    v = JSON.parse(s);
  } catch {
    throw bad("request body is not valid JSON");
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw bad("request body must be a JSON object");
  return v;
}

function present(b, name) {
  return b[name] !== undefined && b[name] !== null;
}

export function optString(b, name) {
  if (!present(b, name)) return undefined;
  if (typeof b[name] !== "string") throw bad(`${name} must be a string`);
  return b[name];
}

export function reqString(b, name) {
  const v = optString(b, name);
  if (v === undefined || v.trim() === "") throw bad(`${name} is required`);
  return v;
}

/** title: optional with default "未命名" unless required; at most 20 字 where the vendor says so. */
export function title(b, { required = false, limited = true } = {}) {
  const v = required ? reqString(b, "title") : optString(b, "title");
  if (v === undefined || v === "") return DEFAULT_TITLE;
  if (limited && ziLength(v) > TITLE_MAX) throw bad(`title must be at most ${TITLE_MAX} 字 (got ${ziLength(v)})`);
  return v;
}

export function optInt(b, name, { allowed, min } = {}) {
  if (!present(b, name)) return undefined;
  const v = b[name];
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw bad(`${name} must be an integer`);
  if (allowed && !allowed.includes(v)) throw bad(`${name} must be one of ${allowed.join(", ")}`);
  if (min !== undefined && v < min) throw bad(`${name} must be >= ${min}`);
  return v;
}

export function reqInt(b, name, opts) {
  const v = optInt(b, name, opts);
  if (v === undefined) throw bad(`${name} is required`);
  return v;
}

/** An absolute http(s) URL, optionally no longer than maxLen characters. */
export function url(b, name, { maxLen } = {}) {
  const v = optString(b, name);
  if (v === undefined) return undefined;
  if (v.trim() === "") throw bad(`${name} must not be empty`);
  if (maxLen !== undefined && charLength(v) > maxLen) throw bad(`${name} must be at most ${maxLen} characters`);
  let u;
  try {
    u = new URL(v);
  } catch {
    throw bad(`${name} must be an absolute URL`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw bad(`${name} must be an http(s) URL`);
  return v;
}

/** Exactly one of a URL field and file_id. Returns {url} or {fileId}. */
export function urlOrFileId(b, urlName, urlOpts) {
  const u = url(b, urlName, urlOpts);
  const f = optString(b, "file_id");
  if (f !== undefined && f.trim() === "") throw bad("file_id must not be empty");
  if (u !== undefined && f !== undefined) throw bad(`give either ${urlName} or file_id, not both`);
  if (u === undefined && f === undefined) throw bad(`one of ${urlName} or file_id is required`);
  return u !== undefined ? { url: u } : { fileId: f };
}

// A tag is "<" + optional "/" + a letter-led name + optional attributes + ">", or an HTML comment.
// "a < b" and "1<2>0" are not tags.
const HTML_TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>|<!--[\s\S]*?-->|<![A-Za-z][^<>]*>/;

export function hasHtmlTag(s) {
  return HTML_TAG.test(s);
}

/** text: required, 1..10000 characters, no HTML tags. */
export function text(b) {
  const v = reqString(b, "text");
  if (charLength(v) > TEXT_MAX) throw bad(`text must be at most ${TEXT_MAX} characters`);
  if (hasHtmlTag(v)) throw bad("text must not contain HTML tags");
  return v;
}

const COLOR = /^#[0-9A-Fa-f]{6}$/;

export function color(b, name) {
  const v = optString(b, name);
  if (v === undefined) return undefined;
  if (!COLOR.test(v)) throw bad(`${name} must be a colour like #ff0000`);
  return v;
}

const DECIMAL = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** A decimal number sent as a string (voice/edit rate, volume, pitch), within [min, max]. */
export function decimalString(b, name, min, max) {
  if (!present(b, name)) throw bad(`${name} is required`);
  const v = b[name];
  if (typeof v !== "string") throw bad(`${name} must be a string such as "1.0"`);
  if (!DECIMAL.test(v) || Number(v) < min || Number(v) > max) throw bad(`${name} must be between ${min} and ${max}`);
  return v;
}

/** An integer query parameter; empty or absent gives the default. */
export function queryInt(params, name, def, { min, allowed } = {}) {
  const raw = params.get(name);
  if (raw === null || raw === "") return def;
  if (!/^-?\d+$/.test(raw)) throw bad(`${name} must be an integer`);
  const v = Number(raw);
  if (!Number.isSafeInteger(v)) throw bad(`${name} must be an integer`);
  if (min !== undefined && v < min) throw bad(`${name} must be >= ${min}`);
  if (allowed && !allowed.includes(v)) throw bad(`${name} must be one of ${allowed.join(", ")}`);
  return v;
}

export function queryString(params, name) {
  const raw = params.get(name);
  if (raw === null || raw.trim() === "") throw bad(`${name} is required`);
  return raw;
}
