// Retracting a revision (ESC's `POST …/versions/{version}/retract`, `esc env version retract`):
// the revision stays in history, marked, but from then on it serves its replacement's definition
// (see servedText in versions.ts) — for a revision that leaked a plaintext secret, say. Every
// read path goes through resolveRevision, so nothing serves the retracted text again.
import "server-only";
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import { parseInput } from "../validation/form";
import { recordAudit } from "../audit/record";
import type { Actor } from "../auth/actor";
import { requireEnvironment } from "./access";
import { formatRef, type EnvironmentRef } from "./schema";
import { resolveRevision } from "./versions";

export interface RetractionDto {
  replacement: number;
  at: string;
  byLogin?: string;
  reason?: string;
}

export const RETRACTION_FIELDS = { retractedAt: true, retractedBy: true, retractedReason: true, retractedReplacement: true } as const;

export function retractionOf(row: { retractedAt: Date | null; retractedBy: string | null; retractedReason: string | null; retractedReplacement: number | null }): { retracted?: RetractionDto } {
  if (!row.retractedAt || row.retractedReplacement === null) return {};
  return { retracted: { replacement: row.retractedReplacement, at: row.retractedAt.toISOString(), ...(row.retractedBy ? { byLogin: row.retractedBy } : {}), ...(row.retractedReason ? { reason: row.retractedReason } : {}) } };
}

export const ZRetract = z
  .object({
    /** the revision to serve instead (default: the newest) */
    replacement: z.number({ message: "replacement must be a revision number." }).int("replacement must be a revision number.").min(1, "replacement must be a revision number.").max(2 ** 31 - 1, "replacement must be a revision number.").optional(),
    reason: z.string({ message: "reason must be text." }).max(500, "A reason can be at most 500 characters.").optional(),
  })
  .strict();

export async function retractRevision(actor: Actor, ref: EnvironmentRef, version: string, input: unknown): Promise<{ revision: number; replacement: number }> {
  const { org, env } = await requireEnvironment(actor, ref, "editor");
  const { replacement: asked, reason } = parseInput(ZRetract, input);
  const found = typeof version === "string" ? await resolveRevision(org.id, { project: env.project, name: env.name, version }) : undefined;
  if (!found) throw new AppError("not_found", `${formatRef(ref)} has no revision or tag "${String(version).slice(0, 64)}".`);
  const revision = found.revision;
  if (revision === env.headRevision) throw new AppError("invalid_input", `Revision ${revision} is the newest and cannot be retracted: save a new revision first.`);
  const replacement = asked ?? env.headRevision;
  if (replacement === revision) throw new AppError("invalid_input", "A revision cannot be replaced with itself.");
  if (replacement > env.headRevision) throw new AppError("invalid_input", `Revision ${replacement} does not exist; the newest is ${env.headRevision}.`);
  const user = await db().user.findUnique({ where: { id: actor.userId }, select: { email: true } });
  await db().$transaction(async (tx) => {
    const target = await tx.revision.findUnique({ where: { environmentId_number: { environmentId: env.id, number: replacement } }, select: { retractedAt: true } });
    if (!target || target.retractedAt) throw new AppError("invalid_input", `Revision ${replacement} is retracted itself; choose a revision that is not.`);
    // conditional update: of two retractions at once, one wins and the other hears conflict
    const marked = await tx.revision.updateMany({
      where: { environmentId: env.id, number: revision, retractedAt: null },
      data: { retractedAt: new Date(), retractedBy: user?.email ?? null, retractedReason: reason || null, retractedReplacement: replacement },
    });
    if (marked.count === 0) throw new AppError("conflict", `Revision ${revision} is already retracted.`);
    await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "revision.retract", target: formatRef(ref), detail: { revision, replacement, reason: reason || undefined } }, tx);
  });
  return { revision, replacement };
}
