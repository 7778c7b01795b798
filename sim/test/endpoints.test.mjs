// The happy path of each of the 14 endpoints, with the vendor's response shapes.

import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { startHarness } from "../testing/harness.mjs";

let h;
before(async () => {
  h = await startHarness({ taskMs: 3000, credits: 1000, price: 10 });
});
after(() => h.close());
beforeEach(() => h.ctl("POST", "reset"));

const TASK_ID = /^[1-9]\d{15}$/;
const REQUEST_ID = /^req[0-9a-f]{24}$/;

function assertCreated(r) {
  assert.deepEqual(Object.keys(r), ["code", "message", "task_id", "request_id"]);
  assert.equal(r.code, 0);
  assert.equal(r.message, "");
  assert.match(r.task_id, TASK_ID);
  assert.match(r.request_id, REQUEST_ID);
}

describe("avatars", () => {
  test("create_by_video, then avatar/task goes to 3 with an avatar, which joins avatar/list kind 1", async () => {
    const r = await h.post("avatar/create_by_video", { title: "我的数字人", video_url: "https://example.com/my_video.mp4" });
    assertCreated(r);
    const t1 = await h.get("avatar/task", { task_id: r.task_id });
    assert.deepEqual(Object.keys(t1), ["code", "message", "status", "avatar", "request_id"]);
    assert.deepEqual([t1.code, t1.status, t1.avatar], [0, 1, ""]);
    assert.deepEqual((await h.get("avatar/list", { kind: 1 })).data, []);
    await h.advance(3000);
    const t3 = await h.get("avatar/task", { task_id: r.task_id });
    assert.equal(t3.status, 3);
    assert.match(t3.avatar, /^av_[0-9a-f]{12}$/);
    const own = await h.get("avatar/list", { kind: 1 });
    assert.deepEqual(own.data, [{ avatar: t3.avatar, kind: 1, title: "我的数字人" }]);
  });

  test("the same video URL gives the same avatar (the vendor's note), listed once", async () => {
    const a = await h.post("avatar/create_by_video", { video_url: "https://example.com/same.mp4" });
    const b = await h.post("avatar/create_by_video", { title: "again", video_url: "https://example.com/same.mp4" });
    assert.notEqual(a.task_id, b.task_id);
    await h.advance(3000);
    const ta = await h.get("avatar/task", { task_id: a.task_id });
    const tb = await h.get("avatar/task", { task_id: b.task_id });
    assert.equal(ta.avatar, tb.avatar);
    const own = (await h.get("avatar/list", { kind: 1 })).data;
    assert.equal(own.length, 1);
    assert.equal(own[0].title, "again");
  });

  test("create_by_video without a title uses 未命名", async () => {
    await h.post("avatar/create_by_video", { video_url: "https://example.com/x.mp4" });
    await h.advance(3000);
    assert.equal((await h.get("avatar/list", { kind: 1 })).data[0].title, "未命名");
  });

  test("create_by_image spends credits and produces an avatar", async () => {
    const r = await h.post("avatar/create_by_image", { title: "我的图片数字人", image_url: "https://example.com/my_image.jpg", model: 2 });
    assertCreated(r);
    assert.equal((await h.get("account/credit")).left, 990);
    await h.advance(3000);
    const t = await h.get("avatar/task", { task_id: r.task_id });
    assert.equal(t.status, 3);
    assert.ok((await h.get("avatar/list", { kind: 1 })).data.some((a) => a.avatar === t.avatar));
  });

  test("create_by_image accepts model 1 and defaults model to 2", async () => {
    await h.post("avatar/create_by_image", { image_url: "https://example.com/a.png", model: 1 });
    await h.post("avatar/create_by_image", { image_url: "https://example.com/b.png" });
    const { tasks } = await h.ctl("GET", "state");
    assert.deepEqual(tasks.map((t) => t.input.model).sort(), [1, 2]);
  });

  test("avatar/list defaults to kind 2, page 1, size 20 and pages through 25 public avatars", async () => {
    const p1 = await h.get("avatar/list");
    assert.deepEqual(Object.keys(p1), ["code", "message", "data", "request_id"]);
    assert.equal(p1.data.length, 20);
    for (const a of p1.data) {
      assert.deepEqual(Object.keys(a), ["avatar", "kind", "title"]);
      assert.equal(a.kind, 2);
    }
    const p2 = await h.get("avatar/list", { page: 2 });
    assert.equal(p2.data.length, 5);
    assert.deepEqual((await h.get("avatar/list", { page: 3 })).data, []);
    const small = await h.get("avatar/list", { page: 2, size: 10, kind: 2 });
    assert.deepEqual(small.data, p1.data.slice(10, 20));
    const ids = new Set([...p1.data, ...p2.data].map((a) => a.avatar));
    assert.equal(ids.size, 25);
  });
});

