// The hifly-sdk demo page. Plain ES modules, no framework, no build step.
//
// The page holds no token: every API call goes to this origin's /hifly proxy (www/serve.mjs), which
// adds `Authorization: Bearer …` on the server side. Uploads go straight to the signed URL the API
// hands out, and results play from the API's temporary link until you keep a copy.

const $ = (id) => document.getElementById(id);

let sdk;
try {
  // Through the import map: "hifly-sdk" → /pkg/browser.js, which loads its .wasm itself (no init call).
  sdk = await import("hifly-sdk");
} catch (e) {
  fatal("The SDK did not load", `${e && e.message ? e.message : e}. Build the package with \`make pkg\` (make demo does it) and reload.`);
  throw e;
}
const { HiflyClient, HiflyError } = sdk;
const client = new HiflyClient({ baseUrl: location.origin + "/hifly" });

// ---------------------------------------------------------------------------------------------
// Errors in plain words

const CODE_TEXT = {
  11: "The API refused a parameter",
  14: "Not found",
  1001: "Too many videos in progress",
  1002: "Not enough credits",
  1005: "This needs a HiFly membership",
  1006: "Your HiFly membership level is too low for this",
  1009: "High-fidelity voices are sold out",
  1011: "This voice sounds too much like a celebrity",
  1013: "You have reached the limit of high-fidelity voice clones",
  1015: "You have reached the limit of submitted works",
  2003: "The API token is not valid",
  2011: "The file is too large",
  2012: "This file type is not supported",
  2013: "The audio could not be fetched",
  2014: "The video could not be fetched",
  2015: "The avatar could not be cloned",
  2016: "The image could not be fetched",
};
const CODE_HINT = {
  11: "Check the values you entered.",
  14: "It may have been deleted, or the id is wrong.",
  1001: "Wait for one of them to finish, then try again.",
  1002: "Top up your HiFly account, then try again.",
  1005: "Open a membership on hifly.cc to use this.",
  1006: "Upgrade your membership on hifly.cc to use this.",
  1011: "Try another recording.",
  2003: "Check HIFLY_TOKEN on the demo server.",
  2011: "Avatar videos may be up to 500 MB, voice recordings up to 20 MB.",
  2012: "Use mp4 or mov for avatars, jpg or png for image avatars, mp3, m4a or wav for voices.",
  2015: "Try a clearer video: one face, facing the camera, well lit.",
};
const FIELD_LABEL = {
  text: "The text",
  title: "The title",
  avatar: "The avatar",
  voice: "The voice",
  file_extension: "The file type",
  data: "The file",
  file_id: "The file",
  st_font_name: "The subtitle font",
  st_font_size: "The subtitle size",
  st_primary_color: "The subtitle colour",
  st_outline_color: "The outline colour",
  st_width: "The subtitle width",
  st_height: "The subtitle height",
  st_pos_x: "The subtitle X",
  st_pos_y: "The subtitle Y",
};

const PURPOSE_TEXT = { avatar_video: "Avatar videos", avatar_image: "Avatar images", voice_audio: "Voice recordings", video_audio: "Audio for videos" };

