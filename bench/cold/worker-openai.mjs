// A Worker that imports openai, constructs the client and JSON.parses the callback.
import OpenAI from "openai";
import { BODY } from "./body.mjs";

export default {
  async fetch(request, env) {
    const client = new OpenAI({ apiKey: "sk-bench-not-a-key" });
    const c = JSON.parse(BODY);
    return Response.json([typeof client, c.type, c.task_id, c.status, c.code, c.message, c.video_Url, c.duration, c.title]);
  },
};
