// The Worker under load: 2,000 callbacks through workerd (Miniflare) at concurrency 50.
//
// - 1,200 genuine callbacks: the simulator's own payloads for 1,200 real tasks of the three
//   types (works, avatar clones, voice clones), about a tenth of them failed (status 4);
// - 600 duplicates: byte-for-byte re-sends of genuine ones, a third of them right behind their
//   original so that both are in flight at once (HiFly resending after a timeout);
// - 200 spoofs: the right secret, a claim the API does not back (unknown task ids, tasks still
//   running, finished tasks with another status or another avatar or voice id);
// - transient failures: counted faults on the API's task queries and on the media downloads,
//   armed in three bursts during the run. Every non-200 that is not a final refusal is sent
//   again, as HiFly does, until it gets 200 or a final refusal.
//
// Afterwards it checks that nothing was lost, that no spoof was stored, and that every genuine
// callback was processed exactly once. "Processed" means what a duplicate answered from KV does
// not do: the confirmation with the API that leads to the writes, the writes themselves (the KV
// record, and for a finished work the copy into R2), and the answer {"ok": true}. Exactly once:
//   1. per genuine (task_id, status), exactly one answer {"ok": true}; every other delivery of
//      it got {"ok": true, "duplicate": true} or a transient 503 and was sent again;
//   2. per finished work, exactly one complete media download in the simulator's request log
//      (downloads killed by a fault are counted apart, and each one must match a 503);
//   3. per task, the API was asked successfully exactly as many times as deliveries passed the
//      confirmation (the one "ok", each 409, each 503 from a failed download): a duplicate
//      never asks the API.
//
// Deterministic: the mix, the spoofs and the order come from a seeded generator (LOAD_SEED),
// and faults are counted, not random. Which deliveries meet a fault, and how often a resend
// finds its original still in progress, depend on timing: the summary's counts of 503s vary from
// run to run. The assertions do not depend on them.
//
// What it proves, and what not. It runs one Worker isolate against Miniflare's local KV, which
// is strongly consistent: it shows that the Worker's logic keeps these guarantees under
// concurrency, overlapping duplicates and transient failures. In production, KV is eventually
// consistent across locations and the Worker runs in many isolates, whose in-memory leases are
// not shared: two deliveries landing in different isolates at once can still both be processed
// (idempotently; see README.md). Nor does it cover the runtime cancelling a request whose client
// went away, KV or R2 failing (Miniflare cannot inject those), or a crash between the writes
// (test/callback.test.mjs covers that one).

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import { startWorld } from "../testing/harness.mjs";

const SEED = Number(process.env.LOAD_SEED ?? 0x4f1f1a);
const CONCURRENCY = 50;
const MAX_ATTEMPTS = 30; // per callback; far above what the faults below can cause
const RESEND_DELAY_MS = 100; // doubling; HiFly waits seconds, the test only needs the resend to come later

/** The genuine tasks: [endpoint, count, how many of them fail]. 1,200 in all. */
const GENUINE_MIX = [
  ["video/create_by_tts", 420, 40],
  ["audio/create_by_tts", 150, 15],
  ["video/create_by_audio", 100, 10],
  ["avatar/create_by_video", 200, 20],
  ["avatar/create_by_image", 80, 8],
  ["voice/create", 250, 25],
];
const DUPLICATES = 600;
const ADJACENT_SHARE = 1 / 3; // of the duplicates, sent right behind their original
const SPOOFS = { unknown: 50, running: 40, decoy: 60, flipped: 50 }; // 200
/** Finished tasks whose genuine callbacks are never sent, and tasks left running: spoof targets. */
const DECOY_MIX = [
  ["video/create_by_tts", 20, 10],
  ["avatar/create_by_video", 15, 3],
  ["voice/create", 15, 3],
];
const RUNNING_MIX = [
  ["video/create_by_tts", 20, 0],
  ["avatar/create_by_video", 10, 0],
  ["voice/create", 10, 0],
];

