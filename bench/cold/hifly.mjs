// Import hifly-sdk and parse one callback, reading every field of the result.
import { parseCallback } from "hifly-sdk";
import { BODY } from "./body.mjs";

const c = parseCallback(BODY);
const seen = [c.type, c.task_id, c.status, c.code, c.message, c.video_url, c.duration, c.title];
if (seen.length !== 8 || c.type !== 1 || c.task_id !== "1234567890123456" || c.duration !== 45) process.exit(1);
