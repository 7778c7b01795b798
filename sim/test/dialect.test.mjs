// The loose dialect: SIM_DIALECT / option `dialect` / POST /__sim/config {dialect}, and the
// `loose` fault. A loose API answer has extra fields, nulls for the documented fields the strict
// answer omits or leaves empty, no message/request_id, and all-digit ids as JSON numbers.

import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { optionsFromEnv, resolveConfig } from "../lib/index.mjs";
import { ANSWER_FIELDS, loosen, numericId } from "../lib/dialect.mjs";
import { startHarness } from "../testing/harness.mjs";

/** Every field name on the vendor's page (request and response tables, callbacks). */
const SPEC_NAMES = new Set([
  "message", "code", "task_id", "request_id", "status", "avatar", "data", "kind", "title", "voice", "type",
  "rate", "volume", "pitch", "demo_url", "video_Url", "duration", "upload_url", "content_type", "file_id", "left",
  "video_url", "image_url", "model", "page", "size", "voice_type", "audio_url", "text", "file_extension",
  "st_show", "st_font_name", "st_font_size", "st_primary_color", "st_outline_color", "st_width", "st_height", "st_pos_x", "st_pos_y",
]);
const TOP_EXTRAS = ["trace_id", "extra_field", "elapsed_ms", "deprecated"];
const ITEM_EXTRAS = ["extra_field", "sort_order", "labels"];

const AUDIO = "https://example.com/a.mp3";
const A = "av_public_01";
const V = "voice_public_01";

/**
 * Asserts the loose changes on one answer: the extras, no message/request_id, exactly `nulls`
 * null among the documented fields, and `present` fields present and not null.
 */
function assertLoose(body, { nulls = [], present = [] } = {}) {
  for (const k of TOP_EXTRAS) assert.ok(k in body, `extra field ${k} in ${JSON.stringify(body)}`);
  for (const k of TOP_EXTRAS) assert.equal(SPEC_NAMES.has(k), false, `${k} is not a name on the vendor's page`);
  assert.match(body.trace_id, /^[0-9a-f]{32}$/);
  assert.deepEqual(body.extra_field, { nested: true, list: [1, "two", null] });
  assert.equal(body.deprecated, null);
  assert.equal("message" in body, false, "no message");
  assert.equal("request_id" in body, false, "no request_id");
  const documented = Object.keys(body).filter((k) => SPEC_NAMES.has(k));
  assert.deepEqual(documented.filter((k) => body[k] === null).sort(), [...nulls].sort(), `nulls in ${JSON.stringify(body)}`);
  for (const k of present) assert.ok(k in body && body[k] !== null, `${k} present`);
}

function assertLooseItems(list) {
  assert.ok(Array.isArray(list));
  list.forEach((item, i) => {
    for (const k of ITEM_EXTRAS) assert.ok(k in item && !SPEC_NAMES.has(k), `item extra ${k}`);
    assert.deepEqual(item.extra_field, { nested: true });
    assert.equal(item.sort_order, i);
    for (const [k, v] of Object.entries(item)) assert.notEqual(v, null, `item field ${k}`);
  });
}

/** A task id as the loose dialect sends it: a JSON number, exact, with 16 digits. */
function assertNumericTaskId(id) {
  assert.equal(typeof id, "number", `task_id ${JSON.stringify(id)} is a number`);
  assert.ok(Number.isSafeInteger(id));
  assert.match(String(id), /^[1-9]\d{15}$/);
}

