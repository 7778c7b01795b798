// Programmatic entry: startSimulator(options) -> {url, port, host, app, reset(), close()}.

import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Callbacks } from "./callbacks.mjs";
import { optionsFromEnv, resolveConfig } from "./config.mjs";
import { Faults } from "./faults.mjs";
import { RequestLog } from "./log.mjs";
import { Media } from "./media.mjs";
import { createHandler } from "./routes.mjs";
import { Store } from "./state.mjs";
import { Uploads } from "./uploads.mjs";

export { optionsFromEnv, resolveConfig };

/**
 * Starts a simulator. Options are camelCase (see config.mjs / README): port (0 = ephemeral),
 * token, taskMs, credits, price, maxInProgress, callbackUrl, callbackRetryMs, ...
 */
export async function startSimulator(options = {}) {
  const cfg = resolveConfig(options);
  const initial = { ...cfg };
  const ownsDir = !cfg.uploadDir;
  const uploadDir = cfg.uploadDir ?? (await mkdtemp(join(tmpdir(), "hifly-sim-")));
  if (!ownsDir) await mkdir(uploadDir, { recursive: true });

  const app = { cfg, secret: randomBytes(32), baseUrl: null, uploadDir };
  app.log = new RequestLog();
  app.faults = new Faults();
  app.callbacks = new Callbacks(app);
  app.media = new Media(app);
  app.uploads = new Uploads(app);
  app.store = new Store(cfg, (task) => app.callbacks.taskEnded(task));
  app.reset = async () => {
    await app.uploads.removeAll();
    Object.assign(cfg, initial);
    app.store.reset();
    app.faults.clear();
    app.log.clear();
    app.callbacks.reset();
  };

  const handle = createHandler(app);
  const server = createServer({ requestTimeout: 0, keepAliveTimeout: 30_000 }, (req, res) => handle(req, res));
  server.on("checkContinue", (req, res) => handle(req, res, true));
  try {
    await new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(cfg.port, cfg.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (e) {
    if (ownsDir) await rm(uploadDir, { recursive: true, force: true });
    throw e;
  }
  const port = server.address().port;
  const host = cfg.host === "0.0.0.0" || cfg.host === "::" ? "127.0.0.1" : cfg.host.includes(":") ? `[${cfg.host}]` : cfg.host;
  app.baseUrl = cfg.publicUrl ? cfg.publicUrl.replace(/\/+$/, "") : `http://${host}:${port}`;

  let closed = false;
  return {
    url: app.baseUrl,
    port,
    host: cfg.host,
    token: cfg.token,
    app,
    reset: () => app.reset(),
    async close() {
      if (closed) return;
      closed = true;
      app.callbacks.close();
      app.store.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(() => r()));
      await app.uploads.removeAll();
      if (ownsDir) await rm(uploadDir, { recursive: true, force: true });
    },
  };
}