/** One burst of API trouble, armed three times during the run (at 20%, 45% and 70%). */
const TASK = "/api/v2/hifly/";
const FAULT_BURST = [
  { kind: "status", status: 503, count: 40, method: "GET", path: `${TASK}video/task` },
  { kind: "truncate", count: 10, method: "GET", path: `${TASK}video/task` },
  { kind: "reset", count: 15, method: "GET", path: `${TASK}avatar/task` },
  { kind: "html502", count: 15, method: "GET", path: `${TASK}voice/task` },
  { kind: "rate_limit", retry_after: 1, count: 5, method: "GET", path: `${TASK}voice/task` },
  { kind: "status", status: 502, count: 10, method: "GET", path: "/media/*" },
  { kind: "reset", after: true, count: 5, method: "GET", path: "/media/*" },
  // Slow downloads: a wider window for two deliveries of one callback to overlap.
  { kind: "latency", ms: 300, count: 30, method: "GET", path: "/media/*" },
];
const BURSTS_AT = [0.2, 0.45, 0.7];

let w;
let collector;
before(async () => {
  w = await startWorld();
  collector = await startCollector();
});
after(async () => {
  await new Promise((r) => collector?.server.close(r));
  await w?.close();
});

test("2,000 callbacks at concurrency 50: nothing lost, no spoof stored, each genuine one processed once", { timeout: 300_000 }, async () => {
  const rand = mulberry32(SEED);

  // 1. Tasks. The clock is frozen, so nothing ends until it is moved; the simulator's own
  //    callbacks go to a collector, which keeps their exact bodies for the test to send.
  await w.ctl("POST", "config", { credits: 1_000_000_000, max_in_progress: 100_000, callback_url: collector.url });
  await w.ctl("POST", "clock", { freeze: true });
  const genuineTasks = await createTasks(GENUINE_MIX, "g");
  const decoyTasks = await createTasks(DECOY_MIX, "d");
  await w.advance(10 * 60_000);
  const runningTasks = await createTasks(RUNNING_MIX, "r"); // created after the move: they stay running
  const ended = genuineTasks.length + decoyTasks.length;
  await waitFor(() => collector.bodies.size === ended, "the simulator's callbacks");
  await w.ctl("POST", "config", { callback_url: null });

  const state = new Map((await w.ctl("GET", "state")).tasks.map((t) => [t.task_id, t]));
  const genuine = genuineTasks.map((t) => {
    const body = collector.bodies.get(t.task_id);
    const claim = JSON.parse(body);
    return { ...t, body, claim, type: claim.type, status: claim.status, truth: state.get(t.task_id) };
  });
  const decoys = decoyTasks.map((t) => ({ ...t, claim: JSON.parse(collector.bodies.get(t.task_id)) }));
  for (const g of genuine) assert.equal(g.status, g.truth.status, `the payload of ${g.task_id} matches the simulator's state`);
  for (const t of runningTasks) assert.ok(state.get(t.task_id).status < 3, "still running");

  // 2. Spoofs: the right secret and a well-formed body, a claim the API does not back.
  const spoofs = makeSpoofs(rand, { genuine, decoys, running: runningTasks, known: new Set(state.keys()) });

  // 3. The schedule: genuine callbacks and spoofs shuffled, then the duplicates inserted after
  //    their originals, a third of them right behind.
  const firsts = shuffle(rand, [...genuine.map((g) => ({ kind: "genuine", g })), ...spoofs.map((s) => ({ kind: "spoof", s }))]);
  const keyed = firsts.map((job, i) => ({ job, key: i }));
  for (let i = 0; i < DUPLICATES; i++) {
    const at = Math.floor(rand() * firsts.length);
    const original = firsts[at];
    if (original.kind !== "genuine") {
      i--;
      continue;
    }
    const key = rand() < ADJACENT_SHARE ? at + 0.5 : at + 0.5 + rand() * (firsts.length - at);
    keyed.push({ job: { kind: "duplicate", g: original.g }, key });
  }
  keyed.sort((a, b) => a.key - b.key);
  const schedule = keyed.map(({ job }, i) => ({ ...job, seq: i, body: job.kind === "spoof" ? job.s.body : job.g.body, answers: [] }));
  assert.equal(schedule.length, 2000);

  // 4. The run. The simulator's request log is cleared, so that it holds the Worker's calls only.
  await w.ctl("DELETE", "requests");
  const bursts = BURSTS_AT.map((p) => Math.floor(p * schedule.length));
  const started = performance.now();
  const resends = await drive(schedule, async (job) => {
    if (job.answers.length === 0 && bursts.includes(job.seq)) await w.ctl("POST", "faults", FAULT_BURST);
    const res = await w.mf.dispatchFetch(w.callbackUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "hifly-sim" },
      body: job.body,
    });
    const text = await res.text();
    job.answers.push({ status: res.status, body: text });
    return res.status >= 500; // send it again, as HiFly does; 200 and 4xx are final
  });
  const seconds = (performance.now() - started) / 1000;
  const faultsLeft = (await w.ctl("GET", "faults")).faults;
  await w.ctl("DELETE", "faults");
  const log = (await w.ctl("GET", "requests")).requests;

  // The summary line.
  const answers = schedule.flatMap((j) => j.answers);
  const tally = {};
  for (const a of answers) {
    const label = a.status === 200 ? (JSON.parse(a.body).duplicate ? "200 duplicate" : "200 ok") : `${a.status} ${JSON.parse(a.body).error}`;
    tally[label] = (tally[label] ?? 0) + 1;
  }
  const faultHits = log.filter((e) => e.fault && e.fault !== "latency").length;
  const ofType = (t) => genuine.filter((g) => g.type === t).length;
  const mix = `${ofType(1)} works, ${ofType(2)} avatars, ${ofType(3)} voices, ${genuine.filter((g) => g.status === 4).length} of them failed`;
  console.log(
    `load: ${schedule.length} callbacks (${genuine.length} genuine: ${mix}; ${DUPLICATES} duplicates; ${spoofs.length} spoofs) + ${resends} resends` +
      ` = ${answers.length} requests at concurrency ${CONCURRENCY} in ${seconds.toFixed(1)} s;` +
      ` answers: ${Object.entries(tally).sort().map(([k, n]) => `${k} ×${n}`).join(", ")};` +
      ` ${faultHits} API/media failures injected, seed ${SEED}`,
  );

  // 5. Every delivery ended: genuine ones and duplicates in 200, spoofs in 409; every fault was used.
  for (const job of schedule) {
    const last = job.answers.at(-1);
    assert.ok(job.answers.length <= MAX_ATTEMPTS, `callback #${job.seq} gave up after ${job.answers.length} attempts`);
    if (job.kind === "spoof") assert.equal(last.status, 409, `spoof #${job.seq} (${job.s.why}): ${last.status} ${last.body}`);
    else assert.equal(last.status, 200, `${job.kind} #${job.seq} of ${job.g.task_id}: ${last.status} ${last.body}`);
    for (const a of job.answers.slice(0, -1)) assert.equal(a.status, 503, `only transient answers are retried: ${a.body}`);
  }
  assert.deepEqual(faultsLeft, [], "every armed fault was hit");

  // 6. Nothing lost: each genuine (task_id, status) has one record, done, with the confirmed facts.
  const kvKeys = await listAll((cursor) => w.kv.list({ prefix: "task:", cursor }), (page) => page.keys.map((k) => k.name));
  assert.deepEqual(new Set(kvKeys), new Set(genuine.map((g) => `task:${g.task_id}`)), "KV holds the genuine tasks, and only them");
  const records = new Map();
  await pool(genuine, 20, async (g) => records.set(g.task_id, await w.record(g.task_id)));
  for (const g of genuine) {
    const rec = records.get(g.task_id);
    assert.equal(rec.state, "done", `${g.task_id}: ${rec.state}`);
    assert.equal(rec.type, g.type);
    assert.equal(rec.status, g.status);
    assert.equal(rec.code, g.claim.code);
    if (g.type === 2) assert.equal(rec.avatar, g.status === 3 ? g.truth.result : null);
    if (g.type === 3) assert.equal(rec.voice, g.status === 3 ? g.truth.result : null);
    assert.equal(rec.media === null, !(g.type === 1 && g.status === 3), `${g.task_id}: media only for finished works`);
  }

  // 7. No spoof stored: no key for a task without a genuine callback (checked above), and the
  //    genuine tasks that were also spoofed keep their true status.
  for (const s of spoofs) {
    if (s.genuine) assert.equal(records.get(s.task_id).status, s.genuine.status, `spoof ${s.why} of ${s.task_id}`);
    else assert.equal(await w.record(s.task_id), null, `spoof ${s.why} of ${s.task_id} is not stored`);
  }

  // 8. Exactly once.
  const perTask = new Map(genuine.map((g) => [g.task_id, { ok: 0, duplicate: 0, transient: 0, refused: 0 }]));
  for (const s of spoofs) if (!perTask.has(s.task_id)) perTask.set(s.task_id, { ok: 0, duplicate: 0, transient: 0, refused: 0 });
  for (const job of schedule) {
    const c = perTask.get(job.kind === "spoof" ? job.s.task_id : job.g.task_id);
    for (const a of job.answers) {
      if (a.status === 200) c[JSON.parse(a.body).duplicate ? "duplicate" : "ok"]++;
      else if (a.status === 409) c.refused++;
      else c.transient++;
    }
  }
  const taskIdOf = (e) => e.query.task_id ?? /^\/media\/([^./]+)\./.exec(e.path)?.[1];
  const complete = (e) => e.status === 200 && (e.fault === null || e.fault === "latency");
  const asked = count(log.filter((e) => e.path.startsWith(TASK) && complete(e)), taskIdOf);
  const downloads = count(log.filter((e) => e.path.startsWith("/media/") && complete(e)), taskIdOf);
  const brokenDownloads = count(log.filter((e) => e.path.startsWith("/media/") && !complete(e)), taskIdOf);
  assert.equal(log.filter((e) => e.path.startsWith(TASK) && e.auth !== null && e.auth !== "valid").length, 0, "every API call carried the token");
  // Gathered rather than asserted one by one, so that a failure shows how widespread it is.
  const twice = [];
  const downloadedTwice = [];
  const askedTooOften = [];
  for (const g of genuine) {
    const c = perTask.get(g.task_id);
    if (c.ok !== 1) twice.push(`${g.task_id} (type ${g.type}, status ${g.status}): ${c.ok}`);
    const media = g.type === 1 && g.status === 3;
    if ((downloads.get(g.task_id) ?? 0) !== (media ? 1 : 0)) downloadedTwice.push(`${g.task_id}: ${downloads.get(g.task_id) ?? 0}`);
    const expected = c.ok + c.refused + (brokenDownloads.get(g.task_id) ?? 0);
    if ((asked.get(g.task_id) ?? 0) !== expected) askedTooOften.push(`${g.task_id}: ${asked.get(g.task_id) ?? 0}, not ${expected}`);
  }
  assert.deepEqual(twice, [], `${twice.length} genuine callbacks answered {"ok": true} more than once`);
  assert.deepEqual(downloadedTwice, [], `${downloadedTwice.length} finished works not downloaded exactly once`);
  assert.deepEqual(askedTooOften, [], `${askedTooOften.length} tasks confirmed more often than deliveries passed confirmation`);
  for (const s of spoofs) {
    if (s.genuine) continue;
    const c = perTask.get(s.task_id);
    assert.equal(asked.get(s.task_id) ?? 0, c.refused, `spoof ${s.task_id}: one confirmation per refusal`);
    assert.equal(downloads.get(s.task_id) ?? 0, 0, `spoof ${s.task_id}: no media`);
  }
  const brokenTotal = [...brokenDownloads.values()].reduce((a, b) => a + b, 0);
  assert.equal(brokenTotal, BURSTS_AT.length * 15, "each media fault hit one download");

  // 9. R2: one object per finished work, equal to the simulator's bytes for that task, and
  //    nothing else. Each object is checked twice: R2's own MD5 (the ETag of a single-part
  //    object, from one listing) and its bytes as the Worker serves them from R2. (Reading 600
  //    objects one by one through Miniflare's R2 proxy would take longer than the run.)
  const works = genuine.filter((g) => g.type === 1 && g.status === 3);
  const objects = new Map();
  for (const o of await listAll((cursor) => w.r2.list({ cursor, include: ["httpMetadata"] }), (page) => page.objects)) objects.set(o.key, o);
  assert.deepEqual(new Set(objects.keys()), new Set(works.map((g) => records.get(g.task_id).media.key)), "R2 holds the finished works, and only them");
  const contentTypes = new Set();
  await pool(works, 10, async (g) => {
    const { video_Url } = await w.get("video/task", { task_id: g.task_id });
    const expected = Buffer.from(await (await fetch(video_Url)).arrayBuffer());
    const rec = records.get(g.task_id);
    const object = objects.get(rec.media.key);
    assert.equal(object.etag, createHash("md5").update(expected).digest("hex"), `${rec.media.key}: R2's MD5 is that of the simulator's bytes`);
    assert.equal(object.size, expected.length);
    assert.equal(rec.media.size, expected.length);
    assert.equal(object.httpMetadata.contentType, rec.media.content_type);
    const served = await w.mf.dispatchFetch(new URL(`/hifly/tasks/${g.task_id}/media`, w.workerUrl));
    assert.equal(served.status, 200);
    assert.ok(Buffer.from(await served.arrayBuffer()).equals(expected), `${rec.media.key}: the bytes served from R2 are the simulator's`);
    contentTypes.add(rec.media.content_type);
  });
  assert.deepEqual([...contentTypes].sort(), ["audio/mpeg", "video/mp4"]);
});