describe("loosen() by itself", () => {
  test("numericId: canonical digit strings a JSON number keeps exactly; anything else as is", () => {
    assert.equal(numericId("1234567890123456"), 1234567890123456);
    assert.equal(numericId("0"), 0);
    for (const v of ["0123", "9007199254740993", "av_123", "12a", "", " 12", "-1", "1.5", 12, null]) assert.equal(numericId(v), v, JSON.stringify(v));
  });

  test("a present value is never nulled; a finished task keeps its result fields", () => {
    const strict = { code: 0, message: "", status: 3, video_Url: "https://x/y.mp4?t=1", duration: 2, request_id: "req1" };
    const l = loosen(strict, "GET video/task");
    assert.deepEqual([l.code, l.status, l.video_Url, l.duration], [0, 3, "https://x/y.mp4?t=1", 2]);
    assert.equal(strict.message, "", "the input is not modified");
    assert.equal(Object.keys(l)[0], "trace_id", "code is no longer the first key");
  });

  test("all-digit ids in list items become numbers; other ids stay strings", () => {
    const l = loosen({ code: 0, data: [{ avatar: "123", kind: 1, title: "t" }, { avatar: "av_1", kind: 2, title: "u" }] }, "GET avatar/list");
    assert.deepEqual(l.data.map((a) => a.avatar), [123, "av_1"]);
    assertLooseItems(l.data);
  });

  test("with no endpoint (unknown path, 405) only the endpoint-independent changes apply", () => {
    const l = loosen({ message: "no such endpoint", request_id: "req1" }, null);
    assert.deepEqual(Object.keys(l).sort(), [...TOP_EXTRAS].sort());
  });

  test("the table covers the 14 endpoints and only names from the vendor's page", () => {
    assert.equal(Object.keys(ANSWER_FIELDS).length, 14);
    for (const { fields, empty = {} } of Object.values(ANSWER_FIELDS)) {
      for (const f of [...fields, ...Object.keys(empty)]) assert.ok(SPEC_NAMES.has(f), f);
      for (const f of Object.keys(empty)) assert.ok(fields.includes(f), f);
      assert.equal(fields.includes("status") && "status" in empty, false, "status is never nulled");
    }
  });
});

