// Task progression 1 -> 2 -> 3, failure (4) through the SIM_FAIL marker, credits (1002),
// the in-progress limit (1001).

import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { eventually, startHarness } from "../testing/harness.mjs";

let h;
before(async () => {
  h = await startHarness({ taskMs: 3000, credits: 100, price: 10, maxInProgress: 3 });
});
after(() => h.close());
beforeEach(() => h.ctl("POST", "reset"));

const AUDIO = "https://example.com/a.mp3";
const work = (extra = {}) => h.post("video/create_by_audio", { audio_url: AUDIO, avatar: "av_public_01", ...extra });

describe("progression", () => {
  test("status is 1 for the first third of SIM_TASK_MS, then 2, then 3 (frozen clock)", async () => {
    await h.ctl("POST", "clock", { freeze: true });
    const { task_id } = await work();
    const status = async () => (await h.get("video/task", { task_id })).status;
    assert.equal(await status(), 1);
    await h.advance(999);
    assert.equal(await status(), 1);
    await h.advance(1);
    assert.equal(await status(), 2);
    await h.advance(1999);
    assert.equal(await status(), 2);
    await h.advance(1);
    assert.equal(await status(), 3);
  });

  test("each kind of task progresses through its own query endpoint", async () => {
    const ids = {
      avatar: (await h.post("avatar/create_by_video", { video_url: "https://example.com/v.mp4" })).task_id,
      voice: (await h.post("voice/create", { title: "v", voice_type: 8, audio_url: AUDIO })).task_id,
      video: (await work()).task_id,
    };
    await h.advance(1500);
    for (const [q, id] of Object.entries(ids)) assert.equal((await h.get(`${q}/task`, { task_id: id })).status, 2, q);
    await h.advance(1500);
    for (const [q, id] of Object.entries(ids)) assert.equal((await h.get(`${q}/task`, { task_id: id })).status, 3, q);
  });

  test("in real time, with a short task time, a task reaches 3 by itself", async () => {
    await h.ctl("POST", "config", { task_ms: 40 });
    const { task_id } = await work();
    const seen = new Set();
    await eventually(async () => {
      const s = (await h.get("video/task", { task_id })).status;
      seen.add(s);
      return s === 3;
    });
    assert.ok(seen.has(3));
    assert.ok([...seen].every((s) => [1, 2, 3].includes(s)));
  });

  test("task_ms set at runtime applies to tasks submitted afterwards", async () => {
    const before = await work();
    await h.ctl("POST", "config", { task_ms: 0 });
    const now = await work();
    assert.equal((await h.get("video/task", { task_id: now.task_id })).status, 3);
    assert.equal((await h.get("video/task", { task_id: before.task_id })).status, 1);
  });
});

describe("failure marker", () => {
  async function failed(query, create) {
    const { task_id } = await create();
    assert.notEqual((await h.get(`${query}/task`, { task_id })).status, 4, "not failed before its time");
    await h.advance(3000);
    return h.get(`${query}/task`, { task_id });
  }

  test("SIM_FAIL in a video_url: avatar task ends 4 with code 2014 and a message", async () => {
    const r = await failed("avatar", () => h.post("avatar/create_by_video", { video_url: "https://example.com/SIM_FAIL.mp4" }));
    assert.equal(r.status, 4);
    assert.equal(r.code, 2014);
    assert.match(r.message, /获取视频资源失败/);
    assert.equal(r.avatar, "");
    assert.deepEqual((await h.get("avatar/list", { kind: 1 })).data, []);
  });

  test("SIM_FAIL in an avatar title: 2015 (数字人克隆失败)", async () => {
    const r = await failed("avatar", () => h.post("avatar/create_by_video", { title: "SIM_FAIL", video_url: "https://example.com/v.mp4" }));
    assert.deepEqual([r.status, r.code], [4, 2015]);
  });

  test("SIM_FAIL in an image_url: 2016", async () => {
    const r = await failed("avatar", () => h.post("avatar/create_by_image", { image_url: "https://example.com/SIM_FAIL.png" }));
    assert.deepEqual([r.status, r.code], [4, 2016]);
  });

  test("SIM_FAIL in a voice clone: 2013, no voice, no demo_url, not listed", async () => {
    const r = await failed("voice", () => h.post("voice/create", { title: "SIM_FAIL", voice_type: 8, audio_url: AUDIO }));
    assert.deepEqual([r.status, r.code, r.voice, r.demo_url], [4, 2013, "", ""]);
    assert.deepEqual((await h.get("voice/list")).data, []);
  });

  test("SIM_FAIL:<code> picks the code (works: video, tts, audio)", async () => {
    for (const create of [
      () => work({ title: "SIM_FAIL:1011" }),
      () => h.post("video/create_by_tts", { text: "SIM_FAIL:1011", voice: "voice_public_01", avatar: "av_public_01" }),
      () => h.post("audio/create_by_tts", { text: "x", title: "x SIM_FAIL:1011", voice: "voice_public_01" }),
    ]) {
      const { task_id } = await create();
      await h.advance(3000);
      const r = await h.get("video/task", { task_id });
      assert.deepEqual([r.status, r.code, r.video_Url, r.duration], [4, 1011, "", 0]);
      assert.match(r.message, /声音与名人相似/);
    }
  });

  test("a failed work gives its credits back", async () => {
    await work({ audio_url: "https://example.com/SIM_FAIL.mp3" });
    assert.equal((await h.get("account/credit")).left, 90);
    await h.advance(3000);
    assert.equal((await h.get("account/credit")).left, 100);
  });

  test("failed_task_code=zero answers a failed task with code 0 and the message", async () => {
    await h.ctl("POST", "config", { failed_task_code: "zero" });
    const r = await failed("video", () => work({ title: "SIM_FAIL" }));
    assert.deepEqual([r.status, r.code], [4, 0]);
    assert.match(r.message, /获取音频资源失败/);
  });
});

