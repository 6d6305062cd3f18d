// Reading revisions at any version, and rolling back (which adds a revision; history is never
// rewritten).
import "server-only";
import { db } from "../db/client";
import { AppError } from "../errors";
import type { Actor } from "../auth/actor";
import { requireEnvironment } from "./access";
import { saveDefinition, type RevisionDto } from "./environments";
import type { EnvironmentRef } from "./schema";
import { resolveRevision } from "./versions";
import { RETRACTION_FIELDS, retractionOf } from "./retract";

export interface RevisionDetailDto extends RevisionDto {
  yaml: string;
  tags: string[];
  isLatest: boolean;
}

export const VERSION = /^(\d+|[A-Za-z0-9][A-Za-z0-9._-]*)$/;

/** A revision by number, tag or "latest". */
export async function getRevision(actor: Actor, ref: EnvironmentRef, version: string): Promise<RevisionDetailDto> {
  const { org, env } = await requireEnvironment(actor, ref, "reader");
  if (typeof version !== "string" || !VERSION.test(version)) throw new AppError("not_found", `No revision "${String(version).slice(0, 40)}".`);
  const found = await resolveRevision(org.id, { project: env.project, name: env.name, version });
  if (!found) throw new AppError("not_found", `${ref.project}/${ref.name} has no revision or tag "${version.slice(0, 64)}".`);
  const row = await db().revision.findUniqueOrThrow({
    where: { environmentId_number: { environmentId: env.id, number: found.revision } },
    select: { number: true, message: true, createdAt: true, author: { select: { email: true } }, ...RETRACTION_FIELDS },
  });
  const tags = await db().revisionTag.findMany({ where: { environmentId: env.id, revision: row.number }, select: { name: true }, orderBy: { name: "asc" } });
  const isLatest = row.number === env.headRevision;
  return {
    number: row.number,
    // a retracted revision's own text is never served: this is its replacement's
    yaml: found.yaml,
    message: row.message,
    author: row.author?.email ?? null,
    createdAt: row.createdAt.toISOString(),
    ...retractionOf(row),
    tags: [...(isLatest ? ["latest"] : []), ...tags.map((t) => t.name)],
    isLatest,
  };
}

/** Makes an old revision current by saving its content as a new revision. */
export async function rollbackTo(actor: Actor, ref: EnvironmentRef, version: string, baseRevision?: number): Promise<RevisionDto> {
  const target = await getRevision(actor, ref, version);
  return saveDefinition(actor, ref, { yaml: target.yaml, message: `Rollback to revision ${target.number}`, baseRevision });
}
