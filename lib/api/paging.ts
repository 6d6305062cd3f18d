// ESC's list paging, read from the query string: revisions page backwards with `before`
// (exclusive) and `count`; tags and environments page forwards with `after` / a continuation
// token. The esc CLI asks for page after page until one comes back empty, so a parameter Ferry
// ignored would make it loop forever: each is validated and honoured.
import "server-only";
import { AppError } from "../errors";

export const MAX_PAGE = 1000;

function whole(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === "") return undefined;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new AppError("invalid_input", `${name} must be a whole number from ${min} to ${max}.`);
  }
  return Number(raw);
}

export function revisionPage(request: Request): { before?: number; count?: number } {
  const params = new URL(request.url).searchParams;
  return { before: whole(params, "before", 1, 2 ** 31 - 1), count: whole(params, "count", 1, MAX_PAGE) };
}

export function namePage(request: Request): { after?: string; count?: number } {
  const params = new URL(request.url).searchParams;
  const after = params.get("after") ?? undefined;
  if (after !== undefined && after.length > 256) throw new AppError("invalid_input", "after must be at most 256 characters.");
  return { after: after || undefined, count: whole(params, "count", 1, MAX_PAGE) };
}

/** Applies `after` (exclusive, by name) and `count` to a list already sorted by name. */
export function pageByName<T extends { name: string }>(items: T[], page: { after?: string; count?: number }): T[] {
  const from = page.after === undefined ? items : items.filter((i) => i.name > page.after!);
  return page.count === undefined ? from : from.slice(0, page.count);
}

/** ESC's referrer paging: `count` (1–500) and the continuation token of the previous page. */
export function referrerPage(request: Request): { count?: number; offset: number } {
  const params = new URL(request.url).searchParams;
  const token = params.get("continuationToken");
  if (token !== null && token !== "" && !/^\d{1,9}$/.test(token)) throw new AppError("invalid_input", "continuationToken is not one this server gave out.");
  return { count: whole(params, "count", 1, 500), offset: token ? Number(token) : 0 };
}
