// Cloning an environment (ESC's `POST …/{env}/clone`, `esc env clone`): a new environment in
// the same organization whose definition — and, when asked, whole history, revision tags and
// access grants — is the source's. Every copied revision is re-sealed for the new environment
// inside the transaction that writes it (see reseal.ts): a ciphertext never travels as is.
import "server-only";
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import { parseInput } from "../validation/form";
import { zWholeNumber } from "../validation/numbers";
import { recordAudit } from "../audit/record";
import { isUniqueViolation } from "../db/unique-violation";
import { newRowId } from "../db/ids";
import type { Actor } from "../auth/actor";
import { requireEnvironment } from "./access";
import { projectRight } from "../access/effective-right";
import { rank } from "../access/rights";
import { resealerFor } from "./reseal";
import { RETRACTION_FIELDS } from "./retract";
import { servedText } from "./versions";
import { formatRef, type EnvironmentRef } from "./schema";
import { ZEnvironmentName, ZProjectName } from "../validation/names";

const flag = z.boolean({ message: "Preserve options are true or false." }).optional().default(false);

export const ZCloneEnvironment = z
  .object({
    project: z.string().trim().optional().transform((p) => p || undefined).pipe(ZProjectName.optional()),
    name: ZEnvironmentName,
    /** the revision to clone (default: the newest); with preserveHistory, history up to it */
    version: zWholeNumber("version must be a revision number.").pipe(z.number().int().min(0).max(2 ** 31 - 1)).optional(),
    preserveHistory: flag,
    preserveAccess: flag,
    // Ferry has no environment (key/value) tags yet, so there is nothing to preserve; accepted
    // so that ESC clients sending it keep working.
    preserveEnvironmentTags: flag,
    preserveRevisionTags: flag,
  })
  .strict();

/**
 * Clones `source` within its organization. Copying the secrets hands them to whoever can read
 * the clone, so the caller needs the open right on the source (the right that reveals them), as
 * well as membership to create the new environment.
 */
export async function cloneEnvironment(actor: Actor, source: EnvironmentRef, input: unknown): Promise<EnvironmentRef> {
  const { org, env, role } = await requireEnvironment(actor, source, "opener");
  const opts = parseInput(ZCloneEnvironment, input);
  const upTo = opts.version && opts.version > 0 ? opts.version : env.headRevision;
  if (upTo > env.headRevision) throw new AppError("invalid_input", `${formatRef(source)} has no revision ${upTo}; the newest is ${env.headRevision}.`);
  const target: EnvironmentRef = { org: org.name, project: opts.project ?? env.project, name: opts.name };
  // creating the copy takes what creating any environment there takes: write on its project
  const mayWrite = await projectRight({ userId: actor.userId, role, org }, target.project);
  if (!mayWrite || rank(mayWrite) < rank("editor")) {
    throw new AppError("forbidden", `You can't create environments in ${target.project}: ask an admin of ${org.name} for write access to it.`);
  }
  const id = newRowId();
  const reseal = await resealerFor({ id: env.id, organizationId: org.id }, { id, organizationId: org.id });

  const revisions = await db().revision.findMany({
    where: { environmentId: env.id, number: opts.preserveHistory ? { lte: upTo } : upTo },
    orderBy: { number: "asc" },
    select: { number: true, yaml: true, message: true, authorId: true, createdAt: true, ...RETRACTION_FIELDS },
  });
  // Without history the copy is what the cloned revision serves (its replacement's text if it was retracted).
  if (!opts.preserveHistory) revisions[0].yaml = (await servedText(env.id, upTo))!;
  // Re-sealing is CPU work; doing it before the transaction keeps SQLite's write lock short.
  const copies: typeof revisions = [];
  for (const r of revisions) copies.push({ ...r, yaml: await reseal(r.yaml) });
  const tags = opts.preserveRevisionTags && opts.preserveHistory ? await db().revisionTag.findMany({ where: { environmentId: env.id, revision: { lte: upTo } } }) : [];
  const grants = opts.preserveAccess ? await db().accessGrant.findMany({ where: { organizationId: org.id, environmentId: env.id } }) : [];

  try {
    await db().$transaction(async (tx) => {
      await tx.environment.create({ data: { id, organizationId: org.id, project: target.project, name: target.name, headRevision: opts.preserveHistory ? upTo : 1 } });
      if (opts.preserveHistory) {
        // retractions travel with the history, so a retracted text stays unserved in the copy
        await tx.revision.createMany({ data: copies.map((r) => ({ environmentId: id, number: r.number, yaml: r.yaml, message: r.message, authorId: r.authorId, createdAt: r.createdAt, retractedAt: r.retractedAt, retractedBy: r.retractedBy, retractedReason: r.retractedReason, retractedReplacement: r.retractedReplacement })) });
      } else {
        await tx.revision.create({ data: { environmentId: id, number: 1, yaml: copies[0].yaml, authorId: actor.userId, message: `Cloned from ${formatRef(source)} at revision ${upTo}` } });
      }
      if (tags.length) await tx.revisionTag.createMany({ data: tags.map((t) => ({ environmentId: id, name: t.name, revision: t.revision, createdById: actor.userId })) });
      if (grants.length) {
        await tx.accessGrant.createMany({
          data: grants.map((g) => ({ organizationId: org.id, project: target.project, environmentId: id, userId: g.userId, teamId: g.teamId, scope: `env:${id}`, subject: g.subject, permission: g.permission })),
        });
      }
      await recordAudit(
        { organizationId: org.id, actorId: actor.userId, action: "environment.clone", target: formatRef(target), detail: { from: formatRef(source), revision: upTo, history: opts.preserveHistory, access: opts.preserveAccess, revisionTags: tags.length } },
        tx,
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("conflict", `${target.project}/${target.name} already exists.`, { name: "An environment with this name already exists in that project." });
    throw e;
  }
  return target;
}
