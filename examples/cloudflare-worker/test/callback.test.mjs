// The callback route in real workerd (Miniflare, in-memory KV and R2) against the simulator,
// which runs the tasks and POSTs its callbacks to the Worker as HiFly would.

import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, describe, test } from "node:test";
import { startServer, startWorld } from "../testing/harness.mjs";

let w;
before(async () => {
  w = await startWorld();
});
after(() => w?.close());

const tts = (text = "你好，世界") => w.post("video/create_by_tts", { avatar: "av_public_01", voice: "voice_public_01", text });

/** POSTs a body to a callback URL (the right one unless `path` says otherwise). */
function postCallback(body, { path, headers = {} } = {}) {
  return w.worker(path ?? new URL(w.callbackUrl).pathname, {
    method: "POST",
    headers: { "Content-Type": "application/json", "User-Agent": "hifly-sim", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A task that has ended, and its delivered callback payload. */
async function finishedWork() {
  const { task_id } = await tts();
  await w.finish();
  const d = await w.delivered(task_id);
  return { task_id, payload: d.payload };
}

async function bytesOf(response) {
  assert.equal(response.status, 200, `media answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}


/** A server that answers "not the video" to anything, counting what reaches it: a URL that must
 * never be fetched. */
async function startDecoy(headers = {}) {
  const decoy = { hits: 0 };
  const server = createServer((req, res) => {
    decoy.hits++;
    res.writeHead(200, headers).end("not the video");
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  decoy.url = `http://127.0.0.1:${server.address().port}`;
  decoy.close = () => {
    server.closeAllConnections();
    server.close();
  };
  return decoy;
}

describe("genuine callbacks, delivered by the simulator", () => {
  test("a finished video (type 1): confirmed, the video copied into R2 and readable", async () => {
    const { task_id } = await tts();
    await w.finish();
    const d = await w.delivered(task_id);
    assert.deepEqual(
      d.attempts.map((a) => a.status),
      [200],
    );

    const rec = await w.record(task_id);
    assert.equal(rec.state, "done");
    assert.equal(rec.type, 1);
    assert.equal(rec.kind, "work");
    assert.equal(rec.status, 3);
    assert.equal(rec.duration, 2);
    assert.equal(rec.media.key, `works/${task_id}.mp4`);
    assert.equal(rec.media.content_type, "video/mp4");
    assert.ok(!JSON.stringify(rec).includes("/media/"), "the temporary URL is not stored");
    assert.equal("title" in rec, false, "the title is only the body's claim");
    assert.deepEqual(rec.claimed, { code: 0, message: "", title: d.payload.title });

    // The R2 object holds exactly the simulator's video.
    const simVideo = await bytesOf(await fetch((await w.get("video/task", { task_id })).video_Url));
    const object = await w.r2.get(rec.media.key);
    assert.ok(object, "the R2 object exists");
    const stored = Buffer.from(await object.arrayBuffer());
    assert.equal(stored.length, rec.media.size);
    assert.ok(stored.equals(simVideo), "R2 holds the simulator's bytes");
    assert.equal(object.httpMetadata.contentType, "video/mp4");

    // The Worker asked the API about the task with its token, then fetched the media.
    const queries = await w.requests("/api/v2/hifly/video/task");
    const mine = queries.filter((q) => q.query.task_id === task_id && q.user_agent !== "node");
    assert.equal(mine.length, 1);
    assert.equal(mine[0].auth, "valid");

    // Front ends read the result, and the video.
    const res = await w.worker(`/hifly/tasks/${task_id}`, { headers: { Origin: "https://app.example" } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), "https://app.example");
    assert.deepEqual(await res.json(), rec);
    const media = await w.worker(`/hifly/tasks/${task_id}/media`);
    assert.equal(media.headers.get("content-type"), "video/mp4");
    // Bytes made elsewhere, served from this origin: never sniffed, never run as a page.
    assert.equal(media.headers.get("x-content-type-options"), "nosniff");
    assert.equal(media.headers.get("content-security-policy"), "sandbox");
    assert.ok((await bytesOf(media)).equals(simVideo));
    const part = await w.worker(`/hifly/tasks/${task_id}/media`, { headers: { Range: "bytes=10-19" } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get("content-range"), `bytes 10-19/${simVideo.length}`);
    assert.ok(Buffer.from(await part.arrayBuffer()).equals(simVideo.subarray(10, 20)));
  });

  test("a finished audio work (type 1, an MP3) is copied too", async () => {
    const { task_id } = await w.post("audio/create_by_tts", { voice: "voice_public_02", text: "一段音频" });
    await w.finish();
    await w.delivered(task_id);
    const rec = await w.record(task_id);
    assert.equal(rec.state, "done");
    assert.equal(rec.media.key, `works/${task_id}.mp3`);
    const simAudio = await bytesOf(await fetch((await w.get("video/task", { task_id })).video_Url));
    const stored = Buffer.from(await (await w.r2.get(rec.media.key)).arrayBuffer());
    assert.ok(stored.equals(simAudio));
  });

  test("a finished avatar clone (type 2): stored with the avatar id the API reports", async () => {
    const { task_id } = await w.post("avatar/create_by_video", { title: "主播", video_url: "https://example.com/me.mp4" });
    await w.finish();
    await w.delivered(task_id);
    const { avatar } = await w.get("avatar/task", { task_id });
    const rec = await w.record(task_id);
    assert.equal(rec.state, "done");
    assert.equal(rec.type, 2);
    assert.equal(rec.kind, "avatar");
    assert.equal(rec.status, 3);
    assert.equal(rec.avatar, avatar);
    assert.equal(rec.media, null);
    const res = await w.worker(`/hifly/tasks/${task_id}`);
    assert.equal((await res.json()).avatar, avatar);
  });

  test("a finished voice clone (type 3): stored with the voice id the API reports", async () => {
    const { task_id } = await w.post("voice/create", { title: "我的声音", voice_type: 8, audio_url: "https://example.com/me.mp3" });
    await w.finish();
    await w.delivered(task_id);
    const { voice } = await w.get("voice/task", { task_id });
    const rec = await w.record(task_id);
    assert.equal(rec.state, "done");
    assert.equal(rec.type, 3);
    assert.equal(rec.kind, "voice");
    assert.equal(rec.voice, voice);
    assert.equal(rec.media, null);
  });

  test("a failed work (status 4): stored with its code and message, nothing copied", async () => {
    const { task_id } = await w.post("video/create_by_tts", { avatar: "av_public_01", voice: "voice_public_01", text: "x", title: "SIM_FAIL:2013" });
    await w.finish();
    await w.delivered(task_id);
    const rec = await w.record(task_id);
    assert.equal(rec.state, "done");
    assert.equal(rec.status, 4);
    // The API's own code and message, from its task query; the body's, apart.
    const api = await w.get("video/task", { task_id });
    assert.equal(rec.code, 2013);
    assert.equal(rec.code, api.code);
    assert.equal(rec.message, api.message);
    assert.match(rec.message, /SIM_FAIL/);
    assert.equal(rec.claimed.code, 2013);
    assert.match(rec.claimed.message, /SIM_FAIL/);
    assert.equal(rec.media, null);
    assert.equal((await w.r2.list({ prefix: `works/${task_id}` })).objects.length, 0);
  });
});

describe("refusals store nothing", () => {
  test("a wrong secret is 404, like any unknown path, and nothing is read or asked", async () => {
    const { task_id } = await tts();
    const since = await w.lastSeq();
    const payload = { task_id, status: 3, video_Url: "https://example.com/v.mp4", type: 1, duration: 2, message: "", code: 0, title: "t" };
    const wrong = [
      `/hifly/callback/${"0".repeat(w.secret.length)}`,
      `/hifly/callback/${w.secret.slice(0, -1)}`,
      `/hifly/callback/${w.secret}x`,
      `/hifly/callback/${w.secret.toUpperCase()}`,
      `/hifly/callback/${w.secret}/extra`,
      `/hifly/callback/x/${w.secret}/`,
    ];
    for (const path of wrong) {
      const res = await postCallback(payload, { path });
      assert.equal(res.status, 404, path);
      assert.deepEqual(await res.json(), { error: "not_found" });
    }
    const unknown = await w.worker("/no/such/path");
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { error: "not_found" });
    assert.equal(await w.record(task_id), null);
    assert.deepEqual(await w.requests("/api/v2/hifly/*", since), [], "the API was not asked");
  });

  test("a spoofed claim is 409 and not stored: a task still running, an unknown task, the wrong avatar, the wrong status", async () => {
    const running = await tts("还在处理");
    const base = { status: 3, video_Url: "https://evil.example/v.mp4", type: 1, duration: 2, message: "", code: 0, title: "t" };
    const spoofs = [
      { ...base, task_id: running.task_id },
      { ...base, task_id: "9999999999999999" },
    ];
    const start = await w.lastSeq();
    let since = start;
    for (const claim of spoofs) await expectRefused(claim);
    let asked = await w.requests("/api/v2/hifly/*", since);
    // An avatar clone that finished, claimed with another avatar id.
    const clone = await w.post("avatar/create_by_video", { video_url: "https://example.com/spoof.mp4" });
    // A work that failed, claimed as finished.
    const failed = await w.post("video/create_by_tts", { avatar: "av_public_01", voice: "voice_public_01", text: "x", title: "SIM_FAIL" });
    await w.ctl("POST", "config", { callback_url: null }); // keep the genuine callbacks away
    await w.advance(10 * 60_000);
    await w.ctl("POST", "config", { callback_url: w.callbackUrl });
    since = await w.lastSeq();
    const later = [
      { task_id: clone.task_id, message: "", code: 0, type: 2, status: 3, avatar: "av_0123456789ab" },
      { ...base, task_id: failed.task_id },
    ];
    for (const claim of later) await expectRefused(claim);
    spoofs.push(...later);
    asked = [...asked, ...(await w.requests("/api/v2/hifly/*", since))];

    // Each was checked against the API once, and no media was fetched from the claimed URL.
    assert.equal(asked.length, spoofs.length);
    assert.ok(asked.every((q) => q.auth === "valid"));
    assert.deepEqual(await w.requests("/media/*", start), []);
    assert.equal((await w.r2.list()).objects.filter((o) => spoofs.some((s) => o.key.includes(s.task_id))).length, 0);
  });

  test("a true status with a forged video URL: accepted, but the URL in the body is never fetched", async () => {
    const decoy = await startDecoy();
    try {
      await w.ctl("POST", "config", { callback_url: null });
      const { task_id } = await tts("伪造链接");
      await w.finish();
      await w.ctl("POST", "config", { callback_url: w.callbackUrl });
      const forged = `${decoy.url}/video.mp4`;
      const res = await postCallback({ task_id, status: 3, video_Url: forged, type: 1, duration: 2, message: "", code: 0, title: "未命名" });
      assert.equal(res.status, 200);
      const rec = await w.record(task_id);
      const simVideo = await bytesOf(await fetch((await w.get("video/task", { task_id })).video_Url));
      assert.ok(Buffer.from(await (await w.r2.get(rec.media.key)).arrayBuffer()).equals(simVideo));
      assert.equal(decoy.hits, 0);
    } finally {
      decoy.close();
    }
  });

  test("claims that differ from the API's facts: the record holds the API's values, the claims only under `claimed`, R2 filled from the API's URL", async () => {
    const decoy = await startDecoy({ "Content-Type": "video/mp4" });
    try {
      await w.ctl("POST", "config", { callback_url: null });
      const { task_id } = await tts("声明与事实");
      await w.finish();
      await w.ctl("POST", "config", { callback_url: w.callbackUrl });
      const api = await w.get("video/task", { task_id });
      assert.equal(api.status, 3);
      const claim = {
        task_id,
        status: 3,
        video_Url: `${decoy.url}/other.mov`,
        type: 1,
        duration: 99999,
        message: '<img src=x onerror="alert(1)">',
        code: 0,
        title: "<script>alert(document.cookie)</script>",
      };
      const res = await postCallback(claim);
      assert.equal(res.status, 200);
      const rec = await w.record(task_id);
      assert.equal(rec.state, "done");
      // Facts: the API's.
      assert.equal(rec.status, api.status);
      assert.equal(rec.duration, api.duration);
      assert.notEqual(rec.duration, claim.duration);
      assert.equal(rec.code, api.code);
      assert.equal(rec.message, api.message);
      // Claims: apart, and only there.
      assert.deepEqual(rec.claimed, { code: claim.code, message: claim.message, title: claim.title });
      const { claimed, ...facts } = rec;
      const factsText = JSON.stringify(facts);
      for (const claimedOnly of ["99999", "<script>", "<img", "other.mov", String(new URL(decoy.url).port)]) {
        assert.ok(!factsText.includes(claimedOnly), `${claimedOnly} is not among the facts`);
      }
      assert.ok(!JSON.stringify(claimed).includes("99999"), "nor is the claimed duration kept");
      // The media: from the API's URL (its extension, its bytes), never from the body's.
      assert.equal(rec.media.key, `works/${task_id}.mp4`);
      const simVideo = await bytesOf(await fetch(api.video_Url));
      assert.ok(Buffer.from(await (await w.r2.get(rec.media.key)).arrayBuffer()).equals(simVideo));
      assert.equal(decoy.hits, 0);
      // Served as JSON that a browser will not sniff into a page.
      const shown = await w.worker(`/hifly/tasks/${task_id}`);
      assert.match(shown.headers.get("content-type"), /^application\/json/);
      assert.equal(shown.headers.get("x-content-type-options"), "nosniff");
      assert.deepEqual(await shown.json(), rec);
    } finally {
      decoy.close();
    }
  });

  test("malformed bodies are 400, before the API is asked", async () => {
    const since = await w.lastSeq();
    const good = { task_id: "1234567890123456", status: 3, video_Url: "https://example.com/v.mp4", type: 1, duration: 2, message: "", code: 0, title: "t" };
    const bodies = [
      "",
      "{",
      "[]",
      "null",
      JSON.stringify({ ...good, status: "3" }),
      JSON.stringify({ ...good, type: 7 }),
      JSON.stringify({ ...good, status: 2 }),
      JSON.stringify({ ...good, video_Url: undefined }),
      JSON.stringify({ ...good, task_id: undefined }),
      '{"task_id":"1","task_id":"2","status":4,"type":1,"message":"","code":1}',
      JSON.stringify({ ...good, task_id: "../1234" }),
      JSON.stringify({ ...good, task_id: "1".repeat(65) }),
      "\u00ff\u00fe",
    ];
    for (const body of bodies) {
      const res = await postCallback(body);
      assert.equal(res.status, 400, body);
      assert.deepEqual(await res.json(), { error: "malformed" });
    }
    assert.equal(await w.record(good.task_id), null);
    assert.deepEqual(await w.requests("/api/v2/hifly/*", since), []);
  });

  test("an oversize body is 413, declared or streamed", async () => {
    const since = await w.lastSeq();
    const big = JSON.stringify({ task_id: "1234567890123456", status: 4, type: 1, message: "x".repeat(70_000), code: 1, title: "t" });
    const declared = await postCallback(big);
    assert.equal(declared.status, 413);
    assert.deepEqual(await declared.json(), { error: "too_large" });

    // No Content-Length: the Worker stops reading past the limit.
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream({
      pull(c) {
        if (sent++ < 8) c.enqueue(chunk);
        else c.close();
      },
    });
    const streamed = await w.worker(new URL(w.callbackUrl).pathname, { method: "POST", body: stream, duplex: "half" });
    assert.equal(streamed.status, 413);
    assert.deepEqual(await w.requests("/api/v2/hifly/*", since), []);
  });

  test("a GET on the callback URL is 405 (with the right secret) or 404 (without)", async () => {
    const res = await w.worker(new URL(w.callbackUrl).pathname);
    assert.equal(res.status, 405);
    assert.equal(res.headers.get("allow"), "POST");
    assert.equal((await w.worker("/hifly/callback/wrong-secret-wrong-secret")).status, 404);
  });
});

describe("idempotency and retries", () => {
  test("duplicates are answered 200 without asking the API or copying again", async () => {
    const { task_id, payload } = await finishedWork();
    const before = await w.record(task_id);
    const etag = (await w.r2.head(before.media.key)).etag;
    const since = await w.lastSeq();
    for (let i = 0; i < 3; i++) {
      const res = await postCallback(payload);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { ok: true, duplicate: true });
    }
    assert.deepEqual(await w.requests("/api/v2/hifly/*", since), [], "no confirmation query");
    assert.deepEqual(await w.requests("/media/*", since), [], "no second copy");
    assert.deepEqual(await w.record(task_id), before, "the record is untouched");
    assert.equal((await w.r2.head(before.media.key)).etag, etag);

    // Still 200 while the API is down: the work is done, HiFly may stop.
    await w.ctl("POST", "faults", { kind: "status", status: 503, count: -1, path: "/api/v2/hifly/*" });
    try {
      assert.equal((await postCallback(payload)).status, 200);
    } finally {
      await w.ctl("DELETE", "faults");
    }

    // A different status for the same task is not a duplicate: it is checked, and refused.
    const res = await postCallback({ ...payload, status: 4, video_Url: "", code: 2013, message: "失败" });
    assert.equal(res.status, 409);
    assert.deepEqual(await w.record(task_id), before);
  });

  test("two deliveries of one callback at once: one is processed, the other gets 503 and its resend is a duplicate", async () => {
    await w.ctl("POST", "config", { callback_url: null });
    const { task_id } = await tts("同时");
    await w.finish();
    await w.ctl("POST", "config", { callback_url: w.callbackUrl });
    const t = await w.get("video/task", { task_id });
    const payload = { task_id, status: 3, video_Url: t.video_Url, type: 1, duration: 2, message: "", code: 0, title: "未命名" };
    // A slow download keeps the first delivery busy while the second arrives (HiFly resending
    // after its wait for an answer ran out).
    await w.ctl("POST", "faults", { kind: "latency", ms: 500, count: 1, path: "/media/*" });
    const since = await w.lastSeq();
    const answers = await Promise.all([postCallback(payload), postCallback(payload)]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    const statuses = answers.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 503]);
    const busy = answers.find((r) => r.status === 503);
    assert.equal(busy.headers.get("retry-after"), "5");
    assert.deepEqual(bodies.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))), [{ error: "in_progress" }, { ok: true }]);
    const resend = await postCallback(payload);
    assert.equal(resend.status, 200);
    assert.deepEqual(await resend.json(), { ok: true, duplicate: true });
    assert.equal((await w.requests("/api/v2/hifly/video/task", since)).length, 1, "confirmed once");
    assert.equal((await w.requests("/media/*", since)).length, 1, "downloaded once");
    assert.equal((await w.record(task_id)).state, "done");
  });

  test("the API failing (5xx) answers 503, nothing is stored; HiFly's retry then succeeds", async () => {
    await w.ctl("POST", "faults", { kind: "status", status: 503, count: -1, path: "/api/v2/hifly/video/task" });
    const { task_id } = await tts("重试");
    await w.finish();
    const failing = await waitFor(async () => {
      const d = await w.deliveryOf(task_id);
      return d && d.attempts.filter((a) => a.status === 503).length >= 2 ? d : null;
    });
    assert.equal(failing.state, "pending");
    assert.equal(await w.record(task_id), null, "nothing stored before confirmation");

    await w.ctl("DELETE", "faults");
    const d = await w.delivered(task_id);
    assert.equal(d.attempts.at(-1).status, 200);
    const rec = await w.record(task_id);
    assert.equal(rec.state, "done");
    assert.ok(await w.r2.head(rec.media.key));
  });

  test("the API unreachable (connection reset) answers 503 too", async () => {
    const { task_id, payload } = await (async () => {
      await w.ctl("POST", "config", { callback_url: null });
      const { task_id } = await tts("断线");
      await w.finish();
      await w.ctl("POST", "config", { callback_url: w.callbackUrl });
      const t = await w.get("video/task", { task_id });
      return { task_id, payload: { task_id, status: 3, video_Url: t.video_Url, type: 1, duration: 2, message: "", code: 0, title: "未命名" } };
    })();
    await w.ctl("POST", "faults", { kind: "reset", count: -1, path: "/api/v2/hifly/video/task" });
    try {
      const res = await postCallback(payload);
      assert.equal(res.status, 503);
      assert.deepEqual(await res.json(), { error: "unavailable" });
    } finally {
      await w.ctl("DELETE", "faults");
    }
    assert.equal(await w.record(task_id), null);
    assert.equal((await postCallback(payload)).status, 200);
    assert.equal((await w.record(task_id)).state, "done");
  });

  test("the video failing to download: the confirmed facts are kept as storing_media, never done; the retry finishes", async () => {
    await w.ctl("POST", "faults", { kind: "status", status: 502, count: -1, path: "/media/*" });
    const { task_id } = await tts("媒体失败");
    await w.finish();
    await waitFor(async () => {
      const d = await w.deliveryOf(task_id);
      return d && d.attempts.filter((a) => a.status === 503).length >= 2;
    });
    const pending = await w.record(task_id);
    assert.equal(pending.state, "storing_media", "verified, so kept; not done, so retried");
    assert.equal(pending.media, null);
    assert.equal((await w.r2.list({ prefix: `works/${task_id}` })).objects.length, 0);
    const shown = await (await w.worker(`/hifly/tasks/${task_id}`)).json();
    assert.equal(shown.state, "storing_media");

    await w.ctl("DELETE", "faults");
    await w.delivered(task_id);
    const rec = await w.record(task_id);
    assert.equal(rec.state, "done");
    assert.equal(rec.received_at, pending.received_at, "the first receipt time is kept");
    assert.ok(await w.r2.head(rec.media.key));
  });

  test("a crash after the copy but before the record: the retry reuses the stored object", async () => {
    await w.ctl("POST", "config", { callback_url: null });
    const { task_id } = await tts("崩溃");
    await w.finish();
    await w.ctl("POST", "config", { callback_url: w.callbackUrl });
    const t = await w.get("video/task", { task_id });
    // What the crashed attempt left: the object in R2, and a record that is not done.
    const video = Buffer.from(await (await fetch(t.video_Url)).arrayBuffer());
    const key = `works/${task_id}.mp4`;
    await w.r2.put(key, video, { httpMetadata: { contentType: "video/mp4" } });
    await w.kv.put(`task:${task_id}`, JSON.stringify({ task_id, type: 1, status: 3, state: "storing_media", media: null }));

    const since = await w.lastSeq();
    const payload = { task_id, status: 3, video_Url: t.video_Url, type: 1, duration: 2, message: "", code: 0, title: "未命名" };
    assert.equal((await postCallback(payload)).status, 200);
    const rec = await w.record(task_id);
    assert.equal(rec.state, "done");
    assert.equal(rec.media.key, key);
    assert.equal(rec.media.size, video.length);
    assert.deepEqual(await w.requests("/media/*", since), [], "not downloaded again");
  });
});