// ---------------------------------------------------------------------------------------------

/** Creates tasks from a mix of [endpoint, count, failed]; returns [{task_id, endpoint, fails}]. */
async function createTasks(mix, tag) {
  const specs = [];
  for (const [endpoint, n, failed] of mix) {
    for (let i = 0; i < n; i++) specs.push({ endpoint, i, fails: i < failed });
  }
  const out = [];
  await pool(specs, 16, async ({ endpoint, i, fails }) => {
    const { task_id } = await w.post(endpoint, taskBody(endpoint, `${tag}${i}`, fails));
    out.push({ task_id, endpoint, fails });
  });
  return out;
}

function taskBody(endpoint, n, fails) {
  const mark = fails ? "SIM_FAIL" : "";
  const url = (ext) => `https://example.com/${mark || "ok"}/${n}.${ext}`;
  switch (endpoint) {
    case "video/create_by_tts":
      return { avatar: "av_public_01", voice: "voice_public_01", text: `第${n}条`, title: `${mark}t${n}` };
    case "audio/create_by_tts":
      return { voice: "voice_public_02", text: `音频${n}`, title: `${mark}a${n}` };
    case "video/create_by_audio":
      return { avatar: "av_public_02", audio_url: url("mp3"), title: `b${n}` };
    case "avatar/create_by_video":
      return { title: `v${n}`, video_url: url("mp4") };
    case "avatar/create_by_image":
      return { title: `i${n}`, image_url: url("png") };
    case "voice/create":
      return { title: `${mark}s${n}`, voice_type: 8, audio_url: `https://example.com/voice/${n}.mp3` };
  }
  throw new Error(endpoint);
}

