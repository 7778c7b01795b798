// Callbacks: the vendor's payloads POSTed to SIM_CALLBACK_URL, retried until HTTP 200 or
// until the retry window is over.

import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { eventually, startHarness } from "../testing/harness.mjs";

/** A local receiver that answers each POST with the next status from `plan` (then the last one). */
async function receiver(plan = [200]) {
  const got = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      got.push({ method: req.method, url: req.url, headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString()) });
      res.writeHead(plan[Math.min(got.length - 1, plan.length - 1)]);
      res.end("ok");
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { got, url: `http://127.0.0.1:${server.address().port}/hook?secret=s3cret`, close: () => new Promise((r) => server.close(r)) };
}

let h;
let rx;
before(async () => {
  h = await startHarness({ taskMs: 1000, callbackIntervalMs: 20, callbackRetryMs: 300_000 });
});
after(() => h.close());
beforeEach(() => h.ctl("POST", "reset"));
afterEach(() => rx?.close());

const delivered = async (n) => eventually(async () => (await h.ctl("GET", "callbacks")).callbacks.filter((c) => c.state !== "pending").length >= n && (await h.ctl("GET", "callbacks")).callbacks);

describe("payloads", () => {
  test("a video work: type 1 with video_Url, duration, title, in the vendor's field order", async () => {
    rx = await receiver();
    await h.ctl("POST", "config", { callback_url: rx.url });
    const { task_id } = await h.post("video/create_by_tts", { title: "我的视频创作", text: "x", voice: "voice_public_01", avatar: "av_public_01" });
    assert.equal(rx.got.length, 0, "nothing before the task ends");
    await h.advance(1000);
    await eventually(() => rx.got.length === 1);
    const { method, url, headers, body } = rx.got[0];
    assert.equal(method, "POST");
    assert.equal(url, "/hook?secret=s3cret");
    assert.match(headers["content-type"], /^application\/json/);
    assert.deepEqual(Object.keys(body), ["task_id", "status", "video_Url", "type", "duration", "message", "code", "title"]);
    assert.deepEqual({ ...body, video_Url: undefined }, { task_id, status: 3, video_Url: undefined, type: 1, duration: 2, message: "", code: 0, title: "我的视频创作" });
    assert.equal((await fetch(body.video_Url)).status, 200);
    const [c] = await delivered(1);
    assert.deepEqual([c.state, c.attempts.length, c.attempts[0].status, c.type], ["delivered", 1, 200, 1]);
  });

  test("an audio work is type 1 too", async () => {
    rx = await receiver();
    await h.ctl("POST", "config", { callback_url: rx.url });
    await h.post("audio/create_by_tts", { text: "x", voice: "voice_public_01" });
    await h.advance(1000);
    await eventually(() => rx.got.length === 1);
    assert.equal(rx.got[0].body.type, 1);
    assert.match(rx.got[0].body.video_Url, /\.mp3\?/);
  });

  test("an avatar clone: type 2; a voice clone: type 3 with demo_url (V2 events on by default)", async () => {
    rx = await receiver();
    await h.ctl("POST", "config", { callback_url: rx.url });
    const a = await h.post("avatar/create_by_video", { video_url: "https://example.com/v.mp4" });
    await h.advance(500);
    const v = await h.post("voice/create", { title: "t", voice_type: 8, audio_url: "https://example.com/a.mp3" });
    await h.advance(500);
    await eventually(() => rx.got.length === 1);
    await h.advance(500);
    await eventually(() => rx.got.length === 2);
    const [ea, ev] = rx.got.map((g) => g.body);
    assert.deepEqual(Object.keys(ea), ["task_id", "message", "code", "type", "status", "avatar"]);
    assert.deepEqual({ ...ea, avatar: "-" }, { task_id: a.task_id, message: "", code: 0, type: 2, status: 3, avatar: "-" });
    assert.equal(ea.avatar, (await h.get("avatar/task", { task_id: a.task_id })).avatar);
    assert.deepEqual(Object.keys(ev), ["task_id", "message", "code", "type", "status", "voice", "demo_url"]);
    assert.deepEqual([ev.task_id, ev.type, ev.status, ev.code], [v.task_id, 3, 3, 0]);
    assert.equal((await fetch(ev.demo_url)).status, 200);
  });

  test("with callback_v2 off only works are called back", async () => {
    rx = await receiver();
    await h.ctl("POST", "config", { callback_url: rx.url, callback_v2: false });
    await h.post("avatar/create_by_video", { video_url: "https://example.com/v.mp4" });
    await h.post("voice/create", { title: "t", voice_type: 8, audio_url: "https://example.com/a.mp3" });
    await h.post("audio/create_by_tts", { text: "x", voice: "voice_public_01" });
    await h.advance(1000);
    await delivered(1);
    assert.deepEqual(rx.got.map((g) => g.body.type), [1]);
    assert.equal((await h.ctl("GET", "callbacks")).callbacks.length, 1);
  });

  test("failed tasks are called back with status 4, the code and the message", async () => {
    rx = await receiver();
    await h.ctl("POST", "config", { callback_url: rx.url });
    await h.post("video/create_by_audio", { title: "SIM_FAIL", audio_url: "https://example.com/a.mp3", avatar: "av_public_01" });
    await h.post("avatar/create_by_video", { video_url: "https://example.com/SIM_FAIL.mp4" });
    await h.advance(1000);
    await eventually(() => rx.got.length === 2);
    const byType = Object.fromEntries(rx.got.map((g) => [g.body.type, g.body]));
    assert.deepEqual([byType[1].status, byType[1].code, byType[1].video_Url, byType[1].duration], [4, 2013, "", 0]);
    assert.match(byType[1].message, /获取音频资源失败/);
    assert.deepEqual([byType[2].status, byType[2].code, byType[2].avatar], [4, 2014, ""]);
  });

  test("tasks ending on their own (real time) are called back", async () => {
    rx = await receiver();
    await h.ctl("POST", "config", { callback_url: rx.url, task_ms: 30 });
    const { task_id } = await h.post("audio/create_by_tts", { text: "x", voice: "voice_public_01" });
    await eventually(() => rx.got.length === 1);
    assert.equal(rx.got[0].body.task_id, task_id);
  });

  test("no callback URL, no callbacks", async () => {
    await h.post("audio/create_by_tts", { text: "x", voice: "voice_public_01" });
    await h.advance(1000);
    assert.deepEqual((await h.ctl("GET", "callbacks")).callbacks, []);
  });
});

