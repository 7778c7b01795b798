// End-to-end test of the demo page, in Debian's headless Chromium driven by playwright-core, against
// the demo server (www/serve.mjs) and its embedded simulator on ephemeral ports.
//
//   node --test www/test/          (from the repository root, after `make pkg`)
//
// It writes a screenshot to target/demo-screenshot.png.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createServer } from "node:http";
import { startDemo } from "../serve.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SCREENSHOT = join(ROOT, "target", "demo-screenshot.png");
const VIDEO = readFileSync(join(ROOT, "sim", "assets", "video.mp4"));
const AUDIO = readFileSync(join(ROOT, "sim", "assets", "audio.mp3"));
const { chromium } = createRequire(join(ROOT, "tools", "package.json"))("playwright-core");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"];

if (!existsSync(join(ROOT, "pkg", "hifly_sdk_bg.wasm"))) throw new Error("pkg/ is not built: run `make pkg` first");

async function json(url, init) {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

describe("the demo page in headless Chromium", { timeout: 60_000 }, () => {
  // A token that cannot appear by chance, so that finding it anywhere on the page's side is a leak.
  const token = `demo-${randomBytes(12).toString("hex")}`;
  let demo;
  let sim;
  let browser;
  let page;
  const requests = [];
  const proxied = [];
  const pageErrors = [];

  before(async () => {
    demo = await startDemo({ port: 0, simOptions: { taskMs: 500, token } });
    sim = demo.sim;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 });
    page.setDefaultTimeout(15_000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => m.type() === "error" && pageErrors.push(`console: ${m.text()}`));
    page.on("request", (req) => {
      requests.push(
        req.allHeaders().then((headers) => ({ url: req.url(), method: req.method(), headers, body: req.postDataBuffer() })),
      );
    });
    page.on("response", (res) => {
      if (res.url().startsWith(`${demo.url}/hifly/`)) proxied.push(res.text().then((text) => ({ url: res.url(), text })).catch(() => null));
    });
    await page.goto(demo.url);
    await page.waitForSelector("html[data-ready=true]");
  });

  /** The library has finished loading (whatever it shows). */
  const settled = () => page.waitForFunction(() => !document.getElementById("grid").hasAttribute("aria-busy"));

  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  test("loads: mode, credits, the default picks and public avatars", async () => {
    assert.equal(await page.textContent("#mode"), "Simulator");
    await page.waitForFunction(() => document.getElementById("credits").textContent === "1,000");
    assert.equal(await page.locator("#grid .item").count(), 12);
    assert.match(await page.textContent("#picked-avatar"), /晓雅/);
    assert.match(await page.textContent("#picked-voice"), /温柔女声/);
    assert.equal(await page.getAttribute('#grid .item[data-id="av_public_01"]', "aria-pressed"), "true");
  });

  test("pages and searches the avatars and voices", async () => {
    await page.click("#next");
    await page.waitForSelector('#grid .item[data-id="av_public_13"]');
    await page.click("#next");
    await page.waitForSelector('#grid .item[data-id="av_public_25"]');
    assert.equal(await page.locator("#grid .item").count(), 1);
    assert.equal(await page.isDisabled("#next"), true, "25 avatars: page 3 is the last");

    await page.fill("#search", "雨萱");
    await page.waitForFunction(() => document.getElementById("page-info").textContent.startsWith("1 match"));
    assert.deepEqual(await page.locator("#grid .item").evaluateAll((els) => els.map((e) => e.dataset.id)), ["av_public_09"]);
    await page.fill("#search", "");
    await page.waitForFunction(() => document.getElementById("page-info").textContent === "Page 1");
    await settled();

    // 12 public voices fill exactly one page: the next page turns out empty and the pager says so.
    await page.click('[data-tab="voices"]');
    await settled();
    await page.waitForSelector('#grid .item[data-id="voice_public_01"]');
    assert.equal(await page.locator("#grid .item").count(), 12);
    await page.click("#next");
    await page.waitForSelector(".toast >> text=That was the last page.");
    await settled();
    assert.equal(await page.textContent("#page-info"), "Page 1");
    assert.equal(await page.isDisabled("#next"), true);
    assert.equal(await page.locator("#grid .item").count(), 12);

    await page.click('[data-kind="1"]');
    await settled();
    assert.match(await page.textContent("#grid .empty"), /^You have no cloned voices yet/);
    await page.click('[data-tab="avatars"]');
    await page.click('[data-kind="2"]');
    await page.waitForSelector('#grid .item[data-id="av_public_01"]');
  });

  test("uploads a video with a progress bar, then clones an avatar from it", async () => {
    // Record every value the progress bar shows.
    await page.evaluate(() => {
      window.__progress = [];
      new MutationObserver(() => window.__progress.push(Number(document.getElementById("progress").getAttribute("aria-valuenow")))).observe(
        document.getElementById("progress"),
        { attributes: true, attributeFilter: ["aria-valuenow"] },
      );
    });
    await page.setInputFiles("#file", { name: "我的视频.mp4", mimeType: "video/mp4", buffer: VIDEO });
    await page.waitForSelector("#clone-form:not([hidden])");
    assert.match(await page.textContent("#progress-text"), /^Uploaded · file_[0-9a-f]{16}$/);
    const seen = await page.evaluate(() => window.__progress);
    assert.equal(seen.at(-1), 100);
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b), `progress only grows: ${seen}`);

    // The bytes went straight to the signed URL (not through the proxy), without Authorization.
    const puts = (await json(`${sim.url}/__sim/requests?method=PUT&path=/upload/*`)).body.requests;
    assert.equal(puts.length, 1);
    assert.equal(puts[0].bytes, VIDEO.length);
    assert.equal(puts[0].has_authorization, false);

    assert.equal(await page.inputValue("#clone-name"), "我的视频");
    await page.fill("#clone-name", "我的数字人");
    await page.click("#clone-btn");
    const row = page.locator('.task[data-kind="avatar"]');
    await row.waitFor();
    await page.waitForSelector('.task[data-kind="avatar"][data-status="3"]');
    assert.match(await row.textContent(), /av_[0-9a-f]{12}/);
    assert.match(await page.textContent("#picked-avatar"), /我的数字人/, "the new avatar is picked for the video");

    await page.click('[data-kind="1"]');
    await settled();
    assert.equal(await page.locator("#grid .item").count(), 1);
    assert.match(await page.textContent("#grid"), /我的数字人/);
    assert.equal(await page.getAttribute("#grid .item", "aria-pressed"), "true");
    await page.click('[data-kind="2"]');
  });

  test("uploads an audio clip and clones a voice from it", async () => {
    await page.setInputFiles("#file", { name: "my-voice.mp3", mimeType: "audio/mpeg", buffer: AUDIO });
    await page.waitForSelector("#clone-form:not([hidden])");
    assert.equal(await page.textContent("#clone-btn"), "Clone voice");
    assert.equal(await page.isVisible("#model-field"), false);
    await page.fill("#clone-name", " ");
    await page.click("#clone-btn");
    await page.waitForSelector("#clone-error:not([hidden])");
    assert.match(await page.textContent("#clone-error .alert-title"), /^The title is required and must not be blank/);
    await page.fill("#clone-name", "我的声音");
    await page.click("#clone-btn");
    await page.waitForSelector('.task[data-kind="voice"][data-status="3"]');
    assert.equal(await page.isVisible("#clone-error"), false);
    assert.match(await page.textContent("#picked-voice"), /我的声音/);
    assert.match(await page.getAttribute('.task[data-kind="voice"] audio', "src"), /\/media\/\d+\.mp3\?/);
  });

  test("draws the subtitle box on the frame preview, where and as it will be", async () => {
    await page.fill("#st_font_size", "48");
    await page.fill("#st_width", "520");
    await page.fill("#st_height", "120");
    await page.fill("#st_pos_x", "100");
    await page.fill("#st_pos_y", "980");
    await page.fill("#st_primary_color", "#ffdd00");
    await page.fill("#st_outline_color", "#202060");
    const geometry = () =>
      page.evaluate(() => {
        const f = document.getElementById("frame-box").getBoundingClientRect();
        const b = document.getElementById("st-box").getBoundingClientRect();
        const k = 720 / f.width; // the preview's frame is 720 wide
        const style = getComputedStyle(document.getElementById("st-box"));
        return { x: (b.left - f.left) * k, y: (b.top - f.top) * k, w: b.width * k, h: b.height * k, font: parseFloat(style.fontSize) * k, color: style.color };
      });
    const g = await geometry();
    for (const [key, want] of Object.entries({ x: 100, y: 980, w: 520, h: 120, font: 48 })) assert.ok(Math.abs(g[key] - want) < 1.5, `${key}: ${g[key]} ≈ ${want}`);
    assert.equal(g.color, "rgb(255, 221, 0)");

    // Dragging the box moves it and updates X and Y.
    const box = await page.locator("#st-box").boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 25, { steps: 4 });
    await page.mouse.up();
    const y = Number(await page.inputValue("#st_pos_y"));
    assert.ok(y < 980 - 50, `dragged up: y = ${y}`);
    await page.fill("#st_pos_y", "980");
    assert.ok(Math.abs((await geometry()).y - 980) < 1.5);
  });

  test("creates a text-to-video with subtitles, plays it, and keeps a copy", async () => {
    // 28 characters, 15 字: the vendor's own default work title plus two Chinese characters.
    await page.fill("#title", "Text-driven Lipsync Video 演示");
    await page.click("#create-btn");
    await page.waitForSelector('.task[data-kind="video"]');
    await page.waitForSelector('.task[data-kind="video"][data-status="3"]');

    const sent = (await json(`${sim.url}/__sim/requests?method=POST&path=/api/v2/hifly/video/create_by_tts`)).body.requests;
    assert.equal(sent.length, 1);
    const body = sent[0].body;
    assert.match(body.avatar, /^av_[0-9a-f]{12}$/, "the cloned avatar");
    assert.match(body.voice, /^voice_[0-9a-f]{12}$/, "the cloned voice");
    assert.equal(body.title, "Text-driven Lipsync Video 演示");
    assert.deepEqual(
      { st_show: body.st_show, st_font_name: body.st_font_name, st_font_size: body.st_font_size, st_primary_color: body.st_primary_color, st_outline_color: body.st_outline_color },
      { st_show: 1, st_font_name: "抖音美好体", st_font_size: 48, st_primary_color: "#ffdd00", st_outline_color: "#202060" },
    );
    assert.deepEqual([body.st_width, body.st_height, body.st_pos_x, body.st_pos_y], [520, 120, 100, 980]);

    // The video plays: it has frames, and time advances.
    const video = page.locator("#video");
    assert.match(await video.getAttribute("src"), /^http:\/\/127\.0\.0\.1:\d+\/media\/\d+\.mp4\?expires=/);
    await page.waitForFunction(() => {
      const v = document.getElementById("video");
      return v.readyState >= 2 && v.currentTime > 0.1 && !v.error;
    });
    assert.match(await page.textContent("#player-sub"), /temporary link/);
    await page.waitForFunction(() => document.getElementById("credits").textContent === "990");

    // Keep a copy: the server fetches the work by its task id and serves it from /media/.
    const taskId = await page.getAttribute('.task[data-kind="video"]', "data-task");
    await page.click("#rehost");
    await page.waitForSelector("#download:not([hidden])");
    assert.equal(await page.getAttribute("#download", "href"), `/media/${taskId}.mp4`);
    assert.equal(await video.getAttribute("src"), `/media/${taskId}.mp4`);
    const copy = await fetch(`${demo.url}/media/${taskId}.mp4`);
    assert.equal(copy.status, 200);
    assert.equal(copy.headers.get("content-type"), "video/mp4");
    assert.ok(Buffer.from(await copy.arrayBuffer()).equals(VIDEO));
    const ranged = await fetch(`${demo.url}/media/${taskId}.mp4`, { headers: { range: "bytes=0-99" } });
    assert.equal(ranged.status, 206);
    assert.equal((await ranged.arrayBuffer()).byteLength, 100);
    await page.evaluate(() => {
      const v = document.getElementById("video");
      v.currentTime = 0;
      return v.play();
    });
    await page.waitForFunction(() => {
      const v = document.getElementById("video");
      return v.currentSrc.includes("/media/") && v.readyState >= 2 && v.currentTime > 0.1 && !v.error;
    });

    // The screenshot, without the passing toasts, with the video's first frame (deterministic).
    await page.evaluate(async () => {
      document.querySelectorAll(".toast").forEach((t) => t.remove());
      const v = document.getElementById("video");
      v.pause();
      v.currentTime = 0.5;
      await new Promise((r) => v.addEventListener("seeked", r, { once: true }));
    });
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.ok(statSync(SCREENSHOT).size > 20_000);
  });

  test("shows errors in plain words", async () => {
    const text = await page.inputValue("#text");
    await page.fill("#text", "   ");
    await page.click("#create-btn");
    await page.waitForSelector("#create-error:not([hidden])");
    assert.match(await page.textContent("#create-error .alert-title"), /^The text is required and must not be blank/);
    assert.equal(await page.getAttribute("#text", "aria-invalid"), "true");
    await page.fill("#text", text);

    assert.equal((await json(`${sim.url}/__sim/config`, { method: "POST", body: JSON.stringify({ credits: 0 }) })).status, 200);
    await page.click("#create-btn");
    await page.waitForFunction(() => document.querySelector("#create-error .alert-title")?.textContent === "Not enough credits (1002)");
    assert.match(await page.textContent("#create-error"), /Top up your HiFly account/);
    await page.waitForFunction(() => document.getElementById("credits").textContent === "0", null, { timeout: 5000 });
  });

  test("no request from the page carries the token or an Authorization header; no page errors", async () => {
    const all = await Promise.all(requests);
    assert.ok(all.length > 20, `saw ${all.length} requests`);
    const kinds = new Set(all.map((r) => new URL(r.url).pathname.split("/")[1]));
    for (const k of ["hifly", "pkg", "upload", "media"]) assert.ok(kinds.has(k), `the page made ${k} requests`);
    for (const r of all) {
      assert.ok(!("authorization" in r.headers), `${r.method} ${r.url} has no Authorization`);
      assert.ok(!r.url.includes(token), `${r.url} has no token`);
      for (const [name, value] of Object.entries(r.headers)) assert.ok(!value.includes(token), `${r.url}: header ${name}`);
      if (r.body) assert.ok(!r.body.includes(token), `${r.method} ${r.url}: body`);
    }
    for (const r of (await Promise.all(proxied)).filter(Boolean)) assert.ok(!r.text.includes(token), `answer of ${r.url}`);
    // …and yet every proxied API call reached the API authenticated.
    const api = (await json(`${sim.url}/__sim/requests?path=/api/v2/hifly/*`)).body.requests.filter((r) => r.method !== "OPTIONS");
    assert.ok(api.length > 5);
    for (const r of api) assert.equal(r.auth, "valid", `${r.method} ${r.path}`);
    assert.deepEqual(pageErrors, []);
  });
});

