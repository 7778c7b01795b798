// `node sim/server.mjs` (what `make sim` runs): env vars, the start line, signals, bad settings.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("../server.mjs", import.meta.url));

function run(env) {
  const child = spawn(process.execPath, [SERVER], { env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (c) => (out += c));
  child.stderr.on("data", (c) => (err += c));
  const firstLine = new Promise((resolve, reject) => {
    child.stdout.on("data", () => out.includes("\n") && resolve(out.split("\n")[0]));
    child.on("exit", (code) => reject(Object.assign(new Error(`exited ${code}: ${err}`), { code, err })));
  });
  return { child, firstLine, output: () => ({ out, err }) };
}

describe("server.mjs", () => {
  test("starts from env, prints one line with its URL, serves the API, stops on SIGTERM", async () => {
    const p = run({ SIM_PORT: "0", SIM_TOKEN: "env-token", SIM_TASK_MS: "0", SIM_CREDITS: "77" });
    const line = await p.firstLine;
    const m = /^hifly-sim listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(line);
    assert.ok(m, line);
    assert.equal(line.includes("env-token"), false, "a token from SIM_TOKEN is not printed");
    const url = m[1];
    const ok = await fetch(`${url}/api/v2/hifly/account/credit`, { headers: { Authorization: "Bearer env-token" } });
    assert.deepEqual([ok.status, (await ok.json()).left], [200, 77]);
    assert.equal((await fetch(`${url}/api/v2/hifly/account/credit`, { headers: { Authorization: "Bearer sim-token" } })).status, 401);
    const cfg = await (await fetch(`${url}/__sim/config`)).json();
    assert.equal(cfg.task_ms, 0);
    p.child.kill("SIGTERM");
    const [code] = await once(p.child, "exit");
    assert.equal(code, 0);
    assert.match(p.output().out, /GET \/api\/v2\/hifly\/account\/credit 200/, "one log line per request");
  });

  test("the default token is sim-token and is shown in the start line", async () => {
    const p = run({ SIM_PORT: "0" });
    const line = await p.firstLine;
    assert.match(line, /token sim-token/);
    const url = /on (\S+) /.exec(line)[1];
    assert.equal((await fetch(`${url}/api/v2/hifly/account/credit`, { headers: { Authorization: "Bearer sim-token" } })).status, 200);
    p.child.kill("SIGINT");
    assert.equal((await once(p.child, "exit"))[0], 0);
  });

  test("a bad setting exits 2 with a message", async () => {
    const p = run({ SIM_PORT: "0", SIM_TASK_MS: "soon" });
    const err = await p.firstLine.catch((e) => e);
    assert.equal(err.code, 2);
    assert.match(err.err, /SIM_TASK_MS must be an integer/);
  });

  test("a port in use exits 1 with a message", async () => {
    const blocker = createServer();
    await new Promise((r) => blocker.listen(0, "127.0.0.1", r));
    const p = run({ SIM_PORT: String(blocker.address().port) });
    const err = await p.firstLine.catch((e) => e);
    blocker.close();
    assert.equal(err.code, 1);
    assert.match(err.err, /EADDRINUSE/);
  });
});
