// Environment tags: ESC's key/value metadata on an environment ("team: payments"), distinct from
// revision tags. Readers list them; editors change them; each change is audited.
import "server-only";
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import { parseInput } from "../validation/form";
import { recordAudit } from "../audit/record";
import { isUniqueViolation } from "../db/unique-violation";
import type { Actor } from "../auth/actor";
import { requireEnvironment } from "./access";
import { formatRef, type EnvironmentRef } from "./schema";

const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;
export const ZEnvTagName = z.string({ message: "A tag name is text." }).trim().min(1, "Enter a tag name.").max(128, "A tag name can be at most 128 characters.").regex(NO_CONTROL, "A tag name cannot contain control characters.");
export const ZEnvTagValue = z.string({ message: "A tag value is text." }).max(1024, "A tag value can be at most 1024 characters.").regex(NO_CONTROL, "A tag value cannot contain control characters.");

export const ZCreateEnvTag = z.object({ name: ZEnvTagName, value: ZEnvTagValue }).strict();
/** ESC's update: the value the caller saw (a different one is a conflict), and the new name and/or value. */
export const ZUpdateEnvTag = z
  .object({
    currentTag: z.object({ name: z.string().optional(), value: ZEnvTagValue }).strict(),
    newTag: z.object({ name: ZEnvTagName.optional().or(z.literal("")), value: ZEnvTagValue.optional() }).strict(),
  })
  .strict();

export interface EnvTagDto {
  id: string;
  name: string;
  value: string;
  created: string;
  modified: string;
  editorLogin?: string;
}

type Row = { id: string; name: string; value: string; createdAt: Date; updatedAt: Date; editorLogin: string | null };
const dto = (r: Row): EnvTagDto => ({ id: r.id, name: r.name, value: r.value, created: r.createdAt.toISOString(), modified: r.updatedAt.toISOString(), ...(r.editorLogin ? { editorLogin: r.editorLogin } : {}) });
const login = async (actor: Actor) => (await db().user.findUnique({ where: { id: actor.userId }, select: { email: true } }))?.email ?? null;

/** By name; `after` (exclusive) and `count` page, as the esc CLI asks. */
export async function listEnvTags(actor: Actor, ref: EnvironmentRef, page: { after?: string; count?: number } = {}): Promise<{ tags: EnvTagDto[]; more: boolean }> {
  const { env } = await requireEnvironment(actor, ref, "reader");
  const take = page.count ?? 1000;
  const rows = await db().environmentTag.findMany({ where: { environmentId: env.id, ...(page.after ? { name: { gt: page.after } } : {}) }, orderBy: { name: "asc" }, take: take + 1 });
  return { tags: rows.slice(0, take).map(dto), more: rows.length > take };
}

export async function getEnvTag(actor: Actor, ref: EnvironmentRef, name: string): Promise<EnvTagDto> {
  const { env } = await requireEnvironment(actor, ref, "reader");
  const row = typeof name === "string" ? await db().environmentTag.findUnique({ where: { environmentId_name: { environmentId: env.id, name } } }) : null;
  if (!row) throw new AppError("not_found", `${formatRef(ref)} has no tag "${String(name).slice(0, 64)}".`);
  return dto(row);
}

export async function createEnvTag(actor: Actor, ref: EnvironmentRef, input: unknown): Promise<EnvTagDto> {
  const { org, env } = await requireEnvironment(actor, ref, "editor");
  const { name, value } = parseInput(ZCreateEnvTag, input);
  const editorLogin = await login(actor);
  try {
    return await db().$transaction(async (tx) => {
      const row = await tx.environmentTag.create({ data: { environmentId: env.id, name, value, editorLogin } });
      await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "environment.tag.create", target: formatRef(ref), detail: { name } }, tx);
      return dto(row);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("conflict", `${formatRef(ref)} already has a tag "${name}".`);
    throw e;
  }
}

export async function updateEnvTag(actor: Actor, ref: EnvironmentRef, name: string, input: unknown): Promise<EnvTagDto> {
  const { org, env } = await requireEnvironment(actor, ref, "editor");
  const { currentTag, newTag } = parseInput(ZUpdateEnvTag, input);
  const newName = newTag.name || name;
  const editorLogin = await login(actor);
  try {
    return await db().$transaction(async (tx) => {
      const row = await tx.environmentTag.findUnique({ where: { environmentId_name: { environmentId: env.id, name } } });
      if (!row) throw new AppError("not_found", `${formatRef(ref)} has no tag "${String(name).slice(0, 64)}".`);
      if (row.value !== currentTag.value) throw new AppError("conflict", `The tag "${name}" changed since you read it; read it again.`);
      const updated = await tx.environmentTag.update({ where: { id: row.id }, data: { name: newName, value: newTag.value ?? row.value, editorLogin } });
      await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "environment.tag.update", target: formatRef(ref), detail: { name, newName } }, tx);
      return dto(updated);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("conflict", `${formatRef(ref)} already has a tag "${newName}".`);
    throw e;
  }
}

export async function deleteEnvTag(actor: Actor, ref: EnvironmentRef, name: string): Promise<void> {
  const { org, env } = await requireEnvironment(actor, ref, "editor");
  const removed = typeof name === "string" ? await db().environmentTag.deleteMany({ where: { environmentId: env.id, name } }) : { count: 0 };
  if (removed.count === 0) throw new AppError("not_found", `${formatRef(ref)} has no tag "${String(name).slice(0, 64)}".`);
  await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "environment.tag.delete", target: formatRef(ref), detail: { name } });
}
