// POST /hifly/callback/<CALLBACK_SECRET>: HiFly's task callbacks, which are unsigned.
//
// The package's verifyCallback does the checks (the secret in constant time, POST, the body size,
// the strict parse and, given a client, the claim against the API's own answer). This file adds
// what a deployment needs around them: idempotency in KV, the copy of the video into R2, and
// answers that make HiFly retry exactly when retrying can help.
//
// The callback URL carries the secret: never log request.url here. Every log line goes through
// redact.js's logger, since an error's text may come from the network.
//
// What is stored is what the API said: the status the API confirmed, and the result fields (code,
// message, duration, avatar or voice id) from the API's own task query. The body is unsigned:
// what only it says (title, message, code) is kept apart, under `claimed`, never mixed with the
// facts, and its URLs are never stored nor fetched.

import { HiflyClient, HiflyError, verifyCallback } from "hifly-sdk";
import { json, notFound } from "./http.js";
import { copyToBucket, mediaKey } from "./media.js";
import { logger, messageOf, redact } from "./redact.js";

/** Callback bodies are a few hundred bytes; 64 KiB is the package's default too. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

/** The task ids this Worker stores and serves. */
export const TASK_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The KV key of a task's record, which is also the idempotency record. */
export const taskKey = (taskId) => `task:${taskId}`;

const KINDS = { 1: "work", 2: "avatar", 3: "voice" };

export async function handleCallback(request, env) {
  const log = logger(env);
  const options = { secret: env.CALLBACK_SECRET, maxBodyBytes: MAX_CALLBACK_BYTES };

  // 1. The secret, the method, the size and the shape, without calling the API (the body is read
  //    from a clone, because step 4 reads it again). Enough to recognise a duplicate.
  let claim;
  try {
    claim = await verifyCallback(request.clone(), options);
  } catch (e) {
    return refusal(e, log);
  }

  // Task ids are 16 digits; anything outside what GET /hifly/tasks/<id> can read is refused here,
  // rather than stored under a key nobody can read back.
  if (!TASK_ID.test(claim.task_id)) return json(400, { error: "malformed" });

  // 2. One delivery of a claim at a time (in this isolate). HiFly resends a callback when its
  //    wait for our answer runs out, so a resend can arrive while the first delivery is still
  //    confirming or copying. Both would then miss the "done" record below and do the work
  //    twice: two confirmations, two downloads, two {"ok": true}, and the late one's
  //    "storing_media" write briefly undoing the first one's "done". The resend is answered 503
  //    instead; HiFly's next try finds the record done. The lease is taken before the record is
  //    read, so that a delivery holding it always sees the writes of the one before.
  const lease = takeLease(`${claim.task_id}:${claim.type}:${claim.status}`);
  if (!lease) return inProgress(log);
  try {
    return await processClaim(request, env, options, claim, log);
  } finally {
    lease.release();
  }
}

async function processClaim(request, env, options, claim, log) {
  // 3. A duplicate: HiFly resends until it gets a 200. Once a (task_id, status) is done, its
  //    record answers, with no API call and no work redone, even while the API is down.
  const key = taskKey(claim.task_id);
  let previous;
  try {
    previous = await env.CALLBACKS.get(key, "json");
  } catch (e) {
    return unavailable("reading the record", e, log);
  }
  if (previous && previous.state === "done" && previous.type === claim.type && previous.status === claim.status) {
    return json(200, { ok: true, duplicate: true });
  }

  // 4. Confirmation: the package asks the API about the task with our token and refuses a claim
  //    the API does not back. The reader keeps the API's answer: the facts stored below are its
  //    own, and its fresh video URL is the one copied: the URL in the unsigned body is never
  //    fetched. The client's API requests do not follow redirects (and accept an answer only
  //    from HIFLY_BASE_URL's origin), so a redirect confirms nothing.
  const client = new HiflyClient({
    token: env.HIFLY_TOKEN,
    ...(env.HIFLY_BASE_URL ? { baseUrl: env.HIFLY_BASE_URL } : {}),
    // HiFly's own wait for our answer is undocumented: keep the worst case (two attempts) short.
    timeoutMs: 4_000,
    maxRetries: 1,
  });
  const reader = recordingReader(client);
  let callback;
  try {
    callback = await verifyCallback(request, { ...options, client: reader });
  } catch (e) {
    return refusal(e, log);
  }
  const answer = reader.answer;
  if (!callback.confirmed || !answer || answer.status !== callback.status) {
    // Not expected of the package: with a client, it confirms or throws. Nothing is stored.
    log.error(`callback failed: task ${callback.task_id} came back unconfirmed`);
    return json(500, { error: "internal" });
  }

  // 5. The writes, in an order that survives a crash between any two of them:
  //    a. the confirmed facts, as "storing_media" (or "done" when there is no media): from here
  //       on nothing that passed verification can be lost, even if HiFly stops retrying;
  //    b. the video into R2, under a key fixed by the task, so a retry overwrites or reuses it;
  //    c. the record again, "done" with the media key, in the same single write.
  //    A crash before (c) leaves no "done", so HiFly's next attempt does (b) and (c) again.
  const now = new Date().toISOString();
  const record = describe(callback, answer, claim, previous, now);
  const needsMedia = callback.type === 1 && callback.status === 3;
  try {
    await env.CALLBACKS.put(key, serialize({ ...record, state: needsMedia ? "storing_media" : "done" }, env));
  } catch (e) {
    return unavailable("writing the record", e, log);
  }
  if (!needsMedia) return json(200, { ok: true });

  // The URL the API gave, never the body's.
  const source = answer.video_url;
  let media;
  try {
    media = await copyToBucket(env.MEDIA, source, mediaKey(callback.task_id, source));
  } catch (e) {
    return unavailable("copying the video", e, log);
  }
  try {
    await env.CALLBACKS.put(key, serialize({ ...record, state: "done", media, updated_at: new Date().toISOString() }, env));
  } catch (e) {
    return unavailable("writing the record", e, log);
  }
  return json(200, { ok: true });
}

