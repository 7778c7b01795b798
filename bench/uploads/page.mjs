// The browser half of the upload bench, driven by uploads.mjs through Playwright.
import { HiflyClient } from "hifly-sdk";
import init from "/pkg/hifly_sdk.js";

// browser.js has already instantiated the module: init() returns the live wasm exports.
const wasm = await init();
// The package's build shortens export names, so the memory is found by what it is.
const memory = Object.values(wasm).find((v) => v instanceof WebAssembly.Memory);
let blob = null;

async function signedUrl(simUrl, token) {
  const res = await fetch(`${simUrl}/api/v2/hifly/tool/create_upload_url`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ file_extension: "mp4" }),
  });
  return await res.json();
}

function xhrPut(url, contentType, body) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    xhr.setRequestHeader("Content-Type", contentType);
    xhr.upload.onprogress = () => {};
    xhr.onload = () => resolve(xhr.status);
    xhr.onerror = () => reject(new Error("xhr failed"));
    xhr.send(body);
  });
}

window.bench = {
  /** A Blob of `size` bytes, made in the page from 8 MiB chunks. */
  makeBlob(size) {
    const chunk = 8 << 20;
    const parts = [];
    for (let at = 0, i = 0; at < size; at += chunk, i++) {
      parts.push(new Uint8Array(Math.min(chunk, size - at)).fill((i * 37 + 11) & 255));
    }
    blob = new Blob(parts, { type: "video/mp4" });
    return blob.size;
  },
  wasmMemory: () => memory.buffer.byteLength,
  /** One upload; resolves {ms, msWithUrl, wasmBefore, wasmAfter}. */
  async upload(variant, simUrl, token) {
    const client = new HiflyClient({ token, baseUrl: simUrl });
    let timed;
    let urlMs = 0; // plain variants: the signed-URL request, outside `ms`, inside `msWithUrl`
    if (variant === "hifly") {
      timed = () => client.uploadFile(blob, { file_extension: "mp4" });
    } else if (variant === "hifly-progress") {
      timed = () => client.uploadFile(blob, { file_extension: "mp4", onProgress: () => {} });
    } else {
      const u0 = performance.now();
      const { upload_url, content_type } = await signedUrl(simUrl, token);
      urlMs = performance.now() - u0;
      timed =
        variant === "plain"
          ? async () => {
              const res = await fetch(upload_url, { method: "PUT", headers: { "content-type": content_type }, body: blob });
              await res.arrayBuffer();
              if (res.status !== 200) throw new Error(`PUT ${res.status}`);
            }
          : async () => {
              const status = await xhrPut(upload_url, content_type, blob);
              if (status !== 200) throw new Error(`PUT ${status}`);
            };
    }
    const wasmBefore = memory.buffer.byteLength;
    const t0 = performance.now();
    await timed();
    const ms = performance.now() - t0;
    return { ms, msWithUrl: ms + urlMs, wasmBefore, wasmAfter: memory.buffer.byteLength };
  },
};
window.__ready = true;
