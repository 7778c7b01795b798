// The waiting half of the wasm client. Rust checks every input, builds every request, decodes
// every answer and makes every error; this file does what takes time: fetch, timeouts, the retry
// loop, polling, uploads and reading callback bodies. Keeping the async work here keeps the
// futures machinery out of the .wasm (issue 6's size budget).

/** Every error the package throws or rejects with. */
export class HiflyError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = "HiflyError";
    this.kind = fields.kind;
    this.code = fields.code;
    this.codeName = fields.codeName;
    this.status = fields.status;
    this.requestId = fields.requestId;
    this.retryable = fields.retryable;
    // Present only where they apply.
    for (const key of ["taskId", "field", "reason", "retryAfterMs"]) {
      if (fields[key] !== undefined) this[key] = fields[key];
    }
  }
}

export function errorClass() {
  return HiflyError;
}

/** A HiflyError made here, for what only the waiting sees: network, timeout, aborted. */
function fail(kind, message, extra) {
  return new HiflyError(message, { kind, retryable: kind === "network" || kind === "timeout", ...extra });
}

const abortedError = () => fail("aborted", "The operation was aborted");

/** Resolves after `ms`, or rejects early (aborted) when `signal` aborts. */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject(abortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Runs `work(signal)` under a per-attempt timeout and the caller's signal; a failure becomes a
 * HiflyError of kind timeout, aborted or network. */
async function guarded(timeoutMs, userSignal, work) {
  if (userSignal && userSignal.aborted) throw abortedError();
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort();
  if (userSignal) userSignal.addEventListener("abort", onAbort, { once: true });
  const timer =
    timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs)
      : null;
  try {
    return await work(controller.signal);
  } catch (e) {
    if (timedOut) throw fail("timeout", `No answer within ${timeoutMs} ms`);
    if (userSignal && userSignal.aborted) throw abortedError();
    // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, a TLS error…) is its cause.
    const cause = e && e.cause && e.cause.message ? `: ${e.cause.message}` : "";
    throw fail("network", (e && e.message ? String(e.message) : String(e)) + cause);
  } finally {
    if (timer !== null) clearTimeout(timer);
    if (userSignal) userSignal.removeEventListener("abort", onAbort);
  }
}

/** One fetch through `fetchFn` (the global fetch when undefined, looked up now), its whole body
 * read, as `{status, retryAfter, body}`. */
async function exchange(fetchFn, url, init) {
  const res = await (fetchFn || globalThis.fetch)(url, init);
  const body = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, retryAfter: res.headers.get("retry-after") ?? undefined, body };
}

/** The first retry waits about this long; each later one twice as long, up to BACKOFF_CAP_MS. */
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8000;
/** A Retry-After longer than this is not waited out: the error goes to the caller instead. */
const RETRY_AFTER_CAP_MS = 60000;
/** Polls never wait longer than this (or the caller's interval, if longer). */
const POLL_CAP_MS = 15000;

/** "Equal jitter" backoff before retry number `attempt` (0-based): half fixed, half random. */
function backoff(attempt) {
  const step = Math.min(BACKOFF_BASE_MS * 2 ** attempt, BACKOFF_CAP_MS);
  return step / 2 + (Math.random() * step) / 2;
}

/** How long to wait before resending after `error`, or -1 not to resend. */
function retryWait(error, attempt) {
  const { kind, status } = error;
  if (status === 429 || (status >= 500 && status < 600)) {
    const asked = error.retryAfterMs;
    if (asked === undefined) return backoff(attempt);
    return asked > RETRY_AFTER_CAP_MS ? -1 : asked;
  }
  // A garbled answer to a read is worth another go, and so is a timeout: the server may be slow.
  if (kind === "decode" || kind === "network" || kind === "timeout") return backoff(attempt);
  return -1;
}

/** Sends a request the engine built (`{op, method, url, path, headers, body?, retry}`) and
 * resolves its decoded result. Only requests the engine marks retry-safe (reads) are resent. */