/**
 * The spoofs, each {task_id, body, why, genuine?}:
 * - unknown task ids, of the three types;
 * - tasks still running, claimed as ended;
 * - ended tasks whose genuine callbacks are never sent (decoys), claimed with another status or
 *   another avatar or voice id;
 * - genuine tasks claimed with the other status (a finished one as failed, a failed one as finished).
 */
function makeSpoofs(rand, { genuine, decoys, running, known }) {
  const out = [];
  const hex = (n) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(rand() * 16)]).join("");
  const pick = (list) => list[Math.floor(rand() * list.length)];
  for (let i = 0; i < SPOOFS.unknown; i++) {
    let id;
    do id = String(1e15 + Math.floor(rand() * 9e15));
    while (known.has(id));
    const type = 1 + (i % 3);
    out.push({ task_id: id, why: `unknown id, type ${type}`, claim: finished(type, id, hex) });
  }
  for (let i = 0; i < SPOOFS.running; i++) {
    const t = running[i % running.length];
    const type = typeOf(t.endpoint);
    out.push({ task_id: t.task_id, why: `running, claimed ${i % 4 ? "finished" : "failed"}`, claim: i % 4 ? finished(type, t.task_id, hex) : failed(type, t.task_id) });
  }
  for (let i = 0; i < SPOOFS.decoy; i++) {
    const d = decoys[i % decoys.length];
    out.push({ task_id: d.task_id, why: `ended (${d.claim.status}), claimed otherwise`, claim: lie(d.claim, hex) });
  }
  for (let i = 0; i < SPOOFS.flipped; i++) {
    const g = pick(genuine);
    const claim = g.status === 3 ? failed(g.type, g.task_id) : finished(g.type, g.task_id, hex);
    out.push({ task_id: g.task_id, why: `genuine ${g.status}, claimed ${claim.status}`, claim, genuine: g });
  }
  return out.map((s) => ({ ...s, body: JSON.stringify(s.claim) }));
}

