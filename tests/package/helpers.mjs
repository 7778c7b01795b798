// Helpers for the packaging tests: install the packed package into a scratch project, serve a
// folder over HTTP, and drive Debian's Chromium with playwright-core.
import { execFileSync } from "node:child_process";
import { createReadStream, mkdtempSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const PKG = join(ROOT, "pkg");
export const TOOLS = join(ROOT, "tools", "node_modules");

const scratch = [];

/** Removes every scratch project made by `installPackage`. */
export function removeScratch() {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
}

let packed;

/** pkg/ packed as npm would publish it, once per run. */
function tarball() {
  if (!packed) {
    const dir = mkdtempSync(join(tmpdir(), "hifly-pack-"));
    scratch.push(dir);
    const name = execFileSync("npm", ["pack", PKG, "--pack-destination", dir, "--silent"], {
      encoding: "utf8",
    }).trim().split("\n").pop();
    packed = join(dir, name);
  }
  return packed;
}

/** Installs the packed package into a new scratch project, with `files` beside it. */
export function installPackage(files = {}) {
  const dir = mkdtempSync(join(tmpdir(), "hifly-pkg-"));
  scratch.push(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", tarball(), "--no-audit", "--no-fund", "--offline", "--loglevel=error"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The files npm would publish, relative to the package root. */
export function publishedFiles(dir) {
  const out = [];
  const walk = (d, prefix) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
      else out.push(`${prefix}${name}`);
    }
  };
  walk(join(dir, "node_modules", "hifly-sdk"), "");
  return out.sort();
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".css": "text/css" };

/** Serves `dir` on an ephemeral loopback port; resolves `{url, close()}`. */
export function serve(dir) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    let file = join(dir, path);
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      statSync(file);
    } catch {
      return res.writeHead(404).end();
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) =>
    server.listen(0, "127.0.0.1", () =>
      ok({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((done) => server.close(done)) }),
    ),
  );
}

/** Opens `url` in headless Chromium and resolves what the page stored in `window.__result`. */
export async function runInChromium(url) {
  const { chromium } = await import(join(TOOLS, "playwright-core", "index.mjs"));
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(url);
    await page.waitForFunction(() => window.__result !== undefined || window.__error !== undefined, null, { timeout: 20_000 }).catch(() => {});
    const result = await page.evaluate(() => ({ result: window.__result, error: window.__error }));
    if (result.error || result.result === undefined) {
      throw new Error(`the page failed: ${result.error ?? "no result"}; page errors: ${errors.join("; ")}`);
    }
    return result.result;
  } finally {
    await browser.close();
  }
}

/** The page script every browser test runs: no init call, a real request to the simulator. */
export function probeScript(simUrl, token) {
  return `
import { HiflyClient, HiflyError, ErrorCode, parseCallback } from "hifly-sdk";
try {
  const client = new HiflyClient({ token: ${JSON.stringify(token)}, baseUrl: ${JSON.stringify(simUrl)} });
  const credit = await client.getCredit();
  let error;
  try { parseCallback("{}"); } catch (e) { error = e; }
  window.__result = {
    left: credit.left,
    code: ErrorCode.InsufficientCredits,
    isHiflyError: error instanceof HiflyError && error instanceof Error,
    kind: error && error.kind,
  };
} catch (e) {
  window.__error = String(e && e.stack || e);
}
`;
}