describe("the demo server", { timeout: 30_000 }, () => {
  let demo;
  before(async () => {
    demo = await startDemo({ port: 0, simOptions: { taskMs: 200 } });
  });
  after(() => demo?.close());

  test("serves the page and the package with the right types, and nothing else", async () => {
    const types = {
      "/": "text/html",
      "/app.js": "text/javascript",
      "/style.css": "text/css",
      "/pkg/browser.js": "text/javascript",
      "/pkg/hifly_sdk.js": "text/javascript",
      "/pkg/hifly_sdk_bg.wasm": "application/wasm",
    };
    for (const [path, type] of Object.entries(types)) {
      const res = await fetch(demo.url + path);
      assert.equal(res.status, 200, path);
      assert.ok(res.headers.get("content-type").startsWith(type), `${path}: ${res.headers.get("content-type")}`);
      await res.arrayBuffer();
    }
    for (const path of ["/serve.mjs", "/test/demo.test.mjs", "/pkg/../Makefile", "/pkg/%2e%2e/Makefile", "/media/../serve.mjs", "/hifly/__sim/config", "/hifly/api/v1/x",
      // Only the API's endpoints: not through "..;", an encoded slash or an extra segment.
      "/hifly/api/v2/hifly/..;/..;/..;/__sim/config", "/hifly/api/v2/hifly/account%2Fcredit", "/hifly/api/v2/hifly/account/credit/x"]) {
      const res = await fetch(demo.url + path);
      assert.equal(res.status, 404, path);
      await res.arrayBuffer();
    }
  });

  test("the proxy adds the token and replaces any the caller sends", async () => {
    const res = await json(`${demo.url}/hifly/api/v2/hifly/account/credit`, { headers: { authorization: "Bearer not-the-token" } });
    assert.equal(res.status, 200);
    assert.equal(res.body.left, 1000);
    const log = (await json(`${demo.sim.url}/__sim/requests?path=/api/v2/hifly/account/credit`)).body.requests;
    assert.equal(log.at(-1).auth, "valid");
    assert.equal((await json(`${demo.url}/demo/config`)).body.mode, "simulator");
  });

  test("the proxy and re-hosting answer only this server's own page: no cross-site POST, no foreign Host", async () => {
    const spent = async () => (await json(`${demo.sim.url}/__sim/requests?path=/api/v2/hifly/*`)).body.requests.length;
    const before = await spent();
    const tts = JSON.stringify({ avatar: "av_public_01", voice: "voice_public_01", text: "x" });
    const api = `${demo.url}/hifly/api/v2/hifly/video/create_by_tts`;
    // A cross-site "simple" POST, as any page the user visits could send without a preflight.
    let res = await fetch(api, { method: "POST", headers: { "content-type": "text/plain", origin: "https://evil.example" }, body: tts });
    assert.equal(res.status, 403);
    await res.arrayBuffer();
    res = await fetch(api, { method: "POST", headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" }, body: tts });
    assert.equal(res.status, 403);
    await res.arrayBuffer();
    // The same POST without the browser's headers, but not JSON: refused too.
    res = await fetch(api, { method: "POST", headers: { "content-type": "text/plain" }, body: tts });
    assert.equal(res.status, 415);
    await res.arrayBuffer();
    res = await fetch(`${demo.url}/demo/rehost`, { method: "POST", headers: { "content-type": "text/plain", origin: "https://evil.example" }, body: '{"task_id":"1234567890123456"}' });
    assert.equal(res.status, 403);
    await res.arrayBuffer();
    // DNS rebinding: the page's name for this server is not one it answers as.
    const { request } = await import("node:http");
    const rebound = await new Promise((done, fail) => {
      const req = request(`${demo.url}/hifly/api/v2/hifly/account/credit`, { headers: { host: `attacker.example:${demo.port}` } }, (r) => {
        r.resume();
        r.on("end", () => done(r.statusCode));
      });
      req.on("error", fail);
      req.end();
    });
    assert.equal(rebound, 403);
    assert.equal(await spent(), before, "nothing reached the API");
    // The page's own requests still go through: same origin, JSON.
    res = await fetch(api, { method: "POST", headers: { "content-type": "application/json", origin: demo.url, "sec-fetch-site": "same-origin" }, body: tts });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    assert.equal(await spent(), before + 1);
  });

  test("re-hosting takes only a task id the API knows", async () => {
    const post = (body) => json(`${demo.url}/demo/rehost`, { method: "POST", headers: { "content-type": "application/json" }, body });
    assert.equal((await post('{"task_id":"../../etc/passwd"}')).status, 400);
    assert.equal((await post("not json")).status, 400);
    assert.equal((await post('{"task_id":"1234567890123456"}')).status, 404);
    assert.equal((await json(`${demo.url}/demo/rehost`)).status, 405);
  });

  test("with a token (HIFLY_TOKEN), it proxies to the given API and never echoes the token", async () => {
    const live = await startDemo({ port: 0, token: demo.sim.token, upstream: demo.sim.url });
    try {
      const cfg = (await json(`${live.url}/demo/config`)).body;
      assert.deepEqual(cfg.mode, "live");
      assert.equal(cfg.api, new URL(demo.sim.url).host);
      assert.equal(live.sim, null);
      const res = await fetch(`${live.url}/hifly/api/v2/hifly/account/credit`);
      const text = await res.text();
      assert.equal(res.status, 200);
      assert.ok(!text.includes(demo.sim.token));
    } finally {
      await live.close();
    }
    // With a real token it listens on loopback only: on a LAN address anyone could spend credits.
    await assert.rejects(startDemo({ port: 0, host: "0.0.0.0", token: "t0ken-xyz", upstream: demo.sim.url }), /loopback only/);
    const wrong = await startDemo({ port: 0, token: "wrong-token-123", upstream: demo.sim.url });
    try {
      const res = await fetch(`${wrong.url}/hifly/api/v2/hifly/account/credit`);
      assert.equal(res.status, 401);
      assert.ok(!(await res.text()).includes("wrong-token-123"));
    } finally {
      await wrong.close();
    }
  });

  test("a stub API that echoes the token in every form, answers too much, or is sent too much", async () => {
    // A token with characters that JSON and URLs escape.
    const token = 't0k/"en&x=y+z';
    const forms = [JSON.stringify(token).slice(1, -1), JSON.stringify(token).slice(1, -1).replaceAll("/", "\\/"), encodeURIComponent(token), encodeURIComponent(token).toLowerCase()];
    const stub = createServer((req, res) => {
      req.resume();
      if (req.url.startsWith("/api/v2/hifly/avatar/list")) {
        res.writeHead(200, { "Content-Type": "application/json" });
        return res.end(JSON.stringify({ code: 0, data: [], pad: "x".repeat(5 * 1024 * 1024) }));
      }
      const echo = req.headers.authorization;
      const text = `{"code":2003,"message":${JSON.stringify(echo)},"also":"${forms.join(" ")}"}`.replaceAll("/", "\\/");
      res.writeHead(200, { "Content-Type": "application/json", "X-Request-Id": `r-${encodeURIComponent(echo)}` });
      res.end(text);
    });
    await new Promise((ok) => stub.listen(0, "127.0.0.1", ok));
    const live = await startDemo({ port: 0, token, upstream: `http://127.0.0.1:${stub.address().port}` });
    try {
      const res = await fetch(`${live.url}/hifly/api/v2/hifly/account/credit`);
      const text = await res.text();
      assert.equal(res.status, 200);
      for (const form of [token, ...forms]) assert.ok(!text.includes(form), `${form} in ${text}`);
      assert.match(text, /\[redacted\]/);
      const id = res.headers.get("x-request-id");
      for (const form of [token, ...forms]) assert.ok(!id.includes(form), `${form} in ${id}`);
      assert.equal(res.headers.get("content-security-policy"), "sandbox");

      const big = await json(`${live.url}/hifly/api/v2/hifly/avatar/list`);
      assert.equal(big.status, 502);
      assert.match(big.body.message, /4 MiB/);

      const huge = await fetch(`${live.url}/hifly/api/v2/hifly/video/create_by_tts`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "x".repeat(2 * 1024 * 1024),
      });
      assert.equal(huge.status, 413);
      assert.equal(huge.headers.get("connection"), "close");
      await huge.arrayBuffer();
    } finally {
      await live.close();
      stub.closeAllConnections();
      stub.close();
    }
  });

  test("an unreachable API is a 502 with a plain message", async () => {
    const dead = await startDemo({ port: 0, token: "t0ken-xyz", upstream: "http://127.0.0.1:9" });
    try {
      const res = await json(`${dead.url}/hifly/api/v2/hifly/account/credit`);
      assert.equal(res.status, 502);
      assert.match(res.body.message, /could not reach the HiFly API/);
      assert.ok(!JSON.stringify(res.body).includes("t0ken-xyz"));
    } finally {
      await dead.close();
    }
  });
});

test("`node www/serve.mjs` prints its URL first, serves, and stops cleanly on Ctrl-C", { timeout: 20_000 }, async () => {
  const child = spawn(process.execPath, [join(ROOT, "www", "serve.mjs")], {
    env: { ...process.env, DEMO_PORT: "0", SIM_TASK_MS: "500", HIFLY_TOKEN: "", DEMO_LOG: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.setEncoding("utf8");
  const first = await new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(out.split("\n")[0]);
    });
    child.once("exit", (code) => reject(new Error(`exited early with ${code}: ${out}`)));
  });
  const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(first)?.[1];
  assert.ok(url, first);
  assert.match(first, /built-in simulator/);
  assert.equal((await json(`${url}/demo/config`)).body.mode, "simulator");
  assert.equal((await json(`${url}/hifly/api/v2/hifly/account/credit`)).body.left, 1000);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  child.kill("SIGINT");
  assert.deepEqual(await exited, { code: 0, signal: null });
  assert.match(out, /stopping/);
});
