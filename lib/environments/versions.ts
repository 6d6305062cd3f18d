// Environment references inside an organization, as imports and `${environments...}` name them:
// `[project/]env[@version]`, where version is a revision number, a tag, or `latest`. A bare
// `env` means project `default` (ESC's legacy form).
import "server-only";
import { db, rawDate } from "../db/client";
import { hotRead } from "../db/hot-reads";
import { AppError } from "../errors";
import { DEFAULT_PROJECT } from "../validation/names";

export interface VersionedName {
  project: string;
  name: string;
  /** undefined or "latest": the head revision */
  version?: string;
}

const PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Revision numbers are 32-bit integers in the database; a larger number names no revision. */
export const MAX_REVISION = 2 ** 31 - 1;

export function parseVersionedName(text: string): VersionedName | undefined {
  const [path, version, extra] = text.split("@");
  if (extra !== undefined || path === undefined) return undefined;
  const parts = path.split("/");
  if (parts.length > 2 || !parts.every((p) => PART.test(p))) return undefined;
  if (version !== undefined && !/^(\d+|[A-Za-z0-9][A-Za-z0-9._-]*)$/.test(version)) return undefined;
  const [project, name] = parts.length === 2 ? parts : [DEFAULT_PROJECT, parts[0]];
  return { project, name, version };
}

export interface ResolvedRevision {
  environmentId: string;
  project: string;
  name: string;
  revision: number;
  yaml: string;
}

/**
 * Finds the revision a versioned name points at, inside one organization. Callers must have
 * authorized the actor for that organization. Undefined when any part does not exist.
 */
export async function resolveRevision(organizationId: string, ref: VersionedName): Promise<ResolvedRevision | undefined> {
  const envs = await hotRead<{ id: string; headRevision: number | bigint }[]>`
    SELECT "id", "headRevision" FROM "Environment" WHERE "organizationId" = ${organizationId} AND "project" = ${ref.project} AND "name" = ${ref.name}`;
  const env = envs[0] && { id: envs[0].id, headRevision: Number(envs[0].headRevision) };
  if (!env) return undefined;
  let number: number | undefined;
  const v = ref.version;
  if (v === undefined || v === "latest") number = env.headRevision;
  else if (/^\d+$/.test(v)) number = Number(v) <= MAX_REVISION ? Number(v) : undefined;
  else number = (await db().revisionTag.findUnique({ where: { environmentId_name: { environmentId: env.id, name: v } } }))?.revision;
  if (number === undefined) return undefined;
  const yaml = await servedText(env.id, number);
  if (yaml === undefined) return undefined;
  return { environmentId: env.id, project: ref.project, name: ref.name, revision: number, yaml };
}

/** Replacement chains are short in practice; a longer one (or a loop) is refused, not followed forever. */
const MAX_RETRACTION_HOPS = 32;

/**
 * The definition a revision serves: its own, or — when it was retracted — its replacement's,
 * following replacements that were themselves retracted. Undefined when the revision does not exist.
 */
export async function servedText(environmentId: string, number: number): Promise<string | undefined> {
  let current = number;
  for (let hop = 0; hop <= MAX_RETRACTION_HOPS; hop++) {
    const revs = await hotRead<{ yaml: string; retractedAt: unknown; retractedReplacement: number | bigint | null }[]>`
      SELECT "yaml", "retractedAt", "retractedReplacement" FROM "Revision" WHERE "environmentId" = ${environmentId} AND "number" = ${current}`;
    const rev = revs[0] && { yaml: revs[0].yaml, retractedAt: rawDate(revs[0].retractedAt), retractedReplacement: revs[0].retractedReplacement === null ? null : Number(revs[0].retractedReplacement) };
    if (!rev) return undefined;
    if (!rev.retractedAt || rev.retractedReplacement === null) return rev.yaml;
    current = rev.retractedReplacement;
  }
  throw new AppError("conflict", `Revision ${number} was retracted in favour of a chain of more than ${MAX_RETRACTION_HOPS} retracted revisions; retract it again with a current replacement.`);
}
