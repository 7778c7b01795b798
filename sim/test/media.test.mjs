// Result media: the temporary video_Url / demo_url serve real files, with Range, and expire.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, beforeEach, describe, test } from "node:test";
import { startHarness } from "../testing/harness.mjs";

const MP4 = readFileSync(new URL("../assets/video.mp4", import.meta.url));
const MP3 = readFileSync(new URL("../assets/audio.mp3", import.meta.url));

let h;
before(async () => {
  h = await startHarness({ taskMs: 1000, resultTtlMs: 600_000 });
});
after(() => h.close());
beforeEach(() => h.ctl("POST", "reset"));

async function finishedWork(path, body) {
  const { task_id } = await h.post(path, body);
  await h.advance(1000);
  return h.get("video/task", { task_id });
}
const videoWork = () => finishedWork("video/create_by_audio", { audio_url: "https://example.com/a.mp3", avatar: "av_public_01" });

describe("the assets", () => {
  test("the MP4 is a real ISO-BMFF file with an H.264 track, small", () => {
    assert.equal(MP4.subarray(4, 8).toString(), "ftyp");
    assert.ok(MP4.includes(Buffer.from("avc1")), "an avc1 (H.264) sample entry");
    assert.ok(MP4.length > 4096 && MP4.length < 100_000, `${MP4.length} bytes`);
  });

  test("the MP3 starts with an ID3 tag or an MPEG frame sync", () => {
    assert.ok(MP3.subarray(0, 3).toString() === "ID3" || (MP3[0] === 0xff && (MP3[1] & 0xe0) === 0xe0));
    assert.ok(MP3.length > 1024 && MP3.length < 100_000);
  });
});

describe("serving", () => {
  test("video_Url serves the MP4 with its type and length, without a token header", async () => {
    const t = await videoWork();
    const res = await fetch(t.video_Url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "video/mp4");
    assert.equal(res.headers.get("accept-ranges"), "bytes");
    assert.equal(Number(res.headers.get("content-length")), MP4.length);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(MP4));
  });

  test("an audio work's video_Url and a voice's demo_url serve the MP3", async () => {
    const t = await finishedWork("audio/create_by_tts", { text: "x", voice: "voice_public_01" });
    const a = await fetch(t.video_Url);
    assert.equal(a.headers.get("content-type"), "audio/mpeg");
    assert.ok(Buffer.from(await a.arrayBuffer()).equals(MP3));
    const { task_id } = await h.post("voice/create", { title: "t", voice_type: 8, audio_url: "https://example.com/a.mp3" });
    await h.advance(1000);
    const v = await h.get("voice/task", { task_id });
    const d = await fetch(v.demo_url);
    assert.equal(d.status, 200);
    assert.equal(d.headers.get("content-type"), "audio/mpeg");
  });

  test("HEAD gives the headers only", async () => {
    const t = await videoWork();
    const res = await fetch(t.video_Url, { method: "HEAD" });
    assert.equal(res.status, 200);
    assert.equal(Number(res.headers.get("content-length")), MP4.length);
    assert.equal((await res.arrayBuffer()).byteLength, 0);
  });

  test("Range requests: bytes=a-b, a-, -n give 206; past the end gives 416", async () => {
    const t = await videoWork();
    const get = (range) => fetch(t.video_Url, { headers: { Range: range } });
    const r1 = await get("bytes=0-99");
    assert.equal(r1.status, 206);
    assert.equal(r1.headers.get("content-range"), `bytes 0-99/${MP4.length}`);
    assert.ok(Buffer.from(await r1.arrayBuffer()).equals(MP4.subarray(0, 100)));
    const r2 = await get("bytes=1000-");
    assert.equal(r2.status, 206);
    assert.ok(Buffer.from(await r2.arrayBuffer()).equals(MP4.subarray(1000)));
    const r3 = await get("bytes=-10");
    assert.equal(r3.headers.get("content-range"), `bytes ${MP4.length - 10}-${MP4.length - 1}/${MP4.length}`);
    assert.ok(Buffer.from(await r3.arrayBuffer()).equals(MP4.subarray(-10)));
    const r4 = await get(`bytes=${MP4.length}-`);
    assert.equal(r4.status, 416);
    assert.equal(r4.headers.get("content-range"), `bytes */${MP4.length}`);
    const r5 = await get("bytes=0-1,5-6"); // multiple ranges: the whole file
    assert.equal(r5.status, 200);
  });

  test("each query gives a fresh URL; an old one still works until it expires", async () => {
    const t1 = await videoWork();
    await h.advance(2000);
    const again = await h.get("video/task", { task_id: new URL(t1.video_Url).pathname.match(/(\d+)\.mp4/)[1] });
    assert.notEqual(again.video_Url, t1.video_Url);
    assert.equal((await fetch(t1.video_Url)).status, 200);
  });
});

describe("refusals", () => {
  test("after result_ttl_ms the token has expired -> 403", async () => {
    const t = await videoWork();
    assert.equal((await fetch(t.video_Url)).status, 200);
    await h.advance(601_000);
    const res = await fetch(t.video_Url);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /Request has expired/);
  });

  test("a tampered token, a changed expiry, or no token -> 403", async () => {
    const t = await videoWork();
    const u = new URL(t.video_Url);
    const tok = u.searchParams.get("token");
    for (const [k, v] of [["token", (tok[0] === "a" ? "b" : "a") + tok.slice(1)], ["expires", String(Number(u.searchParams.get("expires")) + 1)], ["token", ""]]) {
      const bad = new URL(u);
      bad.searchParams.set(k, v);
      assert.equal((await fetch(bad)).status, 403, `${k}=${v}`);
    }
    assert.equal((await fetch(u.origin + u.pathname)).status, 403);
  });

  test("a task that is not done, a wrong extension, an unknown id -> 404", async () => {
    const { task_id } = await h.post("video/create_by_audio", { audio_url: "https://example.com/a.mp3", avatar: "av_public_01" });
    assert.equal((await fetch(`${h.url}/media/${task_id}.mp4?expires=9999999999&token=x`)).status, 404);
    await h.advance(1000);
    assert.equal((await fetch(`${h.url}/media/${task_id}.mp3?expires=9999999999&token=x`)).status, 404);
    assert.equal((await fetch(`${h.url}/media/1234567890123456.mp4?expires=9999999999&token=x`)).status, 404);
  });
});
