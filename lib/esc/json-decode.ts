// Decodes the first JSON value of a string (trailing text ignored, as Go's json.Decoder),
// keeping numbers as decimal text. Error texts approximate encoding/json's.

import { NumberText } from "./value";
import { setOwn } from "./own";

const MAX_JSON_DEPTH = 1000;

type J = null | boolean | NumberText | string | J[] | { [k: string]: J };

export function parseJsonWithNumbers(s: string): J {
  let i = 0;
  const ws = () => {
    while (i < s.length && (s[i] === " " || s[i] === "\t" || s[i] === "\n" || s[i] === "\r")) i++;
  };
  const describe = (c: string) => (c === "'" ? "'\\''" : `'${c}'`);
  const bad = (ctx: string): never => {
    if (i >= s.length) throw new Error("unexpected EOF");
    throw new Error(`invalid character ${describe(s[i])} ${ctx}`);
  };
  const value = (depth: number): J => {
    if (depth > MAX_JSON_DEPTH) throw new Error("exceeded max depth");
    ws();
    const c = s[i];
    if (c === "{") {
      i++;
      const o: { [k: string]: J } = {};
      ws();
      if (s[i] === "}") {
        i++;
        return o;
      }
      for (;;) {
        ws();
        if (s[i] !== '"') bad("looking for beginning of object key string");
        const k = str();
        ws();
        if (s[i] !== ":") bad("after object key");
        i++;
        setOwn(o, k, value(depth + 1));
        ws();
        if (s[i] === ",") {
          i++;
          continue;
        }
        if (s[i] === "}") {
          i++;
          return o;
        }
        bad("after object key:value pair");
      }
    }
    if (c === "[") {
      i++;
      const a: J[] = [];
      ws();
      if (s[i] === "]") {
        i++;
        return a;
      }
      for (;;) {
        a.push(value(depth + 1));
        ws();
        if (s[i] === ",") {
          i++;
          continue;
        }
        if (s[i] === "]") {
          i++;
          return a;
        }
        bad("after array element");
      }
    }
    if (c === '"') return str();
    if (s.startsWith("true", i)) return (i += 4), true;
    if (s.startsWith("false", i)) return (i += 5), false;
    if (s.startsWith("null", i)) return (i += 4), null;
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(s.slice(i, i + 1024));
    if (m && m[0] !== "" && m[0] !== "-") {
      i += m[0].length;
      return new NumberText(m[0]);
    }
    return bad("looking for beginning of value");
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < s.length && s[i] !== '"') {
      if (s[i] === "\\") i++;
      i++;
    }
    if (i >= s.length) throw new Error("unexpected EOF");
    i++;
    return JSON.parse(s.slice(start, i)) as string;
  };
  return value(0);
}
