// Platform glue for the wasm client: only what Rust cannot do without a pile of bindings.
// The logic (validation, retries, decoding, polling) lives in Rust; this file does I/O and timers.

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

const tagged = (kind, message) => ({ __hifly: kind, message });

function abortReason(signal) {
  return signal && signal.aborted ? tagged("aborted", "The operation was aborted") : null;
}

/** Resolves after `ms`, or rejects early (tagged "aborted") when `signal` aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const early = abortReason(signal);
    if (early) return reject(early);
    const onAbort = () => {
      clearTimeout(timer);
      reject(tagged("aborted", "The operation was aborted"));
    };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Runs `work(signal)` under a per-attempt timeout and the caller's signal. A rejection is
 * tagged "timeout", "aborted" or "network" so Rust can classify it. */
async function guarded(timeoutMs, userSignal, work) {
  const early = abortReason(userSignal);
  if (early) throw early;
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
    if (timedOut) throw tagged("timeout", `No answer within ${timeoutMs} ms`);
    if (userSignal && userSignal.aborted) throw tagged("aborted", "The operation was aborted");
    // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, a TLS error…) is its cause.
    const cause = e && e.cause && e.cause.message ? `: ${e.cause.message}` : "";
    throw tagged("network", (e && e.message ? String(e.message) : String(e)) + cause);
  } finally {
    if (timer !== null) clearTimeout(timer);
    if (userSignal) userSignal.removeEventListener("abort", onAbort);
  }
}

/** One fetch through `fetchFn` (the global fetch when undefined, looked up now), its whole body
 * read, as `{status, headers, body}` for Rust. */
async function exchange(fetchFn, url, init) {
  const res = await (fetchFn || globalThis.fetch)(url, init);
  const body = new Uint8Array(await res.arrayBuffer());
  const headers = [];
  res.headers.forEach((value, name) => headers.push([name, value]));
  return { status: res.status, headers, body };
}

/** One API exchange; the whole body is read within the same timeout. */
export function send(fetchFn, url, method, headers, body, timeoutMs, userSignal) {
  return guarded(timeoutMs, userSignal, (signal) => {
    const init = { method, headers: Object.fromEntries(headers), signal };
    if (body !== undefined) init.body = body;
    return exchange(fetchFn, url, init);
  });
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
export async function prepareStream(stream) {
  if (typeof XMLHttpRequest === "undefined") return stream;
  return await new Response(stream).blob();
}

/** PUTs `data` to a signed URL with only a Content-Type header; reports progress when asked. */
export function put(fetchFn, url, contentType, data, onProgress, timeoutMs, userSignal) {
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
    xhr.onload = () => {
      const headers = [];
      for (const line of xhr.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
        const i = line.indexOf(":");
        if (i > 0) headers.push([line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()]);
      }
      resolve({ status: xhr.status, headers, body: new Uint8Array(xhr.response || new ArrayBuffer(0)) });
    };
    xhr.onerror = () => reject(new Error("The upload failed on the network"));
    xhr.onabort = () => reject(new Error("The upload was aborted"));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(data);
  });
}

/** An async iterator over every item of every page; stops at a short or empty page. */
export function paginate(fetchPage, size) {
  return (async function* () {
    for (let page = 1; ; page++) {
      const { data } = await fetchPage(page);
      yield* data;
      if (data.length < size) return;
    }
  })();
}

/** Reads a Request's body, refusing (tooLarge) more than `max` bytes without reading the rest. */
export async function readRequest(request, max) {
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

/** Calls `client[method](taskId)`: any object with the client's task methods will do. */
export function callMethod(client, method, taskId) {
  if (!client || typeof client[method] !== "function") {
    return Promise.reject(new TypeError(`options.client has no ${method}() method`));
  }
  return client[method](taskId);
}
