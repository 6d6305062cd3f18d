// How a definition travels over the ESC API: YAML with its revision in the headers the esc CLI
// reads (`Pulumi-ESC-Revision`, and the `ETag` it sends back on update), and the base revision of
// an update taken from `If-Match` (HTTP's way) or `ETag` (what the esc CLI sends).
import "server-only";
import { AppError } from "../errors";
import { PreparedResponse } from "./prepared-response";

export function revisionHeaders(revision: number): Record<string, string> {
  return { etag: `"${revision}"`, "pulumi-esc-revision": String(revision), "x-ferry-revision": String(revision) };
}

export function definitionResponse(yaml: string, revision: number): Response {
  return new PreparedResponse(yaml, { headers: { "content-type": "application/x-yaml; charset=utf-8", "cache-control": "no-store", ...revisionHeaders(revision) } });
}

/** The revision an update is based on, or undefined for "whatever is newest". */
export function baseRevision(request: Request): number | undefined {
  const h = request.headers.get("if-match") ?? request.headers.get("etag");
  if (!h || h.trim() === "*") return undefined;
  // Revisions are 32-bit integers in the database; ten digits is the most one can have.
  const m = /^(?:W\/)?"?(\d{1,10})"?$/.exec(h.trim());
  if (!m || Number(m[1]) > 2 ** 31 - 1) throw new AppError("invalid_input", 'If-Match (or ETag) must name a revision, like "12".');
  return Number(m[1]);
}
