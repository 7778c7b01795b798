// Cloudflare Workers (workerd): the .wasm is imported as a compiled module and instantiated
// synchronously.
import wasm from "./hifly_sdk_bg.wasm";
import { initSync, hiflyErrorClass, errorCodes } from "./hifly_sdk.js";

initSync({ module: wasm });

export { HiflyClient, parseCallback, verifyCallback } from "./hifly_sdk.js";
export const HiflyError = hiflyErrorClass();
export const ErrorCode = errorCodes();
