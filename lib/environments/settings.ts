// Environment settings (ESC's `GET|PATCH …/settings`): today only deletion protection, which
// deleteEnvironment enforces.
import "server-only";
import { z } from "zod";
import { db } from "../db/client";
import { parseInput } from "../validation/form";
import { recordAudit } from "../audit/record";
import type { Actor } from "../auth/actor";
import { requireEnvironment } from "./access";
import { formatRef, type EnvironmentRef } from "./schema";

export interface EnvironmentSettingsDto {
  deletionProtected: boolean;
}

export const ZPatchSettings = z.object({ deletionProtected: z.boolean({ message: "deletionProtected is true or false." }).optional() }).strict();

export async function getSettings(actor: Actor, ref: EnvironmentRef): Promise<EnvironmentSettingsDto> {
  const { env } = await requireEnvironment(actor, ref, "reader");
  const row = await db().environment.findUniqueOrThrow({ where: { id: env.id }, select: { deletionProtected: true } });
  return { deletionProtected: row.deletionProtected };
}

/** Changing protection takes the right that deleting takes. */
export async function patchSettings(actor: Actor, ref: EnvironmentRef, input: unknown): Promise<EnvironmentSettingsDto> {
  const { org, env } = await requireEnvironment(actor, ref, "admin");
  const patch = parseInput(ZPatchSettings, input);
  const row = await db().$transaction(async (tx) => {
    const updated = await tx.environment.update({ where: { id: env.id }, data: patch, select: { deletionProtected: true } });
    await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "environment.settings", target: formatRef(ref), detail: patch }, tx);
    return updated;
  });
  return { deletionProtected: row.deletionProtected };
}
