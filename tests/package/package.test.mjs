// The npm package as users get it (packed, then installed): `import { HiflyClient } from
// "hifly-sdk"` works with no init call in Node (import and require), in a browser page, in a
// Vite build and in workerd. Run by `make test-package` after `make pkg`.
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { startSimulator } from "../../sim/lib/index.mjs";
import { TOOLS, installPackage, probeScript, publishedFiles, removeScratch, runInChromium, serve } from "./helpers.mjs";

let sim;
let project;

before(async () => {
  sim = await startSimulator({ port: 0, credits: 777 });
  project = installPackage();
});

after(async () => {
  await sim?.close();
  removeScratch();
});

test("the published files are the entries, the glue, the .wasm, the types and the docs", () => {
  const files = publishedFiles(project);
  for (const f of ["package.json", "browser.js", "node.js", "workerd.js", "index.d.ts", "hifly_sdk.js", "hifly_sdk.d.ts", "hifly_sdk_bg.wasm", "README.md", "LICENSE"]) {
    assert.ok(files.includes(f), `${f} is published: ${files.join(", ")}`);
  }
  // The one JS snippet the crate imports (HiflyError, the async-iterator protocol), where
  // wasm-bindgen puts it.
  assert.ok(files.some((f) => /^snippets\/hifly-sdk-[0-9a-f]+\/js\/hifly\.js$/.test(f)), files.join(", "));
  const extra = files.filter((f) => !/^((snippets\/hifly-sdk-[0-9a-f]+\/js\/)?[\w.]+\.(js|d\.ts|wasm|json|md)$|LICENSE$)/.test(f));
  assert.deepEqual(extra, [], "nothing else is published");
  const manifest = JSON.parse(readFileSync(join(project, "node_modules/hifly-sdk/package.json"), "utf8"));
  assert.equal(manifest.name, "hifly-sdk");
  assert.equal(manifest.type, "module");
  assert.deepEqual(Object.keys(manifest.exports["."]), ["types", "workerd", "browser", "node", "import", "default"]);
});

// Asynchronous on purpose: the simulator runs in this process and must keep answering.
async function runNode(args) {
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: project, encoding: "utf8" });
  return stdout;
}

test("Node: import works with no init call", async () => {
  const out = await runNode([
    "--input-type=module",
    "-e",
    `import { HiflyClient, ErrorCode, HiflyError, parseCallback } from "hifly-sdk";
     const c = new HiflyClient({ token: ${JSON.stringify(sim.token)}, baseUrl: ${JSON.stringify(sim.url)} });
     const { left } = await c.getCredit();
     let e; try { parseCallback("[]"); } catch (x) { e = x; }
     console.log(JSON.stringify({ left, code: ErrorCode.NotFound, ok: e instanceof HiflyError && e instanceof Error }));`,
  ]);
  assert.deepEqual(JSON.parse(out), { left: 777, code: 14, ok: true });
});

test("Node: require works with no init call", async () => {
  const out = await runNode([
    "-e",
    `const { HiflyClient, ErrorCode, HiflyError } = require("hifly-sdk");
     new HiflyClient({ token: "t" });
     console.log(JSON.stringify({ code: ErrorCode.InvalidToken, cls: typeof HiflyError }));`,
  ]);
  assert.deepEqual(JSON.parse(out), { code: 2003, cls: "function" });
});

test("browser: an ES module page imports it with no init; the .wasm is fetched beside it", async () => {
  const html = `<!doctype html><script type="importmap">{"imports":{"hifly-sdk":"/node_modules/hifly-sdk/browser.js"}}</script>
<script type="module">${probeScript(sim.url, sim.token)}</script>`;
  const dir = installPackage({ "index.html": html });
  const server = await serve(dir);
  try {
    const result = await runInChromium(server.url);
    assert.deepEqual(result, { left: 777, code: 1002, isHiflyError: true, kind: "invalid_callback" });
  } finally {
    await server.close();
  }
});

test("Vite: a tiny app that imports it builds and runs", async () => {
  const dir = installPackage({
    "index.html": `<!doctype html><script type="module" src="/main.js"></script>`,
    "main.js": probeScript(sim.url, sim.token),
  });
  const { build } = await import(join(TOOLS, "vite", "dist", "node", "index.js"));
  await build({ root: dir, logLevel: "error", build: { outDir: join(dir, "dist") } });
  const assets = execFileSync("ls", [join(dir, "dist", "assets")], { encoding: "utf8" });
  assert.match(assets, /\.wasm/, "Vite emitted the .wasm as an asset");
  const server = await serve(join(dir, "dist"));
  try {
    const result = await runInChromium(server.url);
    assert.deepEqual(result, { left: 777, code: 1002, isHiflyError: true, kind: "invalid_callback" });
  } finally {
    await server.close();
  }
});

test("workerd: a Worker bundled as wrangler does imports it with no init", async () => {
  const dir = installPackage({
    "worker.js": `
import { HiflyClient, HiflyError, ErrorCode, parseCallback } from "hifly-sdk";
export default {
  async fetch(request, env) {
    const client = new HiflyClient({ token: env.TOKEN, baseUrl: env.SIM_URL });
    const { left } = await client.getCredit();
    let error;
    try { parseCallback("{}"); } catch (e) { error = e; }
    return Response.json({ left, code: ErrorCode.InsufficientCredits, isHiflyError: error instanceof HiflyError && error instanceof Error, kind: error.kind });
  },
};`,
  });
  // wrangler bundles with esbuild, picks the `workerd` export condition, and loads .wasm
  // imports as compiled modules: the same here.
  const esbuild = await import(join(TOOLS, "esbuild", "lib", "main.js"));
  await esbuild.build({
    entryPoints: [join(dir, "worker.js")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    external: ["*.wasm"],
    outfile: join(dir, "out", "worker.js"),
    logLevel: "error",
  });
  const bundle = readFileSync(join(dir, "out", "worker.js"), "utf8");
  const wasmImport = bundle.match(/from\s+"([^"]+\.wasm)"/)?.[1];
  assert.ok(wasmImport, "the bundle imports the .wasm as a module");
  const { Miniflare } = await import(join(TOOLS, "miniflare", "dist", "src", "index.js"));
  const mf = new Miniflare({
    modulesRoot: join(dir, "out"),
    modules: [
      { type: "ESModule", path: join(dir, "out", "worker.js"), contents: bundle },
      {
        type: "CompiledWasm",
        path: join(dir, "out", wasmImport),
        contents: readFileSync(join(dir, "node_modules", "hifly-sdk", "hifly_sdk_bg.wasm")),
      },
    ],
    compatibilityDate: "2025-09-01",
    bindings: { TOKEN: sim.token, SIM_URL: sim.url },
  });
  try {
    const res = await mf.dispatchFetch("http://worker.test/");
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(await res.json(), { left: 777, code: 1002, isHiflyError: true, kind: "invalid_callback" });
  } finally {
    await mf.dispose();
  }
});
