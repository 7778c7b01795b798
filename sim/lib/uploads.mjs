// Signed upload URLs in the style of Aliyun OSS (as the vendor's example shows) and the PUT
// that receives them. The PUT streams to disk: the body is never held in memory.

import { createHmac, timingSafeEqual } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ApiError, ossErrorReply, reply } from "./http.mjs";
import { randomHex } from "./state.mjs";

/** file_extension -> the Content-Type the PUT must carry, and the size-limit category. */
export const EXTENSIONS = {
  mp4: { contentType: "video/mp4", category: "video" },
  mov: { contentType: "video/quicktime", category: "video" },
  mp3: { contentType: "audio/mpeg", category: "audio" },
  m4a: { contentType: "audio/mp4", category: "audio" },
  wav: { contentType: "audio/wav", category: "audio" },
  jpg: { contentType: "image/jpeg", category: "image" },
  jpeg: { contentType: "image/jpeg", category: "image" },
  png: { contentType: "image/png", category: "image" },
};

export const ACCESS_KEY_ID = "LTAI5tHiflySimulatorKey0";
const BUCKET = "hifly-sim";
export const UPLOAD_PREFIX = "/upload/";

function stringToSign(contentType, expires, key) {
  return `PUT\n\n${contentType}\n${expires}\n/${BUCKET}/${key}`;
}

export class Uploads {
  constructor(app) {
    this.app = app;
  }

  get store() {
    return this.app.store;
  }

  sign(s) {
    return createHmac("sha1", this.app.secret).update(s).digest("base64");
  }

  /** POST tool/create_upload_url: registers a file_id and returns the signed PUT URL. */
  create(fileExtension) {
    const ext = fileExtension.trim().replace(/^\./, "").toLowerCase();
    const info = EXTENSIONS[ext];
    if (!info) throw new ApiError(2012, `file_extension must be one of ${Object.keys(EXTENSIONS).join(", ")}`);
    const fileId = "file_" + randomHex(8);
    const key = `uploads/${fileId}.${ext}`;
    const expires = Math.floor((this.store.now() + this.app.cfg.uploadTtlMs) / 1000);
    const signature = this.sign(stringToSign(info.contentType, expires, key));
    this.store.uploads.set(fileId, { fileId, key, ext, ...info, expires, uploaded: false, size: 0, path: null });
    const url = `${this.app.baseUrl}${UPLOAD_PREFIX}${encodeURIComponent(key)}?Expires=${expires}&OSSAccessKeyId=${ACCESS_KEY_ID}&Signature=${encodeURIComponent(signature)}`;
    return { upload_url: url, content_type: info.contentType, file_id: fileId };
  }

  /** The upload behind a file_id, for the create endpoints: 14 unless a PUT has succeeded. */
  use(fileId, category) {
    const rec = this.store.uploads.get(fileId);
    if (!rec || !rec.uploaded) throw new ApiError(14, `file_id ${fileId} not found (create_upload_url, then PUT the file first)`);
    if (rec.category !== category) throw new ApiError(2012, `file_id ${fileId} is a .${rec.ext} file; this endpoint needs ${category}`);
    return rec;
  }

  limitFor(category) {
    const c = this.app.cfg;
    return { video: c.maxVideoBytes, audio: c.maxAudioBytes, image: c.maxImageBytes }[category];
  }

  /**
   * Checks a PUT's URL and headers (before any body byte is read).
   * Returns an error reply, or the upload record when the PUT may proceed.
   */
  check(req, pathname, query) {
    if (req.method !== "PUT") return { error: ossErrorReply(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", { Method: req.method }) };
    let key;
    try {
      key = decodeURIComponent(pathname.slice(UPLOAD_PREFIX.length));
    } catch {
      return { error: ossErrorReply(400, "InvalidObjectName", "The object name is not valid.") };
    }
    const expires = query.get("Expires");
    const keyId = query.get("OSSAccessKeyId");
    const signature = query.get("Signature");
    if (req.headers.authorization !== undefined && signature) {
      // As S3/OSS do: a presigned URL and an Authorization header are two auth mechanisms.
      return { error: ossErrorReply(400, "InvalidArgument", "Only one auth mechanism allowed; only the Signature query string parameter or the Authorization header should be specified", { ArgumentName: "Authorization" }) };
    }
    if (!expires || !keyId || !signature) return { error: ossErrorReply(403, "AccessDenied", "Anonymous access is forbidden for this operation.") };
    if (keyId !== ACCESS_KEY_ID) return { error: ossErrorReply(403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records.", { OSSAccessKeyId: keyId }) };
    const nowS = Math.floor(this.store.now() / 1000);
    if (!/^\d+$/.test(expires) || Number(expires) < nowS) return { error: ossErrorReply(403, "AccessDenied", "Request has expired.", { Expires: expires, ServerTime: new Date(nowS * 1000).toISOString() }) };
    const contentType = req.headers["content-type"] ?? "";
    const sts = stringToSign(contentType, expires, key);
    const want = Buffer.from(this.sign(sts));
    const got = Buffer.from(signature);
    if (want.length !== got.length || !timingSafeEqual(want, got)) {
      return { error: ossErrorReply(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method (the Content-Type header is part of the signature).", { StringToSign: sts, OSSAccessKeyId: keyId }) };
    }
    const rec = [...this.store.uploads.values()].find((u) => u.key === key);
    if (!rec) return { error: ossErrorReply(404, "NoSuchUpload", "The simulator has no pending upload for this key (was it reset?).", { Key: key }) };
    const limit = this.limitFor(rec.category);
    const declared = req.headers["content-length"];
    if (declared !== undefined && Number(declared) > limit) return { error: tooLarge(limit, Number(declared)) };
    return { rec, limit };
  }

  /** Streams the body to disk, enforcing the size limit as bytes arrive. Records the byte count in logEntry. */
  async receive(req, rec, limit, logEntry) {
    const final = join(this.app.uploadDir, `${rec.fileId}.${rec.ext}`);
    const part = `${final}.part-${randomHex(4)}`;
    let bytes = 0;
    const counter = new Transform({
      transform(chunk, _enc, cb) {
        bytes += chunk.length;
        logEntry.bytes = bytes;
        if (bytes > limit) cb(Object.assign(new Error("too large"), { tooLarge: true }));
        else cb(null, chunk);
      },
    });
    try {
      await pipeline(req, counter, createWriteStream(part, { highWaterMark: 1 << 20 }));
    } catch (e) {
      await unlink(part).catch(() => {});
      if (e.tooLarge) {
        req.resume(); // discard the rest so the client can read our answer
        return tooLarge(limit, bytes);
      }
      logEntry.aborted = true;
      return null; // the client went away; nothing to answer
    }
    await rename(part, final); // a second PUT to the same URL replaces the file
    Object.assign(rec, { uploaded: true, size: bytes, path: final });
    const etag = '"' + createHmac("md5", "etag").update(`${rec.fileId}:${bytes}:${Date.now()}`).digest("hex").toUpperCase() + '"';
    return reply(200, "", { ETag: etag, "x-oss-request-id": randomHex(12).toUpperCase() });
  }

  /** Deletes every received file (reset / close). */
  async removeAll() {
    const paths = [...this.store.uploads.values()].map((u) => u.path).filter(Boolean);
    await Promise.all(paths.map((p) => unlink(p).catch(() => {})));
  }
}

function tooLarge(limit, size) {
  const r = ossErrorReply(413, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.", { MaxSizeAllowed: limit, ProposedSize: size });
  r.headers.Connection = "close";
  return r;
}
