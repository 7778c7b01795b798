// Test support (outside test/, so that node --test does not run it as a test file):
// a HiFly simulator on an ephemeral port, and the Worker in real workerd through Miniflare, with
// in-memory KV and R2, wired both ways: the Worker calls the simulator's API, and the simulator
// POSTs its callbacks to the Worker's callback URL.

import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { Miniflare } from "../../../tools/node_modules/miniflare/dist/src/index.js";
import { eventually, startHarness } from "../../../sim/testing/harness.mjs";
import { miniflareModules } from "../build.mjs";

export { eventually };

export const ORIGIN = "https://app.example";
export const OTHER_ORIGIN = "https://evil.example";

/** The few settings the tests take from wrangler.toml, so that they test the shipped names. */
export function wranglerConfig() {
  const text = readFileSync(fileURLToPath(new URL("../wrangler.toml", import.meta.url)), "utf8");
  const lines = text.split("\n").filter((l) => !l.trim().startsWith("#"));
  const value = (key) => {
    const m = new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, "m").exec(lines.join("\n"));
    return m ? m[1] : null;
  };
  const section = (name) =>
    [...lines.join("\n").matchAll(new RegExp(`\\[\\[${name}\\]\\]([^\\[]*)`, "g"))].map(
      (m) => /binding\s*=\s*"([^"]+)"/.exec(m[1])?.[1],
    );
  return {
    main: value("main"),
    compatibilityDate: value("compatibility_date"),
    kv: section("kv_namespaces"),
    r2: section("r2_buckets"),
    vars: { HIFLY_BASE_URL: value("HIFLY_BASE_URL"), ALLOWED_ORIGINS: value("ALLOWED_ORIGINS") },
  };
}

/**
 * A plain HTTP server on an ephemeral loopback port, for stubs: `handle(req, res, body)` answers
 * each request (`body` is the request's bytes). Every request is kept in `seen`, as
 * `{method, path, authorization}`. Returns `{url, origin, seen, handle, close()}`; `handle` may be
 * replaced at any time.
 */
export async function startServer(handle = (req, res) => res.writeHead(404).end()) {
  const server = {
    seen: [],
    handle,
  };
  const http = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    server.seen.push({ method: req.method, path: req.url, authorization: req.headers.authorization ?? null });
    try {
      await server.handle(req, res, Buffer.concat(chunks));
    } catch (e) {
      if (!res.headersSent) res.writeHead(599);
      res.end(String(e));
    }
  });
  await new Promise((r) => http.listen(0, "127.0.0.1", r));
  server.origin = `http://127.0.0.1:${http.address().port}`;
  server.url = server.origin;
  server.close = async () => {
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
  };
  return server;
}

/**
 * A stub API in front of the simulator, for answers the simulator cannot give (a server that
 * echoes the token, a redirect to another origin...). Each request goes to `stub.handle(req, res,
 * body)` first; when that returns false (or nothing) without answering, the request is forwarded
 * to the simulator as it is, Authorization included, and its answer passed back.
 */
export async function startStubApi(upstream) {
  const stub = await startServer();
  const forward = async (req, res, body) => {
    const headers = {};
    for (const name of ["authorization", "content-type", "accept", "user-agent"]) {
      if (req.headers[name] !== undefined) headers[name] = req.headers[name];
    }
    const answer = await fetch(upstream + req.url, {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
      redirect: "manual",
    });
    const out = {};
    for (const [name, value] of answer.headers) {
      if (!/^(content-length|content-encoding|transfer-encoding|connection|keep-alive)$/i.test(name)) out[name] = value;
    }
    res.writeHead(answer.status, out);
    res.end(Buffer.from(await answer.arrayBuffer()));
  };
  stub.answer = (req, res, body) => false;
  stub.reset = () => {
    stub.answer = () => false;
  };
  /** Runs `fn` with `answer` in place, then forwards everything again. */
  stub.during = async (answer, fn) => {
    stub.answer = answer;
    try {
      return await fn();
    } finally {
      stub.reset();
    }
  };
  stub.handle = async (req, res, body) => {
    if (!(await stub.answer(req, res, body)) && !res.headersSent) await forward(req, res, body);
  };
  return stub;
}

