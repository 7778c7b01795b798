// Result media: temporary signed URLs for finished works and voice demos, served with
// Range support. The files are small real media kept in sim/assets/.

import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { ossErrorReply, reply } from "./http.mjs";
import { DONE } from "./state.mjs";

const ASSETS = new URL("../assets/", import.meta.url);

/** The served files and their real durations (whole seconds, as `duration` reports). */
export const MEDIA = {
  mp4: { file: "video.mp4", contentType: "video/mp4", duration: 2 },
  mp3: { file: "audio.mp3", contentType: "audio/mpeg", duration: 2 },
};

export const MEDIA_PREFIX = "/media/";

/** Which file a task's result is: works by kind, voice clones get an mp3 demo. */
export function mediaExt(task) {
  return task.kind === "video" ? "mp4" : "mp3";
}

export class Media {
  constructor(app) {
    this.app = app;
    this.bytes = {};
  }

  file(ext) {
    return (this.bytes[ext] ??= readFileSync(new URL(MEDIA[ext].file, ASSETS)));
  }

  token(name, expires) {
    return createHmac("sha256", this.app.secret).update(`media:${name}:${expires}`).digest("base64url").slice(0, 32);
  }

  /** A fresh temporary URL for a finished task's media; it expires after result_ttl_ms. */
  urlFor(task) {
    const name = `${task.id}.${mediaExt(task)}`;
    const expires = Math.floor((this.app.store.now() + this.app.cfg.resultTtlMs) / 1000);
    return `${this.app.baseUrl}${MEDIA_PREFIX}${name}?expires=${expires}&token=${this.token(name, expires)}`;
  }

  duration(task) {
    return MEDIA[mediaExt(task)].duration;
  }

  /** GET/HEAD /media/<task_id>.<ext>?expires=&token= */
  serve(req, pathname, query) {
    if (req.method !== "GET" && req.method !== "HEAD") return ossErrorReply(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    const name = pathname.slice(MEDIA_PREFIX.length);
    const m = /^(\d+)\.(mp4|mp3)$/.exec(name);
    const task = m && this.app.store.tasks.get(m[1]);
    if (!task || mediaExt(task) !== m[2] || this.app.store.status(task) !== DONE) return ossErrorReply(404, "NoSuchKey", "The specified key does not exist.", { Key: name });
    const expires = query.get("expires") ?? "";
    const want = Buffer.from(this.token(name, expires));
    const got = Buffer.from(query.get("token") ?? "");
    if (!/^\d+$/.test(expires) || want.length !== got.length || !timingSafeEqual(want, got)) return ossErrorReply(403, "AccessDenied", "Invalid token.");
    if (Number(expires) < Math.floor(this.app.store.now() / 1000)) return ossErrorReply(403, "AccessDenied", "Request has expired.", { Expires: expires });
    const ext = m[2];
    return rangeReply(this.file(ext), MEDIA[ext].contentType, req.headers.range);
  }
}

/** A 200, 206 or 416 reply for a single-range (or no) Range header; other forms get the whole file. */
export function rangeReply(buf, contentType, range) {
  const size = buf.length;
  const base = { "Content-Type": contentType, "Accept-Ranges": "bytes", "Cache-Control": "private, max-age=0" };
  const m = range && /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!m || (m[1] === "" && m[2] === "")) return reply(200, buf, base);
  let start, end;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0) return reply(416, "", { ...base, "Content-Range": `bytes */${size}` });
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (start >= size || end < start) return reply(416, "", { ...base, "Content-Range": `bytes */${size}` });
  }
  return reply(206, buf.subarray(start, end + 1), { ...base, "Content-Range": `bytes ${start}-${end}/${size}` });
}
