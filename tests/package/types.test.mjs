// The shipped types are generated from the Rust crate (pkg/hifly_sdk.d.ts). These checks fail
// when a method of the design contract's table is missing from them, when a generated public
// type is not exported by the package's index.d.ts, or when a signature lost its types to `any`.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const glue = readFileSync(`${ROOT}pkg/hifly_sdk.d.ts`, "utf8");
const index = readFileSync(`${ROOT}pkg/index.d.ts`, "utf8");
// The contract: the shared copy when this checkout sits beside it, else the copy in fixtures.
const designPath = existsSync(`${ROOT}../shared/DESIGN.md`) ? `${ROOT}../shared/DESIGN.md` : `${ROOT}tests/fixtures/DESIGN.md`;
const design = readFileSync(designPath, "utf8");

const classBody = glue.slice(glue.indexOf("export class HiflyClient {"), glue.indexOf("\n}\n", glue.indexOf("export class HiflyClient {")));

test("every method of DESIGN.md's table and helpers is in the generated HiflyClient", () => {
  const table = [...design.matchAll(/^\| `(\w+)\(/gm)].map((m) => m[1]);
  const helpers = ["waitForAvatarTask", "waitForVoiceTask", "waitForVideoTask", "avatars", "voices"];
  assert.ok(table.length >= 15, `read ${table.length} methods from ${designPath}`);
  for (const method of [...table, ...helpers]) {
    assert.match(classBody, new RegExp(`\\n\\s+${method}\\(`), `${method} is missing from the shipped HiflyClient`);
  }
  for (const fn of ["parseCallback", "verifyCallback"]) {
    assert.match(glue, new RegExp(`export function ${fn}\\(`), `${fn} is missing`);
  }
});

test("the shipped docs read as plain text: no Rust escapes, raw-string prefixes or rustdoc links", () => {
  const comments = glue.split("\n").filter((line) => /^\s*(\*|\/\*\*)/.test(line));
  assert.ok(comments.length > 200, `${comments.length} comment lines`);
  for (const line of comments) {
    assert.doesNotMatch(line, /\\['"]|^\s*\*r#*"|"#+\s*$|\[`[^`\]]+`\]/, line);
  }
});

test("no method signature of the client falls back to any", () => {
  const anyLines = classBody.split("\n").filter((l) => /\w\(.*\bany\b/.test(l));
  assert.deepEqual(anyLines, []);
});

test("every public type the crate generates is exported by index.d.ts", () => {
  const internal = new Set(["InitInput", "InitOutput", "SyncInitInput", "initSync", "default", "hiflyErrorClass", "errorCodes"]);
  const declared = [...glue.matchAll(/^export (?:declare )?(?:interface|type|class|const|function) (\w+)/gm)].map((m) => m[1]);
  assert.ok(declared.length > 40, `${declared.length} declarations`);
  const exported = new Set([...index.matchAll(/\{([^}]*)\}/g)].flatMap((m) => m[1].split(",").map((n) => n.trim())));
  for (const name of declared.filter((n) => !internal.has(n))) {
    assert.ok(exported.has(name), `${name} is generated but not exported by index.d.ts`);
  }
});
