// The /api/v2/hifly/* proxy in real workerd, against the simulator: the token is added from the
// secret, a client's own Authorization is dropped, only allowed origins are served, and no answer
// ever carries the token.

import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { after, before, describe, test } from "node:test";
import { HiflyClient, HiflyError } from "../../../pkg/node.js";
import { eventually, ORIGIN, OTHER_ORIGIN, startServer, startWorld } from "../testing/harness.mjs";

let w;
before(async () => {
  w = await startWorld();
});
after(() => w?.close());

/** A request through the Worker; every answer is checked for the token. */
async function proxied(path, init = {}) {
  const res = await w.worker(path, init);
  const text = await res.text();
  assertNoToken(res, text);
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { res, status: res.status, headers: res.headers, text, json };
}

function assertNoToken(res, text) {
  assert.ok(!text.includes(w.token), "the body does not carry the token");
  for (const [name, value] of res.headers) assert.ok(!value.includes(w.token), `header ${name} does not carry the token`);
}

describe("allowed origins", () => {
  test("a GET gets the token added; the client's Authorization and cookies are not forwarded", async () => {
    const since = await w.lastSeq();
    const r = await proxied("/api/v2/hifly/account/credit", {
      headers: { Origin: ORIGIN, Authorization: "Bearer the-client-s-own-token", Cookie: "session=abc" },
    });
    assert.equal(r.status, 200);
    assert.equal(r.json.code, 0);
    assert.equal(typeof r.json.left, "number");
    assert.equal(r.headers.get("access-control-allow-origin"), ORIGIN);
    assert.equal(r.headers.get("vary"), "Origin");
    assert.equal(r.headers.get("access-control-allow-methods"), null, "the upstream's CORS is replaced");

    const [seen] = await w.requests("/api/v2/hifly/account/credit", since);
    assert.equal(seen.has_authorization, true);
    assert.equal(seen.auth, "valid", "the Worker's token replaced the client's (which the API would refuse)");
    assert.equal(seen.origin, null, "the Origin is not forwarded either");
  });

  test("a page on the Worker's own origin: its GET (no Origin, Sec-Fetch-Site: same-origin) passes, without CORS headers", async () => {
    const since = await w.lastSeq();
    const r = await proxied("/api/v2/hifly/account/credit", { headers: { "Sec-Fetch-Site": "same-origin" } });
    assert.equal(r.status, 200);
    assert.equal(r.json.code, 0);
    assert.equal(r.headers.get("access-control-allow-origin"), null);
    const [seen] = await w.requests("/api/v2/hifly/account/credit", since);
    assert.equal(seen.auth, "valid");
  });

  test("a POST forwards its JSON body and query-free path", async () => {
    const since = await w.lastSeq();
    const body = { avatar: "av_public_01", voice: "voice_public_01", text: "通过代理", st_show: 1 };
    const r = await proxied("/api/v2/hifly/video/create_by_tts", {
      method: "POST",
      headers: { Origin: ORIGIN, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.equal(r.status, 200);
    assert.match(r.json.task_id, /^\d{16}$/);
    const [seen] = await w.requests("/api/v2/hifly/video/create_by_tts", since);
    assert.deepEqual(seen.body, body);
    assert.equal(seen.content_type, "application/json");
    assert.equal(seen.auth, "valid");

    // The query string is forwarded as it is.
    const t = await proxied(`/api/v2/hifly/video/task?task_id=${r.json.task_id}`, { headers: { Origin: ORIGIN } });
    assert.equal(t.status, 200);
    assert.equal(t.json.status, 1);
  });

  test("the package's HiflyClient, with the Worker as baseUrl and no token, works through it", async () => {
    const since = await w.lastSeq();
    // A browser adds the Origin by itself; Node needs it added.
    const hifly = new HiflyClient({
      baseUrl: w.workerUrl.href.replace(/\/$/, ""),
      fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, Origin: ORIGIN } }),
    });
    const { left } = await hifly.getCredit();
    assert.equal(typeof left, "number");
    const voices = await hifly.listVoices({ kind: 2, size: 5 });
    assert.equal(voices.data.length, 5);
    await assert.rejects(
      hifly.getVideoTask("0000000000000000"),
      (e) => e instanceof HiflyError && e.kind === "api" && e.code === 14,
    );
    // A POST: the package says application/json, which the proxy requires.
    const { task_id } = await hifly.createVideoByTts({ avatar: "av_public_01", voice: "voice_public_01", text: "经由代理" });
    assert.match(task_id, /^\d{16}$/);
    const seen = await w.requests("/api/v2/hifly/*", since);
    assert.equal(seen.length, 4);
    assert.ok(seen.every((q) => q.has_authorization && q.auth === "valid"));
  });

  test("a preflight is answered by the Worker (204), never forwarded", async () => {
    const since = await w.lastSeq();
    const r = await proxied("/api/v2/hifly/video/create_by_tts", {
      method: "OPTIONS",
      headers: { Origin: ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers.get("access-control-allow-origin"), ORIGIN);
    assert.match(r.headers.get("access-control-allow-methods"), /POST/);
    assert.match(r.headers.get("access-control-allow-headers"), /Content-Type/i);
    assert.equal(r.headers.get("access-control-max-age"), "600");
    assert.deepEqual(await w.requests("*", since), []);

    // The second allowed origin (listed with spaces and a trailing slash in ALLOWED_ORIGINS).
    const local = await proxied("/api/v2/hifly/account/credit", { method: "OPTIONS", headers: { Origin: "http://localhost:5173" } });
    assert.equal(local.status, 204);
    assert.equal(local.headers.get("access-control-allow-origin"), "http://localhost:5173");
  });

  test("the API's errors come back as they are, readable by the page (CORS, Retry-After)", async () => {
    await w.ctl("POST", "faults", { kind: "rate_limit", retry_after: 2, count: 1, path: "/api/v2/hifly/account/credit" });
    const limited = await proxied("/api/v2/hifly/account/credit", { headers: { Origin: ORIGIN } });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), "2");
    assert.equal(limited.headers.get("access-control-allow-origin"), ORIGIN);
    assert.match(limited.headers.get("access-control-expose-headers"), /Retry-After/);

    const invalid = await proxied("/api/v2/hifly/video/create_by_tts", {
      method: "POST",
      headers: { Origin: ORIGIN, "Content-Type": "application/json" },
      body: JSON.stringify({ avatar: "av_public_01" }),
    });
    assert.equal(invalid.status, 200);
    assert.equal(invalid.json.code, 11);
  });

  test("other methods are 405; a body over 1 MiB is 413, not forwarded", async () => {
    const since = await w.lastSeq();
    const put = await proxied("/api/v2/hifly/account/credit", { method: "PUT", headers: { Origin: ORIGIN }, body: "{}" });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get("access-control-allow-origin"), ORIGIN);
    const big = await proxied("/api/v2/hifly/video/create_by_tts", {
      method: "POST",
      headers: { Origin: ORIGIN, "Content-Type": "application/json" },
      body: JSON.stringify({ text: "x".repeat(1024 * 1024) }),
    });
    assert.equal(big.status, 413);
    assert.deepEqual(await w.requests("*", since), []);
  });
});

