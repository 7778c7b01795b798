// The request log behind GET /__sim/requests: what reached the server, never a token value.

const MAX_ENTRIES = 10_000;
const MAX_BODY_CHARS = 64 * 1024;

export class RequestLog {
  constructor() {
    this.clear();
  }

  clear() {
    this.entries = [];
    this.seq = 0;
  }

  /** Starts an entry for a request; the caller fills in status, auth, body, bytes, fault. */
  start(req, url) {
    const h = req.headers;
    const e = {
      seq: ++this.seq,
      time: new Date().toISOString(),
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      search: url.search,
      has_authorization: h.authorization !== undefined,
      auth: null,
      content_type: h["content-type"] ?? null,
      content_length: h["content-length"] !== undefined ? Number(h["content-length"]) : null,
      origin: h.origin ?? null,
      user_agent: h["user-agent"] ?? null,
      status: null,
      fault: null,
    };
    this.entries.push(e);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    return e;
  }

  /** Keeps the parsed JSON body (or the raw text when it was not JSON). */
  setBody(e, buf) {
    const s = buf.toString("utf8");
    try {
      e.body = JSON.parse(s);
    } catch {
      e.body = s.length > MAX_BODY_CHARS ? s.slice(0, MAX_BODY_CHARS) + "…" : s;
    }
  }

  /** Entries filtered by method, exact path, or path prefix ending in "*"; `since` keeps seq > since. */
  list({ method, path, since } = {}) {
    return this.entries.filter(
      (e) =>
        (!method || e.method === method.toUpperCase()) &&
        (!path || (path.endsWith("*") ? e.path.startsWith(path.slice(0, -1)) : e.path === path)) &&
        (!since || e.seq > Number(since)),
    );
  }
}