describe("retries", () => {
  test("a receiver answering 500, then 204, then 200 gets the same payload three times", async () => {
    rx = await receiver([500, 204, 200]);
    await h.ctl("POST", "config", { callback_url: rx.url });
    await h.post("audio/create_by_tts", { text: "x", voice: "voice_public_01" });
    await h.advance(1000);
    const [c] = await delivered(1);
    assert.equal(c.state, "delivered");
    assert.deepEqual(c.attempts.map((a) => a.status), [500, 204, 200]);
    assert.equal(rx.got.length, 3);
    assert.deepEqual(rx.got[0].body, rx.got[2].body);
  });

  test("a receiver that never answers 200 is given up after the retry window", async () => {
    rx = await receiver([503]);
    await h.ctl("POST", "config", { callback_url: rx.url, callback_retry_ms: 150, callback_interval_ms: 20 });
    await h.post("audio/create_by_tts", { text: "x", voice: "voice_public_01" });
    await h.advance(1000);
    const [c] = await delivered(1);
    assert.equal(c.state, "gave_up");
    // attempts at about 0, 20, 60, 140 ms; the next (300 ms) would be past the 150 ms window
    assert.ok(c.attempts.length >= 2 && c.attempts.length <= 4, `${c.attempts.length} attempts`);
    assert.equal(rx.got.length, c.attempts.length);
    const n = rx.got.length;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(rx.got.length, n, "no attempt after giving up");
  });

  test("an unreachable receiver is retried too, and recorded as an error", async () => {
    rx = await receiver();
    const url = rx.url;
    await rx.close();
    rx = null;
    await h.ctl("POST", "config", { callback_url: url, callback_retry_ms: 60, callback_interval_ms: 20 });
    await h.post("audio/create_by_tts", { text: "x", voice: "voice_public_01" });
    await h.advance(1000);
    const [c] = await delivered(1);
    assert.equal(c.state, "gave_up");
    assert.ok(c.attempts.length >= 2);
    assert.ok(c.attempts.every((a) => a.error && a.status === undefined));
  });

  test("reset stops pending retries", async () => {
    rx = await receiver([500]);
    await h.ctl("POST", "config", { callback_url: rx.url, callback_interval_ms: 50 });
    await h.post("audio/create_by_tts", { text: "x", voice: "voice_public_01" });
    await h.advance(1000);
    await eventually(() => rx.got.length >= 1);
    await h.ctl("POST", "reset");
    const n = rx.got.length;
    await new Promise((r) => setTimeout(r, 150));
    assert.ok(rx.got.length <= n + 1, "at most an attempt already in flight");
    assert.deepEqual((await h.ctl("GET", "callbacks")).callbacks, []);
  });
});