describe("reading results", () => {
  test("an unknown task is 404; CORS only for allowed origins; a refused origin is 403", async () => {
    const unknown = await w.worker("/hifly/tasks/0000000000000000", { headers: { Origin: "https://app.example" } });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers.get("access-control-allow-origin"), "https://app.example");

    const { task_id } = await finishedWork();
    const evil = await w.worker(`/hifly/tasks/${task_id}`, { headers: { Origin: "https://evil.example" } });
    assert.equal(evil.status, 403);
    assert.equal(evil.headers.get("access-control-allow-origin"), null);

    const server = await w.worker(`/hifly/tasks/${task_id}`);
    assert.equal(server.status, 200);
    assert.equal(server.headers.get("access-control-allow-origin"), null);

    assert.equal((await w.worker("/hifly/tasks/not%2Fa%2Fid")).status, 404);
    assert.equal((await w.worker(`/hifly/tasks/${task_id}`, { method: "DELETE", headers: { Origin: "https://app.example" } })).status, 405);
  });
});

async function expectRefused(claim) {
  const res = await postCallback(claim);
  assert.equal(res.status, 409, JSON.stringify(claim));
  assert.deepEqual(await res.json(), { error: "unconfirmed" });
  assert.equal(await w.record(claim.task_id), null);
}

