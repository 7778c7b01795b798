#!/usr/bin/env node
// The demo server: `node www/serve.mjs` (what `make demo` runs). Node ≥ 20, no npm dependencies.
//
//   /                the page (www/)
//   /pkg/*           the built npm package (make pkg), imported by the page through an import map
//   /hifly/api/v2/hifly/*
//                    a proxy to the HiFly API that adds `Authorization: Bearer <token>` on this side,
//                    so the page never holds a token. Upstream: the built-in simulator (started
//                    in-process) or, when HIFLY_TOKEN is set, https://hfw-api.hifly.cc
//   /demo/config     what the page shows about the mode (never the token)
//   /demo/rehost     copies a finished work's temporary video to this server…
//   /media/*         …and serves it from here, with Range support
//
// Environment: DEMO_PORT (default 8080), DEMO_HOST (default 127.0.0.1), HIFLY_TOKEN, HIFLY_BASE_URL
// (default https://hfw-api.hifly.cc), DEMO_MEDIA_DIR (default: a temporary folder deleted on exit),
// and the simulator's SIM_* settings (SIM_PORT defaults to 0 here: any free port).

import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rename, rm, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readLimited } from "../examples/cloudflare-worker/src/http.js";
import { redact, redactBytes } from "../examples/cloudflare-worker/src/redact.js";

const WWW = fileURLToPath(new URL(".", import.meta.url));
const ROOT = resolve(WWW, "..");
const PKG = join(ROOT, "pkg");
const DEFAULT_UPSTREAM = "https://hfw-api.hifly.cc";
const API_PREFIX = "/api/v2/hifly/";
/** The API's endpoints: two lower-case segments under the prefix. Any other path (`..;/`, an
 * encoded `%2F`, an extra segment) is refused before the token is added. */
const ENDPOINT_PATH = /^\/api\/v2\/hifly\/[a-z]+\/[a-z_]+$/;
/** The API's answers are small JSON; a larger one is not passed on (the package's limit too). */
const MAX_API_ANSWER = 4 * 1024 * 1024;
const MAX_API_BODY = 1 << 20; // the API's bodies are small JSON; 1 MiB is plenty
const MAX_MEDIA_BYTES = 2 * 1024 ** 3; // a re-hosted video: 2 GiB at most
const UPSTREAM_TIMEOUT_MS = 60_000;
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".mp4": "video/mp4",
  ".mp3": "audio/mpeg",
};
// What the page itself may load from www/ (not the server, not the tests).
const PAGE_FILES = new Set(["index.html", "app.js", "style.css", "favicon.svg"]);

/**
 * Starts the demo server. Returns {url, port, mode, upstream, sim, mediaDir, close()}.
 * `sim` is the embedded simulator's handle (null in live mode); `simOptions` are passed to it.
 */
export async function startDemo({
  port = 8080,
  host = "127.0.0.1",
  token,
  upstream = DEFAULT_UPSTREAM,
  simOptions = {},
  mediaDir,
  log = () => {},
} = {}) {
  // With a real token, only this machine may use the proxy: the Host check admits any address
  // the server is reached as, so on a LAN address anyone on the network could spend credits.
  if (token && !/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) {
    throw new Error(`With HIFLY_TOKEN set, the demo server listens on loopback only (DEMO_HOST=${host} refused)`);
  }
  let sim = null;
  if (!token) {
    const { startSimulator } = await import(pathToFileURL(join(ROOT, "sim/lib/index.mjs")).href);
    sim = await startSimulator({ port: 0, ...simOptions });
    token = sim.token;
    upstream = sim.url;
  }
  upstream = String(upstream).replace(/\/+$/, "");
  const mode = sim ? "simulator" : "live";

  const ownsMedia = !mediaDir;
  mediaDir = mediaDir ? resolve(mediaDir) : await mkdtemp(join(tmpdir(), "hifly-demo-media-"));
  await mkdir(mediaDir, { recursive: true });

  const ctx = { token, upstream, mode, mediaDir, log, rehosting: new Map() };
  const server = createServer((req, res) => {
    handle(ctx, req, res).catch((e) => {
      log(`error: ${safeMessage(e, token)}`);
      if (!res.headersSent) sendJson(res, 500, { message: "The demo server failed: " + safeMessage(e, token) });
      else res.destroy();
    });
  });
  try {
    await new Promise((ok, fail) => {
      server.once("error", fail);
      server.listen(port, host, () => {
        server.off("error", fail);
        ok();
      });
    });
  } catch (e) {
    if (sim) await sim.close();
    if (ownsMedia) await rm(mediaDir, { recursive: true, force: true });
    throw e;
  }
  const actual = server.address().port;
  ctx.port = actual;
  const shownHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  let closed = false;
  return {
    url: `http://${shownHost}:${actual}`,
    port: actual,
    mode,
    upstream: sim ? sim.url : upstream,
    sim,
    mediaDir,
    async close() {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise((r) => server.close(() => r()));
      if (sim) await sim.close();
      if (ownsMedia) await rm(mediaDir, { recursive: true, force: true });
    },
  };
}