describe("SIM_DIALECT=loose: every endpoint", () => {
  let h;
  before(async () => {
    h = await startHarness({ dialect: "loose", credits: 1000, price: 10 });
  });
  after(() => h.close());
  beforeEach(() => h.ctl("POST", "reset"));
  const done = () => h.advance(60_000);

  test("the control API shows the setting and is never loose itself", async () => {
    const c = await h.ctl("GET", "config");
    assert.equal(c.dialect, "loose");
    assert.equal("trace_id" in c, false);
  });

  test("avatar/create_by_video -> avatar/task (avatar null until 3) -> avatar/list kind 1", async () => {
    const r = await h.post("avatar/create_by_video", { title: "我的数字人", video_url: "https://example.com/me.mp4" });
    assertLoose(r, { present: ["code", "task_id"] });
    assert.equal(r.code, 0);
    assertNumericTaskId(r.task_id);
    const t1 = await h.get("avatar/task", { task_id: String(r.task_id) });
    assertLoose(t1, { nulls: ["avatar"], present: ["code", "status"] });
    assert.equal(t1.status, 1);
    await done();
    const t3 = await h.get("avatar/task", { task_id: String(r.task_id) });
    assertLoose(t3, { present: ["status", "avatar"] });
    assert.equal(t3.status, 3);
    assert.match(t3.avatar, /^av_[0-9a-f]{12}$/, "avatar ids are not all digits, so they stay strings");
    const own = await h.get("avatar/list", { kind: 1 });
    assertLoose(own, { present: ["data"] });
    assertLooseItems(own.data);
    assert.deepEqual([own.data[0].avatar, own.data[0].kind, own.data[0].title], [t3.avatar, 1, "我的数字人"]);
  });

  test("avatar/create_by_image", async () => {
    const r = await h.post("avatar/create_by_image", { image_url: "https://example.com/i.png" });
    assertLoose(r, { present: ["task_id"] });
    assertNumericTaskId(r.task_id);
  });

  test("avatar/list kind 2: extras in every item, no nulls", async () => {
    const r = await h.get("avatar/list", { size: 3 });
    assertLoose(r, { present: ["code", "data"] });
    assert.equal(r.data.length, 3);
    assertLooseItems(r.data);
    assert.equal(r.data[0].avatar, "av_public_01");
  });

  test("an empty page keeps data: [] (a present value is not nulled)", async () => {
    const r = await h.get("avatar/list", { page: 99 });
    assertLoose(r);
    assert.deepEqual(r.data, []);
  });

  test("voice/create -> voice/task (voice and demo_url null until 3) -> voice/list", async () => {
    const r = await h.post("voice/create", { title: "我的声音", voice_type: 8, audio_url: AUDIO });
    assertLoose(r, { present: ["task_id"] });
    assertNumericTaskId(r.task_id);
    const t1 = await h.get("voice/task", { task_id: String(r.task_id) });
    assertLoose(t1, { nulls: ["voice", "demo_url"], present: ["status"] });
    await h.advance(30_000);
    const t2 = await h.get("voice/task", { task_id: String(r.task_id) });
    assert.deepEqual([t2.status, t2.voice, t2.demo_url], [2, null, null]);
    await done();
    const t3 = await h.get("voice/task", { task_id: String(r.task_id) });
    assertLoose(t3, { present: ["status", "voice", "demo_url"] });
    assert.ok(t3.demo_url.startsWith(`${h.url}/media/${r.task_id}.mp3?`));
    const media = await fetch(t3.demo_url);
    assert.equal(media.status, 200, "media is served as usual");
    assert.equal(media.headers.get("content-type"), "audio/mpeg");
    const own = await h.get("voice/list");
    assertLoose(own, { present: ["data"] });
    assertLooseItems(own.data);
    assert.equal(own.data[0].voice, t3.voice);
  });

  test("voice/edit: only code and the extras", async () => {
    const r = await h.post("voice/edit", { voice: V, rate: "1.2", volume: "1.0", pitch: "0.9" });
    assertLoose(r, { present: ["code"] });
    assert.deepEqual(Object.keys(r).filter((k) => SPEC_NAMES.has(k)), ["code"]);
  });

  test("voice/list kind 2", async () => {
    const r = await h.get("voice/list", { kind: 2 });
    assertLoose(r, { present: ["data"] });
    assertLooseItems(r.data);
    assert.deepEqual(Object.keys(r.data[0]), ["voice", "type", "title", "rate", "volume", "pitch", ...ITEM_EXTRAS]);
  });

  test("video/create_by_audio -> video/task: video_Url and duration null until 3", async () => {
    const r = await h.post("video/create_by_audio", { audio_url: AUDIO, avatar: A });
    assertLoose(r, { present: ["task_id"] });
    assertNumericTaskId(r.task_id);
    const t1 = await h.get("video/task", { task_id: String(r.task_id) });
    assertLoose(t1, { nulls: ["video_Url", "duration"], present: ["code", "status"] });
    await done();
    const t3 = await h.get("video/task", { task_id: String(r.task_id) });
    assertLoose(t3, { present: ["status", "video_Url", "duration"] });
    assert.deepEqual([t3.status, t3.duration], [3, 2]);
    assert.equal(new URL(t3.video_Url).pathname, `/media/${r.task_id}.mp4`);
    assert.equal((await fetch(t3.video_Url)).headers.get("content-type"), "video/mp4");
  });

  test("video/create_by_tts and audio/create_by_tts", async () => {
    const v = await h.post("video/create_by_tts", { text: "你好", voice: V, avatar: A, st_show: 1 });
    assertLoose(v, { present: ["task_id"] });
    assertNumericTaskId(v.task_id);
    const a = await h.post("audio/create_by_tts", { text: "你好", voice: V });
    assertLoose(a, { present: ["task_id"] });
    assertNumericTaskId(a.task_id);
    await done();
    const t = await h.get("video/task", { task_id: String(a.task_id) });
    assert.equal(new URL(t.video_Url).pathname, `/media/${a.task_id}.mp3`);
  });

  test("a numeric task id is queried back as the digit string; the log shows the string", async () => {
    const { task_id } = await h.post("audio/create_by_tts", { text: "x", voice: V });
    assertNumericTaskId(task_id);
    const r = await h.api("GET", `video/task?task_id=${task_id}`);
    assert.deepEqual([r.status, r.json.code, r.json.status], [200, 0, 1]);
    const { requests } = await h.ctl("GET", "requests?path=/api/v2/hifly/video/task");
    assert.deepEqual(requests[0].query, { task_id: String(task_id) });
    const { tasks } = await h.ctl("GET", "state");
    assert.equal(tasks[0].task_id, String(task_id), "stored as the digit string");
  });

  test("a failed task: status 4 and its code, no message, empty results null", async () => {
    const r = await h.post("video/create_by_audio", { audio_url: "https://example.com/SIM_FAIL.mp3", avatar: A });
    await done();
    const t = await h.get("video/task", { task_id: String(r.task_id) });
    assertLoose(t, { nulls: ["video_Url", "duration"], present: ["code", "status"] });
    assert.deepEqual([t.code, t.status], [2013, 4]);
  });

  test("tool/create_upload_url: no code is added; the PUT and its answer are not loose", async () => {
    const r = await h.post("tool/create_upload_url", { file_extension: "mp4" });
    assertLoose(r, { present: ["upload_url", "content_type", "file_id"] });
    assert.equal("code" in r, false);
    assert.match(r.file_id, /^file_[0-9a-f]{16}$/);
    const put = await fetch(r.upload_url, { method: "PUT", headers: { "Content-Type": r.content_type }, body: "abc" });
    assert.equal(put.status, 200);
    assert.equal(await put.text(), "");
    const bad = await fetch(r.upload_url, { method: "PUT", headers: { "Content-Type": "text/plain" }, body: "abc" });
    assert.equal(bad.status, 403);
    assert.match(await bad.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
    const made = await h.post("avatar/create_by_video", { file_id: r.file_id });
    assert.equal(made.code, 0);
  });

  test("account/credit", async () => {
    const r = await h.get("account/credit");
    assertLoose(r, { present: ["code", "left"] });
    assert.deepEqual([r.code, r.left], [0, 1000]);
  });
});

describe("SIM_DIALECT=loose: errors", () => {
  let h;
  before(async () => {
    h = await startHarness({ dialect: "loose", credits: 5, price: 10 });
  });
  after(() => h.close());
  beforeEach(() => h.ctl("POST", "reset"));

  test("a business error keeps code, drops message, and nulls the endpoint's fields", async () => {
    const bad = await h.post("video/create_by_tts", { text: "", voice: V, avatar: A });
    assertLoose(bad, { nulls: ["task_id"], present: ["code"] });
    assert.equal(bad.code, 11);
    const broke = await h.post("avatar/create_by_image", { image_url: "https://example.com/i.png" });
    assertLoose(broke, { nulls: ["task_id"] });
    assert.equal(broke.code, 1002);
    const missing = await h.get("avatar/task", { task_id: "1234567890123456" });
    assertLoose(missing, { nulls: ["status", "avatar"] });
    assert.equal(missing.code, 14);
    const list = await h.get("voice/list", { kind: 3 });
    assertLoose(list, { nulls: ["data"] });
    assert.equal(list.code, 11);
    const ext = await h.post("tool/create_upload_url", { file_extension: "exe" });
    assertLoose(ext, { nulls: ["upload_url", "content_type", "file_id"] });
    assert.equal(ext.code, 2012);
    const edit = await h.post("voice/edit", { voice: "nope", rate: "1", volume: "1", pitch: "1" });
    assertLoose(edit);
    assert.equal(edit.code, 14);
  });

  test("401: code 2003 without message, and the endpoint's fields null", async () => {
    const r = await h.api("GET", "account/credit", { token: "wrong" });
    assert.equal(r.status, 401);
    assert.ok(r.headers.get("www-authenticate"));
    assertLoose(r.json, { nulls: ["left"] });
    assert.equal(r.json.code, 2003);
  });

  test("404 and 405: only the extras (no message, no request_id)", async () => {
    const nf = await h.api("GET", "no/such");
    assert.equal(nf.status, 404);
    assertLoose(nf.json);
    const na = await h.api("GET", "video/create_by_tts");
    assert.equal(na.status, 405);
    assert.equal(na.headers.get("allow"), "POST, OPTIONS");
    assertLoose(na.json);
  });

  test("a `code` fault is loose too", async () => {
    await h.ctl("POST", "faults", { kind: "code", code: 1015 });
    const r = await h.post("audio/create_by_tts", { text: "x", voice: V });
    assertLoose(r, { nulls: ["task_id"] });
    assert.equal(r.code, 1015);
  });

  test("paths outside the API are not loose", async () => {
    const root = await (await fetch(h.url + "/")).json();
    assert.equal(root.name, "hifly-sim");
    assert.ok(root.request_id);
    const media = await fetch(h.url + "/media/1.mp4?expires=1&token=x");
    assert.equal(media.status, 404);
    assert.match(await media.text(), /<Code>NoSuchKey<\/Code>/);
  });
});

describe("the setting", () => {
  let h;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());
  beforeEach(() => h.ctl("POST", "reset"));

  test("strict is the default and unchanged", async () => {
    assert.equal(resolveConfig().dialect, "strict");
    assert.equal((await h.ctl("GET", "config")).dialect, "strict");
    const r = await h.post("audio/create_by_tts", { text: "x", voice: V });
    assert.deepEqual(Object.keys(r), ["code", "message", "task_id", "request_id"]);
    assert.match(r.task_id, /^[1-9]\d{15}$/);
    const t = await h.get("video/task", { task_id: r.task_id });
    assert.deepEqual(t, { code: 0, message: "", status: 1, video_Url: "", duration: 0, request_id: t.request_id });
  });

  test("SIM_DIALECT is read from the environment; bad values are refused", () => {
    assert.deepEqual(optionsFromEnv({ SIM_DIALECT: "loose" }), { dialect: "loose" });
    assert.throws(() => optionsFromEnv({ SIM_DIALECT: "sloppy" }), /SIM_DIALECT must be one of strict, loose/);
    assert.throws(() => resolveConfig({ dialect: "LOOSE" }), /dialect must be one of/);
  });

  test("POST /__sim/config {dialect} switches at runtime; reset restores the start-up value", async () => {
    assert.equal((await h.ctl("POST", "config", { dialect: "loose" })).dialect, "loose");
    const r = await h.get("account/credit");
    assertLoose(r, { present: ["left"] });
    await h.ctl("POST", "config", { dialect: "strict" });
    assert.ok("request_id" in (await h.get("account/credit")));
    await h.ctl("POST", "config", { dialect: "loose" });
    await h.ctl("POST", "reset");
    assert.ok("request_id" in (await h.get("account/credit")));
    const res = await fetch(`${h.url}/__sim/config`, { method: "POST", body: JSON.stringify({ dialect: "sloppy" }) });
    assert.equal(res.status, 400);
  });
});

