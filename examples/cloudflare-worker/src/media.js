// Re-hosting: HiFly's result URLs are temporary, so a finished work's file is copied into R2.
// The bytes stream from the source to the bucket; they are never gathered in memory whole.

/** R2 multipart parts (all but the last must be equal and at least 5 MiB). */
export const PART_BYTES = 8 * 1024 * 1024;

/** A failure to fetch or store the media: transient, so the callback is answered non-200. */
export class MediaError extends Error {
  constructor(message) {
    super(message);
    this.name = "MediaError";
  }
}

/** Where a work's file goes: one deterministic key per task, so that a retry overwrites rather
 * than duplicates. The extension comes from the source URL's path, when it has a known one. */
export function mediaKey(taskId, sourceUrl) {
  let ext = "";
  try {
    const m = /\.(mp4|mov|mp3|m4a|wav)$/i.exec(new URL(sourceUrl).pathname);
    if (m) ext = `.${m[1].toLowerCase()}`;
  } catch {
    // no usable URL: no extension
  }
  return `works/${encodeURIComponent(taskId)}${ext}`;
}

/** The stored Content-Type, by the key's extension: never the source's own word for an audio or
 * video file, which could be `text/html` (an error page answered 200) and turn the copy into a
 * page on this Worker's origin. A source type is kept only if it is audio or video. */
const TYPES = { mp4: "video/mp4", mov: "video/quicktime", mp3: "audio/mpeg", m4a: "audio/mp4", wav: "audio/wav" };

function storedType(key, sourceType) {
  const ext = /\.([a-z0-9]+)$/.exec(key)?.[1];
  if (ext && Object.hasOwn(TYPES, ext)) return TYPES[ext];
  const type = (sourceType ?? "").split(";")[0].trim().toLowerCase();
  return /^(audio|video)\/[a-z0-9.+-]+$/.test(type) ? type : "application/octet-stream";
}

/**
 * Copies `sourceUrl` into `bucket` under `key` and resolves `{key, size, content_type, etag}`.
 *
 * - An object already under `key` is kept: R2 writes are atomic, so it can only be a complete
 *   copy stored by an earlier attempt that crashed before recording it.
 * - With a Content-Length (and no Content-Encoding), the response body streams straight into
 *   `put`, which needs a stream of known length.
 * - Otherwise the body goes up as a multipart upload, one part in memory at a time.
 */
export async function copyToBucket(bucket, sourceUrl, key, { partBytes = PART_BYTES } = {}) {
  const existing = await bucket.head(key);
  if (existing) return describe(key, existing);
  if (!sourceUrl) throw new MediaError("the API gave no URL for the finished work");

  let res;
  try {
    res = await fetch(sourceUrl, { redirect: "follow" });
  } catch (e) {
    throw new MediaError(`the media URL could not be fetched (${e && e.message ? e.message : e})`);
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new MediaError(`the media URL answered HTTP ${res.status}`);
  }
  const contentType = storedType(key, res.headers.get("Content-Type"));
  const httpMetadata = { contentType };
  const encoding = res.headers.get("Content-Encoding");
  const lengthKnown = res.headers.has("Content-Length") && (!encoding || encoding === "identity");
  let stored;
  try {
    stored = lengthKnown
      ? await bucket.put(key, res.body, { httpMetadata })
      : await putInParts(bucket, key, res.body, httpMetadata, partBytes);
  } catch (e) {
    throw new MediaError(`the media could not be stored (${e && e.message ? e.message : e})`);
  }
  return describe(key, stored, contentType);
}

function describe(key, object, contentType) {
  return {
    key,
    size: object.size,
    content_type: contentType ?? object.httpMetadata?.contentType ?? "application/octet-stream",
    etag: object.httpEtag,
  };
}

/** A body of unknown length: a single put if it fits in one part, else a multipart upload. */
async function putInParts(bucket, key, stream, httpMetadata, partBytes) {
  const next = chunker(stream.getReader(), partBytes);
  let chunk = await next();
  if (chunk.done) return bucket.put(key, chunk.bytes, { httpMetadata });
  const upload = await bucket.createMultipartUpload(key, { httpMetadata });
  try {
    const parts = [];
    while (chunk.bytes.byteLength > 0) {
      parts.push(await upload.uploadPart(parts.length + 1, chunk.bytes));
      if (chunk.done) break;
      chunk = await next();
    }
    return await upload.complete(parts);
  } catch (e) {
    await upload.abort().catch(() => {});
    await next.cancel();
    throw e;
  }
}

/** Reads a stream in pieces of exactly `size` bytes (the last may be shorter):
 * `{bytes, done}`, where `done` says the stream has ended. */
function chunker(reader, size) {
  let carry = null;
  let ended = false;
  const next = async () => {
    const out = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      let piece = carry;
      carry = null;
      if (!piece) {
        if (ended) break;
        const { done, value } = await reader.read();
        if (done) {
          ended = true;
          break;
        }
        piece = value;
      }
      const take = Math.min(piece.byteLength, size - filled);
      out.set(piece.subarray(0, take), filled);
      filled += take;
      if (take < piece.byteLength) carry = piece.subarray(take);
    }
    // A full piece does not prove the stream goes on: look ahead once.
    if (filled === size && !carry && !ended) {
      const { done, value } = await reader.read();
      if (done) ended = true;
      else carry = value;
    }
    return { bytes: out.subarray(0, filled), done: ended && !carry };
  };
  next.cancel = () => reader.cancel().catch(() => {});
  return next;
}

/** Serves a stored object, with single-range support, for `GET /hifly/tasks/<id>/media`. */
export async function serveObject(bucket, key, request, extraHeaders) {
  const wantsRange = request.headers.has("Range");
  let object;
  try {
    object = await bucket.get(key, wantsRange ? { range: request.headers } : {});
  } catch {
    // R2 refuses a range it cannot satisfy.
    const head = await bucket.head(key);
    if (!head) return null;
    return new Response(null, { status: 416, headers: { ...extraHeaders, "Content-Range": `bytes */${head.size}` } });
  }
  if (!object) return null;
  const headers = new Headers(extraHeaders);
  object.writeHttpMetadata(headers);
  // Bytes someone else made, served from this origin: never sniffed, never run as a page.
  headers.set("Content-Type", storedType(key, headers.get("Content-Type")));
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Content-Security-Policy", "sandbox");
  headers.set("ETag", object.httpEtag);
  headers.set("Accept-Ranges", "bytes");
  headers.set("Cache-Control", "private, max-age=3600");
  const r = wantsRange ? object.range : undefined;
  const offset = !r ? 0 : r.suffix !== undefined ? Math.max(0, object.size - r.suffix) : (r.offset ?? 0);
  const length = !r ? object.size : r.suffix !== undefined ? object.size - offset : (r.length ?? object.size - offset);
  if (offset === 0 && length === object.size) {
    // No range, or one covering the whole object (R2 answers an unsatisfiable one that way).
    headers.set("Content-Length", String(object.size));
    return new Response(request.method === "HEAD" ? null : object.body, { status: 200, headers });
  }
  headers.set("Content-Range", `bytes ${offset}-${offset + length - 1}/${object.size}`);
  headers.set("Content-Length", String(length));
  return new Response(request.method === "HEAD" ? null : object.body, { status: 206, headers });
}
