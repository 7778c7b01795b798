// hifly-sdk's public API: HiflyClient, parseCallback, verifyCallback, HiflyError and ErrorCode.
//
// The work is split in two. The Rust core (the .wasm, reached through `core`, the namespace of
// its wasm-bindgen module) decides: it checks every API parameter against the vendor's limits,
// builds every request, decodes every answer, parses callbacks and words those errors. This file
// waits: fetch, timeouts, the retry loop, polling, uploads and reading callback bodies; it checks
// only what JSON cannot carry (signals, callbacks, fetch, timeouts). Values cross as JSON
// text, one copy each way; keeping the async work in JS keeps the futures machinery out of the
// .wasm. The entry files (node.js, browser.js, workerd.js) instantiate the .wasm and call `bind`.

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

/** The endpoints' numbers in the core (the order of `ops!` in src/wasm/mod.rs). */
const OP = {
  createAvatarByVideo: 0,
  createAvatarByImage: 1,
  getAvatarTask: 2,
  listAvatars: 3,
  createVoice: 4,
  editVoice: 5,
  listVoices: 6,
  getVoiceTask: 7,
  createVideoByAudio: 8,
  createVideoByTts: 9,
  createAudioByTts: 10,
  getVideoTask: 11,
  createUploadUrl: 12,
  getCredit: 13,
};

/** Callback bodies larger than this are refused unless `maxBodyBytes` says otherwise. */
const MAX_CALLBACK_BYTES = 64 * 1024;
/** The largest `maxBodyBytes` accepted. */
const MAX_BODY_LIMIT = 1024 * 1024;
/** The first poll of a task waits this long; later ones back off by half again each time. */
const DEFAULT_POLL_MS = 2000;
/** The API's default page size, used by the iterators unless told otherwise. */
const DEFAULT_PAGE_SIZE = 20;

/** A HiflyError from the fields the core wrote. */
const toError = (fields) => new HiflyError(fields.message, fields);

/** The value of a core answer, `{"ok": ...}`, or its error, thrown. */
function out(text) {
  const answer = JSON.parse(text);
  if (answer.error) throw toError(answer.error);
  return answer.ok;
}

/** A HiflyError made here, for what only the waiting sees: network, timeout, aborted. */
function fail(kind, message, extra) {
  return new HiflyError(message, { kind, retryable: kind === "network" || kind === "timeout", ...extra });
}

const abortedError = () => fail("aborted", "The operation was aborted");

/** Bad input to an option that only JS can check (functions, signals, timeouts). */
const invalid = (field, reason) => fail("invalid_input", `Invalid \`${field}\`: ${reason}`, { field });

const typeName = (v) => (v === null ? "null" : Array.isArray(v) ? "an array" : typeof v);

/** Params as JSON text for the core. What JSON cannot say (NaN, Infinity, functions, symbols,
 * bigints) becomes {"\u0000": what}, which the core refuses by name rather than reading as null. */
function toJson(value, what = "params") {
  let text;
  try {
    text = JSON.stringify(value, (_, v) => {
      const t = typeof v;
      if (t === "function" || t === "symbol" || t === "bigint") return { "\u0000": `a ${t}` };
      if (t === "number" && !Number.isFinite(v)) return { "\u0000": String(v) };
      return v;
    });
  } catch (e) {
    // A cycle, or a getter or toJSON that throws.
    throw invalid(what, `cannot be read as plain data (${e && e.message})`);
  }
  return text === undefined ? "null" : text;
}

/** An options object of JS things (signals, functions): its keys are checked here. */
function read(value, what, allowed, optional) {
  if (value === undefined || value === null) {
    if (optional) return {};
    throw invalid(what, "an object of parameters is required");
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    throw invalid(what, `must be an object of parameters, got ${typeName(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw invalid(what, `unknown parameter \`${key}\`; the parameters are ${allowed.join(", ")}`);
    }
  }
  return value;
}

/** An optional duration in milliseconds: a finite number, 0 or more. */
function ms(v, field) {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !(v >= 0) || v === Infinity) {
    throw invalid(field, "must be a number of milliseconds, 0 or more");
  }
  return v;
}

function signalOf(v) {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || typeof v.aborted !== "boolean") throw invalid("signal", "must be an AbortSignal");
  return v;
}

function fnOf(v, field) {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "function") throw invalid(field, `must be a function, got ${typeName(v)}`);
  return v;
}

/** The last argument of every method: `{signal?, timeoutMs?}`. */
function callOptions(options) {
  const o = read(options, "options", ["signal", "timeoutMs"], true);
  return { signal: signalOf(o.signal), timeoutMs: ms(o.timeoutMs, "timeoutMs") };
}

