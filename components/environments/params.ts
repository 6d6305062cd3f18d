import type { EnvironmentRef } from "@/lib/environments/schema";

export type EnvironmentParams = Promise<{ org: string; project: string; env: string }>;

/** URL segments → reference (segments arrive percent-encoded). */
export async function environmentRefFrom(params: EnvironmentParams): Promise<EnvironmentRef> {
  const p = await params;
  return { org: decodeURIComponent(p.org), project: decodeURIComponent(p.project), name: decodeURIComponent(p.env) };
}
