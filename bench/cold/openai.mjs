// openai has no callback parser. Its closest equivalent of "import, then handle one callback":
// import the client, construct it (as a server does once), and JSON.parse the same body,
// reading every field. (openai's own webhooks.unwrap() also checks an HMAC signature, which a
// HiFly callback does not carry, so it is not used.)
import OpenAI from "openai";
import { BODY } from "./body.mjs";

const client = new OpenAI({ apiKey: "sk-bench-not-a-key" });
const c = JSON.parse(BODY);
const seen = [c.type, c.task_id, c.status, c.code, c.message, c.video_Url, c.duration, c.title];
if (!client || seen.length !== 8 || c.type !== 1 || c.task_id !== "1234567890123456") process.exit(1);