/**
 * Starts the simulator (tasks end only when the clock is advanced; callbacks retried every
 * 100-200 ms) and the Worker. With `stubApi: true`, the Worker's HIFLY_BASE_URL is a stub API in
 * front of the simulator (`stub`, see startStubApi), whose `answer(req, res, body)` a test sets.
 * Returns the simulator's helpers plus:
 * `mf`, `workerUrl`, `secret`, `token`, `callbackUrl`, `kv`, `r2`, `worker(path, init)` (a fetch
 * to the Worker over real HTTP), `record(taskId)`, `deliveryOf(taskId)`, `delivered(taskId)`,
 * `finish()` (advance the clock past every task), `logs()` (the Worker's console output) and
 * `close()`.
 */
export async function startWorld({ entry, bindings = {}, sim: simOptions = {}, stubApi = false } = {}) {
  const cfg = wranglerConfig();
  // A distinctive token, so that a test can search any answer for it.
  const token = `tok_${randomBytes(12).toString("hex")}`;
  const secret = randomBytes(24).toString("hex");
  const h = await startHarness({ token, callbackIntervalMs: 100, callbackMaxIntervalMs: 200, ...simOptions });
  const stub = stubApi ? await startStubApi(h.url) : null;
  // The Worker's console output, kept for tests to search (set WORKER_LOGS=1 to see it too).
  const logs = [];
  const keep = (stream) => {
    stream.setEncoding("utf8");
    stream.on("data", (text) => logs.push(text));
  };
  let mf;
  try {
    mf = new Miniflare({
      host: "127.0.0.1",
      handleRuntimeStdio: (stdout, stderr) => {
        keep(stdout);
        keep(stderr);
      },
      handleStructuredLogs: ({ level, message }) => {
        logs.push(`${level}: ${message}\n`);
        if (process.env.WORKER_LOGS) process.stderr.write(`${level}: ${message}\n`);
      },
      port: 0,
      modules: await miniflareModules(entry),
      compatibilityDate: cfg.compatibilityDate,
      kvNamespaces: cfg.kv,
      r2Buckets: cfg.r2,
      bindings: {
        ...cfg.vars,
        HIFLY_BASE_URL: stub ? stub.url : h.url,
        ALLOWED_ORIGINS: ` ${ORIGIN} , http://localhost:5173/`,
        HIFLY_TOKEN: token,
        CALLBACK_SECRET: secret,
        ...bindings,
      },
    });
    const workerUrl = await mf.ready;
    const callbackUrl = new URL(`/hifly/callback/${secret}`, workerUrl).href;
    await h.ctl("POST", "config", { callback_url: callbackUrl });
    const kv = await mf.getKVNamespace("CALLBACKS");
    const r2 = await mf.getR2Bucket("MEDIA");

    const worker = (path, init) => fetch(new URL(path, workerUrl), init);
    const record = async (taskId) => kv.get(`task:${taskId}`, "json");
    const deliveryOf = async (taskId) => (await h.ctl("GET", "callbacks")).callbacks.find((d) => d.task_id === taskId);
    const delivered = (taskId) =>
      eventually(async () => {
        const d = await deliveryOf(taskId);
        return d && d.state === "delivered" ? d : null;
      }, { timeoutMs: 20_000 }); // a bound for a loaded machine, not a speed check
    const finish = () => h.advance(10 * 60_000);
    /** The simulator's request log for a path (exact, or a prefix ending in "*"). */
    const requests = async (path, since = 0) =>
      (await h.ctl("GET", `requests?path=${encodeURIComponent(path)}&since=${since}`)).requests;
    const lastSeq = async () => {
      const all = (await h.ctl("GET", "requests")).requests;
      return all.length ? all[all.length - 1].seq : 0;
    };

    return {
      ...h,
      mf,
      stub,
      workerUrl,
      secret,
      token,
      callbackUrl,
      kv,
      r2,
      worker,
      record,
      deliveryOf,
      delivered,
      finish,
      requests,
      lastSeq,
      logs: () => logs.join(""),
      async close() {
        await mf.dispose();
        await stub?.close();
        await h.close();
      },
    };
  } catch (e) {
    await mf?.dispose().catch(() => {});
    await stub?.close();
    await h.close();
    throw e;
  }
}
