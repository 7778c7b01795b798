//! The TypeScript declarations of params and results, emitted into the generated `.d.ts`.
//! Field names are the wire's snake_case; `HiflyError` and `ErrorCode` are declared by the
//! package's `index.d.ts`, beside the entry files that export them.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** 1 waiting, 2 processing, 3 done, 4 failed. */
export type TaskStatus = 1 | 2 | 3 | 4;

/** The last argument of every method. */
export interface CallOptions {
  /** Aborts the call, including between retries. */
  signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds (default: the client's). */
  timeoutMs?: number;
}

/** `new HiflyClient(options)`. */
export interface ClientOptions {
  /** The API token. Omit it only when `baseUrl` is your own proxy that adds it. */
  token?: string;
  /** Default `https://hfw-api.hifly.cc`. */
  baseUrl?: string;
  /** Per-attempt timeout in milliseconds; default 60000; 0 for none. */
  timeoutMs?: number;
  /** How many times a GET is resent on network errors, 429 and 5xx; default 2, at most 10. */
  maxRetries?: number;
  /** A fetch to use instead of the global one. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

type UrlOrFile<K extends string> =
  | ({ [P in K]: string } & { file_id?: undefined })
  | ({ [P in K]?: undefined } & { file_id: string });

export type CreateAvatarByVideoParams = { title?: string } & UrlOrFile<"video_url">;
export type CreateAvatarByImageParams = { title?: string; model?: 1 | 2 } & UrlOrFile<"image_url">;
export type CreateVoiceParams = { title: string; voice_type?: 8 } & UrlOrFile<"audio_url">;
export type CreateVideoByAudioParams = { avatar: string; title?: string } & UrlOrFile<"audio_url">;

export interface ListParams {
  page?: number;
  size?: number;
  /** 1 own, 2 public. */
  kind?: 1 | 2;
}

export interface EditVoiceParams {
  voice: string;
  /** 0.5–2.0; numbers or numeric strings. */
  rate: number | string;
  /** 0.1–2.0. */
  volume: number | string;
  /** 0.1–2.0. */
  pitch: number | string;
}

export interface SubtitleOptions {
  st_show?: boolean | 0 | 1;
  st_font_name?: string;
  st_font_size?: number;
  /** `#rrggbb` */
  st_primary_color?: string;
  /** `#rrggbb` */
  st_outline_color?: string;
  st_width?: number;
  st_height?: number;
  st_pos_x?: number;
  st_pos_y?: number;
}

export interface CreateVideoByTtsParams extends SubtitleOptions {
  avatar: string;
  voice: string;
  /** 1–10000 characters, no HTML tags. */
  text: string;
  title?: string;
}

export interface CreateAudioByTtsParams {
  voice: string;
  text: string;
  title?: string;
}

export interface TaskCreated {
  task_id: string;
  request_id?: string;
}

export interface TaskResult {
  status: TaskStatus;
  /** The failure code of a failed task, else 0. */
  code: number;
  message: string;
  request_id?: string;
}

export interface AvatarTask extends TaskResult {
  avatar?: string;
}

export interface VoiceTask extends TaskResult {
  voice?: string;
  demo_url?: string;
}

export interface VideoTask extends TaskResult {
  /** Temporary: copy the file soon. The wire calls it `video_Url`. */
  video_url?: string;
  /** Seconds. */
  duration?: number;
}

export interface AvatarItem {
  avatar: string;
  kind?: number;
  title: string;
}

export interface AvatarList {
  data: AvatarItem[];
  request_id?: string;
}

export interface VoiceItem {
  voice: string;
  /** 10 public, 20 high fidelity, 8 basic v2. */
  type?: number;
  title: string;
  rate?: string;
  volume?: string;
  pitch?: string;
}

export interface VoiceList {
  data: VoiceItem[];
  request_id?: string;
}

export interface Ack {
  request_id?: string;
}

export interface UploadUrl {
  upload_url: string;
  content_type: string;
  file_id: string;
  request_id?: string;
}

export interface Credit {
  left: number;
  request_id?: string;
}

export type UploadData = Blob | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array>;

export type UploadPurpose = "avatar_video" | "avatar_image" | "voice_audio" | "video_audio";

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions extends CallOptions {
  /** e.g. "mp4"; a leading dot and upper case are fine. */
  file_extension: string;
  /** Narrows the accepted types and size limit. */
  purpose?: UploadPurpose;
  /** Upload progress (XHR in browsers; start and end elsewhere). */
  onProgress?: (progress: UploadProgress) => void;
}

export interface UploadResult {
  file_id: string;
  request_id?: string;
}

export interface WaitOptions<T> {
  /** First wait between polls, in ms (default 2000); later waits grow by 1.5x up to 15 s. */
  intervalMs?: number;
  /** Overall limit in ms; the error then carries `taskId` to resume. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called with every poll's result. If it throws, polling stops with that error. */
  onStatus?: (result: T) => void;
}

export interface IterateParams extends CallOptions {
  kind?: 1 | 2;
  /** Page size (default 20). */
  size?: number;
}

interface CallbackBase {
  task_id: string;
  status: 3 | 4;
  code: number;
  message: string;
}

export interface VideoCallback extends CallbackBase {
  type: 1;
  video_url?: string;
  duration?: number;
  title?: string;
}

export interface AvatarCallback extends CallbackBase {
  type: 2;
  avatar?: string;
}

export interface VoiceCallback extends CallbackBase {
  type: 3;
  voice?: string;
  demo_url?: string;
}

/** A HiFly callback, discriminated by `type`. */
export type HiflyCallback = VideoCallback | AvatarCallback | VoiceCallback;

/** A verified callback; `confirmed` says whether the API confirmed it. */
export type VerifiedCallback = HiflyCallback & { confirmed: boolean };

/** What `verifyCallback` needs of a client: any object with these methods will do. */
export interface TaskReader {
  getVideoTask(task_id: string): Promise<VideoTask>;
  getAvatarTask(task_id: string): Promise<AvatarTask>;
  getVoiceTask(task_id: string): Promise<VoiceTask>;
}

export interface VerifyOptions {
  /** At least 16 URL-safe characters; the last segment of the callback URL. */
  secret: string;
  /** Confirms the claim by querying the task. */
  client?: TaskReader;
  /** Default 65536. */
  maxBodyBytes?: number;
}
"#;
