// Fault injection. Faults are armed through POST /__sim/faults and consumed by the
// requests that match them, in the order they were armed: one fault per request.

import { API_PREFIX } from "./api.mjs";
import { CODE_MESSAGES, jsonReply, reply, requestId } from "./http.mjs";

export const FAULT_KINDS = ["latency", "slow_body", "redirect", "status", "html502", "truncate", "reset", "rate_limit", "code", "loose"];
const ALIASES = { "5xx": "status", 429: "rate_limit", "429": "rate_limit", "502": "html502" };

export const NGINX_502 =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/** Validates a fault spec from the control API and returns the stored form. */
export function parseFault(spec, id) {
  if (!spec || typeof spec !== "object" || Array.isArray(spec)) throw new Error("a fault must be a JSON object");
  const kind = ALIASES[spec.kind] ?? spec.kind;
  if (!FAULT_KINDS.includes(kind)) throw new Error(`kind must be one of ${FAULT_KINDS.join(", ")}`);
  const known = new Set(["kind", "count", "rate", "method", "path", "status", "retry_after", "ms", "code", "message", "after", "bytes", "location"]);
  for (const k of Object.keys(spec)) if (!known.has(k)) throw new Error(`unknown fault field: ${k}`);
  const f = { id, kind, method: null, path: null, count: 1, rate: 1, after: false, hits: 0 };
  if (spec.rate !== undefined) {
    if (typeof spec.rate !== "number" || spec.rate < 0 || spec.rate > 1) throw new Error("rate must be a number from 0 to 1");
    f.rate = spec.rate;
    f.count = null; // a rate with no count lasts until cleared
  }
  if (spec.count !== undefined) {
    if (!Number.isInteger(spec.count) || (spec.count < 1 && spec.count !== -1)) throw new Error("count must be an integer >= 1 (or -1 for unlimited)");
    f.count = spec.count === -1 ? null : spec.count;
  }
  if (spec.method !== undefined) {
    if (typeof spec.method !== "string") throw new Error("method must be a string");
    f.method = spec.method.toUpperCase();
  }
  if (spec.path !== undefined) {
    if (typeof spec.path !== "string" || !spec.path.startsWith("/")) throw new Error("path must start with /");
    f.path = spec.path;
  }
  if (spec.after !== undefined) {
    if (typeof spec.after !== "boolean") throw new Error("after must be a boolean");
    f.after = spec.after;
  }
  if (kind === "latency" || kind === "slow_body") {
    if (!Number.isInteger(spec.ms) || spec.ms < 0) throw new Error(`${kind} needs ms (an integer >= 0)`);
    f.ms = spec.ms;
  }
  if (kind === "status") {
    const s = spec.status ?? 500;
    if (!Number.isInteger(s) || s < 400 || s > 599) throw new Error("status must be an integer from 400 to 599");
    f.status = s;
    if (spec.bytes !== undefined && (!Number.isInteger(spec.bytes) || spec.bytes < 0 || spec.bytes > 64 << 20)) throw new Error("bytes must be an integer from 0 to 64 MiB");
    f.bytes = spec.bytes ?? null;
  }
  if (kind === "redirect") {
    const s = spec.status ?? 307;
    if (!Number.isInteger(s) || s < 300 || s > 399) throw new Error("a redirect's status must be an integer from 300 to 399");
    if (typeof spec.location !== "string" || !spec.location) throw new Error("redirect needs a location");
    f.status = s;
    f.location = spec.location;
  }
  if (kind === "rate_limit") {
    const ra = spec.retry_after ?? 1;
    if (typeof ra !== "number" && typeof ra !== "string") throw new Error("retry_after must be seconds or an HTTP date");
    f.retry_after = String(ra);
  }
  if (kind === "code") {
    if (!Number.isInteger(spec.code) || spec.code === 0) throw new Error("code needs a non-zero integer code");
    f.code = spec.code;
    f.message = typeof spec.message === "string" ? spec.message : CODE_MESSAGES[spec.code] ?? "simulated error";
  }
  return f;
}

export class Faults {
  constructor() {
    this.clear();
  }

  clear() {
    this.list = [];
    this.seq = 0;
  }

  add(spec) {
    const f = parseFault(spec, ++this.seq);
    this.list.push(f);
    return f;
  }

  /** The first armed fault matching this request, consumed by one use; or null. */
  take(method, pathname) {
    for (const f of this.list) {
      if (f.method ? f.method !== method : method === "OPTIONS") continue;
      if (f.path && !(f.path.endsWith("*") ? pathname.startsWith(f.path.slice(0, -1)) : pathname === f.path)) continue;
      if (f.kind === "loose" && !pathname.startsWith(API_PREFIX)) continue; // only API answers can be loose
      if (f.rate < 1 && Math.random() >= f.rate) continue;
      f.hits++;
      if (f.count !== null && --f.count === 0) this.list.splice(this.list.indexOf(f), 1);
      return f;
    }
    return null;
  }
}

/**
 * The reply a fault gives in place of the real one (`real` is the handler's reply, when it ran).
 * `shape` dresses a JSON answer body (the loose dialect, on API paths).
 */
export function faultReply(f, real, shape = (body) => body) {
  switch (f.kind) {
    case "status": {
      // `bytes`: a body of that size (a gateway's error page can be large).
      const text = `simulated HTTP ${f.status}\n`;
      return reply(f.status, f.bytes === null ? text : text.padEnd(f.bytes, ".").slice(0, f.bytes), { "Content-Type": "text/plain; charset=utf-8" });
    }
    case "redirect":
      return reply(f.status, "", { Location: f.location, "Cache-Control": "no-store" });
    case "html502":
      return reply(502, NGINX_502, { "Content-Type": "text/html" });
    case "rate_limit":
      return reply(429, "Too Many Requests\n", { "Content-Type": "text/plain; charset=utf-8", "Retry-After": f.retry_after });
    case "code":
      return jsonReply(200, shape({ code: f.code, message: f.message, request_id: requestId() }));
    case "truncate": {
      const r = real;
      return { ...r, body: r.body.subarray(0, Math.floor(r.body.length / 2)) };
    }
    default:
      throw new Error(`no reply for fault ${f.kind}`);
  }
}
