// Browsers and bundlers: the .wasm is fetched beside this module before it finishes loading
// (top-level await), so `import { HiflyClient } from "hifly-sdk"` needs no init call.
import * as core from "./hifly_sdk.js";
import { bind } from "./client.js";

await core.default({ module_or_path: new URL("./hifly_sdk_bg.wasm", import.meta.url) });

export const { HiflyClient, parseCallback, verifyCallback, HiflyError, ErrorCode } = bind(core);
