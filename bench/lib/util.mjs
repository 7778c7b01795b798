// Small helpers shared by the bench sections: paths, statistics, formatting, child processes.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = resolve(BENCH, "..");
export const PKG = join(ROOT, "pkg");
export const TOOLS = join(ROOT, "tools", "node_modules");
export const CACHE = join(BENCH, ".cache");
export const SEEDS = join(ROOT, "fuzz", "seeds", "callback");

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
export const min = (xs) => Math.min(...xs);
export const max = (xs) => Math.max(...xs);
/** Median absolute deviation, as a spread that ignores the odd outlier. */
export const mad = (xs) => {
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m)));
};

/** Bytes as KB (1 KB = 1000 bytes, as the budget and the anchors are written). */
export const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
export const ms = (x, digits = 1) => `${x.toFixed(digits)} ms`;
export const pct = (x) => `${(100 * x).toFixed(0)}%`;
export const pct1 = (x) => `${(100 * x).toFixed(1)}%`;
export const ratio = (x) => (x >= 10 ? `${x.toFixed(1)}x` : `${x.toFixed(2)}x`);
export const ops = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M/s` : `${(x / 1e3).toFixed(0)} k/s`);
export const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Prints rows as an aligned text table; the first row is the header. Numbers align right. */
export function table(rows, indent = "  ") {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? "").length)));
  const isNum = (c) => /^[<>~]?[\d.,+\-]+\s?(x|%|[kKM]?B|ms|s|[kM]\/s|MB\/s)?$/.test(c);
  const numeric = rows[0].map((_, i) => {
    const cells = rows.slice(1).map((r) => String(r[i] ?? "")).filter((c) => c !== "");
    return cells.length > 0 && cells.every(isNum);
  });
  const line = (r) =>
    indent +
    r
      .map((c, i) => (numeric[i] ? String(c ?? "").padStart(widths[i]) : String(c ?? "").padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const out = [line(rows[0]), indent + widths.map((w) => "-".repeat(w)).join("  ")];
  for (const r of rows.slice(1)) out.push(line(r));
  console.log(out.join("\n"));
}

export function heading(title) {
  console.log(`\n${"=".repeat(78)}\n${title}\n${"=".repeat(78)}`);
}

export function note(text) {
  for (const line of text.trim().split("\n")) console.log(`  ${line}`);
}

/** gzip -9 size of a file, as GNU gzip writes it from stdin (no file name in the header). */
export function gzipSize(path) {
  const out = execFileSync("sh", ["-c", 'gzip -9 -n -c < "$1" | wc -c', "sh", path], { encoding: "utf8" });
  return Number(out.trim());
}

/** Runs `node args...` and resolves {code, stdout, stderr}; rejects on a non-zero exit unless allowed. */
export function runNode(args, { env, cwd, allowFail = false, timeoutMs = 600_000 } = {}) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: cwd ?? BENCH,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0 && !allowFail) reject(new Error(`node ${args.join(" ")} exited ${code}:\n${stderr}${stdout}`));
      else resolveRun({ code, stdout, stderr });
    });
  });
}

/** The last line of a child's stdout, parsed as JSON. */
export function lastJson(stdout) {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

export function requirePkg() {
  if (!existsSync(join(PKG, "hifly_sdk_bg.wasm")) || !existsSync(join(PKG, "node.js"))) {
    throw new Error(`${PKG} is missing or incomplete: run \`make pkg\` first`);
  }
}