async function handle(ctx, req, res) {
  const started = Date.now();
  const url = new URL(req.url, "http://localhost");
  const path = url.pathname;
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");

  // What spends credits or uses the token answers only this server's own page: see sameSite().
  if (path.startsWith("/hifly/") || path === "/demo/rehost") {
    const refusal = sameSite(ctx, req);
    if (refusal) {
      req.resume();
      ctx.log(`${req.method} ${path} ${refusal.status} (${refusal.message})`);
      return sendJson(res, refusal.status, { message: refusal.message });
    }
  }
  if (path.startsWith("/hifly/")) {
    const status = await proxy(ctx, req, res, path.slice("/hifly".length) + url.search);
    ctx.log(`${req.method} ${path} ${status} ${Date.now() - started}ms`);
    return;
  }
  if (path === "/demo/config") {
    return sendJson(res, 200, {
      mode: ctx.mode,
      api: ctx.mode === "simulator" ? "built-in simulator" : new URL(ctx.upstream).host,
      proxy: "/hifly",
      media: "/media/",
    });
  }
  if (path === "/demo/rehost") {
    const status = await rehost(ctx, req, res);
    ctx.log(`${req.method} ${path} ${status} ${Date.now() - started}ms`);
    return;
  }
  if (req.method !== "GET" && req.method !== "HEAD") return sendJson(res, 405, { message: "Method not allowed" }, { Allow: "GET, HEAD" });
  if (path === "/" || path === "/index.html") return serveFile(req, res, join(WWW, "index.html"));
  if (path === "/favicon.ico") return serveFile(req, res, join(WWW, "favicon.svg"), "image/svg+xml");
  if (path.startsWith("/pkg/")) return serveUnder(req, res, PKG, path.slice(5));
  if (path.startsWith("/media/")) return serveUnder(req, res, ctx.mediaDir, path.slice(7));
  const name = path.slice(1);
  if (PAGE_FILES.has(name)) return serveFile(req, res, join(WWW, name));
  return sendJson(res, 404, { message: "Not found" });
}

// ---------------------------------------------------------------------------------------------
// Same-site only: the proxy and re-hosting spend credits with the token, so any web page the user
// visits must not be able to use them.
// - The Host must be one this server is reached as: an IP literal or localhost, with its port. A
//   DNS-rebinding page reaches it as attacker.example and is refused.
// - A browser's Origin and Sec-Fetch-Site must say same-origin. Tools (curl, Node) send neither.
// - A POST must say application/json: a cross-site "simple" POST (text/plain, no preflight) is
//   refused even from a browser that sends no Origin.

