// A Worker that does not import hifly-sdk: it JSON.parses the same callback.
import { BODY } from "./body.mjs";

export default {
  async fetch() {
    const c = JSON.parse(BODY);
    return Response.json([c.type, c.task_id, c.status, c.code, c.message, c.video_Url, c.duration, c.title]);
  },
};
