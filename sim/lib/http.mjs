// Small HTTP helpers shared by every route: replies as values, CORS, ids, body reading.

import { randomBytes } from "node:crypto";

/** The vendor's error table (错误码), used for default messages. */
export const CODE_MESSAGES = {
  11: "参数不正确",
  14: "找不到资源",
  1001: "正在生成中的作品数量达到上限",
  1002: "积分不足",
  1005: "开通会员",
  1006: "会员等级不够",
  1009: "高保真声音已售罄",
  1011: "声音与名人相似",
  1013: "高保真声音达到克隆数量上限",
  1015: "提交的作品数量达到上限",
  2003: "无效 Token",
  2011: "文件大小超过限制",
  2012: "文件类型不支持",
  2013: "获取音频资源失败",
  2014: "获取视频资源失败",
  2015: "数字人克隆失败",
  2016: "获取图片资源失败",
};

/** A business error: answered as HTTP 200 with a non-zero code. */
export class ApiError extends Error {
  constructor(code, detail) {
    const base = CODE_MESSAGES[code] ?? "error";
    super(detail ? `${base}: ${detail}` : base);
    this.code = code;
  }
}

export function requestId() {
  return "req" + randomBytes(12).toString("hex");
}

/** A reply value: status, headers, body bytes. Routes return these so faults can rewrite them. */
export function reply(status, body = "", headers = {}) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8");
  return { status, headers, body: buf };
}

export function jsonReply(status, obj, headers = {}) {
  return reply(status, JSON.stringify(obj), { "Content-Type": "application/json; charset=utf-8", ...headers });
}

/** An OSS-style XML error, as the signed-upload host would answer. */
export function ossErrorReply(status, code, message, extra = {}) {
  const fields = Object.entries({ Code: code, Message: message, RequestId: requestId().slice(3, 27).toUpperCase(), HostId: "upload.hifly-sim.local", ...extra })
    .map(([k, v]) => `  <${k}>${xmlEscape(String(v))}</${k}>`)
    .join("\n");
  return reply(status, `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n${fields}\n</Error>\n`, { "Content-Type": "application/xml" });
}

function xmlEscape(s) {
  return s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]);
}

export const CORS_ALLOW_HEADERS = "Authorization, Content-Type";
export const CORS_ALLOW_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
export const CORS_EXPOSE_HEADERS = "Retry-After, Content-Length, Content-Range, Accept-Ranges, ETag, x-oss-request-id";

/** CORS headers for every response: the Origin is echoed (or * when there is none). */
export function corsHeaders(req) {
  const origin = req.headers.origin;
  return {
    "Access-Control-Allow-Origin": origin || "*",
    "Access-Control-Allow-Methods": CORS_ALLOW_METHODS,
    "Access-Control-Allow-Headers": CORS_ALLOW_HEADERS,
    "Access-Control-Expose-Headers": CORS_EXPOSE_HEADERS,
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}

/** Writes a reply value to res (HEAD gets the headers only). */
export function send(req, res, r) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(r.status, { ...corsHeaders(req), "Content-Length": r.body.length, ...r.headers });
  res.end(req.method === "HEAD" ? undefined : r.body);
}

export class BodyTooLarge extends Error {}

/** Reads a whole (small) request body; rejects with BodyTooLarge past `limit` bytes. */
export function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let over = false;
    req.on("data", (c) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => over || resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
