// Ferry's HTTP server: one Node server on one port in front of Next's request handler. It is
// here, rather than `next start`, because only the server sees the socket: it works out the
// client's address and hands it to the app in CLIENT_ADDRESS_HEADER, and stops gracefully.
import http from "node:http";
import { randomBytes } from "node:crypto";
import { CLIENT_ADDRESS_HEADER } from "../lib/auth/client-address";
import { resolveClientAddress } from "./client-address";
import { log } from "../lib/ops/log";

export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

/**
 * Replaces any client-sent copy of the address header (in `headers` and `rawHeaders`, so no
 * reader of either sees it) with the address worked out from the socket.
 */
export function setClientAddress(req: http.IncomingMessage, trustedProxies: number): void {
  const address = resolveClientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedProxies);
  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() !== CLIENT_ADDRESS_HEADER) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  if (address) raw.push(CLIENT_ADDRESS_HEADER, address);
  req.rawHeaders.splice(0, req.rawHeaders.length, ...raw);
  if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
  else delete req.headers[CLIENT_ADDRESS_HEADER];
}

/** What the console serves. Next cannot even represent some others (TRACE), and would answer 500. */
const SERVED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

function refuseMethod(res: http.ServerResponse, method: string | undefined): void {
  const body = JSON.stringify({ code: 405, error: "method_not_allowed", message: `Ferry does not serve ${String(method).slice(0, 20)} requests.` });
  res.writeHead(405, { "content-type": "application/json", allow: [...SERVED_METHODS].join(", "), "cache-control": "no-store" }).end(body);
}

export function createFerryServer(handler: RequestHandler, opts: { trustedProxies: number }): http.Server {
  return http.createServer((req, res) => {
    if (!SERVED_METHODS.has(req.method ?? "")) return refuseMethod(res, req.method);
    setClientAddress(req, opts.trustedProxies);
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((e) => {
        const ref = randomBytes(4).toString("hex");
        log().error({ ref, err: e }, "unexpected error");
        if (res.headersSent) return void res.destroy();
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`Something went wrong (ref ${ref}).\n`);
      });
  });
}

/** Listens, turning "address in use" and the like into one sentence. */
export function listen(server: http.Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      const where = `${host ?? "all interfaces"} port ${port}`;
      if (e.code === "EADDRINUSE") reject(new Error(`${where} is already in use (is Ferry already running?). Set PORT to another port.`));
      else if (e.code === "EACCES") reject(new Error(`not allowed to listen on ${where}. Use a port above 1023 or run with the needed privilege.`));
      else if (e.code === "EADDRNOTAVAIL") reject(new Error(`FERRY_HOST ${host} is not an address of this machine.`));
      else reject(e);
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export interface ShutdownHooks {
  /** called at once: e.g. make readiness fail */
  onStopping?: () => void;
  /** after the last request in flight finished */
  cleanup?: () => Promise<unknown>;
  exit?: (code: number) => void;
  /** install process signal handlers (default true; a test calls the returned function) */
  signals?: boolean;
}

/**
 * On SIGINT/SIGTERM: stop accepting connections, close idle keep-alive ones, let requests in
 * flight finish (their connections close after the response), run `cleanup`, exit 128 + the
 * signal's number. Returns the handler it installed for each signal, so a test can send one.
 */
export function shutdownOnSignals(server: http.Server, hooks: ShutdownHooks = {}): (signal: keyof typeof EXIT_CODES) => void {
  const exit = hooks.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const stop = (signal: keyof typeof EXIT_CODES) => {
    // a shell's Ctrl-C reaches the whole process group, sometimes twice
    if (stopping) return;
    stopping = true;
    hooks.onStopping?.();
    log().info({ signal }, "stopping: finishing requests in flight");
    // keep-alive connections with no request in flight would otherwise hold close() open until
    // their timeout; a connection whose request finishes later becomes idle then, hence the poll
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearInterval(idle);
      void Promise.resolve()
        .then(() => hooks.cleanup?.())
        .catch((e) => log().error({ err: e }, "closing the console failed"))
        .finally(() => {
          log().flush();
          exit(EXIT_CODES[signal]);
        });
    });
    server.closeIdleConnections();
  };
  if (hooks.signals !== false) for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(signal));
  return stop;
}
