// The console a downloaded CLI came from: /cli/ferry.tgz adds ferry-origin.json next to the
// bundle, so a pasted run command needs no login and no URL.
import { readFileSync } from "node:fs";
import path from "node:path";

export function bundledOrigin(): string | undefined {
  if (typeof __dirname === "undefined") return undefined;
  try {
    const { url } = JSON.parse(readFileSync(path.join(__dirname, "ferry-origin.json"), "utf8")) as { url?: unknown };
    return typeof url === "string" && /^https?:\/\//.test(url) ? url.replace(/\/+$/, "") : undefined;
  } catch {
    return undefined;
  }
}