/** {title, detail, tech} for any error, in plain words. */
function explain(e) {
  if (!(e instanceof HiflyError)) {
    if (e && e.title) return e; // already explained
    return { title: "Something went wrong", detail: String(e && e.message ? e.message : e) };
  }
  const server = serverText(e);
  switch (e.kind) {
    case "api":
      return { title: `${CODE_TEXT[e.code] ?? "The API refused the request"} (${e.code})`, detail: CODE_HINT[e.code] ?? "", tech: server };
    case "task_failed": {
      const what = CODE_TEXT[e.code];
      return {
        title: what ? `${what} (${e.code})` : e.code ? `The task failed (${e.code})` : "The task failed",
        detail: CODE_HINT[e.code] ?? "",
        tech: server,
      };
    }
    case "invalid_input": {
      const rest = e.message.replace(/^Invalid `[^`]*`:\s*/, "");
      if (e.field === "size") {
        const max = /at most (\d+ MB)/.exec(rest);
        const what = PURPOSE_TEXT[/^(\w+) files/.exec(rest)?.[1]] ?? "Files of this kind";
        return rest.includes("empty")
          ? { title: "The file is empty", detail: "Choose another file." }
          : { title: "The file is too large", detail: max ? `${what} may be up to ${max[1]}.` : rest };
      }
      return { title: `${FIELD_LABEL[e.field] ?? (e.field ? `“${e.field}”` : "A value")} ${rest}`, detail: "Nothing was sent.", field: e.field };
    }
    case "auth":
      return { title: "The HiFly API did not accept the token (401)", detail: "Check HIFLY_TOKEN on the demo server.", tech: server };
    case "network":
      return { title: "Could not reach the server", detail: "Is the demo server (make demo) still running?", tech: e.message };
    case "timeout":
      return { title: "The server took too long to answer", detail: "Try again in a moment.", tech: e.message };
    case "aborted":
      return { title: "Cancelled", detail: "" };
    case "http":
      if (e.status === 502) return { title: "The demo server could not reach HiFly (HTTP 502)", detail: "Check the server's network.", tech: server };
      if (e.status === 429) return { title: "Too many requests (HTTP 429)", detail: "Wait a little, then try again.", tech: server };
      return { title: `The server answered with an error (HTTP ${e.status})`, detail: e.retryable ? "Try again in a moment." : "", tech: server };
    case "decode":
      return { title: "The server's answer could not be read", detail: "The API may be having trouble; try again.", tech: e.message };
    default:
      return { title: "Something went wrong", detail: e.message };
  }
}

/** The server's own words, without the SDK's "Plain text (code): " prefix, and the request id. */
function serverText(e) {
  const text = String(e.message || "").replace(/^.*?\(\d+\):\s*/, "").replace(/^Task \d+ failed:\s*/, "");
  return [text, e.requestId ? `request ${e.requestId}` : ""].filter(Boolean).join(" · ");
}

function showError(box, e) {
  const x = explain(e);
  box.replaceChildren();
  const body = el("div", {}, [el("div", { class: "alert-title" }, x.title)]);
  if (x.detail) body.append(el("div", { class: "alert-detail" }, x.detail));
  if (x.tech) body.append(el("div", { class: "alert-detail mono" }, x.tech));
  box.append(body);
  box.hidden = false;
  return x;
}

function hideError(box) {
  box.hidden = true;
  box.replaceChildren();
}

function fatal(title, detail) {
  const box = $("fatal");
  box.replaceChildren(el("div", {}, [el("div", { class: "alert-title" }, title), el("div", { class: "alert-detail" }, detail)]));
  box.hidden = false;
}

function toast(text) {
  const t = el("div", { class: "toast", role: "status", onclick: () => t.remove() }, text);
  $("toasts").append(t);
  setTimeout(() => t.remove(), 4000);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of [].concat(children)) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function svg(markup) {
  const t = document.createElement("template");
  t.innerHTML = markup.trim();
  return t.content.firstChild;
}

const ICON = {
  wave: '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><path d="M4 10v4M8 6v12M12 9v6M16 4v16M20 10v4"/></svg>',
  video: '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"><rect x="3" y="6" width="13" height="12" rx="2"/><path d="m16 10 5-3v10l-5-3z"/></svg>',
  person: '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><circle cx="12" cy="8" r="4"/><path d="M4 21c1-4.5 4-7 8-7s7 2.5 8 7"/></svg>',
};

function hue(id) {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return h % 360;
}

function initial(title) {
  const t = String(title || "?").split(/[-–—·]/).pop().trim() || String(title || "?");
  return [...t][0].toUpperCase();
}

function avatarFace(item) {
  const h = hue(item.avatar);
  return el("span", { class: "avatar-face", style: `background: linear-gradient(135deg, hsl(${h} 70% 62%), hsl(${(h + 40) % 360} 70% 48%))` }, initial(item.title));
}

function voiceFace(item) {
  const h = hue(item.voice);
  const face = el("span", { class: "voice-face", style: `background: hsl(${h} 85% 95%); color: hsl(${h} 60% 42%)` });
  face.append(svg(ICON.wave));
  return face;
}

const VOICE_TYPE = { 8: "cloned", 10: "public", 20: "hi-fi" };

function fmtBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

function setBusy(button, busy, label) {
  if (busy) {
    button.dataset.label = button.textContent;
    button.disabled = true;
    button.replaceChildren(el("span", { class: "spinner" }), label);
  } else {
    button.disabled = false;
    button.textContent = label ?? button.dataset.label ?? button.textContent;
  }
}

// ---------------------------------------------------------------------------------------------
// Mode and credits

async function loadMode() {
  try {
    const cfg = await (await fetch("/demo/config")).json();
    const badge = $("mode");
    badge.classList.add(cfg.mode);
    if (cfg.mode === "simulator") {
      badge.textContent = "Simulator";
      badge.title = "API calls go to the built-in HiFly simulator: nothing is charged";
      $("footer-mode").textContent =
        "Running against the built-in simulator: tasks finish in a few seconds and every video is the same short test clip. Set HIFLY_TOKEN to use the real API.";
    } else {
      badge.textContent = `Live API · ${cfg.api}`;
      badge.title = "API calls go to the real HiFly API and spend real credits";
      $("footer-mode").textContent = `Running against the real HiFly API (${cfg.api}). Creating videos spends real credits.`;
    }
  } catch {
    $("mode").textContent = "offline";
  }
}

let creditSeq = 0;
async function refreshCredits() {
  const seq = ++creditSeq;
  const btn = $("credits-refresh");
  btn.classList.add("spin");
  try {
    const { left } = await client.getCredit();
    if (seq !== creditSeq) return;
    $("credits").textContent = left.toLocaleString("en-US");
    $("credits").title = "";
    $("credits").closest(".credits").classList.toggle("low", left < 50);
  } catch (e) {
    if (seq !== creditSeq) return;
    const x = explain(e);
    $("credits").textContent = "—";
    $("credits").title = x.title;
    toast(`Credits: ${x.title}`);
  } finally {
    if (seq === creditSeq) btn.classList.remove("spin");
  }
}
$("credits-refresh").addEventListener("click", refreshCredits);

// ---------------------------------------------------------------------------------------------
// 1. The library: public and own avatars and voices, with search and pages

const PAGE_SIZE = 12;
const lib = { tab: "avatars", kind: 2, page: 1, query: "", lastPage: Infinity, seq: 0, cache: new Map() };
const picked = { avatar: null, voice: null };

const idOf = (item) => item.avatar ?? item.voice;

/** Every item of a list, through the SDK's async iterators (cached until something changes). */
async function everything(tab, kind) {
  const key = `${tab}:${kind}`;
  if (!lib.cache.has(key)) {
    const run = (async () => {
      const out = [];
      const it = tab === "avatars" ? client.avatars({ kind }) : client.voices({ kind });
      for await (const item of it) {
        out.push(item);
        if (out.length >= 2000) break;
      }
      return out;
    })();
    lib.cache.set(key, run);
    run.catch(() => lib.cache.delete(key));
  }
  return lib.cache.get(key);
}

function forget(tab, kind) {
  lib.cache.delete(`${tab}:${kind}`);
}

async function loadLibrary() {
  const seq = ++lib.seq;
  const { tab, kind } = lib;
  const grid = $("grid");
  hideError($("library-error"));
  grid.setAttribute("aria-busy", "true");
  grid.replaceChildren(...Array.from({ length: 6 }, () => el("li", { class: "skeleton" })));
  $("prev").disabled = true;
  $("next").disabled = true;
  try {
    let items;
    let hasNext;
    let info;
    if (lib.query) {
      const all = await everything(tab, kind);
      const q = lib.query.toLowerCase();
      const hits = all.filter((i) => String(i.title).toLowerCase().includes(q) || idOf(i).toLowerCase().includes(q));
      const pages = Math.max(1, Math.ceil(hits.length / PAGE_SIZE));
      lib.page = Math.min(lib.page, pages);
      items = hits.slice((lib.page - 1) * PAGE_SIZE, lib.page * PAGE_SIZE);
      hasNext = lib.page < pages;
      info = `${hits.length} ${hits.length === 1 ? "match" : "matches"} · page ${lib.page} of ${pages}`;
    } else {
      const params = { page: lib.page, size: PAGE_SIZE, kind };
      const res = tab === "avatars" ? await client.listAvatars(params) : await client.listVoices(params);
      if (seq !== lib.seq) return;
      items = res.data;
      if (items.length === 0 && lib.page > 1) {
        // The previous page was full and happened to be the last one.
        lib.lastPage = lib.page - 1;
        lib.page -= 1;
        toast("That was the last page.");
        return loadLibrary();
      }
      hasNext = items.length === PAGE_SIZE && lib.page < lib.lastPage;
      info = `Page ${lib.page}`;
    }
    if (seq !== lib.seq) return;
    renderGrid(items);
    $("page-info").textContent = info;
    $("prev").disabled = lib.page <= 1;
    $("next").disabled = !hasNext;
  } catch (e) {
    if (seq !== lib.seq) return;
    grid.replaceChildren();
    showError($("library-error"), e);
  } finally {
    if (seq === lib.seq) grid.removeAttribute("aria-busy");
  }
}

function renderGrid(items) {
  const grid = $("grid");
  if (!items.length) {
    const what = lib.tab === "avatars" ? "avatars" : "voices";
    const whose = lib.kind === 1 ? `your ${what}` : `the public ${what}`;
    let text = lib.query ? `Nothing in ${whose} matches “${lib.query}”.` : lib.kind === 1 ? `You have no cloned ${what} yet.` : `There are no public ${what}.`;
    if (!lib.query && lib.kind === 1) text += lib.tab === "avatars" ? " Clone one from a video or an image in step 2." : " Clone one from an audio clip in step 2.";
    grid.replaceChildren(el("li", { class: "empty" }, text));
    return;
  }
  grid.replaceChildren(
    ...items.map((item) => {
      const isAvatar = lib.tab === "avatars";
      const id = idOf(item);
      const chosen = isAvatar ? picked.avatar?.avatar === id : picked.voice?.voice === id;
      const sub = isAvatar ? id : `${id}`;
      const title = el("span", { class: "item-title", title: item.title }, item.title || "未命名");
      if (!isAvatar && VOICE_TYPE[item.type]) title.append(el("span", { class: "tag" }, VOICE_TYPE[item.type]));
      const button = el(
        "button",
        {
          type: "button",
          class: "item",
          "aria-pressed": chosen ? "true" : "false",
          "data-id": id,
          title: isAvatar ? `Use ${item.title} in step 3` : `Use the voice ${item.title} in step 3`,
          onclick: () => (isAvatar ? pickAvatar(item) : pickVoice(item)),
        },
        [isAvatar ? avatarFace(item) : voiceFace(item), el("span", { class: "item-text" }, [title, el("span", { class: "item-sub" }, sub)])],
      );
      return el("li", {}, button);
    }),
  );
}

function markPicked() {
  const current = lib.tab === "avatars" ? picked.avatar?.avatar : picked.voice?.voice;
  for (const b of $("grid").querySelectorAll(".item")) b.setAttribute("aria-pressed", b.dataset.id === current ? "true" : "false");
}

function pickAvatar(item) {
  picked.avatar = { avatar: item.avatar, title: item.title || "未命名" };
  const v = $("picked-avatar").querySelector(".chip-value");
  v.replaceChildren(avatarFace(item), el("span", { title: item.avatar }, picked.avatar.title));
  markPicked();
}

function pickVoice(item) {
  picked.voice = { voice: item.voice, title: item.title || "未命名" };
  const v = $("picked-voice").querySelector(".chip-value");
  v.replaceChildren(voiceFace(item), el("span", { title: item.voice }, picked.voice.title));
  markPicked();
}

function setTab(tab) {
  lib.tab = tab;
  for (const b of document.querySelectorAll("[data-tab]")) b.setAttribute("aria-selected", String(b.dataset.tab === tab));
  lib.page = 1;
  lib.lastPage = Infinity;
  loadLibrary();
}

function setKind(kind) {
  lib.kind = kind;
  for (const b of document.querySelectorAll("[data-kind]")) b.setAttribute("aria-checked", String(Number(b.dataset.kind) === kind));
  lib.page = 1;
  lib.lastPage = Infinity;
  loadLibrary();
}

for (const b of document.querySelectorAll("[data-tab]")) b.addEventListener("click", () => setTab(b.dataset.tab));
for (const b of document.querySelectorAll("[data-kind]")) b.addEventListener("click", () => setKind(Number(b.dataset.kind)));
$("prev").addEventListener("click", () => {
  lib.page = Math.max(1, lib.page - 1);
  loadLibrary();
});
$("next").addEventListener("click", () => {
  lib.page += 1;
  loadLibrary();
});
let searchTimer;
$("search").addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    lib.query = $("search").value.trim();
    lib.page = 1;
    loadLibrary();
  }, 200);
});

async function pickDefaults() {
  try {
    const [avatars, voices] = await Promise.all([client.listAvatars({ kind: 2, page: 1, size: 1 }), client.listVoices({ kind: 2, page: 1, size: 1 })]);
    if (!picked.avatar && avatars.data[0]) pickAvatar(avatars.data[0]);
    if (!picked.voice && voices.data[0]) pickVoice(voices.data[0]);
  } catch {
    // The library shows the error.
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Upload a file with a real progress bar, then clone an avatar or a voice from it

const KIND_OF_EXT = { mp4: "video", mov: "video", jpg: "image", jpeg: "image", png: "image", mp3: "audio", m4a: "audio", wav: "audio" };
const PURPOSE = { video: "avatar_video", image: "avatar_image", audio: "voice_audio" };
const KIND_LABEL = { video: "Video → avatar", image: "Image → avatar", audio: "Audio → voice" };
const upload = { file: null, ext: "", kind: "", fileId: "", controller: null };

function setProgress(loaded, total) {
  const pct = total > 0 ? Math.min(100, Math.floor((100 * loaded) / total)) : 0;
  $("progress-bar").style.width = `${pct}%`;
  $("progress").setAttribute("aria-valuenow", String(pct));
  $("progress-pct").textContent = `${pct}%`;
  $("progress-text").textContent = `${fmtBytes(loaded)} of ${fmtBytes(total)}`;
}

async function startUpload(file) {
  if (upload.controller) upload.controller.abort();
  hideError($("upload-error"));
  hideError($("clone-error"));
  $("clone-form").hidden = true;
  $("clone-cost").hidden = true;
  const ext = (file.name.includes(".") ? file.name.split(".").pop() : "").toLowerCase();
  const kind = KIND_OF_EXT[ext];
  if (!kind) {
    $("upload").hidden = true;
    showError($("upload-error"), {
      title: ext ? `.${ext} files are not supported` : "This file has no extension",
      detail: "Use mp4 or mov for an avatar, jpg or png for an image avatar, mp3, m4a or wav for a voice.",
    });
    return;
  }
  Object.assign(upload, { file, ext, kind, fileId: "", controller: new AbortController() });
  const icon = $("file-icon");
  icon.className = `file-icon ${kind}`;
  icon.textContent = ext;
  $("file-name").textContent = file.name;
  $("file-sub").textContent = `${fmtBytes(file.size)} · ${KIND_LABEL[kind]}`;
  $("progress").classList.remove("done", "failed");
  $("upload").hidden = false;
  $("upload-cancel").hidden = false;
  setProgress(0, file.size);
  $("progress-text").textContent = "Asking for an upload URL…";
  const mine = upload.controller;
  try {
    const { file_id } = await client.uploadFile(file, {
      file_extension: ext,
      purpose: PURPOSE[kind],
      signal: mine.signal,
      onProgress: ({ loaded, total }) => {
        if (upload.controller === mine) setProgress(loaded, total);
      },
    });
    if (upload.controller !== mine) return;
    upload.fileId = file_id;
    setProgress(file.size, file.size);
    $("progress").classList.add("done");
    $("progress-text").textContent = `Uploaded · ${file_id}`;
    $("upload-cancel").hidden = true;
    showCloneForm();
  } catch (e) {
    if (upload.controller !== mine) return;
    $("progress").classList.add("failed");
    $("progress-text").textContent = e.kind === "aborted" ? "Cancelled" : "Upload failed";
    $("upload-cancel").hidden = true;
    if (e.kind !== "aborted") showError($("upload-error"), e);
  } finally {
    if (upload.controller === mine) upload.controller = null;
  }
}

function showCloneForm() {
  const { kind, file } = upload;
  const base = file.name.replace(/\.[^.]*$/, "").trim();
  // Voice titles are at most 20 字 (a wide character counts 1, any other ½), which the SDK checks
  // and explains; 20 characters of any kind always fit. Avatar titles have no documented limit.
  const voice = kind === "audio";
  $("clone-name").value = voice ? [...base].slice(0, 20).join("") : base;
  $("clone-name").required = voice;
  $("clone-name").placeholder = voice ? "Required, ≤ 20 字" : "未命名";
  $("clone-title-label").textContent = kind === "audio" ? "Voice name" : "Avatar name";
  $("model-field").hidden = kind !== "image";
  $("clone-btn").textContent = kind === "audio" ? "Clone voice" : "Clone avatar";
  $("clone-cost").hidden = false;
  $("clone-cost").textContent = kind === "image" ? "An image avatar costs credits." : kind === "audio" ? "Cloning a voice is free." : "Cloning an avatar from a video is free.";
  $("clone-form").hidden = false;
}

$("file").addEventListener("change", () => {
  const file = $("file").files[0];
  if (file) startUpload(file);
  $("file").value = "";
});
$("upload-cancel").addEventListener("click", () => upload.controller && upload.controller.abort());
const drop = $("drop");
drop.addEventListener("dragover", (e) => {
  e.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  const file = e.dataTransfer.files[0];
  if (file) startUpload(file);
});

$("clone-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  hideError($("clone-error"));
  $("clone-name").removeAttribute("aria-invalid");
  const { kind, fileId } = upload;
  if (!fileId) return;
  const name = $("clone-name").value.trim();
  const button = $("clone-btn");
  setBusy(button, true, "Submitting…");
  try {
    let created;
    let task;
    if (kind === "audio") {
      created = await client.createVoice({ title: name, voice_type: 8, file_id: fileId });
      task = addTask({ kind: "voice", title: name, taskId: created.task_id });
    } else if (kind === "image") {
      created = await client.createAvatarByImage({ ...(name ? { title: name } : {}), file_id: fileId, model: Number($("clone-model").value) });
      task = addTask({ kind: "avatar", title: name || "未命名", taskId: created.task_id });
      refreshCredits();
    } else {
      created = await client.createAvatarByVideo({ ...(name ? { title: name } : {}), file_id: fileId });
      task = addTask({ kind: "avatar", title: name || "未命名", taskId: created.task_id });
    }
    setBusy(button, false);
    track(task);
  } catch (err) {
    setBusy(button, false);
    const x = showError($("clone-error"), err);
    if (x.field === "title") $("clone-name").setAttribute("aria-invalid", "true");
  }
});

// ---------------------------------------------------------------------------------------------
// 3. Text to video, with subtitles drawn on a preview of the frame

const ST_NUM = ["st_font_size", "st_width", "st_height", "st_pos_x", "st_pos_y"];
const ST_ALL = ["st_font_name", ...ST_NUM, "st_primary_color", "st_outline_color"];

function frameSize() {
  const [w, h] = $("frame").value.split("x").map(Number);
  return { W: w, H: h };
}

function num(id) {
  const v = Number($(id).value);
  return Number.isFinite(v) ? v : 0;
}

function sampleLine() {
  const text = $("text").value.trim();
  const first = text.split(/[，。！？；,.!?;\n]/).map((s) => s.trim()).find(Boolean) ?? "";
  return [...(first || "字幕预览 Subtitles")].slice(0, 18).join("");
}

function updatePreview() {
  const { W, H } = frameSize();
  const frame = $("frame-box");
  frame.style.aspectRatio = `${W} / ${H}`;
  frame.classList.toggle("landscape", W > H);
  const scale = frame.clientWidth / W || 180 / W;
  const show = $("st_show").checked;
  const box = $("st-box");
  const [x, y, w, h, size] = ["st_pos_x", "st_pos_y", "st_width", "st_height", "st_font_size"].map(num);
  box.classList.toggle("hidden-st", !show);
  box.style.left = `${x * scale}px`;
  box.style.top = `${y * scale}px`;
  box.style.width = `${Math.max(1, w) * scale}px`;
  box.style.height = `${Math.max(1, h) * scale}px`;
  const px = Math.max(1, size) * scale;
  const o = Math.max(0.6, px * 0.07).toFixed(2);
  const oc = $("st_outline_color").value;
  box.style.fontSize = `${px}px`;
  box.style.color = $("st_primary_color").value;
  $("st_primary_hex").textContent = $("st_primary_color").value;
  $("st_outline_hex").textContent = oc;
  box.style.textShadow = [`${o}px 0`, `-${o}px 0`, `0 ${o}px`, `0 -${o}px`, `${o}px ${o}px`, `-${o}px ${o}px`, `${o}px -${o}px`, `-${o}px -${o}px`].map((p) => `${p} 0 ${oc}`).join(", ");
  const font = $("st_font_name").value.trim();
  box.style.fontFamily = font ? `"${font.replace(/"/g, "")}", var(--font)` : "var(--font)";
  $("st-text").textContent = sampleLine();
  $("create").querySelector(".subtitles").classList.toggle("off", !show);
  for (const id of ST_ALL) $(id).disabled = !show;
  const outside = x + w > W || y + h > H;
  const cap = $("frame-caption");
  cap.textContent = !show
    ? `Subtitles off · ${W} × ${H} frame`
    : outside
      ? `The box reaches outside the ${W} × ${H} frame`
      : `${w} × ${h} box at (${x}, ${y}) · drag it to move`;
  cap.style.color = show && outside ? "var(--warn)" : "";
}

