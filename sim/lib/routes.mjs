// Request dispatch: CORS preflight, the control API, fault injection, then the API,
// signed uploads and result media. API answers are JSON objects written by one helper,
// which passes them through the loose dialect (dialect.mjs) when it is on for the request.

import { API_PREFIX, BARE, KNOWN_PATHS, ROUTES, routeOf } from "./api.mjs";
import { handleControl, CONTROL_PREFIX } from "./control.mjs";
import { loosen } from "./dialect.mjs";
import { faultReply } from "./faults.mjs";
import { ApiError, BodyTooLarge, corsHeaders, jsonReply, readBody, reply, requestId, send, sleep } from "./http.mjs";
import { MEDIA_PREFIX } from "./media.mjs";
import { UPLOAD_PREFIX } from "./uploads.mjs";
import { parseJsonObject } from "./validate.mjs";

const MAX_JSON_BODY = 1024 * 1024;

export function createHandler(app) {
  return async function handle(req, res, expectContinue = false) {
    let url;
    try {
      url = new URL(`http://sim${req.url.startsWith("/") ? req.url : "/" + req.url}`);
    } catch {
      return send(req, res, reply(400, "bad request target\n"));
    }
    const { pathname } = url;
    const proceed = () => expectContinue && !res.headersSent && res.writeContinue();
    try {
      if (pathname.startsWith(CONTROL_PREFIX)) {
        if (req.method === "OPTIONS") return preflight(req, res);
        proceed();
        return send(req, res, await handleControl(app, req, url));
      }
      const entry = app.log.start(req, url);
      const started = Date.now();
      res.on("close", () => {
        entry.status = res.writableFinished ? res.statusCode : null;
        if (!res.writableFinished) entry.aborted = true;
        if (app.cfg.logRequests) console.log(`${req.method} ${pathname} ${entry.status ?? "aborted"}${entry.fault ? ` [fault ${entry.fault}]` : ""} ${Date.now() - started}ms`);
      });
      if (req.method === "OPTIONS") return preflight(req, res);
      if (app.cfg.latencyMs) await sleep(app.cfg.latencyMs);
      let fault = app.faults.take(req.method, pathname);
      if (fault) entry.fault = fault.kind;
      let loose = app.cfg.dialect === "loose";
      let slowBodyMs = 0;
      if (fault?.kind === "latency") {
        await sleep(fault.ms);
        fault = null;
      } else if (fault?.kind === "slow_body") {
        slowBodyMs = fault.ms; // the real answer, its body held back
        fault = null;
      } else if (fault?.kind === "loose") {
        loose = true; // this one answer, whatever the setting
        fault = null;
      }
      // Every JSON answer of an API path goes through shape(): the loose dialect, or as is.
      const route = routeOf(req.method, pathname);
      const shape = loose && pathname.startsWith(API_PREFIX) ? (body) => loosen(body, route) : (body) => body;
      if (fault && !fault.after && fault.kind !== "truncate") {
        if (fault.kind === "reset") return req.socket.destroy();
        return send(req, res, withClose(faultReply(fault, undefined, shape), req));
      }

      let r;
      if (pathname.startsWith(API_PREFIX)) r = await api(app, req, url, entry, proceed, route, shape);
      else if (pathname.startsWith(UPLOAD_PREFIX)) r = await upload(app, req, url, entry, proceed);
      else if (pathname.startsWith(MEDIA_PREFIX)) r = app.media.serve(req, pathname, url.searchParams);
      else if (pathname === "/" && (req.method === "GET" || req.method === "HEAD")) r = jsonReply(200, { name: "hifly-sim", api: API_PREFIX, control: CONTROL_PREFIX, request_id: requestId() });
      else r = jsonReply(404, { message: `no such path: ${pathname}`, request_id: requestId() });
      if (!r) return; // the client went away mid-upload

      if (fault?.kind === "reset") return resetMidResponse(req, res, r);
      if (slowBodyMs) return sendSlowBody(req, res, r, slowBodyMs);
      send(req, res, fault ? faultReply(fault, r, shape) : r);
    } catch (e) {
      console.error("hifly-sim: internal error:", e);
      send(req, res, jsonReply(500, { message: "simulator internal error: " + e.message, request_id: requestId() }));
    }
  };
}

