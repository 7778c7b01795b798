// Simulator configuration: defaults, environment parsing, and runtime patches
// from the control API. One table describes every setting so the three stay in step.

const MiB = 1024 * 1024;

/**
 * Each setting: its option name (camelCase, used by startSimulator), its env var,
 * its control-API name (snake_case, POST /__sim/config), its default, and its parser.
 * `runtime: false` marks settings that only make sense at start-up.
 */
export const SETTINGS = [
  { key: "host", env: "SIM_HOST", def: "127.0.0.1", parse: str, runtime: false },
  { key: "port", env: "SIM_PORT", def: 8710, parse: intMin(0), runtime: false },
  { key: "token", env: "SIM_TOKEN", def: "sim-token", parse: nonEmpty, runtime: false },
  { key: "publicUrl", env: "SIM_PUBLIC_URL", def: null, parse: optUrl, runtime: false },
  { key: "uploadDir", env: "SIM_UPLOAD_DIR", def: null, parse: optStr, runtime: false },
  { key: "taskMs", env: "SIM_TASK_MS", ctl: "task_ms", def: 3000, parse: intMin(0) },
  { key: "credits", env: "SIM_CREDITS", ctl: "credits", def: 1000, parse: intMin(0) },
  { key: "price", env: "SIM_PRICE", ctl: "price", def: 10, parse: intMin(0) },
  { key: "maxInProgress", env: "SIM_MAX_IN_PROGRESS", ctl: "max_in_progress", def: 3, parse: intMin(0) },
  { key: "callbackUrl", env: "SIM_CALLBACK_URL", ctl: "callback_url", def: null, parse: optUrl },
  { key: "callbackV2", env: "SIM_CALLBACK_V2", ctl: "callback_v2", def: true, parse: bool },
  { key: "callbackRetryMs", env: "SIM_CALLBACK_RETRY_MS", ctl: "callback_retry_ms", def: 5 * 60_000, parse: intMin(0) },
  { key: "callbackIntervalMs", env: "SIM_CALLBACK_INTERVAL_MS", ctl: "callback_interval_ms", def: 5000, parse: intMin(1) },
  { key: "callbackMaxIntervalMs", env: "SIM_CALLBACK_MAX_INTERVAL_MS", ctl: "callback_max_interval_ms", def: 60_000, parse: intMin(1) },
  { key: "callbackTimeoutMs", env: "SIM_CALLBACK_TIMEOUT_MS", ctl: "callback_timeout_ms", def: 10_000, parse: intMin(1) },
  { key: "uploadTtlMs", env: "SIM_UPLOAD_TTL_MS", ctl: "upload_ttl_ms", def: 3600_000, parse: int },
  { key: "resultTtlMs", env: "SIM_RESULT_TTL_MS", ctl: "result_ttl_ms", def: 3600_000, parse: int },
  { key: "maxVideoBytes", env: "SIM_MAX_VIDEO_BYTES", ctl: "max_video_bytes", def: 500 * MiB, parse: intMin(0) },
  { key: "maxAudioBytes", env: "SIM_MAX_AUDIO_BYTES", ctl: "max_audio_bytes", def: 100 * MiB, parse: intMin(0) },
  { key: "maxImageBytes", env: "SIM_MAX_IMAGE_BYTES", ctl: "max_image_bytes", def: 50 * MiB, parse: intMin(0) },
  { key: "voiceAudioMaxBytes", env: "SIM_VOICE_AUDIO_MAX_BYTES", ctl: "voice_audio_max_bytes", def: 20 * MiB, parse: intMin(0) },
  { key: "latencyMs", env: "SIM_LATENCY_MS", ctl: "latency_ms", def: 0, parse: intMin(0) },
  { key: "failedTaskCode", env: "SIM_FAILED_TASK_CODE", ctl: "failed_task_code", def: "task", parse: oneOf("task", "zero") },
  { key: "dialect", env: "SIM_DIALECT", ctl: "dialect", def: "strict", parse: oneOf("strict", "loose") },
  { key: "logRequests", env: "SIM_LOG", def: false, parse: bool, runtime: false },
];

const BY_KEY = new Map(SETTINGS.map((s) => [s.key, s]));
const BY_CTL = new Map(SETTINGS.filter((s) => s.ctl).map((s) => [s.ctl, s]));

/** Defaults overlaid with the given options (camelCase keys); unknown keys are an error. */
export function resolveConfig(options = {}) {
  const cfg = Object.fromEntries(SETTINGS.map((s) => [s.key, s.def]));
  for (const [k, v] of Object.entries(options)) {
    const s = BY_KEY.get(k);
    if (!s) throw new Error(`unknown simulator option: ${k}`);
    if (v === undefined) continue;
    cfg[k] = s.parse(v, k);
  }
  return cfg;
}

/** Options read from the environment (only the variables that are set). */
export function optionsFromEnv(env = process.env) {
  const out = {};
  for (const s of SETTINGS) {
    const v = env[s.env];
    if (v !== undefined && v !== "") out[s.key] = s.parse(v, s.env);
  }
  return out;
}

/** Applies a control-API patch ({task_ms: 50, ...}) to cfg; returns the list of changed names. */
export function patchConfig(cfg, patch) {
  if (!patch || typeof patch !== "object" || Array.isArray(patch)) throw new Error("body must be a JSON object");
  const updates = [];
  for (const [name, v] of Object.entries(patch)) {
    const s = BY_CTL.get(name);
    if (!s || s.runtime === false) throw new Error(`unknown or read-only setting: ${name}`);
    updates.push([s.key, s.parse(v, name)]);
  }
  for (const [k, v] of updates) cfg[k] = v;
  return updates.map(([k]) => BY_KEY.get(k).ctl);
}

/** The config as the control API shows it (snake_case names). */
export function publicConfig(cfg) {
  const out = {};
  for (const s of SETTINGS) {
    if (s.key === "token") continue;
    out[s.ctl ?? snake(s.key)] = cfg[s.key];
  }
  return out;
}

function snake(k) {
  return k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
}

function str(v) {
  return String(v);
}
function optStr(v) {
  return v === null ? null : String(v);
}
function nonEmpty(v, name) {
  const s = String(v);
  if (!s) throw new Error(`${name} must not be empty`);
  return s;
}
function int(v, name) {
  const n = typeof v === "number" ? v : /^-?\d+$/.test(String(v).trim()) ? Number(String(v).trim()) : NaN;
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, got ${JSON.stringify(v)}`);
  return n;
}
function intMin(min) {
  return (v, name) => {
    const n = int(v, name);
    if (n < min) throw new Error(`${name} must be >= ${min}`);
    return n;
  };
}
function bool(v, name) {
  if (typeof v === "boolean") return v;
  const s = String(v).trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(s)) return true;
  if (["0", "false", "no", "off"].includes(s)) return false;
  throw new Error(`${name} must be a boolean (1/0/true/false)`);
}
function optUrl(v, name) {
  if (v === null || v === "") return null;
  const s = String(v);
  let u;
  try {
    u = new URL(s);
  } catch {
    throw new Error(`${name} must be an absolute http(s) URL`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(`${name} must be an http(s) URL`);
  return s;
}
function oneOf(...allowed) {
  return (v, name) => {
    const s = String(v);
    if (!allowed.includes(s)) throw new Error(`${name} must be one of ${allowed.join(", ")}`);
    return s;
  };
}
