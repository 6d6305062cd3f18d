// Serves the built console through Ferry's HTTP server, in this process: /healthz, /readyz and
// /metrics first (server/ops.ts), then the lean API router (server/api-router.ts: /api, /oidc,
// /cli), then Next's production request handler for pages, server actions and next-auth.
// Shutdown mirrors `next start`: on SIGINT/SIGTERM stop accepting connections, let requests in
// flight finish, close Next, exit 130/143 (128 + the signal's number); /readyz answers 503
// meanwhile. Every instance also runs the lease reaper (lib/leases/reaper.ts), which claims each
// lease before cleaning it, so any number of instances may run it.
import path from "node:path";
import next from "next";
import { createFerryServer, listen, shutdownOnSignals } from "./http-server";
import { createLeanRouter } from "./api-router";
import { handleOps, instrument, type OpsState } from "./ops";
import { rememberOrg } from "./last-org";
import { routeConsoleToLog } from "./console-log";
import { startLeaseReaper } from "../lib/leases/reaper";

export interface ConsoleServerOptions {
  root: string;
  port: number;
  host?: string;
  trustedProxies: number;
  reaperIntervalMs?: number;
}

export async function serveConsole(opts: ConsoleServerOptions): Promise<void> {
  routeConsoleToLog();
  const app = next({ dev: false, dir: path.resolve(opts.root), port: opts.port, hostname: opts.host, customServer: true });
  await app.prepare();
  const nextHandler = app.getRequestHandler();
  const router = createLeanRouter(path.resolve(opts.root, "app"));
  await router.warm();
  const state: OpsState = { stopping: false };
  const server = createFerryServer(
    (req, res) => {
      const ops = handleOps(req, res, state);
      if (ops) return ops;
      const timing = instrument(req, res);
      const routed = router.handle(req, res, timing.setRoute);
      if (routed) return routed;
      rememberOrg(req, res);
      return nextHandler(req, res);
    },
    { trustedProxies: opts.trustedProxies },
  );
  await listen(server, opts.port, opts.host);
  const reaper = startLeaseReaper({ intervalMs: opts.reaperIntervalMs });
  shutdownOnSignals(server, {
    onStopping: () => void (state.stopping = true),
    cleanup: () => reaper.stop().then(() => app.close()),
  });
}
