// Cloudflare Workers (workerd): the .wasm is imported as a compiled module and instantiated
// synchronously.
import wasm from "./hifly_sdk_bg.wasm";
import * as core from "./hifly_sdk.js";
import { bind } from "./client.js";

core.initSync({ module: wasm });

export const { HiflyClient, parseCallback, verifyCallback, HiflyError, ErrorCode } = bind(core);
