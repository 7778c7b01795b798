// wasm-bindgen and tsify-next copy Rust doc comments into the .d.ts as Rust wrote them: with its
// escapes (\' and \"), with a raw-string prefix for docs that passed through a macro (r", or
// r#"…"# around a doc that holds a quote), and with rustdoc links ([`Name`]). This turns them back into plain text, in comment lines only, so
// that an editor's hover shows what the docs say. Usage: node scripts/tidy-dts.mjs FILE.d.ts
import { readFileSync, writeFileSync } from "node:fs";

const path = process.argv[2];
const tidy = (line) =>
  /^\s*(\*|\/\*\*)/.test(line)
    ? line
        .replace(/^(\s*\*)r(#+)" ?(.*)"\2\s*$/, "$1 $3")
        .replace(/^(\s*\*)r" ?/, "$1 ")
        .replace(/\\(['"])/g, "$1")
        .replace(/\[`([^`\]]+)`\]/g, "`$1`")
    : line;
writeFileSync(path, readFileSync(path, "utf8").split("\n").map(tidy).join("\n"));
