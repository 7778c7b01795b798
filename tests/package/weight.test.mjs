// Issue 6's size budget, as a deterministic test: the .wasm plus the JS a browser app ships
// (pkg/browser.js bundled and minified by esbuild, as the bench bundles the peers), each gzipped
// with `gzip -9 -n`, must stay within 40 KB (40,000 bytes). `make bench` prints the same numbers
// beside openai, stripe and svix.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PKG = join(ROOT, "pkg");
const BUDGET = 40_000;

const gzipSize = (path) =>
  Number(execFileSync("sh", ["-c", 'gzip -9 -n -c < "$1" | wc -c', "sh", path], { encoding: "utf8" }).trim());

test(`the .wasm and the minified JS bundle weigh at most ${BUDGET} bytes gzipped`, async () => {
  const esbuild = await import(join(ROOT, "tools/node_modules/esbuild/lib/main.js"));
  const dir = mkdtempSync(join(tmpdir(), "hifly-weight-"));
  try {
    const bundle = join(dir, "bundle.js");
    await esbuild.build({
      entryPoints: [join(PKG, "browser.js")],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      outfile: bundle,
      logLevel: "error",
    });
    const wasm = gzipSize(join(PKG, "hifly_sdk_bg.wasm"));
    const js = gzipSize(bundle);
    console.log(`weight: .wasm ${wasm} B + JS bundle ${js} B = ${wasm + js} B gzipped (budget ${BUDGET} B)`);
    // Both parts are real: a build that lost its .wasm or its JS must not pass as light.
    assert.ok(wasm > 10_000 && js > 2_000, `implausible sizes: .wasm ${wasm} B, JS ${js} B`);
    assert.ok(wasm + js <= BUDGET, `.wasm ${wasm} B + JS ${js} B = ${wasm + js} B is over the ${BUDGET} B budget`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
