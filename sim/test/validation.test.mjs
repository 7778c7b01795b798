// Every parameter rule the vendor states gives HTTP 200 with code 11; unknown things give 14.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startHarness } from "../testing/harness.mjs";

let h;
before(async () => {
  // a generous in-progress limit so that accepted works in these tables never hit 1001
  h = await startHarness({ maxInProgress: 1000, credits: 1_000_000 });
});
after(() => h.close());

const U = "https://example.com/a.mp3";
const V = "voice_public_01";
const A = "av_public_01";
const zh = (n) => "字".repeat(n);
const tts = (extra) => ({ text: "你好", voice: V, avatar: A, ...extra });

/** [name, path, body, expected code] */
const POST_CASES = [
  // titles: counted in 字 (wide or full-width 1, any other ½); the vendor limits voices and works to 20
  ["voice title of 20 Chinese characters", "voice/create", { title: zh(20), voice_type: 8, audio_url: U }, 0],
  ["voice title of 21 characters", "voice/create", { title: zh(21), voice_type: 8, audio_url: U }, 11],
  ["voice title missing", "voice/create", { voice_type: 8, audio_url: U }, 11],
  ["voice title empty", "voice/create", { title: "", voice_type: 8, audio_url: U }, 11],
  ["voice title not a string", "voice/create", { title: 5, voice_type: 8, audio_url: U }, 11],
  ["video title of 21 characters", "video/create_by_audio", { title: zh(21), audio_url: U, avatar: A }, 11],
  ["tts video title of 41 ASCII characters (20.5 字)", "video/create_by_tts", tts({ title: "a".repeat(41) }), 11],
  ["tts video title of 40 ASCII characters", "video/create_by_tts", tts({ title: "a".repeat(40) }), 0],
  ["the vendor MCP server's default work title (25 ASCII)", "video/create_by_tts", tts({ title: "Text-driven Lipsync Video" }), 0],
  ["voice title of 36 ASCII characters", "voice/create", { title: "Avatar for Text-driven Lipsync Video", voice_type: 8, audio_url: U }, 0],
  ["voice title of 20 Chinese and 1 ASCII (20.5 字)", "voice/create", { title: zh(20) + "a", voice_type: 8, audio_url: U }, 11],
  ["voice title of 21 full-width letters", "voice/create", { title: "Ａ".repeat(21), voice_type: 8, audio_url: U }, 11],
  ["voice title of 21 Hangul syllables", "voice/create", { title: "한".repeat(21), voice_type: 8, audio_url: U }, 11],
  ["tts video title of 21 emoji", "video/create_by_tts", tts({ title: "😀".repeat(21) }), 11],
  ["tts video title of 20 emoji (astral code points)", "video/create_by_tts", tts({ title: "😀".repeat(20) }), 0],
  ["audio title of 21 characters", "audio/create_by_tts", { title: zh(21), text: "x", voice: V }, 11],
  ["avatar titles have no stated limit", "avatar/create_by_video", { title: zh(30), video_url: U }, 0],
  ["avatar titles have no stated limit (image, 300 ASCII)", "avatar/create_by_image", { title: "a".repeat(300), image_url: "https://e.com/a.png" }, 0],
  // url / file_id
  ["video_url of 500 characters", "avatar/create_by_video", { video_url: "https://e.com/" + "a".repeat(486) }, 0],
  ["video_url of 501 characters", "avatar/create_by_video", { video_url: "https://e.com/" + "a".repeat(487) }, 11],
  ["video_url and file_id both", "avatar/create_by_video", { video_url: U, file_id: "file_x" }, 11],
  ["neither video_url nor file_id", "avatar/create_by_video", { title: "x" }, 11],
  ["video_url not a URL", "avatar/create_by_video", { video_url: "not a url" }, 11],
  ["video_url not http(s)", "avatar/create_by_video", { video_url: "ftp://e.com/a.mp4" }, 11],
  ["video_url empty", "avatar/create_by_video", { video_url: "" }, 11],
  ["video_url a number", "avatar/create_by_video", { video_url: 42 }, 11],
  ["image_url and file_id both", "avatar/create_by_image", { image_url: U, file_id: "f" }, 11],
  ["neither image_url nor file_id", "avatar/create_by_image", {}, 11],
  ["audio_url and file_id both (voice)", "voice/create", { title: "t", voice_type: 8, audio_url: U, file_id: "f" }, 11],
  ["neither audio_url nor file_id (voice)", "voice/create", { title: "t", voice_type: 8 }, 11],
  ["audio_url and file_id both (video)", "video/create_by_audio", { audio_url: U, file_id: "f", avatar: A }, 11],
  ["neither audio_url nor file_id (video)", "video/create_by_audio", { avatar: A }, 11],
  ["null counts as absent", "avatar/create_by_video", { video_url: U, file_id: null, title: null }, 0],
  // model, voice_type
  ["model 3", "avatar/create_by_image", { image_url: U, model: 3 }, 11],
  ["model as a string", "avatar/create_by_image", { image_url: U, model: "2" }, 11],
  ["model 1.5", "avatar/create_by_image", { image_url: U, model: 1.5 }, 11],
  ["voice_type 7", "voice/create", { title: "t", voice_type: 7, audio_url: U }, 11],
  ["voice_type 20", "voice/create", { title: "t", voice_type: 20, audio_url: U }, 11],
  ["voice_type missing", "voice/create", { title: "t", audio_url: U }, 11],
  ["voice_type as a string", "voice/create", { title: "t", voice_type: "8", audio_url: U }, 11],
  // text
  ["text of 10000 characters", "audio/create_by_tts", { text: zh(10000), voice: V }, 0],
  ["text of 10001 characters", "audio/create_by_tts", { text: zh(10001), voice: V }, 11],
  ["text empty", "audio/create_by_tts", { text: "", voice: V }, 11],
  ["text only spaces", "audio/create_by_tts", { text: "   ", voice: V }, 11],
  ["text missing", "video/create_by_tts", { voice: V, avatar: A }, 11],
  ["text with <b> tag", "video/create_by_tts", tts({ text: "你好<b>世界</b>" }), 11],
  ["text with <br/>", "audio/create_by_tts", { text: "一<br/>二", voice: V }, 11],
  ["text with <p class=x>", "audio/create_by_tts", { text: '<p class="x">hi', voice: V }, 11],
  ["text with an HTML comment", "audio/create_by_tts", { text: "a<!-- c -->b", voice: V }, 11],
  ["text with a < b > c is not HTML", "audio/create_by_tts", { text: "a < b > c, 1<2", voice: V }, 0],
  ["text not a string", "audio/create_by_tts", { text: ["x"], voice: V }, 11],
  // required ids
  ["voice missing (tts video)", "video/create_by_tts", { text: "x", avatar: A }, 11],
  ["avatar missing (tts video)", "video/create_by_tts", { text: "x", voice: V }, 11],
  ["avatar missing (audio video)", "video/create_by_audio", { audio_url: U }, 11],
  ["voice missing (audio)", "audio/create_by_tts", { text: "x" }, 11],
  // subtitles
  ["st_primary_color #ff00", "video/create_by_tts", tts({ st_primary_color: "#ff00" }), 11],
  ["st_primary_color red", "video/create_by_tts", tts({ st_primary_color: "red" }), 11],
  ["st_outline_color #GGGGGG", "video/create_by_tts", tts({ st_outline_color: "#GGGGGG" }), 11],
  ["st_outline_color without #", "video/create_by_tts", tts({ st_outline_color: "ff0000" }), 11],
  ["st_primary_color #FFaa00", "video/create_by_tts", tts({ st_primary_color: "#FFaa00" }), 0],
  ["st_show 2", "video/create_by_tts", tts({ st_show: 2 }), 11],
  ["st_show true", "video/create_by_tts", tts({ st_show: true }), 11],
  ["st_font_size 0", "video/create_by_tts", tts({ st_font_size: 0 }), 11],
  ["st_width as a string", "video/create_by_tts", tts({ st_width: "600" }), 11],
  ["st_height 0", "video/create_by_tts", tts({ st_height: 0 }), 11],
  ["st_pos_x 1.5", "video/create_by_tts", tts({ st_pos_x: 1.5 }), 11],
  ["st_font_name a number", "video/create_by_tts", tts({ st_font_name: 1 }), 11],
  // voice/edit: strings in range
  ["rate 0.5 and 2.0 bounds", "voice/edit", { voice: V, rate: "0.5", volume: "2.0", pitch: "0.1" }, 0],
  ["rate 0.4", "voice/edit", { voice: V, rate: "0.4", volume: "1.0", pitch: "1.0" }, 11],
  ["rate 2.1", "voice/edit", { voice: V, rate: "2.1", volume: "1.0", pitch: "1.0" }, 11],
  ["volume 0.05", "voice/edit", { voice: V, rate: "1.0", volume: "0.05", pitch: "1.0" }, 11],
  ["volume 2.5", "voice/edit", { voice: V, rate: "1.0", volume: "2.5", pitch: "1.0" }, 11],
  ["pitch 0", "voice/edit", { voice: V, rate: "1.0", volume: "1.0", pitch: "0" }, 11],
  ["pitch 2.01", "voice/edit", { voice: V, rate: "1.0", volume: "1.0", pitch: "2.01" }, 11],
  ["rate as a JSON number", "voice/edit", { voice: V, rate: 1.2, volume: "1.0", pitch: "1.0" }, 11],
  ["rate not a number", "voice/edit", { voice: V, rate: "fast", volume: "1.0", pitch: "1.0" }, 11],
  ["rate empty", "voice/edit", { voice: V, rate: "", volume: "1.0", pitch: "1.0" }, 11],
  ["pitch missing", "voice/edit", { voice: V, rate: "1.0", volume: "1.0" }, 11],
  ["voice missing (edit)", "voice/edit", { rate: "1.0", volume: "1.0", pitch: "1.0" }, 11],
  // create_upload_url
  ["file_extension missing", "tool/create_upload_url", {}, 11],
  ["file_extension not a string", "tool/create_upload_url", { file_extension: 4 }, 11],
  ["file_extension exe", "tool/create_upload_url", { file_extension: "exe" }, 2012],
  // unknown things: 14
  ["unknown avatar (audio video)", "video/create_by_audio", { audio_url: U, avatar: "av_nope" }, 14],
  ["unknown avatar (tts video)", "video/create_by_tts", tts({ avatar: "av_nope" }), 14],
  ["unknown voice (tts video)", "video/create_by_tts", tts({ voice: "voice_nope" }), 14],
  ["unknown voice (audio)", "audio/create_by_tts", { text: "x", voice: "voice_nope" }, 14],
  ["unknown voice (edit)", "voice/edit", { voice: "voice_nope", rate: "1.0", volume: "1.0", pitch: "1.0" }, 14],
  ["unknown file_id (avatar video)", "avatar/create_by_video", { file_id: "file_nope" }, 14],
  ["unknown file_id (avatar image)", "avatar/create_by_image", { file_id: "file_nope" }, 14],
  ["unknown file_id (voice)", "voice/create", { title: "t", voice_type: 8, file_id: "file_nope" }, 14],
  ["unknown file_id (video)", "video/create_by_audio", { file_id: "file_nope", avatar: A }, 14],
  ["format errors come before lookups", "video/create_by_tts", tts({ avatar: "av_nope", text: "" }), 11],
];