describe("credits", () => {
  test("credits run out -> 1002, and nothing is created", async () => {
    await h.ctl("POST", "config", { max_in_progress: 100 });
    for (let i = 0; i < 10; i++) assert.equal((await work()).code, 0);
    assert.equal((await h.get("account/credit")).left, 0);
    for (const [path, body] of [
      ["video/create_by_audio", { audio_url: AUDIO, avatar: "av_public_01" }],
      ["video/create_by_tts", { text: "x", voice: "voice_public_01", avatar: "av_public_01" }],
      ["audio/create_by_tts", { text: "x", voice: "voice_public_01" }],
      ["avatar/create_by_image", { image_url: "https://example.com/i.png" }],
    ]) {
      const r = await h.api("POST", path, { body });
      assert.equal(r.status, 200);
      assert.equal(r.json.code, 1002, path);
      assert.equal(r.json.task_id, undefined);
    }
    assert.equal((await h.ctl("GET", "state")).tasks.length, 10);
    // free endpoints still work
    assert.equal((await h.post("avatar/create_by_video", { video_url: "https://example.com/v.mp4" })).code, 0);
  });

  test("the balance can be set at runtime", async () => {
    await h.ctl("POST", "config", { credits: 5 });
    assert.equal((await h.get("account/credit")).left, 5);
    assert.equal((await work()).code, 1002);
    await h.ctl("POST", "config", { credits: 10 });
    assert.equal((await work()).code, 0);
    assert.equal((await h.get("account/credit")).left, 0);
  });

  test("the price can be changed", async () => {
    await h.ctl("POST", "config", { price: 30 });
    await work();
    assert.equal((await h.get("account/credit")).left, 70);
  });
});

describe("works in progress", () => {
  test("a 4th work while 3 are in progress -> 1001; a slot frees when one finishes", async () => {
    const first = await work();
    await h.advance(1000);
    await work();
    await work();
    const r = await h.api("POST", "video/create_by_tts", { body: { text: "x", voice: "voice_public_01", avatar: "av_public_01" } });
    assert.equal(r.json.code, 1001);
    assert.equal((await h.api("POST", "audio/create_by_tts", { body: { text: "x", voice: "voice_public_01" } })).json.code, 1001);
    assert.equal((await h.get("account/credit")).left, 70, "a refused work costs nothing");
    // clones are not works: they are not limited
    assert.equal((await h.post("voice/create", { title: "t", voice_type: 8, audio_url: AUDIO })).code, 0);
    await h.advance(2000); // only the first is done now
    assert.equal((await h.get("video/task", { task_id: first.task_id })).status, 3);
    assert.equal((await work()).code, 0);
    assert.equal((await work()).code, 1001);
  });

  test("failed works free their slot too, and the limit is settable", async () => {
    await h.ctl("POST", "config", { max_in_progress: 1 });
    await work({ title: "SIM_FAIL" });
    assert.equal((await work()).code, 1001);
    await h.advance(3000);
    assert.equal((await work()).code, 0);
  });

  test("1001 is checked before 1002", async () => {
    await h.ctl("POST", "config", { max_in_progress: 0, credits: 0 });
    assert.equal((await work()).code, 1001);
  });
});
