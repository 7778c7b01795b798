// The package's types: the client, every param and result, the error class and the error codes.
// Field names are the wire's snake_case, as on the vendor's page.

/** What went wrong, broadly. */
export type ErrorKind =
  | "api"
  | "auth"
  | "http"
  | "network"
  | "timeout"
  | "aborted"
  | "decode"
  | "invalid_input"
  | "task_failed"
  | "invalid_callback";

/** Why `verifyCallback` refused a request (suggested answers: 404, 405, 413, 400, 400). */
export type CallbackRefusal = "secret" | "method" | "too_large" | "malformed" | "unconfirmed";

/** Every documented API error code, by name. */
export declare const ErrorCode: {
  readonly InvalidParams: 11;
  readonly NotFound: 14;
  readonly TooManyInProgress: 1001;
  readonly InsufficientCredits: 1002;
  readonly MembershipRequired: 1005;
  readonly MembershipLevelTooLow: 1006;
  readonly HighFidelityVoiceSoldOut: 1009;
  readonly VoiceResemblesCelebrity: 1011;
  readonly HighFidelityVoiceLimit: 1013;
  readonly SubmissionLimit: 1015;
  readonly InvalidToken: 2003;
  readonly FileTooLarge: 2011;
  readonly UnsupportedFileType: 2012;
  readonly AudioFetchFailed: 2013;
  readonly VideoFetchFailed: 2014;
  readonly AvatarCloneFailed: 2015;
  readonly ImageFetchFailed: 2016;
};

/** A documented code's name. */
export type ErrorCodeName = keyof typeof ErrorCode;

/** Everything the package throws or rejects with. */
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
  /** For `task_failed`, and for a poll that timed out or was aborted: the task to resume. */
  readonly taskId?: string;
  /** For `invalid_input`: the offending parameter's wire name. */
  readonly field?: string;
  /** For `invalid_callback` from `verifyCallback`. */
  readonly reason?: CallbackRefusal;
  /** For 429/503 answers that said how long to wait. */
  readonly retryAfterMs?: number;
}

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

export declare class HiflyClient {
    /**
     * Every avatar, page after page: `for await (const a of client.avatars({kind, size}))`.
     */
    avatars(params?: IterateParams): AsyncIterableIterator<AvatarItem>;
    /**
     * Speech from text (costs credits): `{voice, text, title?}`. Read it with `getVideoTask`.
     */
    createAudioByTts(params: CreateAudioByTtsParams, options?: CallOptions): Promise<TaskCreated>;
    /**
     * Clones an avatar from an image (costs credits): `{title?, image_url? | file_id?, model?}`.
     */
    createAvatarByImage(params: CreateAvatarByImageParams, options?: CallOptions): Promise<TaskCreated>;
    /**
     * Clones an avatar from a video: `{title?, video_url? | file_id?}`.
     */
    createAvatarByVideo(params: CreateAvatarByVideoParams, options?: CallOptions): Promise<TaskCreated>;
    /**
     * A signed URL to upload one file to: `{upload_url, content_type, file_id}`.
     */
    createUploadUrl(file_extension: string, options?: CallOptions): Promise<UploadUrl>;
    /**
     * A video of an avatar speaking audio (costs credits): `{avatar, audio_url? | file_id?, title?}`.
     */
    createVideoByAudio(params: CreateVideoByAudioParams, options?: CallOptions): Promise<TaskCreated>;
    /**
     * A video of an avatar speaking text (costs credits), with optional subtitles.
     */
    createVideoByTts(params: CreateVideoByTtsParams, options?: CallOptions): Promise<TaskCreated>;
    /**
     * Clones a voice: `{title, voice_type?, audio_url? | file_id?}`.
     */
    createVoice(params: CreateVoiceParams, options?: CallOptions): Promise<TaskCreated>;
    /**
     * Sets a voice's `{voice, rate, volume, pitch}` (numbers or numeric strings).
     */
    editVoice(params: EditVoiceParams, options?: CallOptions): Promise<Ack>;
    /**
     * The state of an avatar clone.
     */
    getAvatarTask(task_id: string, options?: CallOptions): Promise<AvatarTask>;
    /**
     * The credit balance: `{left}`.
     */
    getCredit(options?: CallOptions): Promise<Credit>;
    /**
     * The state of a work (video or audio); `video_url` is set when it is done.
     */
    getVideoTask(task_id: string, options?: CallOptions): Promise<VideoTask>;
    /**
     * The state of a voice clone.
     */
    getVoiceTask(task_id: string, options?: CallOptions): Promise<VoiceTask>;
    /**
     * A page of avatars: `{page?, size?, kind?}` (kind 2 public, the default; 1 own).
     */
    listAvatars(params?: ListParams, options?: CallOptions): Promise<AvatarList>;
    /**
     * A page of voices: `{page?, size?, kind?}` (kind 1 own, the default; 2 public).
     */
    listVoices(params?: ListParams, options?: CallOptions): Promise<VoiceList>;
    /**
     * `new HiflyClient({token?, baseUrl?, timeoutMs?, maxRetries?, fetch?})`.
     */
    constructor(options?: ClientOptions);
    /**
     * Uploads a Blob, File, ArrayBuffer, Uint8Array or ReadableStream and resolves `{file_id}`.
     * Options: `{file_extension, purpose?, onProgress?, signal?, timeoutMs?}`.
     */
    uploadFile(data: UploadData, options: UploadOptions): Promise<UploadResult>;
    /**
     * Every voice, page after page: `for await (const v of client.voices({kind, size}))`.
     */
    voices(params?: IterateParams): AsyncIterableIterator<VoiceItem>;
    /**
     * Polls an avatar clone until it ends. Options: `{intervalMs?, timeoutMs?, signal?, onStatus?}`.
     */
    waitForAvatarTask(task_id: string, options?: WaitOptions<AvatarTask>): Promise<AvatarTask>;
    /**
     * Polls a work until it ends. Options as for `waitForAvatarTask`.
     */
    waitForVideoTask(task_id: string, options?: WaitOptions<VideoTask>): Promise<VideoTask>;
    /**
     * Polls a voice clone until it ends. Options as for `waitForAvatarTask`.
     */
    waitForVoiceTask(task_id: string, options?: WaitOptions<VoiceTask>): Promise<VoiceTask>;
}


/**
 * Parses a HiFly callback body (a string, a Uint8Array, an ArrayBuffer or an already parsed
 * object) into `{type, task_id, status, code, message, ...}`; a malformed body throws
 * `invalid_callback`.
 */
export declare function parseCallback(body: string | Uint8Array | ArrayBuffer | object): HiflyCallback;

/**
 * Verifies a callback `Request` and resolves its parsed payload.
 *
 * Options: `{secret, client?, maxBodyBytes?}`. In order: the last path segment must equal
 * `secret` (constant time), the method must be POST, the body at most `maxBodyBytes` (64 KiB by
 * default), and the payload one of the documented ones. With `client`, the claimed status
 * (and avatar or voice id) must match the API's own answer for the task. A refusal rejects with
 * `invalid_callback` and a `reason` (secret, method, too_large, malformed, unconfirmed); a
 * failure to reach the API rejects with the client's own error, so the receiver can answer
 * non-200 and let HiFly retry.
 */
export declare function verifyCallback(request: Request, options: VerifyOptions): Promise<VerifiedCallback>;
