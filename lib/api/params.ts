import "server-only";
import type { EnvironmentRef } from "../environments/schema";
import { environmentRefFrom } from "../next/params";

export interface EnvContext {
  params: Promise<{ org: string; project: string; env: string }>;
}

// Next has already percent-decoded every route segment once (`%2F` arrives as "/"). Decoding
// again would be a second, attacker-controlled decoding (`%252F` → "/", a stray `%` → URIError),
// so segments are used as they arrive; names are validated where they are looked up
// (lib/orgs/access.ts, lib/environments/access.ts).

/** Route segments → reference (the pages' environmentRefFrom, for a route handler's context). */
export async function envRef(ctx: EnvContext): Promise<EnvironmentRef> {
  return environmentRefFrom(ctx.params);
}

/** One more route segment (a version, tag or id), as Next decoded it. */
export async function segment<K extends string>(ctx: { params: Promise<Record<K, string>> }, key: K): Promise<string> {
  return (await ctx.params)[key];
}
