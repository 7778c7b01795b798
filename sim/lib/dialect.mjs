// The loose dialect (SIM_DIALECT=loose, or one `loose` fault): the same answers, shaped the way
// a real server might shape them although the vendor's page never shows it. A strict answer of
// an /api/v2/hifly/ endpoint goes through loosen() just before it is written:
//   1. extra fields whose names the page never uses, at the top level and in every list item;
//   2. null for each field the endpoint's response table documents but the strict answer omits
//      (every field of an error answer) or leaves empty (a task's result fields before status 3);
//   3. no `message` and no `request_id` (`code` stays);
//   4. ids whose text is all digits as JSON numbers (task ids always are; see state.mjs).
// This reads the vendor's page only (../../shared/spec/hifly-api-v2.md), never the SDK.

import { randomBytes } from "node:crypto";

/**
 * The fields each endpoint's response table documents, besides message/code/request_id.
 * `empty` maps a result field to the placeholder the strict answer gives it before status 3
 * (the page documents those fields without saying what they hold until the task is done).
 */
export const ANSWER_FIELDS = {
  "POST avatar/create_by_video": { fields: ["task_id"] },
  "POST avatar/create_by_image": { fields: ["task_id"] },
  "GET avatar/task": { fields: ["status", "avatar"], empty: { avatar: "" } },
  "GET avatar/list": { fields: ["data"] },
  "POST voice/create": { fields: ["task_id"] },
  "POST voice/edit": { fields: [] },
  "GET voice/list": { fields: ["data"] },
  "GET voice/task": { fields: ["status", "voice", "demo_url"], empty: { voice: "", demo_url: "" } },
  "POST video/create_by_audio": { fields: ["task_id"] },
  "POST video/create_by_tts": { fields: ["task_id"] },
  "POST audio/create_by_tts": { fields: ["task_id"] },
  "GET video/task": { fields: ["status", "video_Url", "duration"], empty: { video_Url: "", duration: 0 } },
  "POST tool/create_upload_url": { fields: ["upload_url", "content_type", "file_id"] },
  "GET account/credit": { fields: ["left"] },
};

/** Fields that carry an id (top level or in list items): sent as a number when all digits. */
export const ID_FIELDS = ["task_id", "avatar", "voice", "file_id"];

/** Fields a loose answer drops. */
export const DROPPED = ["message", "request_id"];

/** Extra top-level fields (none of these names appears on the vendor's page). */
export function topExtras() {
  return {
    trace_id: randomBytes(16).toString("hex"),
    extra_field: { nested: true, list: [1, "two", null] },
    elapsed_ms: 3,
    deprecated: null,
  };
}

/** Extra fields of every list item (and of any other object an answer nests). */
export function itemExtras(index) {
  return { extra_field: { nested: true }, sort_order: index, labels: [] };
}

const DONE = 3;

/** "123" -> 123 when the text is a canonical decimal integer that a JSON number keeps exactly. */
export function numericId(v) {
  if (typeof v !== "string" || !/^(0|[1-9]\d*)$/.test(v)) return v;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function looseItem(item, index) {
  if (!isPlainObject(item)) return item;
  const out = {};
  for (const [k, v] of Object.entries(item)) out[k] = ID_FIELDS.includes(k) ? numericId(v) : v;
  return { ...out, ...itemExtras(index) };
}

/**
 * The loose form of a strict answer body. `route` is the endpoint's key in api.mjs ROUTES
 * ("GET video/task"), or null when no endpoint handled the request (unknown path, 405): then
 * only the endpoint-independent changes apply. The input is not modified.
 */
export function loosen(body, route) {
  if (!isPlainObject(body)) return body;
  const spec = (route && ANSWER_FIELDS[route]) || { fields: [] };
  const empty = spec.empty ?? {};
  const done = body.status === DONE;
  const out = { trace_id: undefined }; // first, so that `code` is not the first key either
  for (const [k, v] of Object.entries(body)) {
    if (DROPPED.includes(k)) continue;
    if (k in empty && !done && v === empty[k]) out[k] = null;
    else if (ID_FIELDS.includes(k)) out[k] = numericId(v);
    else if (Array.isArray(v)) out[k] = v.map(looseItem);
    else if (isPlainObject(v)) out[k] = looseItem(v, 0);
    else out[k] = v;
  }
  for (const f of spec.fields) if (!(f in body)) out[f] = null;
  return { ...out, ...topExtras() };
}
