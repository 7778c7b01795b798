// Small response helpers and the origin allow-list shared by the routes.

/** A JSON response. `headers` may add CORS or other headers. */
export function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    // nosniff: a stored record holds text that others wrote (the API's message, the body's claims):
    // it is served as JSON, never sniffed into a page.
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", ...headers },
  });
}

/** The one 404 of this Worker: an unknown path and a callback with the wrong secret look alike. */
export function notFound(headers = {}) {
  return json(404, { error: "not_found" }, headers);
}

/** `ALLOWED_ORIGINS` ("https://app.example.com, http://localhost:5173") as a set of origins. */
function allowList(env) {
  return new Set(
    String(env.ALLOWED_ORIGINS ?? "")
      .split(",")
      .map((o) => o.trim().replace(/\/+$/, ""))
      .filter(Boolean),
  );
}

/** The request's Origin if it is on the allow-list, else null. Exact matches only: no "*". */
export function allowedOrigin(request, env) {
  const origin = request.headers.get("Origin");
  return origin && allowList(env).has(origin) ? origin : null;
}

/** CORS headers for an allowed origin (none for anyone else); always `Vary: Origin`. */
export function corsHeaders(origin) {
  if (!origin) return { Vary: "Origin" };
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Expose-Headers": "Retry-After, Content-Length, Content-Range, Accept-Ranges, ETag",
    Vary: "Origin",
  };
}

/** The answer to a CORS preflight: 204 for an allowed origin, 403 otherwise. */
export function preflight(origin, methods) {
  if (!origin) return new Response(null, { status: 403, headers: { Vary: "Origin" } });
  return new Response(null, {
    status: 204,
    headers: {
      ...corsHeaders(origin),
      "Access-Control-Allow-Methods": methods,
      // Authorization is accepted so that a front end sending its own session header is not
      // blocked by the browser; the proxy never forwards it.
      "Access-Control-Allow-Headers": "Content-Type, Authorization",
      "Access-Control-Max-Age": "600",
    },
  });
}

/** A request's or response's body, or null when it is over `max` bytes (read no further). */
export async function readLimited(message, max) {
  if (Number(message.headers.get("content-length")) > max) {
    await message.body?.cancel();
    return null;
  }
  if (!message.body) return new Uint8Array(0);
  const reader = message.body.getReader();
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
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}