describe("POST parameter rules", () => {
  for (const [name, path, body, code] of POST_CASES) {
    test(`${name} -> ${code}`, async () => {
      const r = await h.api("POST", path, { body });
      assert.equal(r.status, 200);
      assert.equal(r.json.code, code, r.text);
      assert.match(r.json.request_id, /^req/);
      if (code !== 0) {
        assert.deepEqual(Object.keys(r.json), ["code", "message", "request_id"]);
        assert.ok(r.json.message.length > 0);
      }
    });
  }
});

describe("malformed bodies", () => {
  for (const [name, rawBody] of [
    ["not JSON", "{title: 1"],
    ["truncated JSON", '{"video_url": "https://e.com/a.mp4"'],
    ["a JSON array", '["https://e.com/a.mp4"]'],
    ["a JSON string", '"hello"'],
    ["JSON null", "null"],
  ]) {
    test(`${name} -> 11`, async () => {
      const r = await h.api("POST", "avatar/create_by_video", { rawBody });
      assert.equal(r.status, 200);
      assert.equal(r.json.code, 11);
    });
  }

  test("an empty body is {} (so required fields are missing) -> 11", async () => {
    const r = await h.api("POST", "tool/create_upload_url", { rawBody: "" });
    assert.equal(r.json.code, 11);
    assert.match(r.json.message, /file_extension/);
  });

  test("a body over 1 MiB -> 11", async () => {
    const r = await h.api("POST", "audio/create_by_tts", { body: { text: "a".repeat(1024 * 1024 + 10), voice: V } });
    assert.equal(r.status, 200);
    assert.equal(r.json.code, 11);
  });
});