for (const id of [...ST_ALL, "st_show", "frame", "text"]) $(id).addEventListener("input", updatePreview);
$("frame").addEventListener("change", updatePreview);
new ResizeObserver(updatePreview).observe($("frame-box"));

// Drag the subtitle box to position it.
{
  const box = $("st-box");
  let start = null;
  box.addEventListener("pointerdown", (e) => {
    if (!$("st_show").checked) return;
    box.setPointerCapture(e.pointerId);
    box.classList.add("dragging");
    start = { px: e.clientX, py: e.clientY, x: num("st_pos_x"), y: num("st_pos_y") };
  });
  box.addEventListener("pointermove", (e) => {
    if (!start) return;
    const { W, H } = frameSize();
    const scale = $("frame-box").clientWidth / W;
    const maxX = Math.max(0, W - num("st_width"));
    const maxY = Math.max(0, H - num("st_height"));
    $("st_pos_x").value = String(Math.round(Math.min(maxX, Math.max(0, start.x + (e.clientX - start.px) / scale))));
    $("st_pos_y").value = String(Math.round(Math.min(maxY, Math.max(0, start.y + (e.clientY - start.py) / scale))));
    updatePreview();
  });
  const end = () => {
    start = null;
    box.classList.remove("dragging");
  };
  box.addEventListener("pointerup", end);
  box.addEventListener("pointercancel", end);
}

