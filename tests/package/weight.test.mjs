// The package's weight, as a deterministic test: the .wasm plus the JS a browser app ships
// (pkg/browser.js bundled and minified by esbuild, as the bench bundles the peers), each gzipped
// with `gzip -9 -n`. Issue 10's budget is 64 KB and is NOT met yet on the named stack; until it
// is, this test holds the weight to CEILING, so that it cannot grow unnoticed. CEILING was the
// figure measured when the client moved into Rust plus 2 % (110 000 B, at 109 400 B). It was
// raised to 114 000 B for issue 12's features, each measured: titles counted in 字 (the
// wide-character table, +1 055 B); the upload PUT's stall timeout (+1 745 B, then +575 B for a
// review's fixes: a browser's stream gathered under the stall clock, chunks' allowances added up,
// API queries through gloo-net's own query builder); a confirmed failure's code and message from
// the API (+150 B); about 113 000 B in all. It was lowered to 112 000 B when one JS call path
// replaced the per-method ones (-2 000 B), with the token scrubbed from results (+514 B), and one
// copy of the list iterators' JS side (-666 B): 110 507 B measured. It was lowered to 107 000 B when
// the names between the .wasm and its glue were shortened (scripts/minify-names.mjs, -5 424 B):
// 105 083 B measured; 104 461 B once callbacks were written as structs (-622 B); 104 687 B with
// list items read through wire structs, so that their titles are typed as always there (+226 B);
// 104 768 B with the list walk as a poll function, so that Rust gets a Stream (+81 B); 106 712 B
// with a review's mends (+1 944 B; each listed in the README's Weight table). `make bench` prints
// the same numbers beside openai, stripe and svix, and what weighs inside the .wasm.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PKG = join(ROOT, "pkg");
const BUDGET = 64_000;
const CEILING = 107_000;

const gzipSize = (path) =>
  Number(execFileSync("sh", ["-c", 'gzip -9 -n -c < "$1" | wc -c', "sh", path], { encoding: "utf8" }).trim());

test(`the .wasm and the minified JS bundle weigh at most ${CEILING} bytes gzipped (budget ${BUDGET}, not met)`, async () => {
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
    const verdict = wasm + js <= BUDGET ? "within the budget" : `over the budget by ${wasm + js - BUDGET} B`;
    console.log(`weight: .wasm ${wasm} B + JS bundle ${js} B = ${wasm + js} B gzipped (budget ${BUDGET} B: ${verdict}; ceiling ${CEILING} B)`);
    // Both parts are real: a build that lost its .wasm or its JS must not pass as light.
    assert.ok(wasm > 10_000 && js > 2_000, `implausible sizes: .wasm ${wasm} B, JS ${js} B`);
    assert.ok(wasm + js <= CEILING, `.wasm ${wasm} B + JS ${js} B = ${wasm + js} B is over the ${CEILING} B ceiling`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the hand-written JS shipped is under 100 lines: the entry files and the one snippet", () => {
  const snippets = join(PKG, "snippets");
  const files = ["browser.js", "node.js", "workerd.js"].map((f) => join(PKG, f));
  for (const dir of readdirSync(snippets)) files.push(join(snippets, dir, "js", "hifly.js"));
  const lines = files.reduce((n, f) => n + readFileSync(f, "utf8").split("\n").filter((l) => l.trim()).length, 0);
  console.log(`hand-written JS: ${lines} non-blank lines in ${files.length} files`);
  assert.equal(files.length, 4);
  assert.ok(lines < 100, `${lines} lines`);
});