/** Resolves after `ms`, or rejects early (aborted) when `signal` aborts. */
function sleep(delay, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject(abortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve();
    }, delay);
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

/** Polls never wait longer than this (or the caller's interval, if longer). */
const POLL_CAP_MS = 15000;

/** The size of upload data when it is knowable without reading it, else -1. */
function byteSize(data) {
  if (typeof Blob !== "undefined" && data instanceof Blob) return data.size;
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return -1;
}

/** What kind of upload data this is, or "" when it is not one the package accepts. */
function uploadKind(data) {
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

/** Reads a Request's body: its bytes, or null when it is over `max` (read no further than that). */
async function readRequest(request, max) {
  if (Number(request.headers.get("content-length")) > max) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}

/**
 * Binds the public API to a core instance.
 * @param {object} core the wasm-bindgen module's exports (request, decode, callback, ...)
 */
export function bind(core) {
  /** Builds the request for endpoint `op`, in the core. */
  const build = (op, params) => out(core.request(op, toJson(params)));

  /** Sends a request the core built (`{method, path, body?, retry}`) and resolves its decoded
   * result. Only requests the core marks retry-safe (reads) are resent. */
  async function send(c, op, req, opts) {
    const timeoutMs = opts.timeoutMs === undefined ? c.timeoutMs : opts.timeoutMs;
    const headers = {};
    if (c.auth !== undefined) headers.authorization = c.auth;
    const init = { method: req.method, headers };
    if (req.body !== undefined) {
      headers["content-type"] = "application/json";
      init.body = req.body;
    }
    const url = c.base + req.path;
    for (let attempt = 0; ; attempt++) {
      let error;
      try {
        const res = await guarded(timeoutMs, opts.signal, (signal) => exchange(c.fetch, url, { ...init, signal }));
        try {
          return out(core.decode(op, res.status, res.retryAfter, Date.now(), res.body));
        } catch (e) {
          error = e;
        }
      } catch (e) {
        // Say which call failed; the path never holds the token.
        e.message = `${req.method} ${req.path.split("?")[0]}: ${e.message}`;
        error = e;
      }
      const wait = req.retry && attempt < c.maxRetries ? retryWait(error, attempt) : -1;
      if (wait < 0) throw error;
      await sleep(wait, opts.signal);
    }
  }

  const forTask = (error, taskId) => {
    if (error instanceof HiflyError) error.taskId = taskId;
    return error;
  };

  /** A client of the HiFly API V2. See index.d.ts for every method's params and result. */
  class HiflyClient {
    /** `{base, auth?, timeoutMs, maxRetries, fetch}`; the token lives only in `auth`. */
    #c;

    /** `new HiflyClient({token?, baseUrl?, timeoutMs?, maxRetries?, fetch?})`. */
    constructor(options) {
      const plain = options !== null && typeof options === "object" && !Array.isArray(options);
      const fetchFn = plain ? fnOf(options.fetch, "fetch") : undefined;
      const c = out(core.config(toJson(plain ? { ...options, fetch: undefined } : options, "options")));
      if (fetchFn === undefined && typeof globalThis.fetch !== "function") {
        throw invalid("fetch", "this runtime has no global fetch: pass one in the options");
      }
      c.fetch = fetchFn;
      this.#c = c;
    }

    async #run(op, params, options) {
      const req = build(op, params);
      return send(this.#c, op, req, callOptions(options));
    }

    createAvatarByVideo(params, options) {
      return this.#run(OP.createAvatarByVideo, params, options);
    }
    createAvatarByImage(params, options) {
      return this.#run(OP.createAvatarByImage, params, options);
    }
    getAvatarTask(task_id, options) {
      return this.#run(OP.getAvatarTask, { task_id }, options);
    }
    listAvatars(params, options) {
      return this.#run(OP.listAvatars, params, options);
    }
    createVoice(params, options) {
      return this.#run(OP.createVoice, params, options);
    }
    editVoice(params, options) {
      return this.#run(OP.editVoice, params, options);
    }
    listVoices(params, options) {
      return this.#run(OP.listVoices, params, options);
    }
    getVoiceTask(task_id, options) {
      return this.#run(OP.getVoiceTask, { task_id }, options);
    }
    createVideoByAudio(params, options) {
      return this.#run(OP.createVideoByAudio, params, options);
    }
    createVideoByTts(params, options) {
      return this.#run(OP.createVideoByTts, params, options);
    }
    createAudioByTts(params, options) {
      return this.#run(OP.createAudioByTts, params, options);
    }
    getVideoTask(task_id, options) {
      return this.#run(OP.getVideoTask, { task_id }, options);
    }
    createUploadUrl(file_extension, options) {
      return this.#run(OP.createUploadUrl, { file_extension }, options);
    }
    getCredit(options) {
      return this.#run(OP.getCredit, undefined, options);
    }

    /** Uploads a Blob, File, ArrayBuffer, Uint8Array or ReadableStream; resolves `{file_id}`.
     * The type is checked before anything is read, the size as soon as it is known, and the bytes
     * go from JS to the network without entering wasm memory. */
    async uploadFile(data, options) {
      const o = read(options, "options", ["file_extension", "purpose", "onProgress", "signal", "timeoutMs"], false);
      const onProgress = fnOf(o.onProgress, "onProgress");
      const signal = signalOf(o.signal);
      // The PUT of a large file may rightly take long: only an explicit timeout bounds it.
      const putTimeout = ms(o.timeoutMs, "timeoutMs") ?? 0;
      const ext = o.file_extension;
      if (ext === undefined || ext === null) throw invalid("file_extension", "is required");
      if (typeof ext !== "string") throw invalid("file_extension", `must be a string, got ${typeName(ext)}`);
      const purpose = o.purpose === null ? undefined : o.purpose;
      if (purpose !== undefined && typeof purpose !== "string") {
        throw invalid("purpose", "must be avatar_video, avatar_image, voice_audio or video_audio");
      }
      // The type first, so that a wrong one costs nothing; the size once it is known.
      const fileExtension = out(core.upload(ext, -1, purpose));
      const kind = uploadKind(data);
      if (!kind) throw invalid("data", "must be a Blob, File, ArrayBuffer, Uint8Array or ReadableStream");
      if (kind === "stream") data = await guarded(0, signal, () => prepareStream(data));
      const size = byteSize(data);
      if (size >= 0) out(core.upload(fileExtension, size, purpose));
      const c = this.#c;
      const target = await send(c, OP.createUploadUrl, build(OP.createUploadUrl, { file_extension: fileExtension }), { signal });
      const answer = await put(c.fetch, target.upload_url, target.content_type, data, onProgress, putTimeout, signal);
      if (answer.status < 200 || answer.status > 299) out(core.refused(answer.status, answer.body));
      const result = { file_id: target.file_id };
      if (target.request_id !== undefined) result.request_id = target.request_id;
      return result;
    }

    /** Polls until the task ends: resolves at status 3, rejects with task_failed at status 4, and
     * with timeout or aborted (carrying the task id, to resume later) when told to stop. */
    async #wait(op, task_id, options) {
      const req = build(op, { task_id });
      const o = read(options, "options", ["intervalMs", "timeoutMs", "signal", "onStatus"], true);
      const interval = ms(o.intervalMs, "intervalMs") ?? DEFAULT_POLL_MS;
      if (interval < 1) throw invalid("intervalMs", "must be at least 1");
      const overall = ms(o.timeoutMs, "timeoutMs") ?? 0;
      const signal = signalOf(o.signal);
      const onStatus = fnOf(o.onStatus, "onStatus");
      const started = Date.now();
      const cap = Math.max(POLL_CAP_MS, interval);
      for (let delay = interval; ; delay = Math.min(delay * 1.5, cap)) {
        let result;
        try {
          result = await send(this.#c, op, req, { signal });
        } catch (e) {
          throw forTask(e, task_id);
        }
        // The caller's own exception comes back unchanged.
        if (onStatus) onStatus(result);
        if (result.status === 3) return result;
        if (result.status === 4) out(core.failed(task_id, result.code, result.message));
        let wait = delay;
        if (overall > 0) {
          const left = overall - (Date.now() - started);
          if (left <= 0) {
            const message = `Task ${task_id} had not finished after ${Math.floor(overall)} ms; wait for it again to resume`;
            throw fail("timeout", message, { taskId: task_id });
          }
          wait = Math.min(wait, left);
        }
        try {
          await sleep(wait, signal);
        } catch (e) {
          throw forTask(e, task_id);
        }
      }
    }

    waitForAvatarTask(task_id, options) {
      return this.#wait(OP.getAvatarTask, task_id, options);
    }
    waitForVoiceTask(task_id, options) {
      return this.#wait(OP.getVoiceTask, task_id, options);
    }
    waitForVideoTask(task_id, options) {
      return this.#wait(OP.getVideoTask, task_id, options);
    }

    /** Every item of every page; stops at a short or empty page. Bad params throw now. */
    #iterate(op, params) {
      const p = read(params, "params", ["kind", "size", "signal", "timeoutMs"], true);
      const opts = callOptions({ signal: p.signal, timeoutMs: p.timeoutMs });
      const size = p.size ?? DEFAULT_PAGE_SIZE;
      const kind = p.kind;
      build(op, { page: 1, size, kind });
      const c = this.#c;
      return (async function* () {
        for (let page = 1; ; page++) {
          const { data } = await send(c, op, build(op, { page, size, kind }), opts);
          yield* data;
          if (data.length < size) return;
        }
      })();
    }

    avatars(params) {
      return this.#iterate(OP.listAvatars, params);
    }
    voices(params) {
      return this.#iterate(OP.listVoices, params);
    }
  }

  const refuse = (reason, message) => {
    try {
      out(core.refuse(reason, message));
    } catch (e) {
      return e;
    }
  };

  /** Parses a callback body (a string, Uint8Array, ArrayBuffer or parsed object) strictly. */
  function parseCallback(body) {
    if (typeof body === "string") return out(core.callbackText(body, MAX_CALLBACK_BYTES));
    if (body instanceof Uint8Array) return out(core.callback(body, MAX_CALLBACK_BYTES));
    if (body instanceof ArrayBuffer) return out(core.callback(new Uint8Array(body), MAX_CALLBACK_BYTES));
    if (body !== null && typeof body === "object") {
      let text;
      try {
        text = JSON.stringify(body);
      } catch {
        // Cyclic or otherwise unserialisable: refused below.
      }
      if (typeof text === "string") return out(core.callbackText(text, MAX_CALLBACK_BYTES));
      throw refuse("malformed", "the object cannot be read as JSON");
    }
    throw refuse("malformed", "the body must be a string, a Uint8Array, an ArrayBuffer or an object");
  }

  /** Verifies a callback Request: its secret (constant time, before any body read), POST, the
   * body size, the strict parse and, with `client`, the API's own word on the task. */
  async function verifyCallback(request, options) {
    const o = read(options, "options", ["secret", "client", "maxBodyBytes"], false);
    if (o.secret === undefined || o.secret === null) throw invalid("secret", "is required");
    if (typeof o.secret !== "string") throw invalid("secret", `must be a string, got ${typeName(o.secret)}`);
    let max = MAX_CALLBACK_BYTES;
    if (o.maxBodyBytes !== undefined && o.maxBodyBytes !== null) {
      max = o.maxBodyBytes;
      if (!Number.isInteger(max) || max < 1 || max > MAX_BODY_LIMIT) {
        throw invalid("maxBodyBytes", `must be an integer between 1 and ${MAX_BODY_LIMIT}`);
      }
    }
    const client = o.client === null ? undefined : o.client;
    const url = request !== null && typeof request === "object" ? request.url : undefined;
    if (typeof url !== "string") throw invalid("request", "must be a fetch Request");
    out(core.secret(o.secret, url));
    if (request.method !== "POST") throw refuse("method", "callbacks are POSTed");
    let body;
    try {
      body = await readRequest(request, max);
    } catch (e) {
      throw refuse("malformed", e && e.message ? String(e.message) : "the request could not be read");
    }
    if (body === null) throw refuse("too_large", `the body is over the limit of ${max} bytes`);
    const result = out(core.callback(body, max));
    result.confirmed = false;
    if (client === undefined) return result;
    // The task query that confirms each type of callback, and the result field to compare.
    const [method, field] = [, ["getVideoTask"], ["getAvatarTask", "avatar"], ["getVoiceTask", "voice"]][result.type];
    if (!client || typeof client[method] !== "function") {
      throw invalid("client", `must have a ${method}() method, as a HiflyClient does`);
    }
    let answer;
    try {
      answer = await client[method](result.task_id);
    } catch (e) {
      // An unknown task is a refusal; any other failure is the client's own error, so that the
      // receiver answers non-200 and HiFly retries.
      if (e && e.kind === "api" && e.code === 14) throw refuse("unconfirmed", "the API does not know this task");
      throw e;
    }
    const status = Number(answer && answer.status) || 0;
    const id = field && answer && typeof answer[field] === "string" ? answer[field] : undefined;
    const claimedId = field ? result[field] : undefined;
    if (!core.confirms(result.type, result.status, claimedId, status, id)) {
      throw refuse("unconfirmed", `the API reports status ${status} for task ${result.task_id}, not what the callback claims`);
    }
    result.confirmed = true;
    return result;
  }

  const ErrorCode = Object.freeze(JSON.parse(core.codes()));
  return { HiflyClient, parseCallback, verifyCallback, HiflyError, ErrorCode };
}