function sameSite(ctx, req) {
  const host = (req.headers.host ?? "").toLowerCase();
  const m = host.match(/^(\[[0-9a-f:.]+\]|[0-9.]+|localhost)(?::(\d+))?$/);
  if (!m || Number(m[2] ?? 80) !== ctx.port) return { status: 403, message: `This server does not answer as ${host || "(no Host)"}` };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return { status: 403, message: "Cross-origin requests are refused" };
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return { status: 403, message: "Cross-site requests are refused" };
  if (req.method === "POST" && !/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
    return { status: 415, message: "POST bodies must be application/json" };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The proxy: only the API's paths, only GET and POST, the token added here and never echoed.

async function proxy(ctx, req, res, rest) {
  if (!ENDPOINT_PATH.test(rest.split("?")[0])) return sendJson(res, 404, { message: "The proxy forwards only the API's endpoints, /hifly/api/v2/hifly/<group>/<name>" });
  if (req.method !== "GET" && req.method !== "POST") return sendJson(res, 405, { message: "Method not allowed" }, { Allow: "GET, POST" });
  let body;
  if (req.method === "POST") {
    body = await readBody(req, MAX_API_BODY);
    // The rest of an oversize body is not read: the connection closes after the answer.
    if (body === null) return sendJson(res, 413, { message: "Request body too large" }, { Connection: "close" });
  } else req.resume();

  const headers = { authorization: `Bearer ${ctx.token}`, accept: "application/json", "user-agent": "hifly-sdk-demo" };
  if (req.headers["content-type"]) headers["content-type"] = req.headers["content-type"];
  let upstream;
  try {
    upstream = await fetch(ctx.upstream + rest, {
      method: req.method,
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
  } catch (e) {
    return sendJson(res, 502, { message: "The demo server could not reach the HiFly API: " + safeMessage(e, ctx.token) });
  }
  let bytes;
  try {
    bytes = await readLimited(upstream, MAX_API_ANSWER);
  } catch (e) {
    return sendJson(res, 502, { message: "The HiFly API's answer could not be read: " + safeMessage(e, ctx.token) });
  }
  if (bytes === null) return sendJson(res, 502, { message: "The HiFly API's answer is over 4 MiB" });
  // Defence in depth: the API never echoes the token, and neither may this proxy.
  bytes = redactBytes(bytes, { HIFLY_TOKEN: ctx.token });
  const out = {
    "Cache-Control": "no-store",
    "Content-Length": bytes.length,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox",
  };
  for (const name of ["content-type", "retry-after", "x-request-id"]) {
    const v = upstream.headers.get(name);
    if (v) out[name] = scrub(v, ctx.token);
  }
  res.writeHead(upstream.status, out);
  res.end(bytes);
  return upstream.status;
}

// ---------------------------------------------------------------------------------------------
// Re-hosting: the page sends only a task id. This server asks the API for that task itself (with
// the token), so it downloads only what the API says is the work's video, never a URL the page
// chose. The copy lands in mediaDir and is served from /media/<task_id>.<ext>.

async function rehost(ctx, req, res) {
  if (req.method !== "POST") return sendJson(res, 405, { message: "Method not allowed" }, { Allow: "POST" });
  const raw = await readBody(req, 4096);
  let taskId;
  try {
    taskId = JSON.parse(raw.toString("utf8")).task_id;
  } catch {
    return sendJson(res, 400, { message: "Send {\"task_id\": \"…\"}" });
  }
  if (typeof taskId !== "string" || !/^[0-9A-Za-z_-]{1,64}$/.test(taskId)) return sendJson(res, 400, { message: "A task id is letters, digits, _ and - only" });

  // One download per task at a time; later calls share it.
  let job = ctx.rehosting.get(taskId);
  if (!job) {
    job = copyWork(ctx, taskId).finally(() => ctx.rehosting.delete(taskId));
    ctx.rehosting.set(taskId, job);
  }
  try {
    const done = await job;
    return sendJson(res, 200, done);
  } catch (e) {
    return sendJson(res, e.status ?? 502, { message: e.expose ? e.message : "The copy failed: " + safeMessage(e, ctx.token) });
  }
}

async function copyWork(ctx, taskId) {
  for (const ext of ["mp4", "mp3"]) {
    const existing = await stat(join(ctx.mediaDir, `${taskId}.${ext}`)).catch(() => null);
    if (existing) return { task_id: taskId, url: `/media/${taskId}.${ext}`, bytes: existing.size, reused: true };
  }
  const answer = await fetch(`${ctx.upstream}${API_PREFIX}video/task?task_id=${encodeURIComponent(taskId)}`, {
    headers: { authorization: `Bearer ${ctx.token}`, accept: "application/json" },
    signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
  });
  const task = await answer.json().catch(() => ({}));
  if (answer.status !== 200 || (task.code && task.status === undefined)) throw exposed(404, `The API does not know the work ${taskId}`);
  const videoUrl = task.video_Url ?? task.video_url;
  if (task.status !== 3 || typeof videoUrl !== "string" || !/^https?:\/\//.test(videoUrl)) throw exposed(409, "This work has no finished video yet");

  const media = await fetch(videoUrl, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!media.ok || !media.body) throw exposed(502, `The temporary link answered HTTP ${media.status}: it may have expired`);
  const type = media.headers.get("content-type") ?? "";
  const ext = type.startsWith("audio/") || /\.mp3(\?|$)/.test(videoUrl) ? "mp3" : "mp4";
  const length = Number(media.headers.get("content-length") ?? 0);
  if (length > MAX_MEDIA_BYTES) throw exposed(413, "The video is larger than this demo keeps");

  const final = join(ctx.mediaDir, `${taskId}.${ext}`);
  const part = `${final}.${process.pid}.part`;
  let bytes = 0;
  const counted = Readable.fromWeb(media.body);
  counted.on("data", (chunk) => {
    bytes += chunk.length;
    if (bytes > MAX_MEDIA_BYTES) counted.destroy(exposed(413, "The video is larger than this demo keeps"));
  });
  try {
    await pipeline(counted, createWriteStream(part));
    await rename(part, final);
  } catch (e) {
    await rm(part, { force: true });
    throw e;
  }
  return { task_id: taskId, url: `/media/${taskId}.${ext}`, bytes, reused: false };
}

function exposed(status, message) {
  return Object.assign(new Error(message), { status, expose: true });
}

// ---------------------------------------------------------------------------------------------
// Static files, with Range (video elements seek with it).

async function serveUnder(req, res, base, rel) {
  let decoded;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return sendJson(res, 400, { message: "Bad path" });
  }
  const full = resolve(base, decoded);
  if (!full.startsWith(base + sep) || decoded.split("/").some((s) => s.startsWith("."))) return sendJson(res, 404, { message: "Not found" });
  return serveFile(req, res, full);
}

async function serveFile(req, res, file, type) {
  const info = await stat(file).catch(() => null);
  if (!info || !info.isFile()) {
    const hint = file.startsWith(PKG) ? " (the package is not built: run `make pkg`)" : "";
    return sendJson(res, 404, { message: "Not found" + hint });
  }
  const headers = {
    "Content-Type": type ?? TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
    "Cache-Control": "no-cache",
    "Accept-Ranges": "bytes",
    "Last-Modified": info.mtime.toUTCString(),
  };
  let start = 0;
  let end = info.size - 1;
  let status = 200;
  const range = req.headers.range;
  if (range) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    if (m && (m[1] || m[2])) {
      if (m[1]) {
        start = Number(m[1]);
        if (m[2]) end = Math.min(Number(m[2]), info.size - 1);
      } else {
        start = Math.max(0, info.size - Number(m[2]));
      }
      if (start > end || start >= info.size) {
        res.writeHead(416, { "Content-Range": `bytes */${info.size}` });
        return res.end();
      }
      status = 206;
      headers["Content-Range"] = `bytes ${start}-${end}/${info.size}`;
    }
  }
  headers["Content-Length"] = info.size === 0 ? 0 : end - start + 1;
  res.writeHead(status, headers);
  if (req.method === "HEAD" || info.size === 0) return res.end();
  await pipeline(createReadStream(file, { start, end }), res).catch(() => {});
}

// ---------------------------------------------------------------------------------------------

function sendJson(res, status, obj, headers = {}) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(body), ...headers });
  res.end(body);
  return status;
}

