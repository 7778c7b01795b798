// Node ≥ 20: the .wasm is read beside this file and instantiated synchronously, so neither
// `import` nor `require` needs an init call.
import { readFileSync } from "node:fs";
import * as core from "./hifly_sdk.js";
import { bind } from "./client.js";

core.initSync({ module: readFileSync(new URL("./hifly_sdk_bg.wasm", import.meta.url)) });

export const { HiflyClient, parseCallback, verifyCallback, HiflyError, ErrorCode } = bind(core);