/** CORS preflight: 204 with the CORS headers, for any path, with no token. */
function preflight(req, res) {
  res.writeHead(204, corsHeaders(req));
  res.end();
}

/** A fault answered before the request body was read: close the connection afterwards. */
function withClose(r, req) {
  const hasBody = req.headers["content-length"] > 0 || req.headers["transfer-encoding"] !== undefined;
  return hasBody ? { ...r, headers: { ...r.headers, Connection: "close" } } : r;
}

/**
 * Sends the headers at once and the body `ms` later (unless the client has gone). An empty body
 * is sent chunked, so that its end, too, comes `ms` later.
 */
function sendSlowBody(req, res, r, ms) {
  const length = r.body.length ? { "Content-Length": r.body.length } : {};
  res.writeHead(r.status, { ...corsHeaders(req), ...length, ...r.headers });
  res.flushHeaders();
  setTimeout(() => res.destroyed || res.end(req.method === "HEAD" ? undefined : r.body), ms);
}

/** Sends the headers and half the body, then destroys the socket. */
function resetMidResponse(req, res, r) {
  res.writeHead(r.status, { ...corsHeaders(req), "Content-Length": r.body.length, ...r.headers });
  res.write(r.body.subarray(0, Math.floor(r.body.length / 2)), () => req.socket.destroy());
}

function authorized(app, req) {
  const h = req.headers.authorization;
  if (h === undefined) return "none";
  const m = /^Bearer +(\S+) *$/i.exec(h);
  return m && m[1] === app.cfg.token ? "valid" : "invalid";
}

async function api(app, req, url, entry, proceed, key, shape) {
  const answer = (status, body, headers) => jsonReply(status, shape(body), headers);
  const rid = requestId();
  let raw = Buffer.alloc(0);
  let tooLarge = false;
  if (req.method === "POST" || req.method === "PUT") {
    proceed();
    try {
      raw = await readBody(req, MAX_JSON_BODY);
      app.log.setBody(entry, raw);
    } catch (e) {
      if (!(e instanceof BodyTooLarge)) throw e;
      tooLarge = true;
    }
  }
  entry.auth = authorized(app, req);
  if (entry.auth !== "valid") {
    return answer(401, { code: 2003, message: "无效 Token", request_id: rid }, { "WWW-Authenticate": 'Bearer realm="hifly"' });
  }
  const rest = url.pathname.slice(API_PREFIX.length);
  if (!key) {
    if (KNOWN_PATHS.has(rest)) {
      const allow = Object.keys(ROUTES).find((k) => k.endsWith(" " + rest)).split(" ")[0];
      return answer(405, { message: `use ${allow} for ${url.pathname}`, request_id: rid }, { Allow: `${allow}, OPTIONS` });
    }
    return answer(404, { message: `no such endpoint: ${url.pathname}`, request_id: rid });
  }
  const handler = ROUTES[key];
  app.store.sweep();
  try {
    if (tooLarge) throw new ApiError(11, `request body larger than ${MAX_JSON_BODY} bytes`);
    const body = req.method === "POST" ? parseJsonObject(raw) : {};
    const fields = handler(app, { body, query: url.searchParams });
    const out = BARE.has(key) ? { ...fields, request_id: rid } : { code: 0, message: "", ...fields, request_id: rid };
    return answer(200, out);
  } catch (e) {
    if (e instanceof ApiError) return answer(200, { code: e.code, message: e.message, request_id: rid });
    throw e;
  }
}

async function upload(app, req, url, entry, proceed) {
  const checked = app.uploads.check(req, url.pathname, url.searchParams);
  entry.bytes = 0;
  if (checked.error) return withClose(checked.error, req);
  proceed();
  return app.uploads.receive(req, checked.rec, checked.limit, entry);
}
