// The vendor's three examples (fuzz/seeds/callback/), parseCallback's results for them, and bad
// bodies that every parser in the comparison must refuse: the check that they are equally strict.
export const SEED_FILES = ["vendor-2.json", "vendor-0.json", "vendor-1.json"]; // type 1, 2, 3

export const EXPECTED = [
  { type: 1, task_id: "1234567890123456", status: 3, code: 0, message: "", video_url: "https://example.com/videos/abc123.mp4?token=xyz789", duration: 45, title: "我的视频创作" },
  { type: 2, task_id: "1234567890123456", status: 3, code: 0, message: "", avatar: "av_abc123xyz" },
  { type: 3, task_id: "1234567890123456", status: 3, code: 0, message: "", voice: "voice_abc123", demo_url: "https://example.com/demo_audio.mp3" },
];

const ok = { task_id: "1234567890123456", status: 3, type: 2, avatar: "av_abc123xyz", code: 0, message: "" };
const j = (patch, drop = []) => {
  const o = { ...ok, ...patch };
  for (const k of drop) delete o[k];
  return JSON.stringify(o);
};

export const BAD = [
  ["truncated JSON", '{"task_id": "1234567890123456", "status": 3'],
  ["an array", "[1, 2]"],
  ["a string", '"hello"'],
  ["task_id missing", j({}, ["task_id"])],
  ["task_id blank", j({ task_id: "   " })],
  ["task_id a number", j({ task_id: 1234567890123456 })],
  ["status 2", j({ status: 2 })],
  ["status a string", j({ status: "3" })],
  ["status missing", j({}, ["status"])],
  ["type 4", j({ type: 4 })],
  ["type missing", j({}, ["type"])],
  ["type 1.5", j({ type: 1.5 })],
  ["code a string", j({ code: "0" })],
  ["message a number", j({ message: 1 })],
  ["type 2 done without avatar", j({}, ["avatar"])],
  ["avatar a number", j({ avatar: 7 })],
  ["type 1 done without video_Url", JSON.stringify({ task_id: "1", status: 3, type: 1, duration: 4 })],
  ["duration negative", JSON.stringify({ task_id: "1", status: 3, type: 1, video_Url: "https://x/y.mp4", duration: -1 })],
  ["duration a string", JSON.stringify({ task_id: "1", status: 3, type: 1, video_Url: "https://x/y.mp4", duration: "45" })],
  ["title a number", JSON.stringify({ task_id: "1", status: 3, type: 1, video_Url: "https://x/y.mp4", title: 5 })],
  ["video_url mistyped beside video_Url", JSON.stringify({ task_id: "1", status: 3, type: 1, video_Url: "https://x/y.mp4", video_url: 5 })],
  ["type 3 done without voice", JSON.stringify({ task_id: "1", status: 3, type: 3, demo_url: "https://x/a.mp3" })],
  ["demo_url a number", JSON.stringify({ task_id: "1", status: 3, type: 3, voice: "v", demo_url: 1 })],
  ["over 64 KiB", j({ message: "x".repeat(70_000) })],
];

/** Refused by parseCallback only: JSON.parse cannot see it. Reported, not held against the others. */
export const HIFLY_ONLY = [["a duplicated key", '{"task_id": "1", "status": 3, "type": 2, "avatar": "a", "avatar": "b"}']];
