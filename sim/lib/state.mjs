// The simulated account: a clock, credits, tasks, cloned and public assets, uploads.
// Task status is derived from the clock; side effects of a task ending (an avatar or voice
// appearing in the lists, a refund, a callback) happen once, in finalize(), driven by one
// wake-up timer (for the next task due) and by sweep() at the start of every API request.
// The clock can be advanced and frozen through the control API.

import { randomBytes, randomInt } from "node:crypto";

export const WAITING = 1;
export const PROCESSING = 2;
export const DONE = 3;
export const FAILED = 4;

/** The kinds of task and the query endpoint each belongs to. */
export const TASK_KINDS = {
  avatar: { query: "avatar" },
  voice: { query: "voice" },
  video: { query: "video", work: true },
  audio: { query: "video", work: true },
};

function publicAvatars() {
  const names = ["晓雅", "子轩", "梦琪", "浩然", "诗涵", "俊杰", "欣怡", "宇航", "雨萱", "博文", "佳怡", "子涵", "思远", "若曦", "明哲", "雅琴", "天佑", "静怡", "志强", "婉清", "嘉豪", "书瑶", "文博", "晨曦", "一诺"];
  return names.map((n, i) => ({ avatar: `av_public_${String(i + 1).padStart(2, "0")}`, kind: 2, title: `公共数字人-${n}` }));
}

function publicVoices() {
  const names = ["温柔女声", "沉稳男声", "活力少女", "磁性男声", "知性女声", "新闻播音", "童声", "东北大叔", "粤语女声", "英文男声", "甜美客服", "纪录片旁白"];
  return names.map((n, i) => ({ voice: `voice_public_${String(i + 1).padStart(2, "0")}`, type: 10, title: n, rate: "1.0", volume: "1.0", pitch: "1.0" }));
}

export class Store {
  /** @param cfg live config; @param onFinal called once when a task reaches 3 or 4 */
  constructor(cfg, onFinal) {
    this.cfg = cfg;
    this.onFinal = onFinal;
    this.timer = null;
    this.reset();
  }

  reset() {
    this.close();
    this.clockOffsetMs = 0;
    this.frozenAt = null;
    this.credits = this.cfg.credits;
    this.tasks = new Map();
    this.avatars = new Map(); // own (kind 1), in the order they finished
    this.voices = new Map(); // own (type 8)
    this.publicAvatars = publicAvatars();
    this.publicVoices = publicVoices();
    this.uploads = new Map(); // file_id -> upload record (see uploads.mjs)
  }

  now() {
    return this.frozenAt ?? Date.now() + this.clockOffsetMs;
  }

  /** Moves simulated time forward; tasks that become due end now. */
  advanceClock(ms) {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.clockOffsetMs += ms;
    this.sweep();
  }

  /** A frozen clock only moves through advanceClock(), so tests can hit exact boundaries. */
  freezeClock(frozen) {
    if (frozen && this.frozenAt === null) this.frozenAt = this.now();
    if (!frozen && this.frozenAt !== null) {
      this.clockOffsetMs = this.frozenAt - Date.now();
      this.frozenAt = null;
    }
    this.sweep();
  }

  /**
   * 16 digits, like the vendor's, always below 9·10^15 < 2^53, so that the loose dialect can
   * send a task id as a JSON number that every JSON parser (JavaScript's too) reads exactly.
   */
  newTaskId() {
    let id;
    do id = String(randomInt(1e8, 9e8)) + String(randomInt(0, 1e7)).padStart(7, "0");
    while (this.tasks.has(id));
    return id;
  }

  /** Creates a task that ends after the configured task time (captured now). */
  addTask(kind, fields) {
    const task = {
      id: this.newTaskId(),
      kind,
      createdAt: this.now(),
      durationMs: this.cfg.taskMs,
      title: fields.title,
      fail: fields.fail ?? null, // {code, message} when the failure marker was used
      cost: fields.cost ?? 0,
      resultId: fields.resultId ?? null, // avatar / voice id this task produces
      finalized: false,
      input: fields.input ?? {},
    };
    this.tasks.set(task.id, task);
    this.credits -= task.cost;
    this.sweep();
    return task;
  }

  /** Sets the wake-up timer for the next unfinished task (none while the clock is frozen). */
  rearm() {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.frozenAt !== null) return;
    let next = Infinity;
    for (const t of this.tasks.values()) if (!t.finalized) next = Math.min(next, t.createdAt + t.durationMs);
    if (next === Infinity) return;
    this.timer = setTimeout(() => this.sweep(), Math.max(0, next - this.now()));
    this.timer.unref?.();
  }

  status(task) {
    const elapsed = this.now() - task.createdAt;
    if (elapsed >= task.durationMs) return task.fail ? FAILED : DONE;
    return elapsed >= task.durationMs / 3 ? PROCESSING : WAITING;
  }

  /** Finalizes every task whose time is up, then re-arms the wake-up timer. Idempotent. */
  sweep() {
    for (const task of this.tasks.values()) {
      if (!task.finalized && this.status(task) >= DONE) this.finalize(task);
    }
    this.rearm();
  }

  finalize(task) {
    task.finalized = true;
    if (task.fail) {
      this.credits += task.cost; // a failed work gives its credits back
    } else if (task.kind === "avatar") {
      this.avatars.delete(task.resultId); // the same source again: the same avatar, moved to the end
      this.avatars.set(task.resultId, { avatar: task.resultId, kind: 1, title: task.title });
    } else if (task.kind === "voice") {
      this.voices.set(task.resultId, { voice: task.resultId, type: 8, title: task.title, rate: "1.0", volume: "1.0", pitch: "1.0" });
    }
    this.onFinal(task);
  }

  /** Works (video and audio creations) still waiting or processing. */
  worksInProgress() {
    let n = 0;
    for (const t of this.tasks.values()) if (TASK_KINDS[t.kind].work && this.status(t) < DONE) n++;
    return n;
  }

  findTask(id, query) {
    const t = this.tasks.get(id);
    return t && TASK_KINDS[t.kind].query === query ? t : undefined;
  }

  findAvatar(id) {
    return this.avatars.get(id) ?? this.publicAvatars.find((a) => a.avatar === id);
  }

  findVoice(id) {
    return this.voices.get(id) ?? this.publicVoices.find((v) => v.voice === id);
  }

  avatarList(kind) {
    return kind === 1 ? [...this.avatars.values()] : this.publicAvatars;
  }

  voiceList(kind) {
    return kind === 1 ? [...this.voices.values()] : this.publicVoices;
  }

  close() {
    clearTimeout(this.timer);
    this.timer = null;
  }
}

export function randomHex(bytes) {
  return randomBytes(bytes).toString("hex");
}
