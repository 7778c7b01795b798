// create_upload_url + the signed PUT: acceptance, every rejection, file_id use afterwards.

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, before, beforeEach, describe, test } from "node:test";
import { startHarness } from "../testing/harness.mjs";

let h;
before(async () => {
  h = await startHarness({ taskMs: 3000 });
});
after(() => h.close());
beforeEach(() => h.ctl("POST", "reset"));

const MiB = 1024 * 1024;
const bytes = (n, fill = 7) => Buffer.alloc(n, fill);

/** A raw PUT through node:http, for cases fetch cannot express. */
function rawPut(url, { headers = {}, chunks = [], expectContinue = false } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "PUT", headers: expectContinue ? { ...headers, Expect: "100-continue" } : headers }, (res) => {
      const got = [];
      res.on("data", (c) => got.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(got).toString(), continued }));
    });
    let continued = false;
    req.on("error", reject);
    const write = () => {
      for (const c of chunks) req.write(c);
      req.end();
    };
    if (expectContinue) {
      req.on("continue", () => {
        continued = true;
        write();
      });
      req.flushHeaders();
    } else write();
  });
}

describe("accepted uploads", () => {
  test("PUT with the returned content_type and no Authorization -> 200; the file_id then works", async () => {
    const data = bytes(100_000);
    const up = await h.upload("mp4", data);
    assert.equal(up.put.status, 200);
    assert.match(up.put.headers.get("etag"), /^"[0-9A-F]+"$/);
    const r = await h.post("avatar/create_by_video", { title: "uploaded", file_id: up.file_id });
    assert.equal(r.code, 0);
    const [rec] = (await h.ctl("GET", "state")).uploads;
    assert.deepEqual([rec.fileId, rec.uploaded, rec.size, rec.contentType], [up.file_id, true, 100_000, "video/mp4"]);
  });

  test("the stored file holds exactly the bytes sent", async () => {
    const data = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    const up = await h.upload("wav", data);
    assert.equal(up.put.status, 200);
    const stored = readFileSync(join(h.sim.app.uploadDir, `${up.file_id}.wav`));
    assert.ok(stored.equals(data));
  });

  test("the request log shows the PUT: no Authorization, its content type and byte count", async () => {
    await h.upload("mp3", bytes(12_345));
    const { requests } = await h.ctl("GET", "requests?method=PUT");
    assert.equal(requests.length, 1);
    const e = requests[0];
    assert.deepEqual([e.has_authorization, e.content_type, e.bytes, e.status], [false, "audio/mpeg", 12_345, 200]);
    assert.match(e.path, /^\/upload\/uploads%2Ffile_[0-9a-f]{16}\.mp3$/, "the raw path, as the client sent it");
    assert.ok(e.query.Signature);
  });

  test("a chunked (streamed, no Content-Length) upload is accepted", async () => {
    const made = await h.post("tool/create_upload_url", { file_extension: "png" });
    const body = Readable.from((function* () {
      for (let i = 0; i < 8; i++) yield bytes(64 * 1024, i);
    })());
    const res = await fetch(made.upload_url, { method: "PUT", headers: { "Content-Type": "image/png" }, body, duplex: "half" });
    assert.equal(res.status, 200);
    const { requests } = await h.ctl("GET", "requests?method=PUT");
    assert.equal(requests[0].content_length, null);
    assert.equal(requests[0].bytes, 8 * 64 * 1024);
    assert.equal((await h.post("avatar/create_by_image", { file_id: made.file_id })).code, 0);
  });

  test("Expect: 100-continue gets a 100 before the body", async () => {
    const made = await h.post("tool/create_upload_url", { file_extension: "mov" });
    const r = await rawPut(made.upload_url, { headers: { "Content-Type": "video/quicktime", "Content-Length": 3 }, chunks: ["abc"], expectContinue: true });
    assert.equal(r.status, 200);
    assert.equal(r.continued, true);
  });

  test("the URL's %2F may also arrive decoded as /", async () => {
    const made = await h.post("tool/create_upload_url", { file_extension: "mp4" });
    const res = await fetch(made.upload_url.replace("%2F", "/"), { method: "PUT", headers: { "Content-Type": "video/mp4" }, body: "x" });
    assert.equal(res.status, 200);
  });

  test("reset deletes received files", async () => {
    const up = await h.upload("mp4", bytes(10));
    const path = join(h.sim.app.uploadDir, `${up.file_id}.mp4`);
    assert.ok(existsSync(path));
    await h.ctl("POST", "reset");
    assert.equal(existsSync(path), false);
  });
});

