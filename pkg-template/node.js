// Node ≥ 20: the .wasm is read beside this file and instantiated synchronously, so neither
// `import` nor `require` needs an init call.
import { readFileSync } from "node:fs";
import { initSync, hiflyErrorClass, errorCodes } from "./hifly_sdk.js";

initSync({ module: readFileSync(new URL("./hifly_sdk_bg.wasm", import.meta.url)) });

export { HiflyClient, parseCallback, verifyCallback } from "./hifly_sdk.js";
export const HiflyError = hiflyErrorClass();
export const ErrorCode = errorCodes();
