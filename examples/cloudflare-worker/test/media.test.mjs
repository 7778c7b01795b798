// Re-hosting a source of unknown length (chunked, no Content-Length): R2's put needs a known
// length, so copyToBucket streams it as a multipart upload, one part in memory at a time.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { startWorld } from "../testing/harness.mjs";

const MiB = 1024 * 1024;
const PART = 5 * MiB; // R2's smallest part

/** Deterministic bytes: byte i of source `seed`. */
const byteAt = (seed, i) => (i * 31 + seed * 7 + (i >> 11)) & 0xff;
function sourceBytes(seed, size) {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = byteAt(seed, i);
  return out;
}

let w;
let server;
let base;
before(async () => {
  w = await startWorld({ entry: fileURLToPath(new URL("../testing/media-worker.js", import.meta.url)) });
  // GET /<seed>/<size>[?break=<n>]: chunked, no Content-Length; with break, the connection dies after n bytes.
  server = createServer((req, res) => {
    const u = new URL(req.url, "http://x");
    const [seed, size] = u.pathname.slice(1).split("/").map(Number);
    const breakAt = u.searchParams.has("break") ? Number(u.searchParams.get("break")) : Infinity;
    const body = sourceBytes(seed, size);
    res.writeHead(200, { "Content-Type": u.searchParams.get("type") ?? "video/mp4" }); // chunked
    let at = 0;
    const pump = () => {
      while (at < size) {
        if (at >= breakAt) return res.destroy();
        const end = Math.min(size, at + 64 * 1024);
        const ok = res.write(body.subarray(at, end));
        at = end;
        if (!ok) return res.once("drain", pump);
      }
      res.end();
    };
    pump();
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  server?.closeAllConnections();
  server?.close();
  await w?.close();
});

async function copy(path, key) {
  const res = await w.worker("/", { method: "POST", body: JSON.stringify({ url: base + path, key, partBytes: PART }) });
  return { status: res.status, body: await res.json() };
}

const sha = (bytes) => createHash("sha256").update(bytes).digest("hex");

for (const [name, seed, size] of [
  ["under one part: a single put", 1, 300 * 1024],
  ["exactly two parts", 2, 2 * PART],
  ["two full parts and a short one", 3, 2 * PART + 12345],
]) {
  test(`a source with no Content-Length, ${name}`, async () => {
    const key = `works/chunked-${seed}.mp4`;
    const { status, body } = await copy(`/${seed}/${size}`, key);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.key, key);
    assert.equal(body.size, size);
    assert.equal(body.content_type, "video/mp4");
    const object = await w.r2.get(key);
    assert.equal(object.size, size);
    if (size > PART) assert.match(object.etag, new RegExp(`-${Math.ceil(size / PART)}$`), "a multipart upload");
    assert.equal(sha(Buffer.from(await object.arrayBuffer())), sha(sourceBytes(seed, size)));
  });
}

test("the stored type is the key's, never a source's text/html (which would make the copy a page)", async () => {
  for (const [key, type, stored] of [
    ["works/typed.mp4", "text/html", "video/mp4"],
    ["works/typed.mp3", "image/svg+xml", "audio/mpeg"],
    ["works/untyped", "text/html; charset=utf-8", "application/octet-stream"],
    ["works/untyped-audio", "audio/aac", "audio/aac"],
  ]) {
    const { status, body } = await copy(`/6/1000?type=${encodeURIComponent(type)}`, key);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.content_type, stored, key);
    assert.equal((await w.r2.head(key)).httpMetadata.contentType, stored, key);
  }
});

test("a source that dies mid-stream: a MediaError, and no object left behind", async () => {
  const key = "works/broken.mp4";
  const { status, body } = await copy(`/4/${3 * PART}?break=${PART + 100_000}`, key);
  assert.equal(status, 503);
  assert.equal(body.error, "MediaError");
  assert.equal(await w.r2.head(key), null);
});

test("an object already stored under the key is kept, and the source not fetched", async () => {
  const key = "works/already.mp4";
  await w.r2.put(key, "stored", { httpMetadata: { contentType: "video/mp4" } });
  const { status, body } = await copy("/5/1000?break=0", key);
  assert.equal(status, 200);
  assert.equal(body.size, 6);
  assert.equal(body.content_type, "video/mp4");
});
