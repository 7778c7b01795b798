// The vendor's documented parameter rules. Every violation is ApiError(11) (参数不正确).
// `null` is treated as an absent field (see README: "Choices where the page is silent").

import { ApiError } from "./http.mjs";

export const DEFAULT_TITLE = "未命名";
export const TITLE_MAX = 20;
export const TEXT_MAX = 10000;
export const VIDEO_URL_MAX = 500;

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

/** title: optional with default "未命名" unless required; max 20 characters where the vendor says so. */
export function title(b, { required = false, limited = true } = {}) {
  const v = required ? reqString(b, "title") : optString(b, "title");
  if (v === undefined || v === "") return DEFAULT_TITLE;
  if (limited && charLength(v) > TITLE_MAX) throw bad(`title must be at most ${TITLE_MAX} characters`);
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
