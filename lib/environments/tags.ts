// Revision tags: named pointers at revisions. `latest` is implicit and always the head.
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import { parseInput } from "../validation/form";
import { recordAudit } from "../audit/record";
import type { Actor } from "../auth/actor";
import { requireEnvironment } from "./access";
import { formatRef, type EnvironmentRef } from "./schema";

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
  revision: z.coerce.number({ message: "Choose a revision." }).int("Choose a revision.").positive("Choose a revision."),
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

/** Creates a tag or moves an existing one to another revision. */
export async function setTag(actor: Actor, ref: EnvironmentRef, input: unknown): Promise<TagDto> {
  const { org, env } = await requireEnvironment(actor, ref, "editor");
  const { name, revision } = parseInput(ZSetTag, input);
  if (revision > env.headRevision) {
    throw new AppError("invalid_input", `Revision ${revision} does not exist; the newest is ${env.headRevision}.`, { revision: "No such revision." });
  }
  const row = await db().$transaction(async (tx) => {
    const saved = await tx.revisionTag.upsert({
      where: { environmentId_name: { environmentId: env.id, name } },
      create: { environmentId: env.id, name, revision, createdById: actor.userId },
      update: { revision },
    });
    await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "tag.set", target: formatRef(ref), detail: { tag: name, revision } }, tx);
    return saved;
  });
  return { name: row.name, revision: row.revision, updatedAt: row.updatedAt.toISOString(), builtIn: false };
}

export async function deleteTag(actor: Actor, ref: EnvironmentRef, tagName: string): Promise<void> {
  const { org, env } = await requireEnvironment(actor, ref, "editor");
  if (tagName === "latest") throw new AppError("invalid_input", "“latest” is built in and cannot be deleted.");
  const deleted = await db().revisionTag.deleteMany({ where: { environmentId: env.id, name: tagName } });
  if (deleted.count === 0) throw new AppError("not_found", `${formatRef(ref)} has no tag "${tagName}".`);
  await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "tag.delete", target: formatRef(ref), detail: { tag: tagName } });
}
