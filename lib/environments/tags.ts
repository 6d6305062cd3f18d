// Revision tags: named pointers at revisions. `latest` is implicit and always the head.
import "server-only";
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import { parseInput } from "../validation/form";
import { zWholeNumber } from "../validation/numbers";
import { recordAudit } from "../audit/record";
import type { Actor } from "../auth/actor";
import { requireEnvironment } from "./access";
import { formatRef, type EnvironmentRef } from "./schema";
import { isUniqueViolation } from "../db/unique-violation";

export const ZTagName = z
  .string({ message: "Enter a tag name." })
  .trim()
  .min(1, "Enter a tag name.")
  .max(64, "A tag name can be at most 64 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'A tag may contain only letters, digits, "-", "_" and ".", and must start with a letter or digit.')
  .refine((t) => !/^\d+$/.test(t), "A tag cannot be only digits: it would read as a revision number.")
  .refine((t) => t !== "latest", "“latest” always points at the newest revision and cannot be set.");

export const ZSetTag = z.object({
  name: ZTagName,
  revision: zWholeNumber("Choose a revision.").pipe(z.number().positive("Choose a revision.")),
});

export interface TagDto {
  name: string;
  revision: number;
  updatedAt: string;
  /** "latest" is computed, not stored */
  builtIn: boolean;
}

export async function listTags(actor: Actor, ref: EnvironmentRef): Promise<TagDto[]> {
  const { env } = await requireEnvironment(actor, ref, "reader");
  const rows = await db().revisionTag.findMany({ where: { environmentId: env.id }, orderBy: { name: "asc" } });
  return [
    { name: "latest", revision: env.headRevision, updatedAt: env.updatedAt.toISOString(), builtIn: true },
    ...rows.map((r) => ({ name: r.name, revision: r.revision, updatedAt: r.updatedAt.toISOString(), builtIn: false })),
  ];
}

/**
 * How a tag is set: the console creates or moves ("upsert"); ESC's API creates only (an existing
 * tag is a conflict) or moves only (a missing tag is not found), and the esc CLI relies on that
 * to try a move first and create on not-found.
 */
export type TagMode = "upsert" | "create" | "move";

/** Sets a tag; a missing revision means the newest. */
export async function setTag(actor: Actor, ref: EnvironmentRef, input: unknown, mode: TagMode = "upsert"): Promise<TagDto> {
  const { org, env } = await requireEnvironment(actor, ref, "editor");
  const given = input && typeof input === "object" && (input as { revision?: unknown }).revision === undefined ? { ...input, revision: env.headRevision } : input;
  const { name, revision } = parseInput(ZSetTag, given);
  if (revision > env.headRevision) {
    throw new AppError("invalid_input", `Revision ${revision} does not exist; the newest is ${env.headRevision}.`, { revision: "No such revision." });
  }
  const key = { environmentId_name: { environmentId: env.id, name } };
  const conflict = () => new AppError("conflict", `${formatRef(ref)} already has a tag "${name}".`);
  const row = await db().$transaction(async (tx) => {
    let saved;
    if (mode === "upsert") {
      saved = await tx.revisionTag.upsert({ where: key, create: { environmentId: env.id, name, revision, createdById: actor.userId }, update: { revision } });
    } else if (mode === "move") {
      const moved = await tx.revisionTag.updateMany({ where: { environmentId: env.id, name }, data: { revision } });
      if (moved.count === 0) throw new AppError("not_found", `${formatRef(ref)} has no tag "${name}".`);
      saved = await tx.revisionTag.findUniqueOrThrow({ where: key });
    } else {
      if (await tx.revisionTag.findUnique({ where: key, select: { name: true } })) throw conflict();
      saved = await tx.revisionTag.create({ data: { environmentId: env.id, name, revision, createdById: actor.userId } });
    }
    await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "tag.set", target: formatRef(ref), detail: { tag: name, revision } }, tx);
    return saved;
  }).catch((e) => {
    // two creates at once: the unique index decides, and the loser hears what ESC says
    throw isUniqueViolation(e) ? conflict() : e;
  });
  return { name: row.name, revision: row.revision, updatedAt: row.updatedAt.toISOString(), builtIn: false };
}

export async function deleteTag(actor: Actor, ref: EnvironmentRef, tagName: string): Promise<void> {
  const { org, env } = await requireEnvironment(actor, ref, "editor");
  if (typeof tagName !== "string") throw new AppError("not_found", `${formatRef(ref)} has no such tag.`);
  if (tagName === "latest") throw new AppError("invalid_input", "“latest” is built in and cannot be deleted.");
  const deleted = await db().revisionTag.deleteMany({ where: { environmentId: env.id, name: tagName } });
  if (deleted.count === 0) throw new AppError("not_found", `${formatRef(ref)} has no tag "${tagName.slice(0, 64)}".`);
  await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "tag.delete", target: formatRef(ref), detail: { tag: tagName } });
}
