// The 14 endpoints of HiFly API V2 (/api/v2/hifly/...), shaped as the vendor's page shows.
// Each handler validates (code 11), looks things up (code 14), checks limits (1001, 1002),
// and returns the endpoint's own fields; routes.mjs wraps them with code/message/request_id
// (and, in the loose dialect, passes the answer through dialect.mjs loosen()).

import { createHash } from "node:crypto";
import { ApiError, CODE_MESSAGES } from "./http.mjs";
import { DONE, FAILED, randomHex } from "./state.mjs";
import * as v from "./validate.mjs";

export const API_PREFIX = "/api/v2/hifly/";

const FAIL_MARKER = /SIM_FAIL(?::(\d+))?/;

/**
 * The failure marker: if any of the given inputs contains SIM_FAIL (or SIM_FAIL:<code>),
 * the task will end with status 4. Each input names the code it fails with by default.
 */
export function failureFrom(inputs) {
  for (const [value, code] of inputs) {
    const m = typeof value === "string" && FAIL_MARKER.exec(value);
    if (m) {
      const c = m[1] ? Number(m[1]) : code;
      return { code: c, message: `${CODE_MESSAGES[c] ?? "任务失败"} (simulated by ${m[0]})` };
    }
  }
  return null;
}

function requireCredits(app) {
  const price = app.cfg.price;
  if (app.store.credits < price) throw new ApiError(1002, `this call costs ${price} credits, ${app.store.credits} left`);
  return price;
}

function requireWorkSlot(app) {
  const n = app.store.worksInProgress();
  if (n >= app.cfg.maxInProgress) throw new ApiError(1001, `${n} works in progress, the limit is ${app.cfg.maxInProgress}`);
}

function avatarMustExist(app, id) {
  if (!app.store.findAvatar(id)) throw new ApiError(14, `avatar ${id} not found`);
}

function voiceMustExist(app, id) {
  if (!app.store.findVoice(id)) throw new ApiError(14, `voice ${id} not found`);
}

function taskFor(app, q, query) {
  const id = v.queryString(q, "task_id");
  const task = app.store.findTask(id, query);
  if (!task) throw new ApiError(14, `task ${id} not found`);
  return task;
}

/** code/message of a task query: a failed task carries its failure (unless failed_task_code=zero). */
function taskOutcome(app, task, status) {
  if (status !== FAILED) return {};
  return { code: app.cfg.failedTaskCode === "zero" ? 0 : task.fail.code, message: task.fail.message };
}

function page(list, q) {
  const p = v.queryInt(q, "page", 1, { min: 1 });
  const size = v.queryInt(q, "size", 20, { min: 1 });
  return list.slice((p - 1) * size, p * size).map((x) => ({ ...x }));
}

/** One avatar per video source: the vendor treats the same URL as the same avatar. */
function avatarIdFor(source) {
  return "av_" + createHash("sha1").update(source).digest("hex").slice(0, 12);
}