describe("the `loose` fault", () => {
  let h;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());
  beforeEach(() => h.ctl("POST", "reset"));

  test("makes exactly the next API answer loose, then strict again", async () => {
    const { faults } = await h.ctl("POST", "faults", { kind: "loose" });
    assert.deepEqual([faults[0].kind, faults[0].count], ["loose", 1]);
    const a = await h.post("audio/create_by_tts", { text: "x", voice: V });
    assertLoose(a, { present: ["task_id"] });
    assertNumericTaskId(a.task_id);
    const b = await h.get("video/task", { task_id: String(a.task_id) });
    assert.deepEqual(Object.keys(b), ["code", "message", "status", "video_Url", "duration", "request_id"]);
    assert.equal(b.video_Url, "");
    assert.deepEqual((await h.ctl("GET", "faults")).faults, []);
    const { requests } = await h.ctl("GET", "requests");
    assert.deepEqual(requests.map((e) => e.fault), ["loose", null]);
  });

  test("count and path filters, as for other faults; an error answer can be the loose one", async () => {
    await h.ctl("POST", "faults", { kind: "loose", count: 2, path: "/api/v2/hifly/video/task" });
    assert.ok("request_id" in (await h.get("account/credit")));
    const miss = await h.get("video/task", { task_id: "42" });
    assertLoose(miss, { nulls: ["status", "video_Url", "duration"] });
    assert.equal(miss.code, 14);
    assertLoose(await h.get("video/task", { task_id: "43" }), { nulls: ["status", "video_Url", "duration"] });
    assert.ok("request_id" in (await h.get("video/task", { task_id: "44" })));
  });

  test("is not used up by uploads, media or the control API", async () => {
    const made = await h.post("tool/create_upload_url", { file_extension: "mp3" });
    await h.ctl("POST", "faults", { kind: "loose" });
    const put = await fetch(made.upload_url, { method: "PUT", headers: { "Content-Type": made.content_type }, body: "abc" });
    assert.equal(put.status, 200);
    await fetch(h.url + "/media/1.mp3");
    await h.ctl("GET", "state");
    assert.equal((await h.ctl("GET", "faults")).faults.length, 1, "still armed");
    const r = await h.post("voice/create", { title: "t", voice_type: 8, file_id: made.file_id });
    assertLoose(r, { present: ["task_id"] });
  });

  test("with the setting already loose, it changes nothing", async () => {
    await h.ctl("POST", "config", { dialect: "loose" });
    await h.ctl("POST", "faults", { kind: "loose" });
    assertLoose(await h.get("account/credit"), { present: ["left"] });
    assertLoose(await h.get("account/credit"), { present: ["left"] });
  });
});