export async function call(state, req, opts) {
  const timeoutMs = opts.timeoutMs === undefined ? state.timeoutMs : opts.timeoutMs;
  const init = { method: req.method, headers: req.headers };
  if (req.body !== undefined) init.body = req.body;
  for (let attempt = 0; ; attempt++) {
    let error;
    try {
      const res = await guarded(timeoutMs, opts.signal, (signal) => exchange(state.fetch, req.url, { ...init, signal }));
      try {
        return state.engine.decode(req.op, res.status, res.retryAfter, res.body);
      } catch (e) {
        error = e;
      }
    } catch (e) {
      // Say which call failed; the path never holds the token.
      e.message = `${req.method} ${req.path}: ${e.message}`;
      error = e;
    }
    const wait = req.retry && attempt < state.maxRetries ? retryWait(error, attempt) : -1;
    if (wait < 0) throw error;
    await sleep(wait, opts.signal);
  }
}

const forTask = (error, taskId) => {
  if (error instanceof HiflyError) error.taskId = taskId;
  return error;
};

/** Polls a task until status 3 (resolves) or 4 (task_failed), backing off from `intervalMs`;
 * `overallMs` (0 for none) and the signal end it early with an error carrying the task id. */
export async function waitFor(state, req, taskId, intervalMs, overallMs, signal, onStatus) {
  const started = Date.now();
  const cap = Math.max(POLL_CAP_MS, intervalMs);
  const opts = { signal };
  for (let delay = intervalMs; ; delay = Math.min(delay * 1.5, cap)) {
    let result;
    try {
      result = await call(state, req, opts);
    } catch (e) {
      throw forTask(e, taskId);
    }
    // The caller's own exception comes back unchanged.
    if (onStatus) onStatus(result);
    if (result.status === 3) return result;
    if (result.status === 4) throw state.engine.taskFailed(taskId, result.code, result.message);
    let wait = delay;
    if (overallMs > 0) {
      const left = overallMs - (Date.now() - started);
      if (left <= 0) {
        const message = `Task ${taskId} had not finished after ${Math.floor(overallMs)} ms; wait for it again to resume`;
        throw fail("timeout", message, { taskId });
      }
      wait = Math.min(wait, left);
    }
    try {
      await sleep(wait, signal);
    } catch (e) {
      throw forTask(e, taskId);
    }
  }
}

/** Asks for an upload URL with `req`, then PUTs `data` there; resolves `{file_id, request_id?}`. */
export async function upload(state, req, data, ext, purpose, onProgress, signal, timeoutMs) {
  if (uploadKind(data) === "stream") {
    data = await guarded(0, signal, () => prepareStream(data));
    const size = byteSize(data);
    if (size >= 0) state.engine.uploadSize(ext, size, purpose);
  }
  const target = await call(state, req, { signal });
  const answer = await put(state.fetch, target.upload_url, target.content_type, data, onProgress, timeoutMs, signal);
  if (answer.status < 200 || answer.status > 299) throw state.engine.uploadRefused(answer.status, answer.body);
  const out = { file_id: target.file_id };
  if (target.request_id !== undefined) out.request_id = target.request_id;
  return out;
}

/** Every item of every page of the avatar or voice list; stops at a short or empty page. */
export async function* paginate(state, avatars, size, kind, opts) {
  for (let page = 1; ; page++) {
    const { data } = await call(state, state.engine.page(avatars, page, size, kind), opts);
    yield* data;
    if (data.length < size) return;
  }
}

/** The size of upload data when it is knowable without reading it, else -1. */
export function byteSize(data) {
  if (typeof Blob !== "undefined" && data instanceof Blob) return data.size;
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return -1;
}

/** What kind of upload data this is, or "" when it is not one the package accepts. */
export function uploadKind(data) {
  if (typeof Blob !== "undefined" && data instanceof Blob) return "blob";
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return "bytes";
  if (typeof ReadableStream !== "undefined" && data instanceof ReadableStream) return "stream";
  return "";
}

