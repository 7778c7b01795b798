// Browsers and bundlers: the .wasm is fetched beside this module before it finishes loading
// (top-level await), so `import { HiflyClient } from "hifly-sdk"` needs no init call.
import init, { hiflyErrorClass, errorCodes } from "./hifly_sdk.js";

await init({ module_or_path: new URL("./hifly_sdk_bg.wasm", import.meta.url) });

export { HiflyClient, parseCallback, verifyCallback } from "./hifly_sdk.js";
export const HiflyError = hiflyErrorClass();
export const ErrorCode = errorCodes();