describe("rejected uploads", () => {
  async function made(ext = "mp4") {
    return h.post("tool/create_upload_url", { file_extension: ext });
  }

  test("a wrong Content-Type -> 403 SignatureDoesNotMatch (it is signed), file_id still unusable", async () => {
    const m = await made();
    for (const ct of ["application/octet-stream", "video/mp4; charset=utf-8", "VIDEO/MP4"]) {
      const res = await fetch(m.upload_url, { method: "PUT", headers: { "Content-Type": ct }, body: "x" });
      assert.equal(res.status, 403, ct);
      const xml = await res.text();
      assert.match(xml, /<Code>SignatureDoesNotMatch<\/Code>/);
      assert.equal(res.headers.get("content-type"), "application/xml");
    }
    const none = await rawPut(m.upload_url, { chunks: ["x"] });
    assert.equal(none.status, 403);
    assert.equal((await h.post("avatar/create_by_video", { file_id: m.file_id })).code, 14);
  });

  test("a tampered signature, key, or expiry -> 403", async () => {
    const m = await made();
    const u = new URL(m.upload_url);
    const sig = u.searchParams.get("Signature");
    const variants = [
      m.upload_url.replace(/Signature=[^&]+/, "Signature=" + encodeURIComponent((sig[0] === "A" ? "B" : "A") + sig.slice(1))),
      m.upload_url.replace(/Expires=(\d+)/, (_, e) => `Expires=${Number(e) + 1}`),
      m.upload_url.replace(/file_([0-9a-f])/, (_, c) => `file_${c === "0" ? "1" : "0"}`),
      m.upload_url.replace(/&Signature=[^&]+/, ""),
      m.upload_url.replace(/OSSAccessKeyId=\w+/, "OSSAccessKeyId=LTAIother"),
    ];
    for (const url of variants) {
      const res = await fetch(url, { method: "PUT", headers: { "Content-Type": "video/mp4" }, body: "x" });
      assert.equal(res.status, 403, url);
      assert.match(await res.text(), /<Error>/);
    }
    assert.equal((await fetch(m.upload_url, { method: "PUT", headers: { "Content-Type": "video/mp4" }, body: "x" })).status, 200);
  });

  test("after Expires -> 403 AccessDenied 'Request has expired'", async () => {
    await h.ctl("POST", "config", { upload_ttl_ms: 60_000 });
    const m = await made();
    await h.advance(61_000);
    const res = await fetch(m.upload_url, { method: "PUT", headers: { "Content-Type": "video/mp4" }, body: "x" });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /<Code>AccessDenied<\/Code>[\s\S]*Request has expired/);
  });

  test("an Authorization header on the PUT -> 400 InvalidArgument (and it is logged as present)", async () => {
    const m = await made();
    const res = await fetch(m.upload_url, { method: "PUT", headers: { "Content-Type": "video/mp4", Authorization: `Bearer ${h.token}` }, body: "x" });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Only one auth mechanism allowed/);
    const { requests } = await h.ctl("GET", "requests?method=PUT");
    assert.equal(requests[0].has_authorization, true);
    assert.equal((await h.post("avatar/create_by_video", { file_id: m.file_id })).code, 14);
  });

  test("a declared Content-Length over the limit -> 413 before any byte is read", async () => {
    await h.ctl("POST", "config", { max_video_bytes: 1000 });
    const m = await made();
    const r = await rawPut(m.upload_url, { headers: { "Content-Type": "video/mp4", "Content-Length": 1001 }, expectContinue: true, chunks: [bytes(1001)] });
    assert.equal(r.status, 413);
    assert.equal(r.continued, false);
    assert.match(r.text, /<Code>EntityTooLarge<\/Code>/);
    assert.equal((await h.post("avatar/create_by_video", { file_id: m.file_id })).code, 14);
  });

  test("a streamed body growing past the limit -> 413, nothing kept", async () => {
    await h.ctl("POST", "config", { max_audio_bytes: 100_000 });
    const m = await made("mp3");
    const r = await rawPut(m.upload_url, { headers: { "Content-Type": "audio/mpeg", "Transfer-Encoding": "chunked" }, chunks: [bytes(60_000), bytes(60_000)] });
    assert.equal(r.status, 413);
    assert.equal((await h.post("voice/create", { title: "t", voice_type: 8, file_id: m.file_id })).code, 14);
    assert.deepEqual(readdirSync(h.sim.app.uploadDir), []);
    // exactly at the limit is fine
    assert.equal((await h.upload("mp3", bytes(100_000))).put.status, 200);
  });

  test("the default limits: video 500 MiB, audio 100 MiB, image 50 MiB (by declared length)", async () => {
    for (const [ext, ct, limit] of [["mp4", "video/mp4", 500 * MiB], ["m4a", "audio/mp4", 100 * MiB], ["jpg", "image/jpeg", 50 * MiB]]) {
      const m = await made(ext);
      const r = await rawPut(m.upload_url, { headers: { "Content-Type": ct, "Content-Length": limit + 1 }, expectContinue: true });
      assert.equal(r.status, 413, ext);
      assert.match(r.text, new RegExp(`<MaxSizeAllowed>${limit}</MaxSizeAllowed>`));
    }
  });

  test("only PUT is accepted on an upload URL", async () => {
    const m = await made();
    assert.equal((await fetch(m.upload_url)).status, 405);
  });
});

