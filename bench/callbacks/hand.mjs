// JSON.parse plus hand-written checks of the same strictness as parseCallback: a body of at most
// 64 KiB, a JSON object, task_id a non-blank string, type 1/2/3 and status 3/4 as integers, code
// an integer, message/video_Url/video_url/title/avatar/voice/demo_url strings, duration a finite
// number >= 0, null counted as absent, the result required when status is 3. The result has the
// same shape as parseCallback's (video_Url read as video_url). One check it cannot make:
// JSON.parse keeps the last of two duplicate keys, where parseCallback refuses the body.

export const name = "JSON.parse + hand-written checks";

const MAX = 64 * 1024;

function fail(reason) {
  const e = new Error(`Invalid callback: ${reason}`);
  e.kind = "invalid_callback";
  throw e;
}

function str(o, k) {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") fail(`field \`${k}\` should be a string`);
  return v;
}

function int(o, k) {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (!Number.isInteger(v)) fail(`field \`${k}\` should be an integer`);
  return v;
}

export function parse(body) {
  if (typeof body !== "string") fail("the body must be a string");
  if (body.length > MAX / 3 && Buffer.byteLength(body) > MAX) fail("the body is too large");
  let o;
  try {
    o = JSON.parse(body);
  } catch (e) {
    fail(`invalid JSON: ${e.message}`);
  }
  if (typeof o !== "object" || o === null || Array.isArray(o)) fail("expected a JSON object");
  const task_id = str(o, "task_id");
  if (task_id === undefined) fail("field `task_id` is missing");
  if (task_id.trim() === "") fail("field `task_id` is empty");
  const type = int(o, "type");
  if (type === undefined) fail("field `type` is missing");
  const status = int(o, "status");
  if (status === undefined) fail("field `status` is missing");
  if (status !== 3 && status !== 4) fail("field `status` must be 3 or 4");
  const code = int(o, "code") ?? 0;
  const message = str(o, "message") ?? "";
  const done = status === 3;
  const out = { type, task_id, status, code, message };
  if (type === 1) {
    const upper = str(o, "video_Url"); // both spellings are type-checked; the capital one wins
    const lower = str(o, "video_url");
    const url = upper ?? lower;
    const d = o.duration;
    let duration;
    if (d !== undefined && d !== null) {
      if (typeof d !== "number" || !Number.isFinite(d)) fail("field `duration` should be a finite number");
      if (d < 0) fail("field `duration` is negative");
      duration = d;
    }
    const title = str(o, "title");
    if (url === undefined && done) fail("field `video_Url` is missing from a finished (status 3) callback");
    if (url !== undefined) out.video_url = url;
    if (duration !== undefined) out.duration = duration;
    if (title !== undefined) out.title = title;
  } else if (type === 2) {
    const avatar = str(o, "avatar");
    if (avatar === undefined && done) fail("field `avatar` is missing from a finished (status 3) callback");
    if (avatar !== undefined) out.avatar = avatar;
  } else if (type === 3) {
    const voice = str(o, "voice");
    if (voice === undefined && done) fail("field `voice` is missing from a finished (status 3) callback");
    const demo_url = str(o, "demo_url");
    if (voice !== undefined) out.voice = voice;
    if (demo_url !== undefined) out.demo_url = demo_url;
  } else {
    fail("field `type` must be 1, 2 or 3");
  }
  return out;
}
