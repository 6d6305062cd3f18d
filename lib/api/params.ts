import type { EnvironmentRef } from "../environments/schema";

export interface EnvContext {
  params: Promise<{ org: string; project: string; env: string }>;
}

/** Route segments → reference (segments arrive percent-encoded). */
export async function envRef(ctx: EnvContext): Promise<EnvironmentRef> {
  const p = await ctx.params;
  return { org: decodeURIComponent(p.org), project: decodeURIComponent(p.project), name: decodeURIComponent(p.env) };
}
