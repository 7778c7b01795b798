// Bundles the Worker for the tests (and for `wrangler deploy --no-bundle`, if you prefer):
// src/index.js with hifly-sdk resolved to the package's workerd entry (pkg/workerd.js), and the
// package's .wasm kept as a separate module that workerd compiles (a CompiledWasm module).
//
//   node examples/cloudflare-worker/build.mjs     writes dist/index.js and dist/hifly_sdk_bg.wasm
//
// `wrangler deploy` does the same by itself from node_modules (see README.md).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const require = createRequire(import.meta.url);
const esbuild = require(here("../../tools/node_modules/esbuild"));

export const PKG_DIR = here("../../pkg/");
export const WASM_NAME = "hifly_sdk_bg.wasm";

/** Bundles `entry` (default src/index.js); resolves `{code, wasm}`: the ES module text and the
 * package's .wasm bytes, which the module imports as "./hifly_sdk_bg.wasm". */
export async function bundle(entry = here("src/index.js")) {
  if (!existsSync(`${PKG_DIR}workerd.js`)) throw new Error(`${PKG_DIR} has no package: run \`make pkg\` first`);
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "neutral",
    alias: { "hifly-sdk": `${PKG_DIR}workerd.js` },
    external: ["*.wasm"],
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].text;
  return { code, wasm: readFileSync(PKG_DIR + WASM_NAME) };
}

/** The bundle as Miniflare `modules`. */
export async function miniflareModules(entry) {
  const { code, wasm } = await bundle(entry);
  return [
    { type: "ESModule", path: "index.js", contents: code },
    { type: "CompiledWasm", path: WASM_NAME, contents: wasm },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { code, wasm } = await bundle();
  if (!code.includes(`"./${WASM_NAME}"`)) throw new Error(`the bundle does not import ./${WASM_NAME}`);
  mkdirSync(here("dist"), { recursive: true });
  writeFileSync(here("dist/index.js"), code);
  writeFileSync(here(`dist/${WASM_NAME}`), wasm);
  console.log(`dist/index.js: ${code.length} bytes; dist/${WASM_NAME}: ${wasm.length} bytes`);
}
