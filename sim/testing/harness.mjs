// Helpers for tests that drive a simulator over real HTTP on loopback.
// Usable by other test suites too: `import { startHarness } from "./sim/testing/harness.mjs"`.

import { startSimulator } from "../lib/index.mjs";

export const API = "/api/v2/hifly/";

/**
 * Starts a simulator on an ephemeral port (tasks take taskMs, default 60 s so that tests
 * move them with the control clock) and returns small request helpers.
 */
export async function startHarness(options = {}) {
  const sim = await startSimulator({ port: 0, taskMs: 60_000, ...options });

  /** Any request to an API path; returns {status, headers, text, json}. */
  async function api(method, path, { body, rawBody, query, token = sim.token, headers = {} } = {}) {
    const u = new URL(API + path, sim.url);
    for (const [k, v] of Object.entries(query ?? {})) u.searchParams.set(k, String(v));
    const h = { ...headers };
    if (token !== null) h.Authorization = `Bearer ${token}`;
    let payload = rawBody;
    if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !("Content-Type" in h)) h["Content-Type"] = "application/json";
    const res = await fetch(u, { method, headers: h, body: payload });
    return decode(res);
  }

  /** POST an API endpoint, expecting HTTP 200; returns the JSON body. */
  async function post(path, body) {
    const r = await api("POST", path, { body });
    if (r.status !== 200) throw new Error(`POST ${path}: HTTP ${r.status} ${r.text}`);
    return r.json;
  }

  /** GET an API endpoint, expecting HTTP 200; returns the JSON body. */
  async function get(path, query) {
    const r = await api("GET", path, { query });
    if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${r.text}`);
    return r.json;
  }

  /** The control API: ctl("POST", "faults", {...}). */
  async function ctl(method, path, body) {
    const res = await fetch(`${sim.url}/__sim/${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const r = await decode(res);
    if (r.status !== 200) throw new Error(`${method} /__sim/${path}: HTTP ${r.status} ${r.text}`);
    return r.json;
  }

  const advance = (ms) => ctl("POST", "clock", { advance_ms: ms });

  /** Uploads bytes through create_upload_url + PUT; returns {file_id, upload_url, content_type, put}. */
  async function upload(ext, bytes, { contentType } = {}) {
    const made = await post("tool/create_upload_url", { file_extension: ext });
    const res = await fetch(made.upload_url, { method: "PUT", headers: { "Content-Type": contentType ?? made.content_type }, body: bytes });
    return { ...made, put: await decode(res) };
  }

  return { sim, url: sim.url, token: sim.token, api, post, get, ctl, advance, upload, close: () => sim.close() };
}

export async function decode(res) {
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Polls until check() returns a truthy value (or throws after timeoutMs). */
export async function eventually(check, { timeoutMs = 5000, intervalMs = 10 } = {}) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