describe("refused", () => {
  test("another origin, or none, is 403 without CORS, and nothing reaches the API", async () => {
    const since = await w.lastSeq();
    const others = [{ Origin: OTHER_ORIGIN }, {}, { Origin: "null" }, { Origin: `${ORIGIN}.evil.example` }, { Origin: "http://app.example" }];
    // No Origin, and a Sec-Fetch-Site other than same-origin; or another Origin claiming same-origin.
    others.push({ "Sec-Fetch-Site": "same-site" }, { "Sec-Fetch-Site": "none" }, { Origin: OTHER_ORIGIN, "Sec-Fetch-Site": "same-origin" });
    for (const headers of others) {
      const r = await proxied("/api/v2/hifly/account/credit", { headers });
      assert.equal(r.status, 403, JSON.stringify(headers));
      assert.equal(r.headers.get("access-control-allow-origin"), null);
      assert.deepEqual(r.json, { error: "origin_not_allowed" });
    }
    const pre = await proxied("/api/v2/hifly/account/credit", {
      method: "OPTIONS",
      headers: { Origin: OTHER_ORIGIN, "Access-Control-Request-Method": "GET" },
    });
    assert.equal(pre.status, 403);
    assert.equal(pre.headers.get("access-control-allow-origin"), null);
    assert.deepEqual(await w.requests("*", since), []);
  });

  test("a cross-site simple POST (text/plain, no preflight) or a disallowed Origin cannot spend credits; an allowed application/json POST passes", async () => {
    const since = await w.lastSeq();
    const path = "/api/v2/hifly/video/create_by_tts";
    const body = JSON.stringify({ avatar: "av_public_01", voice: "voice_public_01", text: "跨站" });
    const refused = [
      // What a form or a no-cors fetch on another site sends.
      [{ Origin: OTHER_ORIGIN, "Sec-Fetch-Site": "cross-site", "Content-Type": "text/plain;charset=UTF-8" }, 403],
      [{ Origin: "null", "Sec-Fetch-Site": "cross-site", "Content-Type": "text/plain" }, 403],
      [{ "Sec-Fetch-Site": "cross-site", "Content-Type": "text/plain" }, 403],
      [{ "Sec-Fetch-Site": "cross-site", "Content-Type": "application/json" }, 403],
      [{ Origin: OTHER_ORIGIN, "Content-Type": "application/json" }, 403],
      [{ Origin: OTHER_ORIGIN, "Sec-Fetch-Site": "same-site", "Content-Type": "application/json" }, 403],
      // An allowed page, but not JSON: no simple POST reaches the API, whoever sends it.
      [{ Origin: ORIGIN, "Content-Type": "text/plain" }, 415],
      [{ Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" }, 415],
      [{ Origin: ORIGIN, "Content-Type": "multipart/form-data; boundary=x" }, 415],
      [{ Origin: ORIGIN, "Content-Type": "application/jsonp" }, 415],
      [{ Origin: ORIGIN }, 415],
    ];
    for (const [headers, expected] of refused) {
      const r = await proxied(path, { method: "POST", headers, body });
      assert.equal(r.status, expected, JSON.stringify(headers));
      if (expected === 403) {
        assert.deepEqual(r.json, { error: "origin_not_allowed" });
        assert.equal(r.headers.get("access-control-allow-origin"), null);
      } else {
        assert.equal(r.json.error, "unsupported_media_type");
        assert.equal(r.headers.get("access-control-allow-origin"), ORIGIN, "the allowed page can read why");
      }
    }
    // A GET from another site is refused too.
    const get = await proxied("/api/v2/hifly/account/credit", { headers: { Origin: OTHER_ORIGIN, "Sec-Fetch-Site": "cross-site" } });
    assert.equal(get.status, 403);
    assert.deepEqual(await w.requests("*", since), [], "nothing reached the API");

    // An allowed page on the Worker's own origin (a route on the app's host), and one on another
    // site that is on the list: both pass, with a JSON body. (An upload URL: the simulator's limit
    // of works in progress is not the point here.)
    for (const site of ["same-origin", "cross-site"]) {
      const ok = await proxied("/api/v2/hifly/tool/create_upload_url", {
        method: "POST",
        headers: { Origin: ORIGIN, "Sec-Fetch-Site": site, "Content-Type": "application/json; charset=utf-8" },
        body: JSON.stringify({ file_extension: "mp4" }),
      });
      assert.equal(ok.status, 200, site);
      assert.equal(typeof ok.json.file_id, "string", ok.text);
      assert.equal(ok.headers.get("access-control-allow-origin"), ORIGIN);
    }
    const reached = await w.requests("*", since);
    assert.deepEqual(
      reached.map((q) => [q.path, q.auth]),
      [
        ["/api/v2/hifly/tool/create_upload_url", "valid"],
        ["/api/v2/hifly/tool/create_upload_url", "valid"],
      ],
    );
  });

  test("dot segments, ';' and encoded slashes cannot reach anything but the API's endpoints", async () => {
    const since = await w.lastSeq();
    const cases = [
      ["/api/v2/hifly/../../../__sim/health", 404],
      ["/api/v2/hifly/%2e%2e/%2e%2e/%2e%2e/__sim/health", 404],
      ["/api/v2/hifly/..;/..;/..;/__sim/health", 404],
      ["/api/v2/hifly/account/..;/credit", 404],
      ["/api/v2/hifly/..%2F..%2F..%2F__sim%2Fhealth", 404],
      ["/api/v2/hifly/account%2Fcredit", 404],
      ["/api/v2/hifly/account/credit/extra", 404],
      ["/api/v2/hifly/account/credit;x", 404],
      ["/api/v2/hifly/voice/../account/credit", 200], // resolved inside the prefix: allowed
    ];
    for (const [path, expected] of cases) {
      const status = await new Promise((resolve, reject) => {
        // node:http sends the path as written (fetch would normalise it first).
        const target = { host: w.workerUrl.hostname, port: w.workerUrl.port, path, headers: { Origin: ORIGIN } };
        const req = httpRequest(target, (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on("error", reject);
        req.end();
      });
      assert.equal(status, expected, path);
    }
    const reached = await w.requests("*", since);
    assert.deepEqual(
      reached.map((q) => q.path),
      ["/api/v2/hifly/account/credit"],
    );
  });
});

describe("a server on the way that echoes the token", () => {
  let s;
  let elsewhere;
  before(async () => {
    s = await startWorld({ stubApi: true });
    elsewhere = await startServer((req, res) => res.writeHead(200).end("elsewhere"));
  });
  after(async () => {
    await elsewhere?.close();
    await s?.close();
  });

  /** A proxied answer: status, status text, headers and body, checked for the token. */
  async function through(path, init = {}) {
    const res = await s.worker(path, { ...init, headers: { Origin: ORIGIN, ...init.headers } });
    const text = await res.text();
    assert.ok(!text.includes(s.token), `${path}: the body does not carry the token`);
    assert.ok(!res.statusText.includes(s.token), `${path}: nor the status text`);
    for (const [name, value] of res.headers) {
      assert.ok(!name.includes(s.token) && !value.includes(s.token), `${path}: nor header ${name}`);
    }
    return { res, text };
  }

  test("into a JSON body, an HTML 500 page, a header, the status line or a redirect: the page gets none of it, nor do the logs", async () => {
    await s.stub.during((req, res) => {
      const auth = req.headers.authorization ?? "";
      const token = auth.replace(/^Bearer /, "");
      const path = new URL(req.url, "http://x").pathname;
      if (path === "/api/v2/hifly/account/credit") {
        res.writeHead(200, { "Content-Type": "application/json", "X-Echo-Authorization": auth, [`X-${token}`]: "1" });
        res.end(JSON.stringify({ code: 0, message: "", left: 1, echo: { authorization: auth, escaped: encodeURIComponent(auth) } }));
      } else if (path === "/api/v2/hifly/video/task") {
        res.writeHead(500, `Internal ${token}`, { "Content-Type": "text/html", "X-Debug": `authorization=${auth}` });
        res.end(`<html><body><h1>500 Internal Server Error</h1><pre>Authorization: ${auth}</pre><hr>nginx</body></html>`);
      } else if (path === "/api/v2/hifly/video/create_by_tts") {
        res.writeHead(400, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ code: 11, message: `bad request from ${auth}` }));
      } else if (path === "/api/v2/hifly/avatar/list") {
        res.writeHead(302, { Location: `${elsewhere.url}/login?auth=${encodeURIComponent(auth)}` }).end();
      } else return false;
      return true;
    }, async () => {
      const json = await through("/api/v2/hifly/account/credit");
      assert.equal(json.res.status, 200);
      const body = JSON.parse(json.text);
      assert.equal(body.left, 1, "the rest of the answer is intact");
      assert.equal(body.echo.authorization, "Bearer [redacted]");
      assert.equal(json.res.headers.get("x-echo-authorization"), "Bearer [redacted]");
      assert.equal(json.res.headers.get("access-control-allow-origin"), ORIGIN);
      assert.ok(![...json.res.headers.keys()].some((name) => name.startsWith("x-tok_")), "a header named after the token is dropped");

      const html = await through("/api/v2/hifly/video/task?task_id=1");
      assert.equal(html.res.status, 500);
      assert.equal(html.res.statusText, "Internal [redacted]");
      assert.match(html.text, /Authorization: Bearer \[redacted\]/);
      assert.equal(html.res.headers.get("x-debug"), "authorization=Bearer [redacted]");
      assert.equal(Number(html.res.headers.get("content-length") ?? html.text.length), Buffer.byteLength(html.text));

      const post = await through("/api/v2/hifly/video/create_by_tts", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: "回显" }),
      });
      assert.equal(post.res.status, 400);
      assert.match(post.text, /bad request from Bearer \[redacted\]/);

      const moved = await through("/api/v2/hifly/avatar/list", { redirect: "manual" });
      assert.equal(moved.res.status, 302);
      // Where the redirect would send the page is not passed back at all.
      assert.equal(moved.res.headers.get("location"), null);
      assert.equal(moved.res.headers.get("x-content-type-options"), "nosniff");
    });
    assert.deepEqual(elsewhere.seen, [], "the redirect was handed back, not followed");
    // The 500 was logged, scrubbed.
    await eventually(() => /proxy: the API answered 500 to \/api\/v2\/hifly\/video\/task: .*\[redacted\]/.test(s.logs()), { timeoutMs: 20_000 });
    assert.ok(!s.logs().includes(s.token), "no token in the Worker's logs");
  });
});

test("the API unreachable: 502 with CORS, and no token in the answer", async () => {
  const down = await startWorld({ bindings: { HIFLY_BASE_URL: "http://127.0.0.1:9" } });
  try {
    const res = await down.worker("/api/v2/hifly/account/credit", { headers: { Origin: ORIGIN } });
    const text = await res.text();
    assert.equal(res.status, 502);
    assert.equal(res.headers.get("access-control-allow-origin"), ORIGIN);
    assert.ok(!text.includes(down.token));
  } finally {
    await down.close();
  }
});

test("the Worker's logs never carry the token", () => {
  assert.ok(!w.logs().includes(w.token));
});