describe("voices", () => {
  test("voice/create, voice/task with a demo_url, then voice/list kind 1", async () => {
    const r = await h.post("voice/create", { title: "我的声音", voice_type: 8, audio_url: "https://example.com/my_audio.mp3" });
    assertCreated(r);
    const t1 = await h.get("voice/task", { task_id: r.task_id });
    assert.deepEqual(Object.keys(t1), ["code", "message", "status", "voice", "demo_url", "request_id"]);
    assert.deepEqual([t1.status, t1.voice, t1.demo_url], [1, "", ""]);
    await h.advance(3000);
    const t3 = await h.get("voice/task", { task_id: r.task_id });
    assert.equal(t3.status, 3);
    assert.match(t3.voice, /^voice_[0-9a-f]{12}$/);
    assert.ok(t3.demo_url.startsWith(`${h.url}/media/${r.task_id}.mp3?`));
    const own = await h.get("voice/list");
    assert.deepEqual(own.data, [{ voice: t3.voice, type: 8, title: "我的声音", rate: "1.0", volume: "1.0", pitch: "1.0" }]);
  });

  test("voice/list kind 2 lists public voices of type 10 with string parameters", async () => {
    const r = await h.get("voice/list", { kind: 2 });
    assert.ok(r.data.length >= 10);
    for (const v of r.data) {
      assert.deepEqual(Object.keys(v), ["voice", "type", "title", "rate", "volume", "pitch"]);
      assert.equal(v.type, 10);
      assert.equal(typeof v.rate, "string");
    }
    assert.equal((await h.get("voice/list", { kind: 2, size: 5, page: 2 })).data[0].voice, r.data[5].voice);
  });

  test("voice/edit changes the stored rate/volume/pitch shown by voice/list", async () => {
    const r = await h.post("voice/create", { title: "v", voice_type: 8, audio_url: "https://example.com/a.wav" });
    await h.advance(3000);
    const { voice } = await h.get("voice/task", { task_id: r.task_id });
    const e = await h.post("voice/edit", { voice, rate: "1.2", volume: "1.0", pitch: "0.9" });
    assert.deepEqual(Object.keys(e), ["code", "message", "request_id"]);
    assert.equal(e.code, 0);
    const [v] = (await h.get("voice/list")).data;
    assert.deepEqual([v.rate, v.volume, v.pitch], ["1.2", "1.0", "0.9"]);
  });

  test("voice/edit works on a public voice too, and reset restores it", async () => {
    assert.equal((await h.post("voice/edit", { voice: "voice_public_01", rate: "0.5", volume: "2.0", pitch: "0.1" })).code, 0);
    const v = (await h.get("voice/list", { kind: 2 })).data.find((x) => x.voice === "voice_public_01");
    assert.deepEqual([v.rate, v.volume, v.pitch], ["0.5", "2.0", "0.1"]);
    await h.ctl("POST", "reset");
    const w = (await h.get("voice/list", { kind: 2 })).data.find((x) => x.voice === "voice_public_01");
    assert.equal(w.rate, "1.0");
  });
});