describe("file_id in the create endpoints", () => {
  test("a file_id before its PUT -> 14; after -> accepted", async () => {
    const m = await h.post("tool/create_upload_url", { file_extension: "mp3" });
    const body = { avatar: "av_public_01", file_id: m.file_id };
    assert.equal((await h.post("video/create_by_audio", body)).code, 14);
    await fetch(m.upload_url, { method: "PUT", headers: { "Content-Type": m.content_type }, body: "abc" });
    assert.equal((await h.post("video/create_by_audio", body)).code, 0);
  });

  test("a file of the wrong kind for the endpoint -> 2012", async () => {
    const img = await h.upload("png", bytes(10));
    const vid = await h.upload("mp4", bytes(10));
    assert.equal((await h.post("avatar/create_by_video", { file_id: img.file_id })).code, 2012);
    assert.equal((await h.post("avatar/create_by_image", { file_id: vid.file_id })).code, 2012);
    assert.equal((await h.post("voice/create", { title: "t", voice_type: 8, file_id: vid.file_id })).code, 2012);
    assert.equal((await h.post("video/create_by_audio", { avatar: "av_public_01", file_id: img.file_id })).code, 2012);
  });

  test("voice/create with an uploaded audio over 20 MiB -> 2011; 20 MiB exactly is fine", async () => {
    const big = await h.upload("mp3", bytes(20 * MiB + 1));
    assert.equal(big.put.status, 200);
    const r = await h.post("voice/create", { title: "t", voice_type: 8, file_id: big.file_id });
    assert.equal(r.code, 2011);
    const ok = await h.upload("m4a", bytes(20 * MiB));
    assert.equal((await h.post("voice/create", { title: "t", voice_type: 8, file_id: ok.file_id })).code, 0);
    // the same big file is fine for a video, whose limit is 100 MiB
    assert.equal((await h.post("video/create_by_audio", { avatar: "av_public_01", file_id: big.file_id })).code, 0);
  });
});
