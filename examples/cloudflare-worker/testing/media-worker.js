// A test-only Worker around copyToBucket, to drive the path a deployment rarely takes: a source
// that sends no Content-Length, copied with a multipart upload. POST {url, key, partBytes}.
import { copyToBucket } from "../src/media.js";

export default {
  async fetch(request, env) {
    const { url, key, partBytes } = await request.json();
    try {
      return Response.json(await copyToBucket(env.MEDIA, url, key, { partBytes }));
    } catch (e) {
      return Response.json({ error: e.name, message: e.message }, { status: 503 });
    }
  },
};
