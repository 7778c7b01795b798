// The JS half of the client suite's tests (Node and headless Chromium), in one module.
// One file, not several `inline_js` snippets: each snippet is a module the test page imports in
// parallel, and a burst of new connections can strand a request in the test runner's HTTP server
// (tiny_http's thread pool hands a queued connection to no thread), which hangs the page load.

export async function control(base, method, path, body) {
  const init = { method, headers: { "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(base + path, init);
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}
export function isHiflyError(value, cls) { return value instanceof cls && value instanceof Error; }
export function bytesOf(n) { const a = new Uint8Array(n); for (let i = 0; i < n; i++) a[i] = i & 255; return a; }
export function blobOf(n) { return new Blob([bytesOf(n)]); }
export function fileOf(n, name) { return new File([bytesOf(n)], name, { type: "audio/mpeg" }); }
export function streamOf(n, chunk) {
  let sent = 0;
  return new ReadableStream({
    pull(c) {
      if (sent >= n) return c.close();
      const len = Math.min(chunk, n - sent);
      c.enqueue(bytesOf(len));
      sent += len;
    },
  });
}
export function slowStream(chunks, size, delayMs) {
  // `chunks` chunks of `size` bytes, each after `delayMs`: a slow but steady sender.
  let sent = 0;
  return new ReadableStream({
    async pull(c) {
      await new Promise((done) => setTimeout(done, delayMs));
      if (sent++ < chunks) c.enqueue(new Uint8Array(size).fill(sent));
      else c.close();
    },
  });
}
export function stuckStream() {
  // One chunk, then nothing, ever.
  let sent = false;
  return new ReadableStream({
    pull(c) {
      if (sent) return new Promise(() => {});
      sent = true;
      c.enqueue(new Uint8Array(100));
    },
  });
}
/** A fetch that ignores its signal and never answers; or one whose answer's text() never ends. */
export function hangingFetch(atText) {
  const never = new Promise(() => {});
  return atText
    ? async () => ({ status: 200, url: "", headers: { get: () => null }, text: () => never, body: null })
    : () => never;
}
export function reasonRecordingFetch() {
  // Keeps the signal of the last request it was given.
  const f = (url, init) => { f.signal = init.signal; return fetch(url, init); };
  return f;
}
export function recorder() { const f = (e) => { f.events.push(e); }; f.events = []; return f; }
export function countingFetch() { const f = (...a) => { f.calls++; return fetch(...a); }; f.calls = 0; return f; }
export function abortAfter(ms) { const c = new AbortController(); setTimeout(() => c.abort(), ms); return c.signal; }
export function abortAfterWithReason(ms, reason) { const c = new AbortController(); setTimeout(() => c.abort(reason), ms); return c.signal; }
export function stringRejectingFetch() { return () => Promise.reject("no route to the API"); }
export function abortedSignal() { const c = new AbortController(); c.abort(); return c.signal; }
export function callbackRequest(path, method, body) {
  const init = { method };
  if (body !== undefined) init.body = body;
  return new Request("https://receiver.example" + path, init);
}
/** A Request as a polyfill makes it: a plain object whose body is a web stream of its own, a
 * Node stream (node-fetch), or a stream whose `locked` getter, `getReader` or `read` throws. */
export function polyfillRequest(path, body, kind) {
  const bytes = new TextEncoder().encode(body);
  const boom = () => { throw new Error("boom from the polyfill"); };
  const stream = kind === "node"
    ? { pipe() {}, on() {}, readable: true }
    : kind === "throws-locked"
    ? { get locked() { return boom(); }, getReader: boom }
    : kind === "throws-getReader"
    ? { locked: false, getReader: boom }
    : kind === "throws-read"
    ? { locked: false, getReader: () => ({ read: boom, cancel: boom }) }
    : kind === "silent"
    ? { locked: false, getReader() { const s = this; return { read: () => new Promise(() => {}), cancel: async () => { s.cancelled = true; } }; } }
    : {
        locked: false,
        getReader() {
          let sent = false;
          this.locked = true;
          return {
            read: async () => (sent ? { done: true } : ((sent = true), { done: false, value: bytes })),
            cancel: async () => {},
          };
        },
      };
  return { url: "https://receiver.example" + path, method: "POST", headers: new Headers(), body: stream };
}
export async function collect(iterator) { const out = []; for await (const x of iterator) out.push(x); return out; }
export function throwingCallback() { return () => { throw new Error("boom from onStatus"); }; }

export function foreignResponseFetch() {
  // What the npm undici, node-fetch or cross-fetch resolve to: not the global Response class.
  return async (url, init) => {
    const r = await fetch(url, init);
    const text = await r.text();
    return { status: r.status, url: r.url, headers: { get: (n) => r.headers.get(n) }, text: async () => text, body: null };
  };
}
export function revokedProxy() { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return proxy; }
export function proxyBlob(n) { return new Proxy(new Blob([new Uint8Array(n)]), {}); }
export function proxySignal() { return new Proxy(new AbortController().signal, {}); }
export function hugeString(n) { return "x".repeat(n); }

export function loneSurrogate() { return "task\ud800id"; }
/** The global fetch, its answers' Content-Length hidden (as a custom fetch's Response may). */
export function lengthlessFetch() {
  return async (url, init) => {
    const r = await fetch(url, init);
    const get = (k) => (k.toLowerCase() === "content-length" ? null : r.headers.get(k));
    return { status: r.status, url: r.url, headers: { get }, text: () => r.text() };
  };
}
/** An ArrayBuffer transferred away (detached): its byteLength is 0, and views of it throw. */
export function detachedBuffer() {
  const b = new TextEncoder().encode('{"task_id":"t","type":2,"status":3,"avatar":"a"}').buffer;
  structuredClone(b, { transfer: [b] });
  return b;
}
/** Removes String.prototype.isWellFormed (as runtimes before 2023 lack it); returns its restorer. */
export function hideIsWellFormed() {
  const d = Object.getOwnPropertyDescriptor(String.prototype, "isWellFormed");
  delete String.prototype.isWellFormed;
  return () => d && Object.defineProperty(String.prototype, "isWellFormed", d);
}
export function sabView() { return typeof SharedArrayBuffer === "function" ? new Uint8Array(new SharedArrayBuffer(8)) : null; }
export function oddSizeBlob() { class OddBlob extends Blob { get size() { return 1.5; } } return new OddBlob([new Uint8Array(2)]); }
export function throwingProgress() { const f = () => { throw new Error("boom from onProgress"); }; return f; }

// A stand-in for the network: `answer(url, init)` gives [status, body, headers, answeredUrl].
export function stubFetch(answer) {
  const f = async (url, init) => {
    f.calls++;
    const [status, body, headers = {}, answered = url] = answer(url, init);
    const r = new Response(body, { status, headers });
    return { status: r.status, url: answered, headers: r.headers, text: () => r.text(), body: r.body };
  };
  f.calls = 0;
  return f;
}
const auth = (init) => init.headers.authorization ?? init.headers.get?.("authorization") ?? "";
export function echoingApi() {
  return stubFetch((url, init) =>
    url.includes("/voice/list")
      ? [500, `<html>upstream error for ${auth(init)}</html>`]
      : [200, JSON.stringify({ code: 2003, message: `token ${auth(init)} is invalid`, request_id: "r" })]);
}
export function echoingResultsApi() {
  // Echoes the Authorization header into a result: a list item's title. `kind=2` writes the JSON
  // as PHP does, with every '/' escaped as '\/'.
  return stubFetch((url, init) => {
    const text = JSON.stringify({ code: 0, data: [{ avatar: "a1", kind: 1, title: `for ${auth(init)}` }] });
    return [200, url.includes("kind=2") ? text.replaceAll("/", "\\/") : text];
  });
}
export function redirectedApi() {
  return stubFetch((url) => [200, JSON.stringify({ code: 0, left: 5 }), {}, "https://elsewhere.example/api/v2/hifly/account/credit"]);
}
export function hugeAnswerApi() {
  return stubFetch(() => [200, "{}", { "content-length": String(5 * 1024 * 1024) }]);
}
export function repeatingListApi() {
  // Ignores `page`: always the same full page.
  return stubFetch(() => [200, JSON.stringify({ code: 0, data: [{ avatar: "a1", title: "" }, { avatar: "a2", title: "" }] })]);
}

export function cappedListApi() {
  // 8 avatars, served at most 3 a page whatever `size` asks.
  return stubFetch((url) => {
    const page = Number(new URL(url).searchParams.get("page"));
    const all = Array.from({ length: 8 }, (_, i) => ({ avatar: `a${i + 1}`, kind: 1, title: "" }));
    return [200, JSON.stringify({ code: 0, data: all.slice((page - 1) * 3, page * 3) })];
  });
}
export function endlessListApi() {
  // Every page full and new: a list that never ends.
  return stubFetch((url) => {
    const page = new URL(url).searchParams.get("page");
    return [200, JSON.stringify({ code: 0, data: [{ avatar: `a${page}`, kind: 2, title: "" }] })];
  });
}

export async function badInputs(client, HiflyError) {
  const Client = client.constructor;
  const huge = "字".repeat(200_000);
  const emoji21 = "😀".repeat(21);
  const blob = new Blob([new Uint8Array(8)]);
  const tts = (extra) => ({ avatar: "a", voice: "v", text: "hi", ...extra });
  const cases = [
    // Wrong types and missing values, for every kind of argument.
    ["createVideoByTts()", () => client.createVideoByTts()],
    ["createVideoByTts(null)", () => client.createVideoByTts(null)],
    ["createVideoByTts(5)", () => client.createVideoByTts(5)],
    ["createVideoByTts('text')", () => client.createVideoByTts("text")],
    ["createVideoByTts([])", () => client.createVideoByTts([])],
    ["createVideoByTts(fn)", () => client.createVideoByTts(() => 1)],
    ["createVideoByTts(true)", () => client.createVideoByTts(true)],
    ["tts text number", () => client.createVideoByTts(tts({ text: 42 }))],
    ["tts text object", () => client.createVideoByTts(tts({ text: { a: 1 } }))],
    ["tts avatar missing", () => client.createVideoByTts({ voice: "v", text: "hi" })],
    ["tts voice null", () => client.createVideoByTts(tts({ voice: null }))],
    ["tts title number", () => client.createVideoByTts(tts({ title: 7 }))],
    ["tts st_show 'yes'", () => client.createVideoByTts(tts({ st_show: "yes" }))],
    ["tts st_show 2", () => client.createVideoByTts(tts({ st_show: 2 }))],
    ["tts st_font_size NaN", () => client.createVideoByTts(tts({ st_font_size: NaN }))],
    ["tts st_font_size Infinity", () => client.createVideoByTts(tts({ st_font_size: Infinity }))],
    ["tts st_font_size 1.5", () => client.createVideoByTts(tts({ st_font_size: 1.5 }))],
    ["tts st_width '600'", () => client.createVideoByTts(tts({ st_width: "600" }))],
    ["tts st_height true", () => client.createVideoByTts(tts({ st_height: true }))],
    ["tts st_pos_y 2^60", () => client.createVideoByTts(tts({ st_pos_y: 2 ** 60 }))],
    ["tts colour name", () => client.createVideoByTts(tts({ st_primary_color: "red" }))],
    ["tts colour full-width", () => client.createVideoByTts(tts({ st_outline_color: "#ｆｆ0000" }))],
    ["tts unknown key", () => client.createVideoByTts(tts({ videoUrl: "x" }))],
    ["tts huge text", () => client.createVideoByTts(tts({ text: huge }))],
    ["tts blank text", () => client.createVideoByTts(tts({ text: " \n\t " }))],
    ["tts html text", () => client.createVideoByTts(tts({ text: "<script>x</script>" }))],
    ["tts 21 emoji title", () => client.createVideoByTts(tts({ title: emoji21 }))],
    ["tts huge title", () => client.createVideoByTts(tts({ title: huge }))],
    ["audio text undefined", () => client.createAudioByTts({ voice: "v" })],
    ["video by audio both", () => client.createVideoByAudio({ avatar: "a", audio_url: "https://e.com/a.mp3", file_id: "f" })],
    ["video by audio neither", () => client.createVideoByAudio({ avatar: "a" })],
    ["avatar url huge", () => client.createAvatarByVideo({ video_url: "https://e.com/" + "a".repeat(600) })],
    ["avatar url relative", () => client.createAvatarByVideo({ video_url: "/a.mp4" })],
    ["avatar url javascript:", () => client.createAvatarByVideo({ video_url: "javascript:alert(1)" })],
    ["avatar file_id number", () => client.createAvatarByVideo({ file_id: 12 })],
    ["image model '2'", () => client.createAvatarByImage({ file_id: "f", model: "2" })],
    ["image model 3", () => client.createAvatarByImage({ file_id: "f", model: 3 })],
    ["voice title missing", () => client.createVoice({ file_id: "f" })],
    ["voice voice_type 9", () => client.createVoice({ title: "t", voice_type: 9, file_id: "f" })],
    ["edit rate NaN", () => client.editVoice({ voice: "v", rate: NaN, volume: 1, pitch: 1 })],
    ["edit rate 'fast'", () => client.editVoice({ voice: "v", rate: "fast", volume: 1, pitch: 1 })],
    ["edit volume -1", () => client.editVoice({ voice: "v", rate: 1, volume: -1, pitch: 1 })],
    ["edit pitch missing", () => client.editVoice({ voice: "v", rate: 1, volume: 1 })],
    ["edit pitch object", () => client.editVoice({ voice: "v", rate: 1, volume: 1, pitch: {} })],
    ["list page 1.5", () => client.listAvatars({ page: 1.5 })],
    ["list page NaN", () => client.listVoices({ page: NaN })],
    ["list size '20'", () => client.listAvatars({ size: "20" })],
    ["list kind 1.5", () => client.listVoices({ kind: 1.5 })],
    ["list params 'x'", () => client.listVoices("x")],
    ["task id number", () => client.getVideoTask(42)],
    ["task id null", () => client.getAvatarTask(null)],
    ["task id empty", () => client.getVoiceTask("")],
    ["task id blank", () => client.getVideoTask("   ")],
    ["task id undefined", () => client.getVideoTask(undefined)],
    ["upload url ext with a space", () => client.createUploadUrl("m p4")],
    ["upload url ext a path", () => client.createUploadUrl("x/../mp4")],
    ["upload null data", () => client.uploadFile(null, { file_extension: "mp4" })],
    ["upload string data", () => client.uploadFile("bytes", { file_extension: "mp4" })],
    ["upload object data", () => client.uploadFile({ size: 5 }, { file_extension: "mp4" })],
    ["upload no options", () => client.uploadFile(blob)],
    ["upload bad purpose", () => client.uploadFile(blob, { file_extension: "mp4", purpose: "video" })],
    ["upload avi as an avatar video", () => client.uploadFile(blob, { file_extension: "avi", purpose: "avatar_video" })],
    ["upload onProgress string", () => client.uploadFile(blob, { file_extension: "mp4", onProgress: "log" })],
    ["options string", () => client.getCredit("fast")],
    ["options timeoutMs -5", () => client.getCredit({ timeoutMs: -5 })],
    ["options timeoutMs NaN", () => client.getCredit({ timeoutMs: NaN })],
    ["options signal {}", () => client.getCredit({ signal: {} })],
    ["options unknown key", () => client.getCredit({ retries: 3 })],
    ["wait intervalMs -1", () => client.waitForVideoTask("t", { intervalMs: -1 })],
    ["wait onStatus number", () => client.waitForVideoTask("t", { onStatus: 5 })],
    ["wait task id object", () => client.waitForAvatarTask({}, {})],
    ["iterate size 2.5", async () => { for await (const _ of client.avatars({ size: 2.5 })); }],
    ["iterate kind 'all'", async () => { for await (const _ of client.voices({ kind: "all" })); }],
    ["new Client({token:''})", () => new Client({ token: "" })],
    ["new Client({token:'a b'})", () => new Client({ token: "a b" })],
    ["new Client({token: non-ASCII})", () => new Client({ token: "tök" })],
    ["new Client({token: 5})", () => new Client({ token: 5 })],
    ["new Client({baseUrl:'ftp://x'})", () => new Client({ baseUrl: "ftp://x" })],
    ["new Client({maxRetries:-1})", () => new Client({ maxRetries: -1 })],
    ["new Client({maxRetries:1e9})", () => new Client({ maxRetries: 1e9 })],
    ["new Client({timeoutMs:-1})", () => new Client({ timeoutMs: -1 })],
    ["new Client('token')", () => new Client("token")],
    // Issue 12's classes: titles in 字, timers, uploads, strings, getters and Proxies.
    ["tts title of 41 ASCII letters (20.5 字)", () => client.createVideoByTts(tts({ title: "a".repeat(41) }))],
    ["audio title of 20 Chinese and 1 ASCII", () => client.createAudioByTts({ voice: "v", text: "t", title: "字".repeat(20) + "a" })],
    ["voice title of 21 full-width letters", () => client.createVoice({ title: "Ａ".repeat(21), file_id: "f" })],
    ["video by audio title of 21 Hangul", () => client.createVideoByAudio({ avatar: "a", file_id: "f", title: "한".repeat(21) })],
    ["upload stallTimeoutMs -1", () => client.uploadFile(blob, { file_extension: "mp4", stallTimeoutMs: -1 })],
    ["upload stallTimeoutMs NaN", () => client.uploadFile(blob, { file_extension: "mp4", stallTimeoutMs: NaN })],
    ["upload stallTimeoutMs '60s'", () => client.uploadFile(blob, { file_extension: "mp4", stallTimeoutMs: "60s" })],
    ["upload timeoutMs Infinity", () => client.uploadFile(blob, { file_extension: "mp4", timeoutMs: Infinity })],
    ["upload Blob of size 1.5", () => client.uploadFile(oddSizeBlob(), { file_extension: "mp3" })],
    ["createUploadUrl('mp4?x')", () => client.createUploadUrl("mp4?x")],
    ["wait timeoutMs NaN", () => client.waitForVoiceTask("t", { timeoutMs: NaN })],
    ["task id lone surrogate", () => client.getVideoTask(loneSurrogate())],
    ["tts text lone surrogate", () => client.createVideoByTts(tts({ text: "hi\udc00" }))],
    ["options throwing getter", () => client.getCredit({ get timeoutMs() { throw new Error("no"); } })],
    ["options Proxy that throws", () => client.getCredit(new Proxy({}, { ownKeys() { throw new Error("no"); } }))],
    ["upload options throwing getter", () => client.uploadFile(blob, { file_extension: "mp4", get purpose() { throw new Error("no"); } })],
    ["wait options throwing getter", () => client.waitForVideoTask("t", { get intervalMs() { throw new Error("no"); } })],
    ["iterate options throwing getter", async () => { for await (const _ of client.avatars({ get size() { throw new Error("no"); } })); }],
    ["new Client(throwing getter)", () => new Client({ get token() { throw new Error("no"); } })],
    ["options fake signal {aborted:false}", () => client.getCredit({ signal: { aborted: false } })],
    // Values JSON cannot carry, and objects it cannot read.
    ["tts cyclic params", () => { const p = tts({}); p.self = p; return client.createVideoByTts(p); }],
    ["tts bigint size", () => client.createVideoByTts(tts({ st_font_size: 10n }))],
    ["tts symbol title", () => client.createVideoByTts(tts({ title: Symbol("t") }))],
    ["tts throwing getter", () => client.createVideoByTts({ ...tts({}), get title() { throw new Error("no"); } })],
    ["new Client(cyclic options)", () => { const o = {}; o.token = o; return new Client(o); }],
  ];
  const out = [];
  for (const [name, call] of cases) {
    try {
      const value = await call();
      out.push({ name, ok: true, value: String(value) });
    } catch (e) {
      out.push({
        name,
        ok: false,
        isHiflyError: e instanceof HiflyError && e instanceof Error,
        kind: e && e.kind,
        message: e && e.message,
      });
    }
  }
  return out;
}
export function sleepMs(ms) { return new Promise((done) => setTimeout(done, ms)); }
