// Turns the discovered server actions and their entries in actions.ts into hostile calls: signed
// out, every argument replaced by what a tampering client can send (bound arguments travel
// through the browser in clear), forms that are not forms, and bodies React's decoder cannot
// read. Each call differs from the action's control in one respect.
import { fillTemplate, type DiscoveredAction } from "./discover";
import { defaultParams } from "./endpoints";
import { ACTIONS, formOf, type ActionEntry } from "./actions";
import { HOSTILE_NAMES } from "./inputs";
import type { ActionAnswer, ActionCall } from "./server-actions";
import type { Tenants } from "./tenants";

/** refused: a 4xx, or an error result with a deliberate message; signed-out: sent to sign in; answered: no 5xx, no change */
export type ActionExpectation = "refused" | "signed-out" | "answered";

export interface ActionCase {
  label: string;
  call: ActionCall;
  raw?: { body: string | Buffer; contentType: string };
  expect: ActionExpectation;
}

/** A page that includes the action, with the fewest segments to fill. */
export function actionPath(action: DiscoveredAction, t: Tenants): string {
  const page = [...action.pages].sort((a, b) => (a.match(/\[/g)?.length ?? 0) - (b.match(/\[/g)?.length ?? 0))[0] ?? "/";
  return fillTemplate(page, { ...defaultParams(t), range: "1...2", version: "1" }) || "/";
}

/** The valid call's arguments, bound ones first. */
export function validArgs(entry: ActionEntry, t: Tenants): unknown[] {
  const values = entry.values?.(t) ?? {};
  return entry.args.map((kind, i) => (kind === "state" ? { status: "idle" } : kind === "form" ? formOf(entry.form!(t)) : values[i]));
}

function withArg(args: unknown[], i: number, value: unknown): unknown[] {
  const copy = [...args];
  copy[i] = value;
  return copy;
}

/** The hostile names every action gets; the full list goes to the first action taking each kind of argument. */
const CORE_NAMES = ["dot-dot path", "NUL", "10 kB", "__proto__", "a list"];

function argumentVariants(entry: ActionEntry, t: Tenants, seen: Set<string>): Record<string, { args: unknown[]; expect: ActionExpectation }> {
  const args = validArgs(entry, t);
  const out: Record<string, { args: unknown[]; expect: ActionExpectation }> = {};
  entry.args.forEach((kind, i) => {
    const set = (label: string, value: unknown, expect: ActionExpectation = "refused") => (out[`argument ${i} (${kind}): ${label}`] = { args: withArg(args, i, value), expect });
    const ref = args[i] as Record<string, unknown>;
    const names = seen.has(kind) ? Object.fromEntries(CORE_NAMES.map((k) => [k, HOSTILE_NAMES[k]])) : HOSTILE_NAMES;
    seen.add(kind);
    switch (kind) {
      case "ref":
        for (const [label, v] of Object.entries({ null: null, "a number": 7, "a string": "dev", "a list": [], "an empty object": {} })) set(label, v);
        for (const [label, v] of Object.entries(names)) set(`org ${label}`, { ...ref, org: v });
        for (const [label, v] of Object.entries(names)) set(`environment ${label}`, { ...ref, name: v });
        for (const [label, v] of Object.entries(names)) set(`project ${label}`, { ...ref, project: v });
        break;
      case "org":
      case "id":
        for (const [label, v] of Object.entries(names)) set(label, v);
        break;
      case "form": {
        const fields = entry.form!(t);
        for (const [label, v] of Object.entries({ null: null, "a string": "confirm=dev", "a plain object": fields, "a list": Object.values(fields) })) set(label, v);
        set("every field 10 kB", formOf(Object.fromEntries(Object.keys(fields).map((k) => [k, "a".repeat(10_240)]))));
        set("every field with a NUL", formOf(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, `${v}\u0000`]))));
        break;
      }
      case "input":
        for (const [label, v] of Object.entries({ null: null, "a list": [], "a string": "values: {}", "definition a number": { yaml: 5 } })) set(label, v);
        break;
      case "names":
        for (const [label, v] of Object.entries({ "not a list": "payments/dev", "10 000 names": Array(10_000).fill("payments/dev"), "hostile names": Object.values(HOSTILE_NAMES) })) set(label, v, "answered");
        break;
    }
  });
  return out;
}

const CORE_BODIES = ["body not JSON", "a promise that never arrives", "over 2 MiB"];

/** Bodies no browser of ours sends; each must be a 4xx before the action runs. */
function transportVariants(): Record<string, { body: string | Buffer; contentType: string; headers?: Record<string, string> }> {
  const text = "text/plain;charset=UTF-8";
  return {
    "empty body": { body: "", contentType: text },
    "body not JSON": { body: "{{{", contentType: text },
    "arguments not a list": { body: '{"a":1}', contentType: text },
    "arguments nested 20 000 deep": { body: "[".repeat(20_000) + "]".repeat(20_000), contentType: text },
    "a promise that never arrives": { body: '["$@5"]', contentType: text },
    "a server reference": { body: '["$h1"]', contentType: text },
    "a blob reference": { body: '["$B1"]', contentType: text },
    "invalid UTF-8": { body: Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]), contentType: text },
    "broken multipart": { body: "--x\r\nbroken", contentType: "multipart/form-data; boundary=x" },
    "form-encoded body": { body: "confirm=dev", contentType: "application/x-www-form-urlencoded" },
    "JSON body": { body: "[]", contentType: "application/json" },
    "over 2 MiB": { body: JSON.stringify(["x".repeat(2 * 1024 * 1024 + 10)]), contentType: text },
  };
}