function typeOf(endpoint) {
  return endpoint.startsWith("avatar/") ? 2 : endpoint.startsWith("voice/") ? 3 : 1;
}

function finished(type, task_id, hex) {
  if (type === 2) return { task_id, message: "", code: 0, type: 2, status: 3, avatar: `av_${hex(12)}` };
  if (type === 3) return { task_id, message: "", code: 0, type: 3, status: 3, voice: `voice_${hex(12)}`, demo_url: "https://evil.example/d.mp3" };
  return { task_id, status: 3, video_Url: "https://evil.example/v.mp4", type: 1, duration: 2, message: "", code: 0, title: "未命名" };
}

function failed(type, task_id) {
  if (type === 2) return { task_id, message: "数字人克隆失败", code: 2015, type: 2, status: 4, avatar: "" };
  if (type === 3) return { task_id, message: "获取音频资源失败", code: 2013, type: 3, status: 4, voice: "", demo_url: "" };
  return { task_id, status: 4, video_Url: "", type: 1, duration: 0, message: "获取音频资源失败", code: 2013, title: "未命名" };
}

/** A claim about an ended task that the API does not back: the other status, or another result id. */
function lie(claim, hex) {
  if (claim.status === 4) return finished(claim.type, claim.task_id, hex);
  if (claim.type === 1) return failed(1, claim.task_id);
  return finished(claim.type, claim.task_id, hex); // the same status, another avatar or voice id
}