async function waitFor(check) {
  const end = Date.now() + 20_000; // a bound for a loaded machine, not a speed check
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("against a stub API in front of the simulator", () => {
  let s;
  let elsewhere;
  before(async () => {
    s = await startWorld({ stubApi: true });
    // Another origin, which answers as the API would if it were asked.
    elsewhere = await startServer();
  });
  after(async () => {
    await elsewhere?.close();
    await s?.close();
  });

  /** A finished work whose genuine callback was kept away, and the claim HiFly would send. */
  async function quietWork(text, title) {
    await s.ctl("POST", "config", { callback_url: null });
    const { task_id } = await s.post("video/create_by_tts", { avatar: "av_public_01", voice: "voice_public_01", text, ...(title ? { title } : {}) });
    await s.advance(10 * 60_000);
    const api = await s.get("video/task", { task_id });
    const claim = { task_id, status: api.status, video_Url: api.video_Url ?? "", type: 1, duration: api.duration ?? 0, message: api.message, code: api.code, title: "未命名" };
    return { task_id, api, claim };
  }
  const post = (claim) =>
    s.worker(new URL(s.callbackUrl).pathname, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(claim) });

  test("a confirmation query redirected to another origin confirms nothing: 503, nothing stored, nothing copied", async () => {
    const { task_id, claim } = await quietWork("重定向");
    // The other origin backs the claim, with a URL and a duration of its own.
    elsewhere.handle = (req, res) => {
      if (req.url.startsWith("/media/")) return res.writeHead(200, { "Content-Type": "video/mp4" }).end("from elsewhere");
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ code: 0, message: "", request_id: "r", status: 3, video_Url: `${elsewhere.url}/media/x.mp4`, duration: 77 }));
    };
    const since = elsewhere.seen.length;
    await s.stub.during((req, res) => {
      if (!req.url.startsWith("/api/v2/hifly/video/task")) return false;
      res.writeHead(302, { Location: elsewhere.url + req.url }).end();
      return true;
    }, async () => {
      const res = await post(claim);
      assert.equal(res.status, 503, "not confirmed: HiFly will retry");
      assert.deepEqual(await res.json(), { error: "unavailable" });
    });
    assert.equal(await s.record(task_id), null, "nothing stored");
    assert.equal((await s.r2.list({ prefix: `works/${task_id}` })).objects.length, 0, "nothing copied");
    const reached = elsewhere.seen.slice(since);
    assert.ok(!reached.some((r) => r.path.startsWith("/media/")), "no media fetched from the other origin");
    assert.ok(!reached.some((r) => (r.authorization ?? "").includes(s.token)), "the token did not follow the redirect");
    await eventuallyLogged(s, /callback not processed \(confirming with the API\): .*HTTP 302, a redirect, which API requests do not follow/);

    // Without the redirect, the same callback is confirmed by the API itself.
    const ok = await post(claim);
    assert.equal(ok.status, 200);
    const rec = await s.record(task_id);
    assert.equal(rec.duration, claim.duration);
    assert.notEqual(rec.duration, 77);
  });

  test("an API that echoes the token (an HTML 500 page, a task's message): it is in no log and no stored record", async () => {
    // A 500 page with the request's Authorization in it, on the confirmation query.
    const first = await quietWork("回显一");
    await s.stub.during((req, res) => {
      if (!req.url.startsWith("/api/v2/hifly/video/task")) return false;
      res.writeHead(500, { "Content-Type": "text/html", "X-Echo": req.headers.authorization });
      res.end(`<html><body><h1>500</h1><pre>Authorization: ${req.headers.authorization}</pre></body></html>`);
      return true;
    }, async () => {
      const res = await post(first.claim);
      assert.equal(res.status, 503);
    });
    await eventuallyLogged(s, /callback not processed \(confirming with the API\)/);

    // A failed task whose message (the API's own word, which the record keeps) carries it.
    const second = await quietWork("回显二", "SIM_FAIL:2013");
    assert.equal(second.api.status, 4);
    await s.stub.during(async (req, res) => {
      if (!req.url.startsWith("/api/v2/hifly/video/task")) return false;
      const truth = await s.get("video/task", { task_id: second.task_id });
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ ...truth, message: `${truth.message} (${req.headers.authorization})` }));
      return true;
    }, async () => {
      const res = await post(second.claim);
      assert.equal(res.status, 200);
    });
    const rec = await s.record(second.task_id);
    assert.equal(rec.status, 4);
    // Scrubbed by the SDK (<redacted>) before the Worker's own scrub ([redacted]) could see it.
    assert.match(rec.message, /SIM_FAIL.*<redacted>/, "the API's message, scrubbed by the SDK");
    assert.ok(!(await s.kv.get(`task:${second.task_id}`)).includes(s.token), "no token in KV");
    const shown = await (await s.worker(`/hifly/tasks/${second.task_id}`)).text();
    assert.ok(!shown.includes(s.token), "no token served");
    assert.ok(!s.logs().includes(s.token), "no token in the logs");
  });
});

