// Calling a server action the way the browser's router does: POST to a page that includes it,
// `Next-Action: <id>`, the arguments encoded by React's own encodeReply (bound arguments first,
// as the client sends them), and the answer's RSC rows decoded far enough to read the result.
import { createRequire } from "node:module";
import { send, type RawResponse } from "./raw-http";

const require = createRequire(import.meta.url);
const { encodeReply } = require("next/dist/compiled/react-server-dom-turbopack/client.node.js") as {
  encodeReply: (value: unknown[]) => Promise<string | FormData>;
};

export interface ActionCall {
  /** the action id; empty sends no Next-Action header (a form posted without JavaScript) */
  id: string;
  /** a page whose bundle includes the action */
  path: string;
  args: unknown[];
  cookie?: string;
  headers?: Record<string, string>;
}

export interface ActionAnswer {
  res: RawResponse;
  /** the action's return value, when the answer carries one */
  result?: unknown;
  /** where the action redirected to, if it did */
  redirect?: string;
  /** true when the answer is an error row (the action threw) */
  threw: boolean;
}

/** multipart/form-data bytes for a FormData, as fetch would send them. */
async function multipart(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const req = new Request("http://x/", { method: "POST", body: form });
  return { body: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get("content-type")! };
}

export async function encodeActionBody(args: unknown[]): Promise<{ body: Buffer | string; contentType: string }> {
  const encoded = await encodeReply(args);
  return typeof encoded === "string" ? { body: encoded, contentType: "text/plain;charset=UTF-8" } : multipart(encoded);
}

export async function callAction(call: ActionCall, raw?: { body: Buffer | string; contentType: string }): Promise<ActionAnswer> {
  const { body, contentType } = raw ?? (await encodeActionBody(call.args));
  const res = await send({
    method: "POST",
    path: call.path,
    headers: { ...(call.id ? { "next-action": call.id } : {}), accept: "text/x-component", "content-type": contentType, ...(call.cookie ? { cookie: call.cookie } : {}), ...call.headers },
    body,
  });
  return { res, ...decodeAnswer(res) };
}

/** Reads the result row of an action's RSC answer: `0:{"a":"$@1",…}` then `1:<result>`. */
export function decodeAnswer(res: RawResponse): { result?: unknown; redirect?: string; threw: boolean } {
  const redirectHeader = res.headers["x-action-redirect"];
  const redirect = typeof redirectHeader === "string" ? redirectHeader.split(";")[0] : undefined;
  if (!String(res.headers["content-type"] ?? "").includes("text/x-component")) return { redirect, threw: false };
  const rows = new Map<string, string>();
  for (const line of res.body.toString("utf8").split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m) rows.set(m[1], m[2]);
  }
  let root: { a?: string } | undefined;
  try {
    root = JSON.parse(rows.get("0") ?? "null");
  } catch {
    return { redirect, threw: false };
  }
  const ref = typeof root?.a === "string" && root.a.startsWith("$@") ? root.a.slice(2) : undefined;
  const row = ref !== undefined ? rows.get(ref) : undefined;
  if (row === undefined) return { redirect, threw: false };
  if (row.startsWith("E")) return { redirect, threw: true };
  try {
    return { redirect, threw: false, result: JSON.parse(row, (_, v) => (v === "$undefined" ? undefined : v)) };
  } catch {
    return { redirect, threw: false };
  }
}
