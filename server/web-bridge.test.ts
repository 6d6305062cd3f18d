// What a route handler sees of a request: a body exactly when the client sent one.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toWebRequest } from "./web-bridge";

describe("toWebRequest", () => {
  let server: http.Server;
  let port = 0;
  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      const { request } = toWebRequest(req, `http://127.0.0.1${req.url}`, undefined);
      const seen = { method: request.method, streamed: request.body !== null, text: await request.text(), instance: request instanceof Request };
      res.setHeader("content-type", "application/json").end(JSON.stringify(seen));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const send = (method: string, headers: Record<string, string>, body?: string[]) =>
    new Promise<{ method: string; streamed: boolean; text: string; instance: boolean }>((resolve, reject) => {
      const r = http.request({ host: "127.0.0.1", port, path: "/x", method, headers }, (res) => {
        let data = "";
        res.on("data", (d) => (data += d));
        res.on("end", () => resolve(JSON.parse(data)));
      });
      r.on("error", reject);
      for (const part of body ?? []) r.write(part);
      r.end();
    });

  it("gives an empty POST or DELETE no body, and reads it as empty text", async () => {
    expect(await send("POST", { "content-length": "0" })).toEqual({ method: "POST", streamed: false, text: "", instance: true });
    expect(await send("DELETE", {})).toEqual({ method: "DELETE", streamed: false, text: "", instance: true });
  });

  it("streams a declared body, by length or in chunks", async () => {
    expect(await send("POST", { "content-length": "10" }, ["values: {}"])).toEqual({ method: "POST", streamed: true, text: "values: {}", instance: true });
    expect(await send("PATCH", { "transfer-encoding": "chunked" }, ["a: ", "1"])).toEqual({ method: "PATCH", streamed: true, text: "a: 1", instance: true });
  });
});
