// Fault injection through POST /__sim/faults: each mode, the count, filters, and `after`.

import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, beforeEach, describe, test } from "node:test";
import { startHarness } from "../testing/harness.mjs";

let h;
before(async () => {
  h = await startHarness();
});
after(() => h.close());
beforeEach(() => h.ctl("POST", "reset"));

const arm = (spec) => h.ctl("POST", "faults", spec);
const credit = () => h.api("GET", "account/credit");
const TTS = { text: "x", voice: "voice_public_01" };
const tasks = async () => (await h.ctl("GET", "state")).tasks.length;

/** A raw GET through node:http, which reports exactly what came over the socket. */
function rawGet(path) {
  return new Promise((resolve) => {
    const req = request(new URL(path, h.url), { headers: { Authorization: `Bearer ${h.token}` } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString(), complete: res.complete }));
      res.on("error", (error) => resolve({ status: res.statusCode, error, body: Buffer.concat(chunks).toString() }));
      res.on("aborted", () => {});
    });
    req.on("error", (error) => resolve({ error }));
    req.end();
  });
}

describe("modes", () => {
  test("status: the next N matching requests get that HTTP status, then normal service", async () => {
    await arm({ kind: "status", status: 503, count: 2, path: "/api/v2/hifly/account/credit" });
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push((await credit()).status);
    assert.deepEqual(seen, [503, 503, 200]);
    const { requests } = await h.ctl("GET", "requests");
    assert.deepEqual(requests.map((e) => [e.status, e.fault]), [[503, "status"], [503, "status"], [200, null]]);
  });

  test("status defaults to 500", async () => {
    await arm({ kind: "status" });
    assert.equal((await credit()).status, 500);
  });

  test("html502: an nginx-style HTML 502 page", async () => {
    await arm({ kind: "html502" });
    const r = await credit();
    assert.equal(r.status, 502);
    assert.equal(r.headers.get("content-type"), "text/html");
    assert.match(r.text, /<title>502 Bad Gateway<\/title>/);
    assert.equal(r.json, undefined);
  });

  test("truncate: HTTP 200 whose JSON body is cut in half (the request was processed)", async () => {
    await arm({ kind: "truncate", method: "POST" });
    const r = await h.api("POST", "audio/create_by_tts", { body: TTS });
    assert.equal(r.status, 200);
    assert.equal(r.json, undefined);
    assert.throws(() => JSON.parse(r.text));
    assert.ok(r.text.startsWith('{"code":0'));
    assert.equal(Number(r.headers.get("content-length")), Buffer.byteLength(r.text));
    assert.equal(await tasks(), 1);
  });

  test("reset: the connection is destroyed before any byte; the POST was not processed", async () => {
    await arm({ kind: "reset", method: "POST" });
    await assert.rejects(h.api("POST", "audio/create_by_tts", { body: TTS }), (e) => e instanceof TypeError);
    assert.equal(await tasks(), 0);
    assert.equal((await h.api("POST", "audio/create_by_tts", { body: TTS })).json.code, 0);
  });

  test("reset with after: the POST was processed, then the connection dies mid-response", async () => {
    await arm({ kind: "reset", method: "POST", after: true });
    await assert.rejects(h.api("POST", "audio/create_by_tts", { body: TTS }));
    assert.equal(await tasks(), 1);
    assert.equal((await h.get("account/credit")).left, 990, "credits were spent");
  });

  test("reset with after, seen on the socket: headers and part of the body, then the end", async () => {
    await arm({ kind: "reset", after: true });
    const r = await rawGet("/api/v2/hifly/account/credit");
    assert.equal(r.status, 200);
    assert.ok(r.error || r.complete === false, "the response is incomplete");
    assert.ok(r.body.length > 0 && r.body.startsWith('{"code":0'));
  });

  test("reset before, seen on the socket: no response at all", async () => {
    await arm({ kind: "reset" });
    const r = await rawGet("/api/v2/hifly/account/credit");
    assert.equal(r.status, undefined);
    assert.match(r.error.code, /ECONNRESET|EPIPE/);
  });

  test("rate_limit: 429 with Retry-After (seconds or an HTTP date)", async () => {
    await arm([{ kind: "rate_limit", retry_after: 3 }, { kind: "429", retry_after: "Wed, 21 Oct 2015 07:28:00 GMT" }]);
    const a = await credit();
    assert.equal(a.status, 429);
    assert.equal(a.headers.get("retry-after"), "3");
    const b = await credit();
    assert.equal(b.headers.get("retry-after"), "Wed, 21 Oct 2015 07:28:00 GMT");
    assert.equal((await credit()).status, 200);
  });

  test("latency: the matching request is answered after the delay, normally", async () => {
    await arm({ kind: "latency", ms: 150 });
    const t0 = performance.now();
    const r = await credit();
    assert.equal(r.status, 200);
    assert.ok(performance.now() - t0 >= 145, "delayed by at least the latency");
    assert.equal((await h.ctl("GET", "requests")).requests[0].fault, "latency");
  });

  test("status with bytes: a body of exactly that size", async () => {
    await arm({ kind: "status", status: 503, bytes: 5_000_000 });
    const r = await fetch(new URL("/api/v2/hifly/account/credit", h.url), { headers: { Authorization: `Bearer ${h.token}` } });
    assert.equal(r.status, 503);
    assert.equal(r.headers.get("content-length"), "5000000");
    const text = await r.text();
    assert.equal(text.length, 5_000_000);
    assert.ok(text.startsWith("simulated HTTP 503\n..."));
    await assert.rejects(arm({ kind: "status", bytes: -1 }), /bytes must be/);
  });

  test("redirect: that status and Location, nothing else", async () => {
    await arm({ kind: "redirect", status: 302, location: "http://elsewhere.example/x" });
    const r = await rawGet("/api/v2/hifly/account/credit");
    assert.equal(r.status, 302);
    assert.equal(r.headers.location, "http://elsewhere.example/x");
    assert.equal(r.body, "");
    assert.equal((await credit()).status, 200, "one use");
    await assert.rejects(arm({ kind: "redirect" }), /redirect needs a location/);
    await assert.rejects(arm({ kind: "redirect", status: 200, location: "/x" }), /300 to 399/);
  });

  test("slow_body: the real answer's headers at once, its body after the delay", async () => {
    await arm({ kind: "slow_body", ms: 1000 });
    const t0 = performance.now();
    const r = await fetch(new URL("/api/v2/hifly/account/credit", h.url), { headers: { Authorization: `Bearer ${h.token}` } });
    const headersAt = performance.now() - t0;
    const body = await r.json();
    const bodyAt = performance.now() - t0;
    assert.equal(r.status, 200);
    assert.equal(body.code, 0, "the real answer");
    assert.ok(headersAt < bodyAt - 500, `headers at ${headersAt} ms, body at ${bodyAt} ms`);
    assert.ok(bodyAt >= 995, `body at ${bodyAt} ms`);
    assert.equal((await h.ctl("GET", "requests")).requests[0].fault, "slow_body");
    await assert.rejects(arm({ kind: "slow_body" }), /slow_body needs ms/);
  });

  test("code: HTTP 200 with any business code, e.g. 1015 or 1006", async () => {
    await arm([{ kind: "code", code: 1015 }, { kind: "code", code: 1006, message: "custom" }]);
    const a = await h.api("POST", "audio/create_by_tts", { body: TTS });
    assert.deepEqual([a.status, a.json.code, a.json.message], [200, 1015, "提交的作品数量达到上限"]);
    const b = await credit();
    assert.deepEqual([b.json.code, b.json.message], [1006, "custom"]);
    assert.equal(await tasks(), 0);
  });

  test("code with after: processed, but answered with the error", async () => {
    await arm({ kind: "code", code: 2003, after: true });
    const r = await h.api("POST", "audio/create_by_tts", { body: TTS });
    assert.equal(r.json.code, 2003);
    assert.equal(await tasks(), 1);
  });

  test("a global latency setting delays every request", async () => {
    await h.ctl("POST", "config", { latency_ms: 100 });
    const t0 = performance.now();
    await credit();
    assert.ok(performance.now() - t0 >= 95);
  });
});

