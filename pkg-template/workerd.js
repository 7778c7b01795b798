// Cloudflare Workers (workerd): the .wasm is imported as a compiled module and instantiated
// synchronously.
import wasm from "./hifly_sdk_bg.wasm";
import { initSync, errorCodes, hiflyErrorClass } from "./hifly_sdk.js";

initSync({ module: wasm });

export { HiflyClient, parseCallback, verifyCallback } from "./hifly_sdk.js";
export const ErrorCode = errorCodes();
export const HiflyError = hiflyErrorClass();
