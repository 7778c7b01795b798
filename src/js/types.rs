//! The TypeScript that cannot be generated from the serde types: options objects holding JS
//! things (signals, functions, `fetch`), the exactly-one-of unions of the create calls, the
//! callback union (serialised by hand), and the error class defined in `js/hifly.js`. Everything
//! else in the package's `.d.ts` comes from `#[derive(Tsify)]` and wasm-bindgen.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const ERROR_CODE_TS: &str = crate::core::ErrorCode::TS_DECLARATION;

#[wasm_bindgen(typescript_custom_section)]
const TS: &str = r#"
/** 1 waiting, 2 processing, 3 done, 4 failed. */
export type TaskStatus = 1 | 2 | 3 | 4;

/** What went wrong, broadly. */
export type ErrorKind =
  | "api" | "auth" | "http" | "network" | "timeout" | "aborted" | "decode" | "invalid_input"
  | "task_failed" | "invalid_callback";

/** Why `verifyCallback` refused a request (suggested answers: 404, 405, 413, 400, 409). */
export type CallbackRefusal = "secret" | "method" | "too_large" | "malformed" | "unconfirmed";

/** A documented code's name. */
export type ErrorCodeName = keyof typeof ErrorCode;

/** Everything the package throws or rejects with (defined in the package's js/hifly.js). */
export declare class HiflyError extends Error {
  private constructor();
  readonly name: "HiflyError";
  readonly kind: ErrorKind;
  /** The API's code, for `api` errors and failed tasks. */
  readonly code?: number;
  /** The code's name, or "Unknown" for an undocumented code. */
  readonly codeName?: ErrorCodeName | "Unknown";
  /** The HTTP status, where a response came. */
  readonly status?: number;
  readonly requestId?: string;
  /** Whether trying again later may succeed. */
  readonly retryable: boolean;
  /** For `task_failed`, and for a poll that failed, timed out or was aborted: the task to resume. */
  readonly taskId?: string;
  /** For `invalid_input`: the offending parameter's wire name. */
  readonly field?: string;
  /** For `invalid_callback`: why the callback was refused. */
  readonly reason?: CallbackRefusal;
  /** For 429/503 answers that said how long to wait. */
  readonly retryAfterMs?: number;
}