function updateCount() {
  const n = [...$("text").value].length;
  $("text-count").textContent = `${n.toLocaleString("en-US")} / 10,000`;
  $("text-count").style.color = n > 10000 ? "var(--err)" : "";
}
$("text").addEventListener("input", updateCount);

const FIELD_INPUT = { text: "text", title: "title", ...Object.fromEntries(ST_ALL.map((k) => [k, k])) };

$("video-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  hideError($("create-error"));
  for (const input of $("video-form").querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  if (!picked.avatar || !picked.voice) {
    showError($("create-error"), { title: "Pick an avatar and a voice first", detail: "Click one of each in step 1." });
    return;
  }
  const title = $("title").value.trim();
  const params = { avatar: picked.avatar.avatar, voice: picked.voice.voice, text: $("text").value, ...(title ? { title } : {}) };
  if ($("st_show").checked) {
    Object.assign(params, {
      st_show: 1,
      st_font_name: $("st_font_name").value.trim() || undefined,
      st_primary_color: $("st_primary_color").value,
      st_outline_color: $("st_outline_color").value,
    });
    for (const k of ST_NUM) params[k] = num(k);
    if (params.st_font_name === undefined) delete params.st_font_name;
  } else {
    params.st_show = 0;
  }
  const button = $("create-btn");
  setBusy(button, true, "Submitting…");
  try {
    const { task_id } = await client.createVideoByTts(params);
    setBusy(button, false);
    refreshCredits();
    const task = addTask({ kind: "video", title: title || `${picked.avatar.title} · ${picked.voice.title}`, taskId: task_id });
    track(task);
  } catch (err) {
    setBusy(button, false);
    const x = showError($("create-error"), err);
    if (err instanceof HiflyError && err.kind === "api") refreshCredits(); // e.g. 1002: show the real balance
    const input = x.field && FIELD_INPUT[x.field] && $(FIELD_INPUT[x.field]);
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
  }
});

