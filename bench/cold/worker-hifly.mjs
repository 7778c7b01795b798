// A Worker that imports hifly-sdk (bundled as wrangler does: the workerd entry, the .wasm as a
// compiled module) and parses the callback.
import { parseCallback } from "hifly-sdk";
import { BODY } from "./body.mjs";

export default {
  async fetch() {
    const c = parseCallback(BODY);
    return Response.json([c.type, c.task_id, c.status, c.code, c.message, c.video_url, c.duration, c.title]);
  },
};
