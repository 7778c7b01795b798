// The HiFly Worker: receives HiFly's task callbacks, serves their results to front ends, and
// proxies the API for front ends with the token kept here.
//
//   POST /hifly/callback/<CALLBACK_SECRET>   HiFly's callbacks (see callback.js)
//   GET  /hifly/tasks/<task_id>              the stored result, as JSON
//   GET  /hifly/tasks/<task_id>/media        the re-hosted video from R2 (Range supported)
//   *    /api/v2/hifly/...                   the API, with the token added (see proxy.js)
//
// Bindings (wrangler.toml): KV CALLBACKS, R2 MEDIA, vars HIFLY_BASE_URL and ALLOWED_ORIGINS,
// secrets HIFLY_TOKEN and CALLBACK_SECRET.

import { handleCallback, TASK_ID, taskKey } from "./callback.js";
import { allowedOrigin, corsHeaders, json, notFound, preflight } from "./http.js";
import { serveObject } from "./media.js";
import { handleProxy, PROXY_PREFIX } from "./proxy.js";
import { logger, messageOf } from "./redact.js";

const CALLBACK = /^\/hifly\/callback\/[^/]+$/;
const TASK = /^\/hifly\/tasks\/([^/]+)(\/media)?$/;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      if (CALLBACK.test(url.pathname)) return await handleCallback(request, env);
      if (url.pathname.startsWith(PROXY_PREFIX)) return await handleProxy(request, env, url);
      const task = TASK.exec(url.pathname);
      if (task && TASK_ID.test(task[1])) return await handleTaskRead(request, env, task[1], Boolean(task[2]));
      return notFound();
    } catch (e) {
      // The message only (scrubbed): a callback URL carries the secret, so request.url is never
      // logged.
      logger(env).error(`unhandled: ${messageOf(e)}`);
      return json(500, { error: "internal" });
    }
  },
};

/** GET /hifly/tasks/<id>[/media]: readable by allowed origins (CORS) and by servers (no Origin). */
async function handleTaskRead(request, env, taskId, media) {
  const origin = allowedOrigin(request, env);
  if (request.method === "OPTIONS") return preflight(origin, "GET, HEAD, OPTIONS");
  if (request.headers.has("Origin") && !origin) return json(403, { error: "origin_not_allowed" }, { Vary: "Origin" });
  const cors = corsHeaders(origin);
  if (request.method !== "GET" && request.method !== "HEAD") {
    return json(405, { error: "method_not_allowed" }, { ...cors, Allow: "GET, HEAD, OPTIONS" });
  }
  const record = await env.CALLBACKS.get(taskKey(taskId), "json");
  if (!record) return notFound(cors);
  if (!media) return json(200, record, cors);
  if (!record.media) return notFound(cors);
  return (await serveObject(env.MEDIA, record.media.key, request, cors)) ?? notFound(cors);
}
