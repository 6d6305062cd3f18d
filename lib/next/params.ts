import type { EnvironmentRef } from "../environments/schema";

export type EnvironmentParams = Promise<{ org: string; project: string; env: string }>;

/**
 * URL segments → reference. Next has already percent-decoded each segment once; decoding again
 * would let `%252F` become "/" and make a stray `%` throw (lib/api/params.ts uses this).
 */
export async function environmentRefFrom(params: EnvironmentParams): Promise<EnvironmentRef> {
  const p = await params;
  return { org: p.org, project: p.project, name: p.env };
}