/**
 * Sends the jobs in order, `CONCURRENCY` at a time. `send(job)` resolves true to have the job
 * sent again, as HiFly does: after a delay that doubles from RESEND_DELAY_MS (capped at 1 s), and
 * ahead of the jobs not yet sent once. Resolves the number of resends.
 */
async function drive(jobs, send) {
  const queue = [...jobs];
  const due = []; // resends whose delay has passed
  let open = jobs.length;
  let resends = 0;
  const lane = async () => {
    while (open > 0) {
      const job = due.shift() ?? queue.shift();
      if (!job) {
        await sleep(2);
        continue;
      }
      const again = await send(job);
      if (again && job.answers.length < MAX_ATTEMPTS) {
        resends++;
        setTimeout(() => due.push(job), Math.min(RESEND_DELAY_MS * 2 ** (job.answers.length - 1), 1000));
      } else {
        open--;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return resends;
}

/** Runs fn over items, n at a time. */
async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function listAll(page, itemsOf) {
  const out = [];
  let cursor;
  for (;;) {
    const p = await page(cursor);
    out.push(...itemsOf(p));
    if (!p.truncated && !(p.list_complete === false)) break;
    cursor = p.cursor;
    if (!cursor) break;
  }
  return out;
}

function count(entries, keyOf) {
  const m = new Map();
  for (const e of entries) {
    const k = keyOf(e);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** A receiver for the simulator's callbacks that keeps each body as sent, and answers 200. */
async function startCollector() {
  const bodies = new Map();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      bodies.set(JSON.parse(body).task_id, body);
      res.end("ok");
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server, bodies, url: `http://127.0.0.1:${server.address().port}/hook` };
}

async function waitFor(check, what) {
  const end = Date.now() + 60_000; // a bound for a loaded machine, not a speed check
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function shuffle(rand, list) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/** A small seeded PRNG (mulberry32): the same seed, the same mix and order. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