/** The last argument of every method. */
export interface CallOptions {
  /** Aborts the call, including between retries. */
  signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds (default: the client's). */
  timeoutMs?: number;
}

/** `new HiflyClient(options)`. */
export interface ClientOptions {
  /** The API token. Leave it out when `baseUrl` is your own proxy that adds it. */
  token?: string;
  /** Default https://hfw-api.hifly.cc. */
  baseUrl?: string;
  /** Per-attempt timeout in milliseconds (default 60 000; 0 for none). */
  timeoutMs?: number;
  /** How often a read is resent after a network error, 429 or 5xx (default 2, at most 10). */
  maxRetries?: number;
  /** A fetch to use instead of the global one: it carries every request, the upload PUT included. */
  fetch?: (input: string, init: RequestInit) => Promise<Response | ResponseLike>;
}

/** What the client reads of a custom fetch's answer: a Response, or a polyfill's (node-fetch, the
 * npm undici) with these members. */
export interface ResponseLike {
  status: number;
  url?: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  body?: ReadableStream<Uint8Array> | null;
}

/** What `verifyCallback` reads of a request: a fetch Request, or a polyfill's with a web stream
 * body (a Node stream body is refused). */
export interface CallbackRequestLike {
  url: string;
  method: string;
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
}

type UrlOrFile<K extends string> =
  | ({ [P in K]: string } & { file_id?: undefined })
  | ({ [P in K]?: undefined } & { file_id: string });

/** Exactly one of `video_url` and `file_id`. */
export type CreateAvatarByVideoParams = Omit<CreateAvatarByVideo, "video_url" | "file_id"> & UrlOrFile<"video_url">;
/** Exactly one of `image_url` and `file_id`. */
export type CreateAvatarByImageParams = Omit<CreateAvatarByImage, "image_url" | "file_id"> & UrlOrFile<"image_url">;
/** Exactly one of `audio_url` and `file_id`. */
export type CreateVoiceParams = Omit<CreateVoice, "audio_url" | "file_id"> & UrlOrFile<"audio_url">;
/** Exactly one of `audio_url` and `file_id`. */
export type CreateVideoByAudioParams = Omit<CreateVideoByAudio, "audio_url" | "file_id"> & UrlOrFile<"audio_url">;

/** What `uploadFile` takes. */
export type UploadData = Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array>;

/** What an upload is for: narrows the accepted types and the size limit. */
export type UploadPurpose = "avatar_video" | "avatar_image" | "voice_audio" | "video_audio";

/** Bytes sent so far, and in all. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** `uploadFile`'s options. */
export interface UploadOptions extends CallOptions {
  /** e.g. "mp4"; a leading dot and upper case are accepted. */
  file_extension: string;
  purpose?: UploadPurpose;
  /**
   * Browsers report progress as bytes go (XHR); elsewhere, and with a custom fetch, 0 at the start
   * and the total at the end (a stream: one report at the end, once its size is known).
   */
  onProgress?: (progress: UploadProgress) => void;
  /**
   * Stops the PUT with a `timeout` error when it makes no progress for this long (default
   * 60000 ms; 0 for never). Progress is XHR's progress events (browsers, with `onProgress`), each
   * chunk of a stream sent by fetch (Node, Workers), and the answer's arrival. Where fetch hides
   * the send (a Blob or bytes, and a stream's chunk once handed over), it is allowed 16 KiB/s on
   * top. `timeoutMs` bounds the whole PUT and has no default.
   */
  stallTimeoutMs?: number;
}

/** How to wait for a task. */
export interface WaitOptions<T> {
  /** First wait between polls (default 2000 ms); later waits grow by half, up to 15 s. */
  intervalMs?: number;
  /** Give up after this long (default: never). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called with every poll's result; if it throws, polling stops with that error. */
  onStatus?: (result: T) => void;
}

/** `avatars()` / `voices()` params. */
export interface IterateParams extends CallOptions {
  kind?: 1 | 2;
  /** Items per page (default 20). */
  size?: number;
}

interface CallbackBase {
  task_id: string;
  /** With `verifyCallback` and a client, a failed task's code is the API's; otherwise a claim. */
  code: number;
  /** With `verifyCallback` and a client, a failed task's message is the API's; otherwise a claim. */
  message: string;
}

/** Type 1: a work (video or audio) ended; done (3) with its `video_url`, or failed (4). */
export type VideoCallback = CallbackBase & {
  type: 1;
  duration?: number;
  /** A claim: the API's task query does not return it. */
  title?: string;
} & ({ status: 3; video_url: string } | { status: 4; video_url?: string });

/** Type 2: an avatar clone ended; done (3) with its `avatar`, or failed (4). */
export type AvatarCallback = CallbackBase & { type: 2 } & (
  | { status: 3; avatar: string }
  | { status: 4; avatar?: string }
);

/** Type 3: a voice clone ended; done (3) with its `voice`, or failed (4). */
export type VoiceCallback = CallbackBase & { type: 3; demo_url?: string } & (
  | { status: 3; voice: string }
  | { status: 4; voice?: string }
);

/** A parsed callback, by `type`. */
export type HiflyCallback = VideoCallback | AvatarCallback | VoiceCallback;

/** A verified callback: `confirmed` when the API's own answer backs it (and then its results are the API's). */
export type VerifiedCallback = HiflyCallback & { confirmed: boolean };

/** What `verifyCallback` needs of a client: a HiflyClient, or anything with these methods. */
export interface TaskReader {
  getVideoTask(task_id: string): Promise<VideoTask>;
  getAvatarTask(task_id: string): Promise<AvatarTask>;
  getVoiceTask(task_id: string): Promise<VoiceTask>;
}

/** `verifyCallback`'s options. */
export interface VerifyOptions {
  /** The last path segment of your callback URL: 16+ URL-safe characters. */
  secret: string;
  /** Confirms the claim through the API. */
  client?: TaskReader;
  /** Default 65 536, at most 1 048 576. */
  maxBodyBytes?: number;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TS_ALIASES: &str = r#"
/** Names of earlier releases' types, kept so that code importing them still compiles. */
export type ListParams = Page;
export type EditVoiceParams = EditVoice;
export type CreateVideoByTtsParams = CreateVideoByTts;
export type CreateAudioByTtsParams = CreateAudioByTts;
export type UploadResult = Uploaded;
export type TaskResult = Pick<AvatarTask, "status" | "code" | "message" | "request_id">;
"#;
