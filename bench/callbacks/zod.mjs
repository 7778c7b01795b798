// JSON.parse, then a zod 4 schema of the same discriminated union with the same strictness as
// parseCallback (see hand.mjs for the rules), then the same result shape. As with hand.mjs,
// duplicate keys cannot be seen after JSON.parse.
import { z } from "zod";

export const name = "JSON.parse + zod 4 schema";

const MAX = 64 * 1024;
const str = z.string().nullish(); // null counts as absent
const int = z.int().nullish();
const base = {
  task_id: z.string().refine((s) => s.trim() !== "", "field `task_id` is empty"),
  status: z.literal([3, 4]),
  code: int,
  message: str,
};
const done = (field, has) => [(v) => v.status !== 3 || has(v), { message: `field \`${field}\` is missing from a finished (status 3) callback`, path: [field] }];
const work = z
  .object({ ...base, type: z.literal(1), video_Url: str, video_url: str, duration: z.number().nonnegative().nullish(), title: str })
  .refine(...done("video_Url", (v) => v.video_Url != null || v.video_url != null));
const avatar = z.object({ ...base, type: z.literal(2), avatar: str }).refine(...done("avatar", (v) => v.avatar != null));
const voice = z.object({ ...base, type: z.literal(3), voice: str, demo_url: str }).refine(...done("voice", (v) => v.voice != null));
export const schema = z.discriminatedUnion("type", [work, avatar, voice]);

export function parse(body) {
  if (typeof body !== "string") throw new Error("Invalid callback: the body must be a string");
  if (body.length > MAX / 3 && Buffer.byteLength(body) > MAX) throw new Error("Invalid callback: the body is too large");
  const v = schema.parse(JSON.parse(body));
  const out = { type: v.type, task_id: v.task_id, status: v.status, code: v.code ?? 0, message: v.message ?? "" };
  if (v.type === 1) {
    const url = v.video_Url ?? v.video_url;
    if (url != null) out.video_url = url;
    if (v.duration != null) out.duration = v.duration;
    if (v.title != null) out.title = v.title;
  } else if (v.type === 2) {
    if (v.avatar != null) out.avatar = v.avatar;
  } else {
    if (v.voice != null) out.voice = v.voice;
    if (v.demo_url != null) out.demo_url = v.demo_url;
  }
  return out;
}