/** The body, or null as soon as it is over `limit` bytes (the rest is drained, not kept). */
function readBody(req, limit) {
  return new Promise((ok, fail) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > limit) ok(null);
      else chunks.push(c);
    });
    req.on("end", () => ok(Buffer.concat(chunks)));
    req.on("error", fail);
  });
}

/** `text` without the token, in any form the Worker example scrubs (one implementation for both). */
function scrub(text, token) {
  return redact(text, { HIFLY_TOKEN: token });
}

function safeMessage(e, token) {
  const text = String(e && e.cause && e.cause.message ? `${e.message} (${e.cause.message})` : e && e.message ? e.message : e);
  return scrub(text, token);
}

// ---------------------------------------------------------------------------------------------
// The command line: `node www/serve.mjs`.

async function main() {
  const env = process.env;
  const port = env.DEMO_PORT === undefined || env.DEMO_PORT === "" ? 8080 : Number(env.DEMO_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`demo: DEMO_PORT must be a port number, not ${JSON.stringify(env.DEMO_PORT)}`);
    process.exit(2);
  }
  const token = env.HIFLY_TOKEN ? env.HIFLY_TOKEN.trim() : undefined;
  let simOptions = {};
  if (!token) {
    const { optionsFromEnv } = await import(pathToFileURL(join(ROOT, "sim/lib/index.mjs")).href);
    try {
      simOptions = { ...optionsFromEnv(env), port: env.SIM_PORT ? Number(env.SIM_PORT) : 0 };
    } catch (e) {
      console.error(`demo: ${e.message}`);
      process.exit(2);
    }
  }
  const quiet = env.DEMO_LOG === "0";
  let demo;
  try {
    demo = await startDemo({
      port,
      host: env.DEMO_HOST || "127.0.0.1",
      token,
      upstream: env.HIFLY_BASE_URL || DEFAULT_UPSTREAM,
      simOptions,
      mediaDir: env.DEMO_MEDIA_DIR || undefined,
      log: quiet ? () => {} : (line) => console.log(`  ${line}`),
    });
  } catch (e) {
    if (e && e.code === "EADDRINUSE") console.error(`demo: port ${e.port ?? port} is in use; pick another with DEMO_PORT=…`);
    else console.error(`demo: could not start: ${safeMessage(e, token)}`);
    process.exit(1);
  }
  const against = demo.mode === "simulator" ? `the built-in simulator at ${demo.upstream}` : `the HiFly API at ${demo.upstream} (token from HIFLY_TOKEN, kept on this side)`;
  console.log(`hifly-sdk demo: ${demo.url} (against ${against}; Ctrl-C stops it)`);
  stat(join(PKG, "hifly_sdk_bg.wasm")).catch(() => console.log("  warning: pkg/ is not built; run `make pkg` (make demo does)"));

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) process.exit(130); // a second Ctrl-C: leave now
    stopping = true;
    console.log(`\ndemo: ${signal}, stopping…`);
    await demo.close();
    process.exit(0);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
