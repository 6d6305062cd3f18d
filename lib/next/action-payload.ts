// What a server-action call may carry. Ferry's actions take plain values (strings, numbers,
// plain objects and lists) and forms, which React's encodeReply writes as JSON "models" where a
// string starting with "$" is a tag: "$K1" a form, "$undefined", "$$…" an escaped dollar, "$1"
// another model of the same request. React's decoder answers every other tag (promises, server
// references, streams, blobs …), an empty body, a body that is not JSON or nesting that
// overflows its stack with a 500, and waits forever for a model that was never sent; checked
// here first, such a call is a 400 that names the problem. Pure, so it is unit-tested directly.

/** next.config.ts's serverActions.bodySizeLimit. */
export const ACTION_BODY_LIMIT = 2 * 1024 * 1024;
const MAX_DEPTH = 64;

const PLAIN_TAG = /^\$(?:undefined|NaN|Infinity|-Infinity|-0|\$[\s\S]*)$/;
const FORM_TAG = /^\$K[0-9a-f]+$/;
const MODEL_TAG = /^\$([0-9a-f]+)$/;

export interface ActionParts {
  /** JSON models by id; "0" is the arguments list */
  models: Map<string, string>;
}

/** Why the call cannot be a call of ours, or undefined when it can. */
export function actionPayloadProblem(parts: ActionParts): string | undefined {
  const root = parts.models.get("0");
  if (root === undefined) return "The request carries no arguments.";
  const seen = new Set<string>();
  const check = (id: string): string | undefined => {
    if (seen.has(id)) return undefined;
    seen.add(id);
    let value: unknown;
    try {
      value = JSON.parse(parts.models.get(id)!);
    } catch {
      return "The arguments are not valid JSON.";
    }
    if (id === "0" && !Array.isArray(value)) return "The arguments are not a list.";
    return walk(value, 0);
  };
  const walk = (value: unknown, depth: number): string | undefined => {
    if (depth > MAX_DEPTH) return `The arguments are nested more than ${MAX_DEPTH} levels deep.`;
    if (typeof value === "string" && value.startsWith("$")) {
      if (PLAIN_TAG.test(value)) return undefined;
      // A form the request does not carry decodes as an empty one, which formFields handles.
      if (FORM_TAG.test(value)) return undefined;
      const model = MODEL_TAG.exec(value);
      if (model && parts.models.has(model[1])) return check(model[1]);
      return `The arguments contain a value of a kind no action takes (${value.slice(0, 12)}).`;
    }
    if (Array.isArray(value)) {
      for (const v of value) {
        const p = walk(v, depth + 1);
        if (p) return p;
      }
    } else if (value && typeof value === "object") {
      for (const v of Object.values(value)) {
        const p = walk(v, depth + 1);
        if (p) return p;
      }
    }
    return undefined;
  };
  return check("0");
}

/** A text/plain call: the whole body is the arguments model. */
export const textActionParts = (body: string): ActionParts => ({ models: new Map(body === "" ? [] : [["0", body]]) });

/** A multipart call: fields named by a number are models, `_<id>_<name>` fields belong to form <id>. */
export function multipartActionParts(entries: Iterable<[string, unknown]>): ActionParts | string {
  const parts: ActionParts = { models: new Map() };
  for (const [key, value] of entries) {
    if (/^_[0-9a-f]+_/.test(key)) continue;
    if (/^[0-9a-f]+$/.test(key) && typeof value === "string") parts.models.set(key, value);
    else return `The request has a field no action call has (${key.slice(0, 40)}).`;
  }
  return parts;
}