/** Route table: "METHOD path" -> handler(app, {body, query}) returning the endpoint's own fields. */
export const ROUTES = {
  "POST avatar/create_by_video"(app, { body: b }) {
    const title = v.title(b, { limited: false });
    const src = v.urlOrFileId(b, "video_url", { maxLen: v.VIDEO_URL_MAX });
    if (src.fileId) app.uploads.use(src.fileId, "video");
    const fail = failureFrom([[src.url, 2014], [title, 2015]]);
    const task = app.store.addTask("avatar", { title, fail, resultId: avatarIdFor(src.url ?? src.fileId), input: src });
    return { task_id: task.id };
  },

  "POST avatar/create_by_image"(app, { body: b }) {
    const title = v.title(b, { limited: false });
    const src = v.urlOrFileId(b, "image_url");
    const model = v.optInt(b, "model", { allowed: [1, 2] }) ?? 2;
    if (src.fileId) app.uploads.use(src.fileId, "image");
    const cost = requireCredits(app);
    const fail = failureFrom([[src.url, 2016], [title, 2015]]);
    const task = app.store.addTask("avatar", { title, fail, cost, resultId: "av_" + randomHex(6), input: { ...src, model } });
    return { task_id: task.id };
  },

  "GET avatar/task"(app, { query: q }) {
    const task = taskFor(app, q, "avatar");
    const status = app.store.status(task);
    return { ...taskOutcome(app, task, status), status, avatar: status === DONE ? task.resultId : "" };
  },

  "GET avatar/list"(app, { query: q }) {
    const kind = v.queryInt(q, "kind", 2, { allowed: [1, 2] });
    return { data: page(app.store.avatarList(kind), q) };
  },

  "POST voice/create"(app, { body: b }) {
    const title = v.title(b, { required: true });
    v.reqInt(b, "voice_type", { allowed: [8] });
    const src = v.urlOrFileId(b, "audio_url");
    if (src.fileId) {
      const rec = app.uploads.use(src.fileId, "audio");
      const max = app.cfg.voiceAudioMaxBytes;
      if (rec.size > max) throw new ApiError(2011, `voice samples must be at most ${max} bytes, file ${src.fileId} has ${rec.size}`);
    }
    const fail = failureFrom([[src.url, 2013], [title, 2013]]);
    const task = app.store.addTask("voice", { title, fail, resultId: "voice_" + randomHex(6), input: src });
    return { task_id: task.id };
  },

  "POST voice/edit"(app, { body: b }) {
    const id = v.reqString(b, "voice");
    const rate = v.decimalString(b, "rate", 0.5, 2.0);
    const volume = v.decimalString(b, "volume", 0.1, 2.0);
    const pitch = v.decimalString(b, "pitch", 0.1, 2.0);
    const voice = app.store.findVoice(id);
    if (!voice) throw new ApiError(14, `voice ${id} not found`);
    Object.assign(voice, { rate, volume, pitch });
    return {};
  },

  "GET voice/list"(app, { query: q }) {
    const kind = v.queryInt(q, "kind", 1, { allowed: [1, 2] });
    return { data: page(app.store.voiceList(kind), q) };
  },

  "GET voice/task"(app, { query: q }) {
    const task = taskFor(app, q, "voice");
    const status = app.store.status(task);
    const done = status === DONE;
    return { ...taskOutcome(app, task, status), status, voice: done ? task.resultId : "", demo_url: done ? app.media.urlFor(task) : "" };
  },

  "POST video/create_by_audio"(app, { body: b }) {
    const src = v.urlOrFileId(b, "audio_url");
    const avatar = v.reqString(b, "avatar");
    const title = v.title(b);
    if (src.fileId) app.uploads.use(src.fileId, "audio");
    avatarMustExist(app, avatar);
    requireWorkSlot(app);
    const cost = requireCredits(app);
    const fail = failureFrom([[src.url, 2013], [title, 2013]]);
    const task = app.store.addTask("video", { title, fail, cost, input: { ...src, avatar } });
    return { task_id: task.id };
  },

  "POST video/create_by_tts"(app, { body: b }) {
    const voice = v.reqString(b, "voice");
    const text = v.text(b);
    const avatar = v.reqString(b, "avatar");
    const title = v.title(b);
    const subtitles = {
      st_show: v.optInt(b, "st_show", { allowed: [0, 1] }),
      st_font_name: v.optString(b, "st_font_name"),
      st_font_size: v.optInt(b, "st_font_size", { min: 1 }),
      st_primary_color: v.color(b, "st_primary_color"),
      st_outline_color: v.color(b, "st_outline_color"),
      st_width: v.optInt(b, "st_width", { min: 1 }),
      st_height: v.optInt(b, "st_height", { min: 1 }),
      st_pos_x: v.optInt(b, "st_pos_x"),
      st_pos_y: v.optInt(b, "st_pos_y"),
    };
    avatarMustExist(app, avatar);
    voiceMustExist(app, voice);
    requireWorkSlot(app);
    const cost = requireCredits(app);
    const fail = failureFrom([[title, 2013], [text, 2013]]);
    const task = app.store.addTask("video", { title, fail, cost, input: { voice, avatar, ...subtitles } });
    return { task_id: task.id };
  },

  "POST audio/create_by_tts"(app, { body: b }) {
    const voice = v.reqString(b, "voice");
    const text = v.text(b);
    const title = v.title(b);
    voiceMustExist(app, voice);
    requireWorkSlot(app);
    const cost = requireCredits(app);
    const fail = failureFrom([[title, 2013], [text, 2013]]);
    const task = app.store.addTask("audio", { title, fail, cost, input: { voice } });
    return { task_id: task.id };
  },

  "GET video/task"(app, { query: q }) {
    const task = taskFor(app, q, "video");
    const status = app.store.status(task);
    const done = status === DONE;
    return { ...taskOutcome(app, task, status), status, video_Url: done ? app.media.urlFor(task) : "", duration: done ? app.media.duration(task) : 0 };
  },

  "POST tool/create_upload_url"(app, { body: b }) {
    return app.uploads.create(v.reqString(b, "file_extension"));
  },

  "GET account/credit"(app) {
    return { left: app.store.credits };
  },
};

/** Endpoints whose success answer has no code/message, as in the vendor's example. */
export const BARE = new Set(["POST tool/create_upload_url"]);

/** Paths that exist (for 405 vs 404). */
export const KNOWN_PATHS = new Set(Object.keys(ROUTES).map((k) => k.split(" ")[1]));

/** The ROUTES key ("GET video/task") of a request to an API path, or null if no endpoint takes it. */
export function routeOf(method, pathname) {
  if (!pathname.startsWith(API_PREFIX)) return null;
  const key = `${method} ${pathname.slice(API_PREFIX.length)}`;
  return Object.hasOwn(ROUTES, key) ? key : null;
}
