// The control API under /__sim/: no token, never logged, never faulted.
// Tests use it to arm faults, read the request log, change settings, move the clock, reset.

import { patchConfig, publicConfig } from "./config.mjs";
import { jsonReply, readBody } from "./http.mjs";
import { TASK_KINDS } from "./state.mjs";

export const CONTROL_PREFIX = "/__sim/";

async function jsonBody(req) {
  const s = (await readBody(req, 1024 * 1024)).toString("utf8");
  if (s.trim() === "") return {};
  return JSON.parse(s);
}

const ok = (obj) => jsonReply(200, obj);

const HANDLERS = {
  "GET health": (app) => ok({ ok: true, url: app.baseUrl }),

  "GET config": (app) => ok(publicConfig(app.cfg)),
  async "POST config"(app, req) {
    const changed = patchConfig(app.cfg, await jsonBody(req));
    if (changed.includes("credits")) app.store.credits = app.cfg.credits;
    return ok(publicConfig(app.cfg));
  },

  async "POST reset"(app) {
    await app.reset();
    return ok({ ok: true });
  },

  "GET requests": (app, req, url) => ok({ requests: app.log.list(Object.fromEntries(url.searchParams)) }),
  "DELETE requests"(app) {
    app.log.clear();
    return ok({ ok: true });
  },

  "GET faults": (app) => ok({ faults: app.faults.list }),
  async "POST faults"(app, req) {
    const body = await jsonBody(req);
    const specs = Array.isArray(body) ? body : [body];
    const added = [];
    try {
      for (const s of specs) added.push(app.faults.add(s));
    } catch (e) {
      for (const f of added) app.faults.list.splice(app.faults.list.indexOf(f), 1);
      throw e;
    }
    return ok({ faults: added });
  },
  "DELETE faults"(app) {
    app.faults.clear();
    return ok({ ok: true });
  },

  "GET callbacks": (app) => ok({ callbacks: app.callbacks.list() }),

  "GET clock": (app) => clock(app),
  async "POST clock"(app, req) {
    const { advance_ms, freeze, ...rest } = await jsonBody(req);
    if (Object.keys(rest).length) throw new Error(`unknown clock field: ${Object.keys(rest)[0]}`);
    if (advance_ms !== undefined && (!Number.isInteger(advance_ms) || advance_ms < 0)) throw new Error("advance_ms must be an integer >= 0");
    if (freeze !== undefined && typeof freeze !== "boolean") throw new Error("freeze must be a boolean");
    if (freeze !== undefined) app.store.freezeClock(freeze);
    if (advance_ms) app.store.advanceClock(advance_ms);
    return clock(app);
  },

  "GET state"(app) {
    const s = app.store;
    s.sweep();
    return ok({
      credits: s.credits,
      works_in_progress: s.worksInProgress(),
      tasks: [...s.tasks.values()].map((t) => ({
        task_id: t.id,
        kind: t.kind,
        query: TASK_KINDS[t.kind].query,
        status: s.status(t),
        title: t.title,
        cost: t.cost,
        created_at: new Date(t.createdAt).toISOString(),
        done_at: new Date(t.createdAt + t.durationMs).toISOString(),
        fail: t.fail,
        result: t.resultId,
        input: t.input,
      })),
      avatars: [...s.avatars.values()],
      voices: [...s.voices.values()],
      uploads: [...s.uploads.values()].map(({ path, ...u }) => u),
    });
  },
};

function clock(app) {
  const now = app.store.now();
  return ok({ now: new Date(now).toISOString(), now_ms: now, offset_ms: now - Date.now(), frozen: app.store.frozenAt !== null });
}

export async function handleControl(app, req, url) {
  const name = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, "");
  const h = HANDLERS[`${req.method === "HEAD" ? "GET" : req.method} ${name}`];
  if (!h) return jsonReply(404, { error: `no control endpoint ${req.method} ${url.pathname}`, endpoints: Object.keys(HANDLERS) });
  try {
    return await h(app, req, url);
  } catch (e) {
    return jsonReply(400, { error: e.message });
  }
}