export function actionCases(action: DiscoveredAction, t: Tenants, seen: Set<string> = new Set()): ActionCase[] {
  const entry = ACTIONS[action.key];
  if (!entry) return [];
  const path = actionPath(action, t);
  const cookie = entry.scope === "public" ? undefined : t.victim.cookie;
  const base = (args: unknown[], extra: Partial<ActionCall> = {}): ActionCall => ({ id: action.id, path, args, cookie, ...extra });
  const args = validArgs(entry, t);
  const cases: ActionCase[] = [];
  if (entry.scope !== "public") {
    cases.push({ label: "signed out", call: base(args, { cookie: undefined }), expect: "signed-out" });
    cases.push({ label: "tampered session cookie", call: base(args, { cookie: t.victim.cookie.replace(/session-token=([^;]{8})/, "session-token=AAAAAAAA") }), expect: "signed-out" });
  }
  for (const [label, v] of Object.entries(argumentVariants(entry, t, seen))) cases.push({ label, call: base(v.args), expect: v.expect });
  for (const [label, v] of Object.entries(entry.refused?.(t) ?? {})) cases.push({ label, call: base(v), expect: "refused" });
  // Bodies are checked by proxy.ts before any action runs, the same for every action: all of
  // them go to the first action, a core set to the others (catching a page the proxy misses).
  const everyBody = !seen.has("transport");
  seen.add("transport");
  for (const [label, raw] of Object.entries(transportVariants())) {
    if (everyBody || CORE_BODIES.includes(label)) cases.push({ label, call: base([]), raw, expect: "refused" });
  }
  if (everyBody) {
    cases.push({ label: "an action id the build does not have", call: { ...base(args), id: "7f" + "0".repeat(40) }, expect: "refused" });
    cases.push({ label: "a form posted without JavaScript, by action id", call: { ...base(args), id: "" }, raw: multipartOf({ [`$ACTION_ID_${action.id}`]: "" }), expect: "refused" });
  }
  // Without JavaScript a form posts its action's id and bound arguments as $ACTION_ fields.
  cases.push({
    label: "a form posted without JavaScript, bound arguments pending",
    call: { ...base(args), id: "" },
    raw: multipartOf({ $ACTION_REF_1: "", "$ACTION_1:0": JSON.stringify({ id: action.id, bound: "$@1" }), "$ACTION_1:1": "[]", $ACTION_KEY: "k" }),
    expect: "refused",
  });
  cases.push({ label: "another site's Origin", call: base(args, { headers: { origin: "https://evil.example" } }), expect: "refused" });
  return cases;
}

function multipartOf(fields: Record<string, string>): { body: string; contentType: string } {
  const boundary = "----hostile";
  const body = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") + `--${boundary}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export function actionVerdict(c: ActionCase, a: ActionAnswer): string | undefined {
  const result = a.result as { status?: string; message?: unknown } | undefined;
  if (a.res.status >= 500) return `HTTP ${a.res.status}${a.threw ? " (the action threw)" : ""}`;
  if (typeof result?.message === "string" && result.message.startsWith("Something went wrong")) return `an unexpected error: ${result.message}`;
  if (c.expect === "signed-out") return a.redirect === "/sign-in" ? undefined : `not sent to sign in: HTTP ${a.res.status} ${JSON.stringify(result)}`;
  if (a.redirect) return `redirected to ${a.redirect}: the call went through`;
  if (c.expect === "answered") return undefined;
  if (a.res.status >= 400) return undefined;
  if (result && (result.status === "error" || result.status === "conflict") && typeof result.message === "string") return undefined;
  return `accepted: HTTP ${a.res.status} ${JSON.stringify(result)?.slice(0, 200) ?? a.res.body.toString().slice(0, 200)}`;
}

/** The valid call of every action, as the victim's admin, with its success check; reads first. */
export function actionControls(actions: DiscoveredAction[], t: Tenants) {
  const controls = actions
    .filter((a) => ACTIONS[a.key])
    .map((a) => {
      const entry = ACTIONS[a.key];
      const call: ActionCall = { id: a.id, path: actionPath(a, t), args: validArgs(entry, t), cookie: entry.scope === "public" ? undefined : t.victim.cookie };
      return { key: a.key, call, mutates: entry.mutates, check: (answer: ActionAnswer) => entry.ok(answer, t) };
    });
  // Reads first; member changes last, since adding the outsider and removing a member change who may do what.
  const order = (k: string) => (k.includes("/members/") ? 2 : 1);
  return [...controls.filter((c) => !c.mutates), ...controls.filter((c) => c.mutates).sort((x, y) => order(x.key) - order(y.key))];
}
