// Environment references inside an organization, as imports and `${environments...}` name them:
// `[project/]env[@version]`, where version is a revision number, a tag, or `latest`. A bare
// `env` means project `default` (ESC's legacy form).
import "server-only";
import { db, rawDate } from "../db/client";
import { batchedHotRead, hotRead, sqlTemplate } from "../db/hot-reads";
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
  const v = ref.version;
  if (v === undefined || v === "latest" || /^\d+$/.test(v)) {
    if (v !== undefined && v !== "latest" && Number(v) > MAX_REVISION) return undefined;
    const number = v === undefined || v === "latest" ? null : Number(v);
    // The environment and its revision in one read: every open asks this for the environment and
    // again for each import (an open's cached result is checked against what its imports are now).
    const rows = await hotRead<({ id: string; number: number | bigint | null } & StoredRevisionRow)[]>`
      SELECT e."id" AS "id", r."number" AS "number", r."yaml" AS "yaml", r."retractedAt" AS "retractedAt", r."retractedReplacement" AS "retractedReplacement"
      FROM "Environment" e LEFT JOIN "Revision" r ON r."environmentId" = e."id" AND r."number" = COALESCE(${number}, e."headRevision")
      WHERE e."organizationId" = ${organizationId} AND e."project" = ${ref.project} AND e."name" = ${ref.name}`;
    const row = rows[0];
    if (!row || row.number === null) return undefined;
    const yaml = await servedFrom(row.id, Number(row.number), storedRevision(row));
    return yaml === undefined ? undefined : { environmentId: row.id, project: ref.project, name: ref.name, revision: Number(row.number), yaml };
  }
  const envs = await hotRead<{ id: string }[]>`
    SELECT "id" FROM "Environment" WHERE "organizationId" = ${organizationId} AND "project" = ${ref.project} AND "name" = ${ref.name}`;
  if (!envs[0]) return undefined;
  const environmentId = envs[0].id;
  const number = (await db().revisionTag.findUnique({ where: { environmentId_name: { environmentId, name: v } } }))?.revision;
  if (number === undefined) return undefined;
  const yaml = await servedText(environmentId, number);
  if (yaml === undefined) return undefined;
  return { environmentId, project: ref.project, name: ref.name, revision: number, yaml };
}

const LATEST = sqlTemplate(
  `SELECT e."id" AS "id", e."headRevision" AS "number", r."yaml" AS "yaml"
  FROM "Environment" e JOIN "Revision" r ON r."environmentId" = e."id" AND r."number" = e."headRevision"
  WHERE e."organizationId" = `,
  ` AND e."project" = `,
  ` AND e."name" = `,
  "",
);

/**
 * The latest revisions of several environments of one organization (an open's kept result checks
 * every import again, on every open), read together: each lookup is a batched read, so on
 * PostgreSQL the lookups of this call and of every other open in the same turn go as one
 * statement. Keyed by "project/name"; a missing environment is absent. The head revision is never
 * retracted (retract.ts refuses the newest), so its own text is served.
 */
export async function resolveLatestRevisions(organizationId: string, refs: { project: string; name: string }[]): Promise<Map<string, ResolvedRevision>> {
  const rows = await Promise.all(refs.map((r) => batchedHotRead<{ id: string; number: number | bigint; yaml: string }[]>(LATEST, organizationId, r.project, r.name)));
  const found = new Map<string, ResolvedRevision>();
  refs.forEach(({ project, name }, i) => {
    const r = rows[i][0];
    if (r) found.set(`${project}/${name}`, { environmentId: r.id, project, name, revision: Number(r.number), yaml: r.yaml });
  });
  return found;
}

interface StoredRevisionRow {
  yaml: string;
  retractedAt: unknown;
  retractedReplacement: number | bigint | null;
}

const storedRevision = (r: StoredRevisionRow) => ({ yaml: r.yaml, retractedAt: rawDate(r.retractedAt), retractedReplacement: r.retractedReplacement === null ? null : Number(r.retractedReplacement) });

/** Replacement chains are short in practice; a longer one (or a loop) is refused, not followed forever. */
const MAX_RETRACTION_HOPS = 32;

/**
 * The definition a revision serves: its own, or — when it was retracted — its replacement's,
 * following replacements that were themselves retracted. Undefined when the revision does not exist.
 */
export async function servedText(environmentId: string, number: number): Promise<string | undefined> {
  return servedFrom(environmentId, number, await readRevision(environmentId, number));
}

async function readRevision(environmentId: string, number: number) {
  const revs = await hotRead<StoredRevisionRow[]>`
    SELECT "yaml", "retractedAt", "retractedReplacement" FROM "Revision" WHERE "environmentId" = ${environmentId} AND "number" = ${number}`;
  return revs[0] && storedRevision(revs[0]);
}

/** servedText, given revision `number` as already read (`rev`, undefined when it does not exist). */
async function servedFrom(environmentId: string, number: number, rev: ReturnType<typeof storedRevision> | undefined): Promise<string | undefined> {
  for (let hop = 0; ; hop++) {
    if (!rev) return undefined;
    if (!rev.retractedAt || rev.retractedReplacement === null) return rev.yaml;
    if (hop === MAX_RETRACTION_HOPS) break;
    rev = await readRevision(environmentId, rev.retractedReplacement);
  }
  throw new AppError("conflict", `Revision ${number} was retracted in favour of a chain of more than ${MAX_RETRACTION_HOPS} retracted revisions; retract it again with a current replacement.`);
}
