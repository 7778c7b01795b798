// A consumer of the whole public API, compiled with `tsc --strict --noEmit` against the shipped
// .d.ts (make test-ts). The `@ts-expect-error` lines prove the types refuse misuse: each fails
// the build if the line below it compiles.
import {
  ErrorCode,
  HiflyClient,
  HiflyError,
  parseCallback,
  verifyCallback,
  type AvatarItem,
  type ErrorCodeName,
  type HiflyCallback,
  type TaskStatus,
  type UploadProgress,
  type VideoTask,
} from "hifly-sdk";

export async function everything(file: Blob, stream: ReadableStream<Uint8Array>): Promise<void> {
  const client = new HiflyClient({ token: "t", baseUrl: "https://proxy.example", timeoutMs: 10_000, maxRetries: 2 });
  new HiflyClient();
  new HiflyClient({ baseUrl: "/api", fetch: (input, init) => fetch(input, init) });
  const signal = new AbortController().signal;

  const { left } = await client.getCredit({ signal, timeoutMs: 5_000 });
  const n: number = left;

  const avatars = await client.listAvatars({ page: 1, size: 20, kind: 2 });
  const first: AvatarItem | undefined = avatars.data[0];
  const title: string | undefined = first?.title;
  const voices = await client.listVoices();
  const rate: string | undefined = voices.data[0]?.rate;

  const a = await client.createAvatarByVideo({ title: "我的数字人", video_url: "https://e.com/a.mp4" });
  await client.createAvatarByVideo({ file_id: "f" });
  await client.createAvatarByImage({ image_url: "https://e.com/a.png", model: 1 });
  // @ts-expect-error: exactly one of video_url and file_id
  await client.createAvatarByVideo({ video_url: "https://e.com/a.mp4", file_id: "f" });
  // @ts-expect-error: model is 1 or 2
  await client.createAvatarByImage({ file_id: "f", model: 3 });

  const avatarTask = await client.getAvatarTask(a.task_id);
  const status: TaskStatus = avatarTask.status;
  const done = await client.waitForAvatarTask(a.task_id, {
    intervalMs: 1000,
    timeoutMs: 600_000,
    signal,
    onStatus: (t) => console.log(t.status, t.avatar),
  });
  // A wait resolves only at status 3, with its result.
  const avatar: string = done.avatar;
  const three: 3 = done.status;

  const v = await client.createVoice({ title: "我的声音", audio_url: "https://e.com/a.mp3" });
  // @ts-expect-error: title is required
  await client.createVoice({ file_id: "f" });
  await client.editVoice({ voice: "v", rate: 1.2, volume: "1.0", pitch: 1 });
  const voiceTask = await client.waitForVoiceTask(v.task_id);
  const demo: string | undefined = voiceTask.demo_url;
  const clonedVoice: string = voiceTask.voice;

  const job = await client.createVideoByTts({
    avatar: "av",
    voice: "vo",
    text: "你好",
    st_show: true,
    st_font_name: "抖音美好体",
    st_font_size: 80,
    st_primary_color: "#ffffff",
    st_outline_color: "#000000",
    st_width: 600,
    st_height: 100,
    st_pos_x: 60,
    st_pos_y: 900,
  });
  // @ts-expect-error: text is required
  await client.createVideoByTts({ avatar: "av", voice: "vo" });
  await client.createVideoByAudio({ avatar: "av", file_id: "f", title: "t" });
  await client.createAudioByTts({ voice: "vo", text: "hi" });
  const video = await client.waitForVideoTask(job.task_id, { onStatus: (t: VideoTask) => t.video_url });
  const url: string = video.video_url;
  const asTask: VideoTask = video;
  // @ts-expect-error: a task queried (not waited for) may not be done: no URL yet
  const notYet: string = (await client.getVideoTask(job.task_id)).video_url;
  const seconds: number | undefined = (await client.getVideoTask(job.task_id)).duration;

  const target = await client.createUploadUrl("mp4");
  const ct: string = target.content_type;
  const onProgress = (p: UploadProgress) => console.log(p.loaded / p.total);
  const up = await client.uploadFile(file, { file_extension: "mp4", purpose: "avatar_video", onProgress, signal });
  await client.uploadFile(new Uint8Array(8), { file_extension: "mp3" });
  await client.uploadFile(new ArrayBuffer(8), { file_extension: "wav" });
  await client.uploadFile(stream, { file_extension: "m4a" });
  // @ts-expect-error: file_extension is required
  await client.uploadFile(file, {});
  // @ts-expect-error: not a purpose
  await client.uploadFile(file, { file_extension: "mp4", purpose: "video" });
  const fileId: string = up.file_id;

  for await (const item of client.avatars({ kind: 1, size: 50 })) {
    const id: string = item.avatar;
    // Always a string (empty when the API gives none): typed so, not optional.
    const name: string = item.title;
    console.log(id, name);
  }
  for await (const item of client.voices()) {
    const name: string = item.title;
    console.log(item.voice, name);
  }

  const cb: HiflyCallback = parseCallback('{"task_id":"1","status":3,"type":2,"avatar":"a"}');
  switch (cb.type) {
    case 1:
      console.log(cb.video_url, cb.duration, cb.title);
      break;
    case 2:
      console.log(cb.avatar);
      break;
    case 3:
      console.log(cb.voice, cb.demo_url);
      break;
    default: {
      const never: never = cb;
      console.log(never);
    }
  }
  // @ts-expect-error: an avatar callback has no video_url
  if (cb.type === 2) console.log(cb.video_url);
  // A done (3) callback carries its result; a failed (4) one may not.
  if (cb.type === 2 && cb.status === 3) {
    const made: string = cb.avatar;
    console.log(made);
  }
  if (cb.type === 1 && cb.status === 4) {
    // @ts-expect-error: a failed work has no URL to rely on
    const none: string = cb.video_url;
    console.log(none, cb.message);
  }

  const verified = await verifyCallback(new Request("https://r.example/hifly/callback/x"), {
    secret: "0123456789abcdef",
    client,
    maxBodyBytes: 65536,
  });
  const confirmed: boolean = verified.confirmed;
  // A polyfill's request and a custom fetch's Response-like answer type-check too.
  await verifyCallback(
    { url: "https://r.example/hifly/callback/x", method: "POST", headers: new Headers(), body: stream },
    { secret: "0123456789abcdef" },
  );
  new HiflyClient({
    fetch: async () => ({ status: 200, headers: { get: () => null }, text: async () => '{"code":0,"left":1}' }),
  });

  try {
    await client.getCredit();
  } catch (e) {
    if (e instanceof HiflyError) {
      const kind: "api" | "auth" | "http" | "network" | "timeout" | "aborted" | "decode" | "invalid_input" | "task_failed" | "invalid_callback" = e.kind;
      if (e.code === ErrorCode.InsufficientCredits) console.log("top up");
      const name: ErrorCodeName | "Unknown" | undefined = e.codeName;
      console.log(kind, name, e.status, e.requestId, e.retryable, e.taskId, e.field, e.reason, e.retryAfterMs, e.message);
    }
  }
  const code: 1002 = ErrorCode.InsufficientCredits;
  // @ts-expect-error: ErrorCode is read-only
  ErrorCode.NotFound = 15;

  console.log(n, title, rate, status, avatar, asTask, three, clonedVoice, notYet, demo, url, seconds, ct, fileId, confirmed, code);
}
