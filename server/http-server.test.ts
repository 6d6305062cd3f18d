// Ferry's HTTP server with a real socket: the address the app sees comes from the connection
// and the trusted-proxy count, never from headers a client made up.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { clientAddress } from "../lib/auth/client-address";
import { createFerryServer, listen, shutdownOnSignals } from "./http-server";

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(trustedProxies: number, handler?: (req: http.IncomingMessage, res: http.ServerResponse) => unknown) {
  server = createFerryServer(
    handler ??
      ((req, res) => {
        const copies = req.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === "x-ferry-client-address").length;
        res.end(JSON.stringify({ address: clientAddress(req.headers) ?? null, copies }));
      }),
    { trustedProxies },
  );
  await listen(server, 0, "127.0.0.1");
  return (server.address() as AddressInfo).port;
}

/** GET from a chosen loopback source address, so the peer is known. */
function get(port: number, from: string, headers: http.OutgoingHttpHeaders = {}, method = "GET"): Promise<{ status: number; body: string; allow?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: "/", localAddress: from, headers, method }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c) => (body += c)).on("end", () => resolve({ status: res.statusCode!, body, allow: res.headers.allow }));
    });
    req.on("error", reject).end();
  });
}

describe("Ferry's HTTP server", () => {
  it("gives the app the socket's peer and drops every client-sent copy of the header", async () => {
    const port = await serve(0);
    const res = await get(port, "127.0.0.23", { "x-forwarded-for": "198.51.100.1", "X-Ferry-Client-Address": ["9.9.9.9", "8.8.8.8"] });
    expect(JSON.parse(res.body)).toEqual({ address: "127.0.0.23", copies: 1 });
  });

  it("behind one trusted proxy, takes the entry that proxy appended", async () => {
    const port = await serve(1);
    expect(JSON.parse((await get(port, "127.0.0.24", { "x-forwarded-for": "6.6.6.6, 198.51.100.7", "x-ferry-client-address": "9.9.9.9" })).body).address).toBe("198.51.100.7");
    // a request that reached Ferry without the proxy: its own address, not a made-up one
    expect(JSON.parse((await get(port, "127.0.0.25")).body).address).toBe("127.0.0.25");
  });

  it("answers a handler failure with a reference, never the exception text", async () => {
    const port = await serve(0, () => {
      throw new Error("SELECT secret FROM somewhere");
    });
    const res = await get(port, "127.0.0.1");
    expect(res.status).toBe(500);
    expect(res.body).toMatch(/^Something went wrong \(ref [0-9a-f]{8}\)\.\n$/);
  });

  it("refuses methods the console does not serve as JSON 405s, before the app sees them", async () => {
    let reached = 0;
    const port = await serve(0, (_req, res) => void (reached++, res.end("{}")));
    for (const method of ["TRACE", "PROPFIND", "MKCOL"]) {
      const res = await get(port, "127.0.0.1", {}, method);
      expect(res.status).toBe(405);
      expect(JSON.parse(res.body)).toMatchObject({ code: 405, error: "method_not_allowed" });
      expect(res.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    }
    expect(reached).toBe(0);
    expect((await get(port, "127.0.0.1", {}, "DELETE")).status).toBe(200);
  });

  it("says which port is taken", async () => {
    const port = await serve(0);
    const second = createFerryServer(() => {}, { trustedProxies: 0 });
    await expect(listen(second, port, "127.0.0.1")).rejects.toThrow(`127.0.0.1 port ${port} is already in use (is Ferry already running?)`);
  });
});

describe("graceful shutdown", () => {
  it("lets a request in flight finish, refuses new connections, then cleans up and exits 143", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inFlight = new Promise<void>((r) => (started = r));
    const events: string[] = [];
    const s = createFerryServer(
      async (req, res) => {
        if (req.url === "/slow") {
          started();
          await gate;
        }
        res.end("finished");
      },
      { trustedProxies: 0 },
    );
    server = s;
    await listen(s, 0, "127.0.0.1");
    const port = (s.address() as AddressInfo).port;
    let exited!: (code: number) => void;
    const exit = new Promise<number>((r) => (exited = r));
    const stop = shutdownOnSignals(s, {
      signals: false,
      onStopping: () => events.push("stopping"),
      cleanup: async () => void events.push("cleanup"),
      exit: (code) => (events.push("exit"), exited(code)),
    });
    // an idle keep-alive connection must not hold shutdown open
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => http.get({ host: "127.0.0.1", port, path: "/", agent }, (res) => res.resume().on("end", resolve)).on("error", reject));
    const body = new Promise<string>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, path: "/slow" }, (res) => {
          let b = "";
          res.setEncoding("utf8").on("data", (c) => (b += c)).on("end", () => resolve(b));
        })
        .on("error", reject);
    });
    await inFlight;
    stop("SIGTERM");
    expect(events).toEqual(["stopping"]);
    expect(await fetch(`http://127.0.0.1:${port}/`).then(() => "answered", () => "refused")).toBe("refused");
    await new Promise((r) => setTimeout(r, 100));
    expect(events).toEqual(["stopping"]); // still waiting for /slow
    release();
    expect(await body).toBe("finished");
    expect(await exit).toBe(143);
    expect(events).toEqual(["stopping", "cleanup", "exit"]);
    agent.destroy();
    server = undefined;
  });
});
