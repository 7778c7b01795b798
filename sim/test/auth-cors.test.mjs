// Bearer token (401), unknown routes, and CORS on every response.

import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, beforeEach, describe, test } from "node:test";
import { startHarness } from "../testing/harness.mjs";

let h;
before(async () => {
  h = await startHarness({ token: "secret-token-123" });
});
after(() => h.close());
beforeEach(() => h.ctl("POST", "reset"));

describe("token", () => {
  for (const [name, opts] of [
    ["no Authorization header", { token: null }],
    ["a wrong token", { token: "nope" }],
    ["a different scheme", { token: null, headers: { Authorization: "Basic secret-token-123" } }],
    ["Bearer without a token", { token: null, headers: { Authorization: "Bearer " } }],
    ["the token with a suffix", { token: "secret-token-1234" }],
  ]) {
    for (const [method, path, body] of [
      ["GET", "account/credit"],
      ["POST", "tool/create_upload_url", { file_extension: "mp4" }],
    ]) {
      test(`${name}: ${method} ${path} -> HTTP 401, code 2003`, async () => {
        const r = await h.api(method, path, { ...opts, body });
        assert.equal(r.status, 401);
        assert.equal(r.json.code, 2003);
        assert.match(r.json.request_id, /^req/);
        assert.match(r.headers.get("www-authenticate"), /^Bearer/);
      });
    }
  }

  test("a 401 never creates anything", async () => {
    await h.api("POST", "video/create_by_tts", { token: "bad", body: { text: "x", voice: "voice_public_01", avatar: "av_public_01" } });
    assert.equal((await h.ctl("GET", "state")).tasks.length, 0);
  });

  test("the scheme is case-insensitive; the token is not", async () => {
    assert.equal((await h.api("GET", "account/credit", { token: null, headers: { Authorization: "bearer secret-token-123" } })).status, 200);
    assert.equal((await h.api("GET", "account/credit", { token: "SECRET-TOKEN-123" })).status, 401);
  });

  test("the request log says whether Authorization came and if it was valid, never its value", async () => {
    await h.api("GET", "account/credit");
    await h.api("GET", "account/credit", { token: "wrong-one" });
    await h.api("GET", "account/credit", { token: null });
    const { requests } = await h.ctl("GET", "requests?path=/api/v2/hifly/account/credit");
    assert.deepEqual(
      requests.map((e) => [e.has_authorization, e.auth, e.status]),
      [
        [true, "valid", 200],
        [true, "invalid", 401],
        [false, "none", 401],
      ],
    );
    const dump = JSON.stringify(await h.ctl("GET", "requests"));
    assert.equal(dump.includes("secret-token-123"), false);
    assert.equal(dump.includes("wrong-one"), false);
  });
});

describe("routing", () => {
  test("an unknown API path -> 404 JSON", async () => {
    const r = await h.api("GET", "avatar/nope");
    assert.equal(r.status, 404);
    assert.match(r.json.request_id, /^req/);
  });

  test("a known path with the wrong method -> 405 with Allow", async () => {
    const r = await h.api("GET", "voice/create");
    assert.equal(r.status, 405);
    assert.equal(r.headers.get("allow"), "POST, OPTIONS");
    assert.equal((await h.api("POST", "voice/list", { body: {} })).status, 405);
  });

  test("the token is checked before the route", async () => {
    assert.equal((await h.api("GET", "avatar/nope", { token: null })).status, 401);
  });
});

describe("CORS", () => {
  function preflight(path, headers) {
    return new Promise((resolve, reject) => {
      const u = new URL(path, h.url);
      const req = request(u, { method: "OPTIONS", headers }, (res) => {
        res.resume();
        res.on("end", () => resolve(res));
      });
      req.on("error", reject);
      req.end();
    });
  }

  const browserPreflight = (method, headers) => ({ Origin: "http://localhost:5173", "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers });

  for (const [name, path, method, reqHeaders] of [
    ["an API POST", "/api/v2/hifly/video/create_by_tts", "POST", "authorization,content-type"],
    ["an API GET", "/api/v2/hifly/video/task?task_id=1", "GET", "authorization"],
    ["the signed upload PUT", "/upload/uploads%2Ffile_x.mp4?Expires=1&OSSAccessKeyId=a&Signature=b", "PUT", "content-type"],
    ["the control API", "/__sim/faults", "POST", "content-type"],
    ["a control DELETE", "/__sim/requests", "DELETE", "content-type"],
  ]) {
    test(`preflight for ${name} -> 204 with CORS headers, no token needed`, async () => {
      const res = await preflight(path, browserPreflight(method, reqHeaders));
      assert.equal(res.statusCode, 204);
      assert.equal(res.headers["access-control-allow-origin"], "http://localhost:5173");
      assert.match(res.headers["access-control-allow-methods"], new RegExp(`\\b${method}\\b`));
      for (const hdr of reqHeaders.split(",")) assert.match(res.headers["access-control-allow-headers"].toLowerCase(), new RegExp(hdr));
      assert.match(res.headers.vary, /Origin/);
    });
  }

  test("responses echo the Origin and expose Retry-After; without an Origin they say *", async () => {
    const withOrigin = await h.api("GET", "account/credit", { headers: { Origin: "http://127.0.0.1:3000" } });
    assert.equal(withOrigin.headers.get("access-control-allow-origin"), "http://127.0.0.1:3000");
    assert.match(withOrigin.headers.get("access-control-expose-headers"), /Retry-After/);
    const none = await h.api("GET", "account/credit");
    assert.equal(none.headers.get("access-control-allow-origin"), "*");
  });

  test("error responses carry CORS headers too (401, 404, upload 403)", async () => {
    const o = { Origin: "http://localhost:8080" };
    assert.equal((await h.api("GET", "account/credit", { token: null, headers: o })).headers.get("access-control-allow-origin"), o.Origin);
    assert.equal((await h.api("GET", "nope", { headers: o })).headers.get("access-control-allow-origin"), o.Origin);
    const put = await fetch(`${h.url}/upload/uploads%2Fx.mp4?Expires=1&OSSAccessKeyId=a&Signature=b`, { method: "PUT", headers: { ...o, "Content-Type": "video/mp4" }, body: "x" });
    assert.equal(put.status, 403);
    assert.equal(put.headers.get("access-control-allow-origin"), o.Origin);
  });

  test("preflights appear in the request log", async () => {
    await preflight("/api/v2/hifly/account/credit", browserPreflight("GET", "authorization"));
    const { requests } = await h.ctl("GET", "requests?method=OPTIONS");
    assert.equal(requests.length, 1);
    assert.equal(requests[0].status, 204);
    assert.equal(requests[0].origin, "http://localhost:5173");
  });
});