describe("works", () => {
  test("video/create_by_audio -> video/task with video_Url (capital U) and duration", async () => {
    const r = await h.post("video/create_by_audio", { title: "音频驱动视频", audio_url: "https://example.com/my_audio.mp3", avatar: "av_public_01" });
    assertCreated(r);
    const t1 = await h.get("video/task", { task_id: r.task_id });
    assert.deepEqual(Object.keys(t1), ["code", "message", "status", "video_Url", "duration", "request_id"]);
    assert.deepEqual([t1.status, t1.video_Url, t1.duration], [1, "", 0]);
    await h.advance(3000);
    const t3 = await h.get("video/task", { task_id: r.task_id });
    assert.equal(t3.status, 3);
    assert.equal(t3.duration, 2);
    const u = new URL(t3.video_Url);
    assert.equal(u.pathname, `/media/${r.task_id}.mp4`);
    assert.ok(u.searchParams.get("token"));
    assert.equal("video_url" in t3, false);
  });

  test("video/create_by_tts with every subtitle field", async () => {
    const r = await h.post("video/create_by_tts", {
      title: "文本驱动视频",
      text: "这是一段测试文本，用于生成数字人视频。",
      voice: "voice_public_02",
      avatar: "av_public_03",
      st_show: 1,
      st_font_name: "抖音美好体",
      st_font_size: 100,
      st_primary_color: "#ff0000",
      st_outline_color: "#00FF00",
      st_width: 600,
      st_height: 100,
      st_pos_x: 60,
      st_pos_y: 900,
    });
    assertCreated(r);
    await h.advance(3000);
    const t = await h.get("video/task", { task_id: r.task_id });
    assert.equal(t.status, 3);
    assert.match(t.video_Url, /\.mp4\?/);
  });

  test("audio/create_by_tts is queried through video/task and yields an mp3", async () => {
    const r = await h.post("audio/create_by_tts", { title: "音频创作", text: "这是一段测试文本，用于生成音频。", voice: "voice_public_01" });
    assertCreated(r);
    await h.advance(3000);
    const t = await h.get("video/task", { task_id: r.task_id });
    assert.equal(t.status, 3);
    assert.equal(new URL(t.video_Url).pathname, `/media/${r.task_id}.mp3`);
    assert.equal(t.duration, 2);
  });

  test("works can use a cloned avatar and a cloned voice once their tasks are done", async () => {
    const a = await h.post("avatar/create_by_video", { video_url: "https://example.com/me.mp4" });
    const v = await h.post("voice/create", { title: "me", voice_type: 8, audio_url: "https://example.com/me.mp3" });
    await h.advance(3000);
    const avatar = (await h.get("avatar/task", { task_id: a.task_id })).avatar;
    const voice = (await h.get("voice/task", { task_id: v.task_id })).voice;
    assertCreated(await h.post("video/create_by_tts", { text: "hi", voice, avatar }));
  });

  test("each credit-costing endpoint spends the price; the others spend nothing", async () => {
    const left = async () => (await h.get("account/credit")).left;
    await h.post("avatar/create_by_video", { video_url: "https://example.com/v.mp4" });
    await h.post("voice/create", { title: "t", voice_type: 8, audio_url: "https://example.com/a.mp3" });
    await h.post("tool/create_upload_url", { file_extension: "mp4" });
    assert.equal(await left(), 1000);
    await h.post("avatar/create_by_image", { image_url: "https://example.com/i.jpg" });
    await h.post("video/create_by_audio", { audio_url: "https://example.com/a.mp3", avatar: "av_public_01" });
    await h.post("video/create_by_tts", { text: "t", voice: "voice_public_01", avatar: "av_public_01" });
    await h.post("audio/create_by_tts", { text: "t", voice: "voice_public_01" });
    assert.equal(await left(), 960);
  });
});

describe("tool and account", () => {
  test("create_upload_url answers like the vendor's example (no code/message)", async () => {
    const r = await h.post("tool/create_upload_url", { file_extension: "mp4" });
    assert.deepEqual(Object.keys(r), ["upload_url", "content_type", "file_id", "request_id"]);
    assert.equal(r.content_type, "video/mp4");
    assert.match(r.file_id, /^file_[0-9a-f]{16}$/);
    const u = new URL(r.upload_url);
    assert.equal(u.origin, h.url);
    assert.match(r.upload_url, /\/upload\/uploads%2Ffile_[0-9a-f]{16}\.mp4\?Expires=\d+&OSSAccessKeyId=\w+&Signature=/);
    assert.ok(Number(u.searchParams.get("Expires")) > Date.now() / 1000);
  });

  test("content_type follows the extension", async () => {
    const want = { mp4: "video/mp4", mov: "video/quicktime", mp3: "audio/mpeg", m4a: "audio/mp4", wav: "audio/wav", jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", ".MP4": "video/mp4" };
    for (const [ext, type] of Object.entries(want)) {
      const r = await h.post("tool/create_upload_url", { file_extension: ext });
      assert.equal(r.content_type, type, ext);
    }
  });

  test("account/credit reports the balance", async () => {
    const r = await h.get("account/credit");
    assert.deepEqual(r, { code: 0, message: "", left: 1000, request_id: r.request_id });
  });
});