/** Waits for the Worker's logs to match (they arrive from workerd asynchronously). */
async function eventuallyLogged(world, pattern) {
  await waitFor(() => pattern.test(world.logs()));
}

test("misconfiguration answers 500 (HiFly keeps retrying), names the cause, not the value", async () => {
  // The API refusing HIFLY_TOKEN.
  const badToken = await startWorld({ bindings: { HIFLY_TOKEN: "not-the-token" } });
  try {
    const { task_id } = await badToken.post("video/create_by_tts", { avatar: "av_public_01", voice: "voice_public_01", text: "配置" });
    await badToken.finish();
    const d = await waitFor(async () => {
      const x = await badToken.deliveryOf(task_id);
      return x && x.attempts.some((a) => a.status) ? x : null;
    });
    assert.equal(d.attempts[0].status, 500);
    assert.equal(await badToken.record(task_id), null);
    await waitFor(() => /callback failed: the API refused HIFLY_TOKEN/.test(badToken.logs()));
    assert.ok(!badToken.logs().includes("not-the-token"));
  } finally {
    await badToken.close();
  }
  // A CALLBACK_SECRET too short to be safe.
  const shortSecret = await startWorld({ bindings: { CALLBACK_SECRET: "s3cr3t" } });
  try {
    const res = await shortSecret.worker("/hifly/callback/s3cr3t", { method: "POST", body: "{}" });
    assert.equal(res.status, 500);
    assert.deepEqual(await res.json(), { error: "internal" });
    await waitFor(() => /callback failed: CALLBACK_SECRET is unusable/.test(shortSecret.logs()));
    assert.ok(!shortSecret.logs().includes("s3cr3t"));
  } finally {
    await shortSecret.close();
  }
});

test("the Worker's logs (from every test above) never carry the secret or the token", () => {
  const logs = w.logs();
  assert.match(logs, /callback refused: /, "the logs were captured");
  assert.match(logs, /callback not processed \(confirming with the API\)/);
  assert.ok(!logs.includes(w.secret), "no secret in the logs");
  assert.ok(!logs.includes(w.token), "no token in the logs");
});
