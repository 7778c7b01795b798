// Callback delivery: when a task ends, POST the vendor's payload to the callback URL.
// Works (type 1) always; avatar (type 2) and voice (type 3) clones only with the V2 events
// switch (callback_v2, on by default). Anything but HTTP 200 is a failure, retried with
// doubling intervals until the retry window (5 minutes by default) would be passed.

import { TASK_KINDS } from "./state.mjs";

export class Callbacks {
  constructor(app) {
    this.app = app;
    this.deliveries = [];
    this.timers = new Set();
    this.inflight = new Set();
    this.seq = 0;
  }

  /** Called once per task when it reaches status 3 or 4. */
  taskEnded(task) {
    const cfg = this.app.cfg;
    if (!cfg.callbackUrl) return;
    const work = TASK_KINDS[task.kind].work;
    if (!work && !cfg.callbackV2) return;
    const d = {
      id: ++this.seq,
      task_id: task.id,
      type: work ? 1 : task.kind === "avatar" ? 2 : 3,
      url: cfg.callbackUrl,
      payload: this.payload(task),
      state: "pending",
      attempts: [],
      firstAt: Date.now(),
    };
    this.deliveries.push(d);
    this.attempt(d);
  }

  /** The payload exactly as the vendor's examples order and name its fields. */
  payload(task) {
    const failed = Boolean(task.fail);
    const code = failed ? task.fail.code : 0;
    const message = failed ? task.fail.message : "";
    const status = failed ? 4 : 3;
    const media = this.app.media;
    if (task.kind === "avatar") return { task_id: task.id, message, code, type: 2, status, avatar: failed ? "" : task.resultId };
    if (task.kind === "voice") return { task_id: task.id, message, code, type: 3, status, voice: failed ? "" : task.resultId, demo_url: failed ? "" : media.urlFor(task) };
    return { task_id: task.id, status, video_Url: failed ? "" : media.urlFor(task), type: 1, duration: failed ? 0 : media.duration(task), message, code, title: task.title };
  }

  async attempt(d) {
    const cfg = this.app.cfg;
    const at = Date.now();
    const rec = { at: new Date(at).toISOString() };
    d.attempts.push(rec);
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), cfg.callbackTimeoutMs);
    this.inflight.add(ctl);
    try {
      const res = await fetch(d.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "User-Agent": "hifly-sim" },
        body: JSON.stringify(d.payload),
        signal: ctl.signal,
      });
      rec.status = res.status;
      await res.arrayBuffer().catch(() => {});
    } catch (e) {
      rec.error = e.name === "AbortError" ? "timeout" : String(e.cause?.code ?? e.message);
    } finally {
      clearTimeout(timer);
      this.inflight.delete(ctl);
    }
    if (this.closed || !this.deliveries.includes(d)) return;
    if (rec.status === 200) {
      d.state = "delivered";
      return;
    }
    const wait = Math.min(cfg.callbackIntervalMs * 2 ** (d.attempts.length - 1), cfg.callbackMaxIntervalMs);
    if (Date.now() + wait - d.firstAt > cfg.callbackRetryMs) {
      d.state = "gave_up";
      return;
    }
    d.nextAt = new Date(Date.now() + wait).toISOString();
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.attempt(d);
    }, wait);
    t.unref?.();
    this.timers.add(t);
  }

  /** The delivery log, without internal fields. */
  list() {
    return this.deliveries.map(({ firstAt, ...d }) => d);
  }

  stop() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.inflight) c.abort();
  }

  reset() {
    this.stop();
    this.deliveries = [];
  }

  close() {
    this.closed = true;
    this.stop();
  }
}