// ---------------------------------------------------------------------------------------------
// 4. Tasks, polled live, and the finished video

const STATUS_TEXT = { 0: "Submitted", 1: "Waiting", 2: "Processing", 3: "Done", 4: "Failed" };
const KIND_TEXT = { video: "Video", avatar: "Avatar clone", voice: "Voice clone" };
const KIND_ICON = { video: ICON.video, avatar: ICON.person, voice: ICON.wave };
const tasks = [];
let current = null;

function addTask({ kind, title, taskId }) {
  const task = { kind, title, taskId, status: 0, polls: 0, started: Date.now(), ended: 0, result: null, error: null, node: null };
  tasks.unshift(task);
  task.node = el("li", { class: "task working", "data-task": taskId, "data-kind": kind });
  $("tasks").prepend(task.node);
  $("tasks-empty").hidden = true;
  renderTask(task);
  return task;
}

function elapsed(task) {
  const s = Math.round(((task.ended || Date.now()) - task.started) / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function renderTask(task) {
  const n = task.node;
  n.className = `task ${task.status === 3 ? "done" : task.status === 4 ? "failed" : "working"}${task.kind === "video" && task.status === 3 ? " clickable" : ""}${current === task ? " current" : ""}`;
  n.dataset.status = String(task.status);
  const kindIcon = el("span", { class: `task-kind ${task.kind}` });
  kindIcon.append(svg(KIND_ICON[task.kind]));
  const reached = task.status === 4 ? 4 : task.status; // bars lit: submitted + each status seen
  const steps = el("div", { class: "steps", "aria-hidden": "true" }, [0, 1, 2, 3].map((i) => el("i", { class: i <= Math.min(reached, 3) ? "on" : "" })));
  let sub;
  if (task.status === 4) sub = [el("span", { class: "err" }, task.error ? explain(task.error).title : "Failed"), ` · ${elapsed(task)}`];
  else if (task.status === 3 && task.kind === "video") sub = `${task.result.duration ?? "?"} s of video · ready in ${elapsed(task)}`;
  else if (task.status === 3 && task.kind === "avatar") sub = `${task.result.avatar} · ready in ${elapsed(task)} · selected for step 3`;
  else if (task.status === 3 && task.kind === "voice") sub = `${task.result.voice} · ready in ${elapsed(task)} · selected for step 3`;
  else sub = `task ${task.taskId} · ${elapsed(task)} · ${task.polls} ${task.polls === 1 ? "poll" : "polls"}`;
  const main = el("div", { class: "task-main" }, [
    el("div", { class: "task-title" }, [`${KIND_TEXT[task.kind]} · `, task.title]),
    el("div", { class: "task-sub" }, sub),
    steps,
  ]);
  if (task.kind === "voice" && task.status === 3 && task.result.demo_url) main.append(el("audio", { controls: true, preload: "metadata", src: task.result.demo_url, title: "The cloned voice’s demo" }));
  n.replaceChildren(kindIcon, main, el("span", { class: `status s${task.status}`, "data-testid": "task-status" }, STATUS_TEXT[task.status]));
}

setInterval(() => {
  for (const t of tasks) if (t.status < 3) renderTask(t);
}, 1000);

async function track(task) {
  const wait = { video: "waitForVideoTask", avatar: "waitForAvatarTask", voice: "waitForVoiceTask" }[task.kind];
  try {
    const result = await client[wait](task.taskId, {
      intervalMs: 1000,
      timeoutMs: 60 * 60_000,
      onStatus: (r) => {
        task.polls += 1;
        task.status = r.status;
        task.result = r;
        renderTask(task);
      },
    });
    task.status = 3;
    task.ended = Date.now();
    task.result = result;
    renderTask(task);
    finished(task);
  } catch (e) {
    task.status = 4;
    task.ended = Date.now();
    task.error = e;
    renderTask(task);
    task.node.title = [explain(e).detail, serverTextOf(e)].filter(Boolean).join(" — ");
    if (task.kind === "video") refreshCredits(); // a failed work gives its credits back
    toast(`${KIND_TEXT[task.kind]} failed: ${explain(e).title}`);
  }
}

function serverTextOf(e) {
  return e instanceof HiflyError ? serverText(e) : "";
}

function finished(task) {
  if (task.kind === "video") {
    showResult(task);
    refreshCredits();
    toast("Your video is ready.");
  } else if (task.kind === "avatar") {
    forget("avatars", 1);
    pickAvatar({ avatar: task.result.avatar, title: task.title });
    toast(`Avatar “${task.title}” is ready and selected.`);
    if (lib.tab === "avatars" && lib.kind === 1) loadLibrary();
  } else {
    forget("voices", 1);
    pickVoice({ voice: task.result.voice, title: task.title, type: 8 });
    toast(`Voice “${task.title}” is ready and selected.`);
    if (lib.tab === "voices" && lib.kind === 1) loadLibrary();
  }
}

function expiresIn(url) {
  try {
    const q = new URL(url).searchParams;
    const at = Number(q.get("expires") ?? q.get("Expires"));
    if (!at) return "";
    const min = Math.round((at * 1000 - Date.now()) / 60_000);
    if (min <= 0) return "its link has expired";
    return min < 90 ? `its link expires in ${min} min` : `its link expires in ${Math.round(min / 60)} h`;
  } catch {
    return "";
  }
}

function showResult(task) {
  current = task;
  for (const t of tasks) if (t.node) renderTask(t);
  const video = $("video");
  const kept = task.kept;
  video.src = kept ? kept.url : task.result.video_url;
  video.dataset.task = task.taskId;
  video.play().catch(() => {});
  $("player").hidden = false;
  $("player-title").textContent = task.title;
  hideError($("rehost-error"));
  updatePlayerInfo(task);
}

function updatePlayerInfo(task) {
  const kept = task.kept;
  const sub = $("player-sub");
  const rehost = $("rehost");
  const download = $("download");
  if (kept) {
    sub.replaceChildren(el("span", { class: "kept" }, "✓ Kept on this server"), ` · playing ${kept.url} · ${fmtBytes(kept.bytes)}`);
    setBusy(rehost, false, "✓ Kept");
    rehost.disabled = true;
    rehost.classList.add("btn-done");
    download.href = kept.url;
    download.download = `hifly-${task.taskId}.${kept.url.split(".").pop()}`;
    download.hidden = false;
  } else {
    const exp = expiresIn(task.result.video_url);
    sub.textContent = [`${task.result.duration ?? "?"} s`, "playing HiFly's temporary link", exp].filter(Boolean).join(" · ");
    setBusy(rehost, false, "Keep a copy");
    rehost.classList.remove("btn-done");
    download.hidden = true;
    download.removeAttribute("href");
  }
}

$("rehost").addEventListener("click", async () => {
  const task = current;
  if (!task || task.kept) return;
  const button = $("rehost");
  hideError($("rehost-error"));
  setBusy(button, true, "Copying…");
  try {
    const res = await fetch("/demo/rehost", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ task_id: task.taskId }) });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw { title: `The copy failed (HTTP ${res.status})`, detail: body.message ?? "" };
    task.kept = body;
    if (current === task) {
      const video = $("video");
      const at = video.currentTime;
      video.src = body.url;
      video.currentTime = at;
      video.play().catch(() => {});
      updatePlayerInfo(task);
    }
  } catch (e) {
    setBusy(button, false, "Keep a copy");
    showError($("rehost-error"), e.title ? e : { title: "The copy failed", detail: String(e && e.message ? e.message : e) });
  }
});

$("tasks").addEventListener("click", (e) => {
  const row = e.target.closest(".task.clickable");
  if (!row || e.target.closest("audio")) return;
  const task = tasks.find((t) => t.taskId === row.dataset.task);
  if (task && task !== current) showResult(task);
});

// ---------------------------------------------------------------------------------------------
// Start

updateCount();
updatePreview();
loadMode();
refreshCredits();
await Promise.all([loadLibrary(), pickDefaults()]);
document.documentElement.dataset.ready = "true";
