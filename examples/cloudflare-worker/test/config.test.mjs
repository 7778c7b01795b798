// wrangler.toml declares what the Worker uses, and no secret is written in it.

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { wranglerConfig } from "../testing/harness.mjs";

const dir = fileURLToPath(new URL("..", import.meta.url));

test("wrangler.toml: main, compatibility date, KV CALLBACKS, R2 MEDIA, the two vars", () => {
  const cfg = wranglerConfig();
  assert.ok(existsSync(dir + cfg.main), `main = ${cfg.main} exists`);
  assert.match(cfg.compatibilityDate, /^\d{4}-\d{2}-\d{2}$/);
  assert.deepEqual(cfg.kv, ["CALLBACKS"]);
  assert.deepEqual(cfg.r2, ["MEDIA"]);
  assert.equal(cfg.vars.HIFLY_BASE_URL, "https://hfw-api.hifly.cc");
  assert.ok(cfg.vars.ALLOWED_ORIGINS.split(",").every((o) => /^https?:\/\/[^/]+$/.test(o.trim())));
});

test("wrangler.toml: the secrets are described, never set", () => {
  const text = readFileSync(dir + "wrangler.toml", "utf8");
  const settings = text.split("\n").filter((l) => !l.trim().startsWith("#")).join("\n");
  for (const name of ["HIFLY_TOKEN", "CALLBACK_SECRET"]) {
    assert.match(text, new RegExp(`#.*${name}`), `${name} is described`);
    assert.doesNotMatch(settings, new RegExp(`${name}\\s*=`), `${name} is not set in the file`);
  }
  assert.match(text, /wrangler secret put/);
});

test("the Worker imports the package by its name, as a deployment resolves it", () => {
  const src = readFileSync(dir + "src/callback.js", "utf8");
  assert.match(src, /from "hifly-sdk"/);
  const pkg = JSON.parse(readFileSync(dir + "package.json", "utf8"));
  assert.ok(pkg.dependencies["hifly-sdk"]);
});
