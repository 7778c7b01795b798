// The control API: request log, config, clock, state, reset.

import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { eventually, startHarness } from "../testing/harness.mjs";

let h;
before(async () => {
  h = await startHarness({ credits: 500, taskMs: 2000 });
});
after(() => h.close());
beforeEach(() => h.ctl("POST", "reset"));

describe("request log", () => {
  test("records method, path, query, headers and the JSON body; filters by method, path, since", async () => {
    await h.api("GET", "video/task", { query: { task_id: "42" }, headers: { Origin: "http://localhost:5173", "User-Agent": "sdk-test/1" } });
    await h.post("audio/create_by_tts", { text: "你好", voice: "voice_public_01" });
    await h.post("audio/create_by_tts", { text: "again", voice: "voice_public_01" });
    const all = (await h.ctl("GET", "requests")).requests;
    assert.equal(all.length, 3);
    const [g, p] = all;
    assert.deepEqual([g.method, g.path, g.query, g.origin, g.user_agent, g.status, g.auth], ["GET", "/api/v2/hifly/video/task", { task_id: "42" }, "http://localhost:5173", "sdk-test/1", 200, "valid"]);
    assert.deepEqual([p.method, p.content_type, p.body], ["POST", "application/json", { text: "你好", voice: "voice_public_01" }]);
    assert.equal(p.content_length, Buffer.byteLength(JSON.stringify(p.body)));
    assert.equal((await h.ctl("GET", "requests?method=post")).requests.length, 2);
    assert.equal((await h.ctl("GET", "requests?path=/api/v2/hifly/audio/create_by_tts")).requests.length, 2);
    assert.equal((await h.ctl("GET", "requests?path=/api/v2/hifly/video/*")).requests.length, 1);
    assert.equal((await h.ctl("GET", "requests?since=" + p.seq)).requests.length, 1);
  });

  test("control requests are not logged; DELETE clears the log", async () => {
    await h.ctl("GET", "state");
    await h.get("account/credit");
    assert.equal((await h.ctl("GET", "requests")).requests.length, 1);
    await h.ctl("DELETE", "requests");
    assert.deepEqual((await h.ctl("GET", "requests")).requests, []);
  });
});

describe("config", () => {
  test("GET shows the settings (never the token); POST changes runtime ones", async () => {
    const c = await h.ctl("GET", "config");
    assert.equal(c.task_ms, 2000);
    assert.equal(c.credits, 500);
    assert.equal("token" in c, false);
    const d = await h.ctl("POST", "config", { task_ms: 10, max_in_progress: 7, result_ttl_ms: 1000 });
    assert.deepEqual([d.task_ms, d.max_in_progress, d.result_ttl_ms], [10, 7, 1000]);
  });

  test("unknown, start-up-only or ill-typed settings -> 400, nothing changed", async () => {
    for (const body of [{ nope: 1 }, { port: 1 }, { token: "x" }, { task_ms: -1 }, { task_ms: "soon" }, { callback_url: "not a url" }, { failed_task_code: "sometimes" }, { task_ms: 5, credits: "lots" }]) {
      const res = await fetch(`${h.url}/__sim/config`, { method: "POST", body: JSON.stringify(body) });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    assert.equal((await h.ctl("GET", "config")).task_ms, 2000);
  });

  test("reset restores the start-up settings and balance", async () => {
    await h.ctl("POST", "config", { credits: 3, task_ms: 1 });
    await h.ctl("POST", "reset");
    const c = await h.ctl("GET", "config");
    assert.deepEqual([c.credits, c.task_ms], [500, 2000]);
    assert.equal((await h.get("account/credit")).left, 500);
  });
});

describe("clock and state", () => {
  test("advance moves simulated time; freeze stops it; reset puts it back", async () => {
    const a = await h.ctl("POST", "clock", { freeze: true });
    assert.equal(a.frozen, true);
    await new Promise((r) => setTimeout(r, 20));
    const b = await h.ctl("GET", "clock");
    assert.equal(b.now_ms, a.now_ms, "a frozen clock does not move by itself");
    const c = await h.ctl("POST", "clock", { advance_ms: 60_000 });
    assert.equal(c.now_ms, a.now_ms + 60_000);
    const d = await h.ctl("POST", "clock", { freeze: false });
    assert.equal(d.frozen, false);
    assert.ok(d.offset_ms >= 59_000);
    await h.ctl("POST", "reset");
    assert.ok(Math.abs((await h.ctl("GET", "clock")).offset_ms) < 1000);
  });

  test("tasks do not progress while the clock is frozen, and do once it runs again", async () => {
    await h.ctl("POST", "config", { task_ms: 50 });
    await h.ctl("POST", "clock", { freeze: true });
    const { task_id } = await h.post("audio/create_by_tts", { text: "x", voice: "voice_public_01" });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await h.get("video/task", { task_id })).status, 1);
    await h.ctl("POST", "clock", { freeze: false });
    await eventually(async () => (await h.get("video/task", { task_id })).status === 3);
  });

  test("bad clock requests -> 400", async () => {
    for (const body of [{ advance_ms: -5 }, { advance_ms: 1.5 }, { freeze: "yes" }, { rewind: 1 }]) {
      assert.equal((await fetch(`${h.url}/__sim/clock`, { method: "POST", body: JSON.stringify(body) })).status, 400);
    }
  });

  test("state lists tasks with their kind, status, cost and input", async () => {
    await h.post("video/create_by_audio", { audio_url: "https://example.com/a.mp3", avatar: "av_public_02", title: "w" });
    const s = await h.ctl("GET", "state");
    assert.equal(s.credits, 490);
    assert.equal(s.works_in_progress, 1);
    assert.deepEqual([s.tasks[0].kind, s.tasks[0].query, s.tasks[0].status, s.tasks[0].cost, s.tasks[0].input.avatar], ["video", "video", 1, 10, "av_public_02"]);
  });

  test("reset clears tasks, own assets, faults and the log", async () => {
    await h.post("avatar/create_by_video", { video_url: "https://example.com/v.mp4" });
    await h.advance(2000);
    await h.ctl("POST", "faults", { kind: "status", count: 5, path: "/nothing" });
    await h.ctl("POST", "reset");
    const s = await h.ctl("GET", "state");
    assert.deepEqual([s.tasks, s.avatars, s.uploads], [[], [], []]);
    assert.deepEqual((await h.ctl("GET", "faults")).faults, []);
    assert.deepEqual((await h.ctl("GET", "requests")).requests, []);
  });

  test("an unknown control endpoint -> 404 listing the endpoints; health answers", async () => {
    const res = await fetch(`${h.url}/__sim/nope`);
    assert.equal(res.status, 404);
    assert.ok((await res.json()).endpoints.includes("POST faults"));
    assert.deepEqual(await h.ctl("GET", "health"), { ok: true, url: h.url });
  });
});