describe("query parameters", () => {
  const cases = [
    ["avatar/list", { page: 0 }, 11],
    ["avatar/list", { size: 0 }, 11],
    ["avatar/list", { page: -1 }, 11],
    ["avatar/list", { page: "abc" }, 11],
    ["avatar/list", { size: "1.5" }, 11],
    ["avatar/list", { kind: 3 }, 11],
    ["avatar/list", { kind: 1 }, 0],
    ["avatar/list", { page: "" }, 0],
    ["voice/list", { page: 0 }, 11],
    ["voice/list", { size: -5 }, 11],
    ["voice/list", { kind: 0 }, 11],
    ["voice/list", { kind: 2, page: 99 }, 0],
    ["avatar/task", {}, 11],
    ["avatar/task", { task_id: "" }, 11],
    ["voice/task", {}, 11],
    ["video/task", {}, 11],
    ["avatar/task", { task_id: "1234567890123456" }, 14],
    ["voice/task", { task_id: "1234567890123456" }, 14],
    ["video/task", { task_id: "1234567890123456" }, 14],
  ];
  for (const [path, query, code] of cases) {
    test(`GET ${path} ${JSON.stringify(query)} -> ${code}`, async () => {
      const r = await h.api("GET", path, { query });
      assert.equal(r.status, 200);
      assert.equal(r.json.code, code, r.text);
    });
  }

  test("a task id is only found through its own query endpoint", async () => {
    const { task_id } = await h.post("avatar/create_by_video", { video_url: U });
    assert.equal((await h.get("avatar/task", { task_id })).code, 0);
    assert.equal((await h.get("voice/task", { task_id })).code, 14);
    assert.equal((await h.get("video/task", { task_id })).code, 14);
    const w = await h.post("audio/create_by_tts", { text: "x", voice: V });
    assert.equal((await h.get("video/task", { task_id: w.task_id })).code, 0);
    assert.equal((await h.get("avatar/task", { task_id: w.task_id })).code, 14);
  });
});