/** Browsers cannot stream a request body over HTTP/1.1, so a stream is gathered into a Blob there
 * (browser memory, never wasm memory). Runtimes without XMLHttpRequest stream it as it is. */
async function prepareStream(stream) {
  if (typeof XMLHttpRequest === "undefined") return stream;
  return await new Response(stream).blob();
}

/** PUTs `data` to a signed URL with only a Content-Type header; reports progress when asked. */
function put(fetchFn, url, contentType, data, onProgress, timeoutMs, userSignal) {
  const total = byteSize(data);
  const report = (loaded) => {
    if (onProgress) onProgress({ loaded, total: total >= 0 ? total : loaded });
  };
  if (onProgress && typeof XMLHttpRequest !== "undefined") {
    return guarded(timeoutMs, userSignal, (signal) => xhrPut(url, contentType, data, report, signal));
  }
  return guarded(timeoutMs, userSignal, async (signal) => {
    report(0);
    const init = { method: "PUT", headers: { "content-type": contentType }, body: data, signal };
    if (typeof ReadableStream !== "undefined" && data instanceof ReadableStream) init.duplex = "half";
    const answer = await exchange(fetchFn, url, init);
    if (answer.status >= 200 && answer.status < 300 && total >= 0) report(total);
    return answer;
  });
}

function xhrPut(url, contentType, data, report, signal) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    xhr.responseType = "arraybuffer";
    xhr.setRequestHeader("Content-Type", contentType);
    xhr.upload.onloadstart = () => report(0);
    xhr.upload.onprogress = (e) => report(e.loaded);
    xhr.onload = () => resolve({ status: xhr.status, body: new Uint8Array(xhr.response || new ArrayBuffer(0)) });
    xhr.onerror = () => reject(new Error("The upload failed on the network"));
    xhr.onabort = () => reject(new Error("The upload was aborted"));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(data);
  });
}

/** Reads a Request's body, refusing (tooLarge) more than `max` bytes without reading the rest. */
async function readRequest(request, max) {
  const out = { body: null, tooLarge: false };
  const declared = Number(request.headers.get("content-length"));
  if (declared > max) {
    out.tooLarge = true;
    return out;
  }
  if (!request.body) {
    out.body = new Uint8Array(0);
    return out;
  }
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      out.tooLarge = true;
      return out;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  out.body = body;
  return out;
}

/** Reads a callback Request's body (at most `max` bytes), parses it strictly with `checker` and,
 * with `client`, confirms the claim through the API. Resolves the payload with `confirmed`. */
export async function verify(request, checker, max, client) {
  try {
    let read;
    try {
      read = await readRequest(request, max);
    } catch (e) {
      throw checker.refuse("malformed", e && e.message ? String(e.message) : "the request could not be read");
    }
    if (read.tooLarge) throw checker.refuse("too_large", `the body is over the limit of ${max} bytes`);
    const out = checker.parse(read.body);
    out.confirmed = false;
    if (client === undefined) return out;
    const [method, field] = checker.query(out.type);
    if (!client || typeof client[method] !== "function") {
      throw new TypeError(`options.client has no ${method}() method`);
    }
    let answer;
    try {
      answer = await client[method](out.task_id);
    } catch (e) {
      // An unknown task is a refusal; any other failure is the client's own error, so that the
      // receiver answers non-200 and HiFly retries.
      if (e && e.kind === "api" && e.code === 14) throw checker.refuse("unconfirmed", "the API does not know this task");
      throw e;
    }
    const status = Number(answer && answer.status) || 0;
    const id = field && answer && typeof answer[field] === "string" ? answer[field] : undefined;
    if (!checker.confirms(read.body, status, id)) {
      throw checker.refuse("unconfirmed", `the API reports status ${status} for task ${out.task_id}, not what the callback claims`);
    }
    out.confirmed = true;
    return out;
  } finally {
    checker.free();
  }
}
