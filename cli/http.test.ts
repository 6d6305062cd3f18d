// The CLI's HTTP transport against a real node:http server: bodies, headers, statuses (never a
// rejection), and the failures client.ts turns into messages (refused connection, timeout).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send } from "./http";

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.url === "/slow") return void setTimeout(() => res.end("late"), 2_000);
      res.statusCode = req.url === "/missing" ? 404 : 200;
      res.setHeader("x-ferry-revision", "7");
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ method: req.method, body, length: req.headers["content-length"] ?? null, auth: req.headers.authorization ?? null, text: "héllo" }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("send", () => {
  it("sends method, headers and a UTF-8 body with its byte length, and reads JSON and headers", async () => {
    const res = await send(new URL(`${base}/x`), { method: "PATCH", headers: { authorization: "Bearer t" }, body: "é: 1", timeoutMs: 5_000 });
    expect(res.ok).toBe(true);
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Ferry-Revision")).toBe("7");
    expect(res.headers.get("x-missing")).toBeNull();
    expect(await res.json()).toEqual({ method: "PATCH", body: "é: 1", length: "5", auth: "Bearer t", text: "héllo" });
  });

  it("resolves error statuses instead of rejecting", async () => {
    const res = await send(new URL(`${base}/missing`), { method: "GET", headers: {}, timeoutMs: 5_000 });
    expect(res.ok).toBe(false);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('"method":"GET"');
  });

  it("rejects with the socket's code when nothing listens, and on timeout", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(send(new URL(`http://127.0.0.1:${port}/`), { method: "GET", headers: {}, timeoutMs: 5_000 })).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await expect(send(new URL(`${base}/slow`), { method: "GET", headers: {}, timeoutMs: 200 })).rejects.toThrow("aborted due to timeout");
  });

  it("refuses protocols other than http and https", async () => {
    await expect(send(new URL("file:///etc/passwd"), { method: "GET", headers: {}, timeoutMs: 1_000 })).rejects.toThrow("unsupported protocol file");
  });
});
