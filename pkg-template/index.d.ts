// The package's types: the client and every param and result (generated from the Rust code
// into hifly_sdk.d.ts), plus the error class and the error codes the entry files export.
export { HiflyClient, parseCallback, verifyCallback } from "./hifly_sdk.js";
export type * from "./hifly_sdk.js";

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
