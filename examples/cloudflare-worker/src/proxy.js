// /api/v2/hifly/*: the proxy front ends use with `new HiflyClient({baseUrl: "https://<worker>"})`.
// It adds the token from the HIFLY_TOKEN secret, so that no page ever holds it, and serves only
// the origins in ALLOWED_ORIGINS.
//
// The allow-list keeps other sites' pages from spending your credits through a visitor's browser.
// It is not authentication: a script outside a browser can send any Origin. In production, also
// check your own users' session here (or put the route behind Cloudflare Access).

import { allowedOrigin, corsHeaders, json, preflight } from "./http.js";

export const PROXY_PREFIX = "/api/v2/hifly/";
const DEFAULT_BASE_URL = "https://hfw-api.hifly.cc";

/** The API's request bodies are small JSON (a text is at most 10000 characters). */
const MAX_BODY_BYTES = 1024 * 1024;

/** Request headers passed on; everything else (Authorization, Cookie, Origin...) is dropped. */
const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "accept-language"];

/** Response headers never passed back: the upstream's CORS (ours replace it), cookies and
 * hop-by-hop headers. */
const DROPPED_RESPONSE_HEADERS = /^(access-control-|set-cookie$|connection$|keep-alive$|transfer-encoding$|vary$)/i;

export async function handleProxy(request, env, url) {
  const origin = allowedOrigin(request, env);
  if (request.method === "OPTIONS") return preflight(origin, "GET, POST, OPTIONS");
  if (!origin) return json(403, { error: "origin_not_allowed" }, { Vary: "Origin" });
  const cors = corsHeaders(origin);
  if (request.method !== "GET" && request.method !== "POST") {
    return json(405, { error: "method_not_allowed" }, { ...cors, Allow: "GET, POST, OPTIONS" });
  }
  if (!env.HIFLY_TOKEN) {
    console.error("proxy: the HIFLY_TOKEN secret is not set");
    return json(500, { error: "internal" }, cors);
  }

  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  headers.set("Authorization", `Bearer ${env.HIFLY_TOKEN}`);

  let body;
  if (request.method === "POST") {
    body = await readLimited(request, MAX_BODY_BYTES);
    if (body === null) return json(413, { error: "too_large" }, cors);
  }

  // url.pathname is already normalised ("..", "%2e%2e" resolved), and starts with the prefix.
  const base = (env.HIFLY_BASE_URL || DEFAULT_BASE_URL).replace(/\/+$/, "");
  let upstream;
  try {
    // A redirect is handed back, not followed: the token must not follow it to another host.
    upstream = await fetch(base + url.pathname + url.search, { method: request.method, headers, body, redirect: "manual" });
  } catch (e) {
    console.warn(`proxy: the API could not be reached: ${e && e.message ? e.message : e}`);
    return json(502, { error: "bad_gateway" }, { ...cors, "Retry-After": "1" });
  }
  const out = new Headers();
  for (const [name, value] of upstream.headers) {
    if (!DROPPED_RESPONSE_HEADERS.test(name)) out.append(name, value);
  }
  for (const [name, value] of Object.entries(cors)) out.set(name, value);
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: out });
}

/** The request body, or null when it is over `max` bytes (read no further than that). */
async function readLimited(request, max) {
  if (Number(request.headers.get("content-length")) > max) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}