/**
 * How long a delivery may hold its claim's lease. It is released as soon as the delivery ends;
 * the expiry only matters when it never ends normally (the runtime may cancel a request whose
 * client has gone away, and then its finally blocks do not run). A confirmation takes at most two
 * 4 s attempts and a typical copy a few seconds; a delivery still running after 30 s loses its
 * exclusivity, and the next one proceeds (every write is idempotent).
 */
export const LEASE_MS = 30_000;

/** The leases held in this isolate: claim -> {until}. Not shared between isolates. */
const leases = new Map();

/**
 * Takes the lease on a claim, or returns null while another delivery holds it.
 * Synchronous (check-then-set with no await in between), so two deliveries cannot both take
 * it. The second one is answered at once rather than made to wait for the first: a request
 * awaiting another request's promise is cancelled by the runtime when that other request ends.
 */
function takeLease(claimKey) {
  const now = Date.now();
  const held = leases.get(claimKey);
  if (held && held.until > now) return null;
  if (leases.size >= 10_000) for (const [k, l] of leases) if (l.until <= now) leases.delete(k);
  const lease = {
    until: now + LEASE_MS,
    release: () => {
      if (leases.get(claimKey) === lease) leases.delete(claimKey);
    },
  };
  leases.set(claimKey, lease);
  return lease;
}

/** Another delivery of the same claim is in progress here: 503, so that HiFly tries again. */
function inProgress(log) {
  log.warn("callback not processed (the same callback is already being processed)");
  return json(503, { error: "in_progress" }, { "Retry-After": "5" });
}

/** A TaskReader for verifyCallback that keeps the API's last answer. */
function recordingReader(client) {
  const reader = { answer: null };
  for (const method of ["getVideoTask", "getAvatarTask", "getVoiceTask"]) {
    reader[method] = async (taskId) => (reader.answer = await client[method](taskId));
  }
  return reader;
}

/**
 * The stored result. Facts, from the API: the status it confirmed and, from its own task query,
 * the code and message, a work's duration, an avatar's or a voice's id. Claims, from the unsigned
 * body, only under `claimed`: its code, message and (works) title. No temporary URL is stored:
 * they expire, and the body's may be anyone's.
 */
function describe(c, answer, claim, previous, now) {
  const record = {
    task_id: c.task_id,
    type: c.type,
    kind: KINDS[c.type],
    status: answer.status,
    state: null, // "storing_media" or "done", set by the caller
    code: answer.code ?? null,
    message: answer.message ?? null,
  };
  if (c.type === 1) record.duration = answer.duration ?? null;
  if (c.type === 2) record.avatar = answer.avatar || null;
  if (c.type === 3) record.voice = answer.voice || null;
  record.media = null;
  record.claimed = { code: claim.code, message: claim.message };
  if (c.type === 1) record.claimed.title = claim.title ?? null;
  record.received_at = previous?.received_at ?? now;
  record.updated_at = now;
  return record;
}

/** A record as stored: every string scrubbed, since the API's message is another server's words. */
function serialize(record, env) {
  return JSON.stringify(record, (_, v) => (typeof v === "string" ? redact(v, env) : v));
}

/**
 * The answer to a rejection of verifyCallback.
 *
 * Refusals (kind invalid_callback) are final: HiFly retrying cannot change them, except for
 * "unconfirmed", see below. Anything else means the API could not be asked (network, timeout,
 * 5xx) or this Worker is misconfigured: non-200, so that HiFly tries again.
 */
function refusal(e, log) {
  if (e instanceof HiflyError && e.kind === "invalid_callback") {
    switch (e.reason) {
      case "secret":
        return notFound(); // the same answer as any unknown path: nothing here to find
      case "method":
        return json(405, { error: "method_not_allowed" }, { Allow: "POST" });
      case "too_large":
        return json(413, { error: "too_large" });
      case "malformed":
        return json(400, { error: "malformed" });
      case "unconfirmed":
        // The secret was right but the API does not back the claim: a spoof (the secret has
        // leaked: rotate it), or HiFly calling back before its own query shows the result.
        // 409 (the claim conflicts with the task's state) refuses it and stores nothing, yet
        // is non-200, so a genuine early callback is retried by HiFly and then confirmed.
        log.warn(`callback refused: ${e.message}`);
        return json(409, { error: "unconfirmed" });
    }
  }
  if (e instanceof HiflyError && ["network", "timeout", "http", "decode"].includes(e.kind)) {
    return unavailable("confirming with the API", e, log);
  }
  // Misconfiguration, or anything unexpected: non-200 as well, so HiFly retries while it is fixed.
  let cause = `${e && e.kind ? `${e.kind}: ` : ""}${messageOf(e)}`;
  if (e instanceof HiflyError && e.kind === "auth") cause = `the API refused HIFLY_TOKEN (${e.message})`;
  if (e instanceof HiflyError && e.kind === "invalid_input" && e.field === "secret") {
    cause = `CALLBACK_SECRET is unusable (${e.message}); set it with wrangler secret put CALLBACK_SECRET`;
  }
  log.error(`callback failed: ${cause}`);
  return json(500, { error: "internal" });
}

/** A transient failure: 503, so that HiFly retries. */
function unavailable(step, e, log) {
  log.warn(`callback not processed (${step}): ${messageOf(e)}`);
  return json(503, { error: "unavailable" }, { "Retry-After": "5" });
}
