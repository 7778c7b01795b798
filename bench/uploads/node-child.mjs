// One upload in a fresh Node process, so that its peak RSS is its own:
//   node uploads/node-child.mjs <hifly|plain|plain-stream|read-only> <simUrl> <token> <file>
// hifly: `uploadFile(blob, {file_extension: "mp4"})`, whose create_upload_url call is inside the
// timing. plain: a fresh signed URL is fetched first, outside the timing (`ms`), then one fetch
// PUT; `msWithUrl` also counts the signed-URL request, which is the same work as uploadFile.
// plain-stream: the same with blob.stream() as the body (chunked, no Content-Length), to see
// whether a streamed body lowers the peak RSS. read-only: no upload, only reads the Blob's stream.
// Every variant that uploads has made one fetch before the clock starts (Node loads its fetch
// implementation on first use). Prints one JSON line.
import { openAsBlob } from "node:fs";

const [variant, simUrl, token, file] = process.argv.slice(2);
const rss = () => process.resourceUsage().maxRSS * 1024; // maxRSS is in KiB
const blob = await openAsBlob(file);

let timed;
let wasmMemory = null;
let urlMs = 0;
if (variant === "hifly") {
  const { HiflyClient } = await import("hifly-sdk");
  // The same module instance the package uses: initSync() returns the live wasm exports.
  const { initSync } = await import(new URL("../../pkg/hifly_sdk.js", import.meta.url));
  const wasm = initSync();
  // The package's build shortens export names, so the memory is found by what it is.
  const memory = Object.values(wasm).find((v) => v instanceof WebAssembly.Memory);
  const client = new HiflyClient({ token, baseUrl: simUrl });
  await (await fetch(`${simUrl}/__sim/health`)).arrayBuffer();
  const before = memory.buffer.byteLength;
  timed = async () => {
    const { file_id } = await client.uploadFile(blob, { file_extension: "mp4" });
    if (!file_id) throw new Error("no file_id");
  };
  wasmMemory = () => ({ before, after: memory.buffer.byteLength });
} else if (variant === "read-only") {
  timed = async () => {
    let n = 0;
    for await (const chunk of blob.stream()) n += chunk.length;
    if (n !== blob.size) throw new Error(`read ${n} bytes`);
  };
} else {
  await (await fetch(`${simUrl}/__sim/health`)).arrayBuffer();
  const u0 = performance.now();
  const res = await fetch(`${simUrl}/api/v2/hifly/tool/create_upload_url`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ file_extension: "mp4" }),
  });
  const { upload_url, content_type } = await res.json();
  urlMs = performance.now() - u0;
  timed = async () => {
    const body = variant === "plain-stream" ? blob.stream() : blob;
    const put = await fetch(upload_url, { method: "PUT", headers: { "content-type": content_type }, body, duplex: "half" });
    await put.arrayBuffer();
    if (put.status !== 200) throw new Error(`PUT ${put.status}`);
  };
}

const rssBefore = rss();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await timed();
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    variant,
    ms,
    msWithUrl: ms + urlMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssBefore,
    rssPeak: rss(),
    wasm: wasmMemory?.() ?? null,
  }),
);