describe("matching", () => {
  test("method and path filters; a path ending in * is a prefix", async () => {
    await arm({ kind: "status", status: 500, method: "GET", path: "/api/v2/hifly/video/*", count: -1 });
    assert.equal((await h.api("POST", "audio/create_by_tts", { body: TTS })).status, 200);
    assert.equal((await credit()).status, 200);
    assert.equal((await h.api("GET", "video/task", { query: { task_id: "1" } })).status, 500);
    assert.equal((await h.api("GET", "video/task", { query: { task_id: "1" } })).status, 500, "count -1 lasts until cleared");
    await h.ctl("DELETE", "faults");
    assert.equal((await h.api("GET", "video/task", { query: { task_id: "1" } })).status, 200);
  });

  test("faults are used in the order armed, one per request", async () => {
    await arm([{ kind: "status", status: 502 }, { kind: "status", status: 504 }]);
    assert.deepEqual([(await credit()).status, (await credit()).status, (await credit()).status], [502, 504, 200]);
  });

  test("GET /__sim/faults shows what is armed and how many uses remain", async () => {
    await arm({ kind: "status", count: 3 });
    await credit();
    const { faults } = await h.ctl("GET", "faults");
    assert.deepEqual([faults.length, faults[0].count, faults[0].hits], [1, 2, 1]);
  });

  test("rate 0 never fires; rate 1 always does", async () => {
    await arm({ kind: "status", rate: 0 });
    for (let i = 0; i < 5; i++) assert.equal((await credit()).status, 200);
    await h.ctl("DELETE", "faults");
    await arm({ kind: "status", rate: 1 });
    for (let i = 0; i < 3; i++) assert.equal((await credit()).status, 500);
  });

  test("faults hit signed uploads too, but never CORS preflights or the control API", async () => {
    const made = await h.post("tool/create_upload_url", { file_extension: "mp4" });
    await arm({ kind: "status", status: 503 });
    const pre = await fetch(made.upload_url, { method: "OPTIONS", headers: { Origin: "http://x", "Access-Control-Request-Method": "PUT" } });
    assert.equal(pre.status, 204);
    await h.ctl("GET", "state");
    const put = await fetch(made.upload_url, { method: "PUT", headers: { "Content-Type": "video/mp4" }, body: "abc" });
    assert.equal(put.status, 503);
    assert.equal((await h.post("avatar/create_by_video", { file_id: made.file_id })).code, 14, "the upload did not happen");
    assert.equal((await fetch(made.upload_url, { method: "PUT", headers: { "Content-Type": "video/mp4" }, body: "abc" })).status, 200);
  });

  test("an upload fault with after: the file is stored but the client sees 500", async () => {
    const made = await h.post("tool/create_upload_url", { file_extension: "mp4" });
    await arm({ kind: "status", method: "PUT", after: true });
    assert.equal((await fetch(made.upload_url, { method: "PUT", headers: { "Content-Type": "video/mp4" }, body: "abc" })).status, 500);
    assert.equal((await h.post("avatar/create_by_video", { file_id: made.file_id })).code, 0);
  });

  test("a bad fault spec -> 400 and nothing armed", async () => {
    for (const spec of [{ kind: "nope" }, { kind: "status", status: 200 }, { kind: "latency" }, { kind: "status", count: 0 }, { kind: "status", rate: 2 }, { kind: "status", bogus: 1 }, [{ kind: "status" }, { kind: "x" }]]) {
      const res = await fetch(`${h.url}/__sim/faults`, { method: "POST", body: JSON.stringify(spec) });
      assert.equal(res.status, 400, JSON.stringify(spec));
      assert.ok((await res.json()).error);
    }
    assert.deepEqual((await h.ctl("GET", "faults")).faults, []);
  });
});
