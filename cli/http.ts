// The CLI's HTTP transport: node:http/https rather than fetch. Loading fetch (Node's bundled
// undici) costs a CLI start more CPU than everything else `ferry run` loads; node:http is part
// of Node's own startup snapshot. Only what client.ts needs: a whole body, as text.
import { createRequire } from "node:module";

/**
 * A built-in module, loaded when first needed (node:https brings TLS along). Not `import()`: the
 * bundled CLI runs its program through vm (scripts/build-cli.ts), where dynamic import is not
 * available; from source (ES modules) there is no `require`, so one is made for this file.
 */
function builtin<T>(id: string): T {
  const load = typeof require === "function" ? require : createRequire(import.meta.url);
  return load(id) as T;
}

export interface HttpResponse {
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

export interface HttpRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** One request; rejects like fetch does (the socket's error, or a timeout), never on a status. */
export async function send(url: URL, init: HttpRequest): Promise<HttpResponse> {
  const mod = url.protocol === "https:" ? builtin<typeof import("node:https")>("node:https") : url.protocol === "http:" ? builtin<typeof import("node:http")>("node:http") : undefined;
  if (!mod) throw new Error(`unsupported protocol ${url.protocol.replace(/:$/, "")}`);
  const headers = { ...init.headers };
  if (init.body !== undefined) headers["content-length"] = String(Buffer.byteLength(init.body));
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method: init.method, headers });
    const timer = setTimeout(() => req.destroy(new Error("The operation was aborted due to timeout")), init.timeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      reject(e);
    };
    req.on("error", fail);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", fail);
      res.on("end", () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString("utf8");
        const status = res.statusCode ?? 0;
        resolve({
          ok: status >= 200 && status < 300,
          status,
          headers: {
            get(name) {
              const v = res.headers[name.toLowerCase()];
              return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
            },
          },
          text: async () => text,
          json: async () => JSON.parse(text) as unknown,
        });
      });
    });
    req.end(init.body);
  });
}
