// /api/v2/hifly/*: the proxy front ends use with `new HiflyClient({baseUrl: "https://<worker>"})`.
// It adds the token from the HIFLY_TOKEN secret, so that no page ever holds it, and serves only
// the origins in ALLOWED_ORIGINS.
//
// The checks keep other sites' pages from spending your credits through a visitor's browser:
// - the Origin must be on the allow-list; a request with no Origin, another one, or
//   `Sec-Fetch-Site: cross-site` from a page that is not on the list is refused (403);
// - a POST must say `Content-Type: application/json` (else 415): a cross-site "simple" POST
//   (text/plain, sent without a preflight) cannot reach the API.
// They are not authentication: a script outside a browser can send any Origin. In production,
// also check your own users' session here (or put the route behind Cloudflare Access).
//
// The answer is scrubbed (redact.js): a server or proxy on the way that echoes the Authorization
// header into a body, a header or the status line does not hand the token to the page.

import { allowedOrigin, corsHeaders, json, preflight, readLimited } from "./http.js";
import { logger, messageOf, redact, redactBytes } from "./redact.js";

export const PROXY_PREFIX = "/api/v2/hifly/";
const DEFAULT_BASE_URL = "https://hfw-api.hifly.cc";

/** The API's request bodies are small JSON (a text is at most 10000 characters). */
const MAX_BODY_BYTES = 1024 * 1024;

/** The API's answers are small JSON; a larger one is not passed on (the package's limit too).
 * The answer is read whole, so that it can be scrubbed before any of it is sent. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/** Request headers passed on; everything else (Authorization, Cookie, Origin...) is dropped. */
const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "accept-language"];

/** Response headers never passed back: the upstream's CORS (ours replace it), cookies,
 * hop-by-hop headers, the length (the scrubbed body has its own), and where a redirect or a
 * refresh would send the page. */
const DROPPED_RESPONSE_HEADERS = /^(access-control-|set-cookie$|connection$|keep-alive$|transfer-encoding$|vary$|content-length$|location$|refresh$|link$)/i;

/** The API's endpoints are two lower-case segments under the prefix (`avatar/create_by_video` …
 * `account/credit`). Any other path, such as `..;/` (which some servers read as "up") or an
 * encoded `%2F`, is refused before the token is added. */
const ENDPOINT_PATH = /^\/api\/v2\/hifly\/[a-z]+\/[a-z_]+$/;

/** How long the API may take to answer, body included. */
const UPSTREAM_TIMEOUT_MS = 60_000;

/** A POST body must be JSON: `application/json`, with parameters (`; charset=utf-8`) allowed. */
const JSON_TYPE = /^\s*application\/json\s*(;|$)/i;

/**
 * Whether a request may use the proxy: the allowed origin it comes from, or the refusal.
 * Browsers send Origin with every cross-origin request and every POST. An allowed Origin is
 * admitted whatever Sec-Fetch-Site says: a front end on another site than the Worker is the usual
 * case ("cross-site"), one behind a route on its own host the other ("same-origin").
 */
function admit(request, env) {
  const origin = allowedOrigin(request, env);
  if (origin) return { origin };
  // A page on the Worker's own origin: browsers send no Origin with its GETs, but say
  // `Sec-Fetch-Site: same-origin`, a header no page can set. It needs no CORS headers.
  if (!request.headers.has("Origin") && request.headers.get("Sec-Fetch-Site") === "same-origin") {
    return { origin: null };
  }
  // No allowed origin matches: another origin, "null", no Origin at all (tools), and so any
  // `Sec-Fetch-Site: cross-site` request from a page that is not on the list. Refused before
  // anything is sent upstream.
  return { refusal: json(403, { error: "origin_not_allowed" }, { Vary: "Origin" }) };
}

export async function handleProxy(request, env, url) {
  const log = logger(env);
  const { origin, refusal } = admit(request, env);
  if (request.method === "OPTIONS") return preflight(origin ?? null, "GET, POST, OPTIONS");
  if (refusal) return refusal;
  const cors = corsHeaders(origin);
  if (request.method !== "GET" && request.method !== "POST") {
    return json(405, { error: "method_not_allowed" }, { ...cors, Allow: "GET, POST, OPTIONS" });
  }
  if (!ENDPOINT_PATH.test(url.pathname)) return json(404, { error: "not_found" }, cors);
  if (request.method === "POST" && !JSON_TYPE.test(request.headers.get("Content-Type") ?? "")) {
    return json(415, { error: "unsupported_media_type", expected: "application/json" }, cors);
  }
  if (!env.HIFLY_TOKEN) {
    log.error("proxy: the HIFLY_TOKEN secret is not set");
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
  let answer;
  try {
    // A redirect is handed back, not followed: the token must not follow it to another host.
    const signal = AbortSignal.timeout(UPSTREAM_TIMEOUT_MS);
    upstream = await fetch(base + url.pathname + url.search, { method: request.method, headers, body, redirect: "manual", signal });
    answer = await readLimited(upstream, MAX_ANSWER_BYTES);
  } catch (e) {
    log.warn(`proxy: the API could not be reached: ${messageOf(e)}`);
    return json(502, { error: "bad_gateway" }, { ...cors, "Retry-After": "1" });
  }
  if (answer === null) {
    log.warn(`proxy: the API's answer to ${url.pathname} is over ${MAX_ANSWER_BYTES} bytes`);
    return json(502, { error: "bad_gateway" }, cors);
  }
  answer = redactBytes(answer, env);
  if (upstream.status >= 500) {
    const snippet = new TextDecoder().decode(answer.subarray(0, 200)).replace(/\s+/g, " ");
    log.warn(`proxy: the API answered ${upstream.status} to ${url.pathname}: ${snippet}`);
  }

  const out = new Headers();
  for (const [name, value] of upstream.headers) {
    // A header named after a secret is dropped; a value holding one is scrubbed.
    if (DROPPED_RESPONSE_HEADERS.test(name) || redact(name, env) !== name) continue;
    out.append(name, redact(value, env));
  }
  for (const [name, value] of Object.entries(cors)) out.set(name, value);
  out.set("X-Content-Type-Options", "nosniff");
  out.set("Content-Security-Policy", "sandbox");
  const nullBody = [101, 204, 205, 304].includes(upstream.status);
  return new Response(nullBody ? null : answer, { status: upstream.status, statusText: redact(upstream.statusText, env), headers: out });
}
