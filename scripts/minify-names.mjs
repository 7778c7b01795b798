// Short import and export names between the .wasm and its JS glue.
//
// wasm-bindgen names each import after its binding plus a hash (`__wbg_new_with_opt_readable_
// stream_f414da7ce6ffdc35`) and each closure export after its mangled Rust path (150 characters),
// in the module "./hifly_sdk_bg.js"; every name is written twice, in the .wasm and in the glue.
// binaryen's `--minify-imports-and-exports-and-modules` (run by `make pkg` with -Oz) renames them
// all in the .wasm to one or two characters, in one module, and prints the map as JSON. This
// script applies that map to the glue and the .d.ts files, and checks the result against the
// .wasm itself: every import the .wasm asks for is provided, every export the glue uses exists
// and is used only as `wasm.name`, and the rewritten glue instantiates the .wasm.
// Anything unexpected in the glue's shape (a new wasm-bindgen) fails the build instead of
// shipping a package that cannot instantiate.
//
// Usage: node scripts/minify-names.mjs MAP.json PKG_DIR
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [mapPath, dir] = process.argv.slice(2);
const fail = (why) => {
  console.error(`minify-names: ${why}`);
  process.exit(1);
};
const map = JSON.parse(readFileSync(mapPath, "utf8"));
const glue = join(dir, "hifly_sdk.js");
let js = readFileSync(glue, "utf8");
const wasm = new WebAssembly.Module(readFileSync(join(dir, "hifly_sdk_bg.wasm")));
const wanted = WebAssembly.Module.imports(wasm);
const exported = new Set(WebAssembly.Module.exports(wasm).map((e) => e.name));
const modules = new Set(wanted.map((i) => i.module));
if (modules.size !== 1) fail(`expected the .wasm to import from one module, got ${[...modules]}`);
const [module] = modules;
const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally " +
    "for function if import in instanceof new null return super switch this throw true try typeof var void " +
    "while with yield let static implements interface package private protected public await").split(" "),
);
const identifier = (name) => /^[A-Za-z_$][\w$]*$/.test(name) && !RESERVED.has(name);
const key = (name) => (identifier(name) ? name : JSON.stringify(name));

// The glue's import modules: `"./hifly_sdk_bg.js": import0,` in what __wbg_get_imports returns.
const ret = js.match(/\n    return \{\n        __proto__: null,\n((?:        "[^"]+": import\d+,\n)+)    \};\n\}/);
if (!ret) fail("the glue's import object was not found");
const sources = Object.fromEntries([...ret[1].matchAll(/"([^"]+)": (import\d+),/g)].map((m) => [m[1], m[2]]));

// Imports defined in the glue's own object are renamed where they are defined; those of other
// modules (the snippets) are added to it under their new names.
const [own] = Object.entries(sources).find(([, v]) => js.includes(`const ${v} = {\n`)) ?? fail("no import object defined in the glue");
const added = [];
for (const [from, name, to] of map.imports) {
  const source = sources[from] ?? fail(`no import module ${from} in the glue`);
  if (from === own) {
    const re = new RegExp(`\\n(        )${name.replace(/\$/g, "\\$")}: `, "g");
    const n = [...js.matchAll(re)].length;
    if (n !== 1) fail(`import ${name} is defined ${n} times in the glue`);
    js = js.replace(re, (_, indent) => `\n${indent}${key(to)}: `);
  } else {
    added.push(`${key(to)}: ${source}[${JSON.stringify(name)}]`);
  }
}
// (Replacements are functions throughout: a short name such as `$1` or `$&` must not be read as a
// replacement pattern.)
js = js.replace(ret[0], () => `\n    return { __proto__: null, ${key(module)}: Object.assign(${sources[own]}, { ${added.join(", ")} }) };\n}`);

// Exports: the glue reads them as `wasm.name`.
const exports = new Map(map.exports);
js = js.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (_, name) => {
  const to = exports.get(name) ?? fail(`the glue uses export ${name}, which the map does not rename`);
  return identifier(to) ? `wasm.${to}` : `wasm[${JSON.stringify(to)}]`;
});
for (const to of exports.values()) if (!exported.has(to)) fail(`export ${to} is not in the .wasm`);
// The glue must reach the exports only as `wasm.name`: any other use of the exports object (an
// index, a destructuring, handing it on) could still hold an old name that no check here sees.
// `.wasm` and `/wasm` are file names and MIME types in strings.
for (const m of js.matchAll(/(?<![./])\bwasm\b(.{0,24})/g)) {
  if (!/^(\.[A-Za-z_$][\w$]*|;| = instance\.exports;| !== undefined\))/.test(m[1])) {
    fail(`the glue uses its exports in a way this script does not rename: "wasm${m[1]}"`);
  }
}
if ((js.match(/\bexports\b/g) ?? []).length !== 1) fail("the glue reads `exports` somewhere other than `wasm = instance.exports`");
const provided = new Set(map.imports.map(([, , to]) => to));
for (const i of wanted) if (!provided.has(i.name)) fail(`the .wasm imports ${i.name}, which the map does not provide`);
writeFileSync(glue, js);

// The typings of initSync's result (InitOutput) and of the .wasm's exports.
// A name that is not an identifier is quoted as a key; `export const` cannot quote, so there it
// fails the build (binaryen's short names are identifiers, but this is checked, not assumed).
const renamed = (text, file, re, quote) =>
  text.replace(re, (line, pre, name, post) => {
    const to = exports.get(name) ?? fail(`${file} declares export ${name}, which the map does not rename`);
    return `${pre}${quote ? key(to) : identifier(to) ? to : fail(`${to} cannot be declared in ${file}`)}${post}`;
  });
const dts = join(dir, "hifly_sdk.d.ts");
const types = readFileSync(dts, "utf8");
const init = types.match(/\nexport interface InitOutput \{\n[^}]*\n\}\n/) ?? fail("no InitOutput in hifly_sdk.d.ts");
writeFileSync(dts, types.replace(init[0], () => renamed(init[0], "InitOutput", /^(    readonly )([\w$]+)(:)/gm, true)));
const bg = join(dir, "hifly_sdk_bg.wasm.d.ts");
writeFileSync(bg, renamed(readFileSync(bg, "utf8"), "hifly_sdk_bg.wasm.d.ts", /^(export const )([\w$]+)(:)/gm, false));

// The proof: the rewritten glue instantiates the .wasm (a missing or misnamed import is a
// LinkError here, not in a user's app).
try {
  const { initSync } = await import(pathToFileURL(glue).href);
  initSync({ module: wasm });
} catch (e) {
  fail(`the rewritten glue does not instantiate the .wasm: ${e}`);
}
