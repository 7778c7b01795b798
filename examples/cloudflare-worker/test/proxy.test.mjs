// The /api/v2/hifly/* proxy in real workerd, against the simulator: the token is added from the
// secret, a client's own Authorization is dropped, only allowed origins are served, and no answer
// ever carries the token.

import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { after, before, describe, test } from "node:test";
import { HiflyClient, HiflyError } from "../../../pkg/node.js";
import { ORIGIN, OTHER_ORIGIN, startWorld } from "../testing/harness.mjs";

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
    const seen = await w.requests("/api/v2/hifly/*", since);
    assert.equal(seen.length, 3);
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
    for (const headers of [{ Origin: OTHER_ORIGIN }, {}, { Origin: "null" }, { Origin: `${ORIGIN}.evil.example` }, { Origin: "http://app.example" }]) {
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

  test("dot segments cannot reach outside /api/v2/hifly/", async () => {
    const since = await w.lastSeq();
    const cases = [
      ["/api/v2/hifly/../../../__sim/health", 404],
      ["/api/v2/hifly/%2e%2e/%2e%2e/%2e%2e/__sim/health", 404],
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
