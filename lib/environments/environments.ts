import { db } from "../db/client";
import { AppError } from "../errors";
import { parseInput } from "../validation/form";
import { recordAudit } from "../audit/record";
import { isUniqueViolation } from "../users/users";
import type { Actor } from "../auth/actor";
import { requireMembership } from "../orgs/access";
import { requireEnvironment, type Right } from "./access";
import { encryptForStorage } from "./secrets-at-rest";
import {
  DEFAULT_DEFINITION,
  ZCreateEnvironment,
  ZDeleteEnvironment,
  ZSaveDefinition,
  formatRef,
  type EnvironmentRef,
} from "./schema";

export interface EnvironmentSummaryDto {
  project: string;
  name: string;
  headRevision: number;
  updatedAt: string;
}

export interface EnvironmentDto extends EnvironmentSummaryDto {
  org: string;
  yaml: string;
  createdAt: string;
  /** what the actor may do with it */
  right: Right;
}

export interface RevisionDto {
  number: number;
  message: string | null;
  author: string | null;
  createdAt: string;
  /** tags pointing at this revision, "latest" included */
  tags?: string[];
}

export async function listEnvironments(actor: Actor, orgName: string): Promise<EnvironmentSummaryDto[]> {
  const { org } = await requireMembership(actor, orgName);
  const rows = await db().environment.findMany({
    where: { organizationId: org.id },
    select: { project: true, name: true, headRevision: true, updatedAt: true },
    orderBy: [{ project: "asc" }, { name: "asc" }],
  });
  return rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));
}

/** Creates an environment whose revision 1 is the given (or a starter) definition. */
export async function createEnvironment(actor: Actor, orgName: string, input: unknown): Promise<EnvironmentRef> {
  const { org } = await requireMembership(actor, orgName);
  const { project, name, yaml: plain } = parseInput(ZCreateEnvironment, input);
  const yaml = plain === undefined ? undefined : await encryptForStorage(plain);
  const ref = { org: org.name, project, name };
  try {
    await db().$transaction(async (tx) => {
      const env = await tx.environment.create({ data: { organizationId: org.id, project, name, headRevision: 1 } });
      await tx.revision.create({
        data: { environmentId: env.id, number: 1, yaml: yaml ?? DEFAULT_DEFINITION, authorId: actor.userId, message: "Created" },
      });
      await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "environment.create", target: formatRef(ref) }, tx);
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("conflict", `${project}/${name} already exists.`, { name: "An environment with this name already exists in that project." });
    }
    throw e;
  }
  return ref;
}

export async function getEnvironment(actor: Actor, ref: EnvironmentRef): Promise<EnvironmentDto> {
  const { org, env, right } = await requireEnvironment(actor, ref);
  const head = await db().revision.findUniqueOrThrow({
    where: { environmentId_number: { environmentId: env.id, number: env.headRevision } },
  });
  return {
    org: org.name,
    project: env.project,
    name: env.name,
    headRevision: env.headRevision,
    yaml: head.yaml,
    createdAt: env.createdAt.toISOString(),
    updatedAt: env.updatedAt.toISOString(),
    right,
  };
}

/**
 * Saves a definition as the next revision. The number comes from an atomic increment of the
 * environment row inside the transaction, so concurrent saves serialize on that row: no two get
 * the same number and none is lost. With baseRevision, a save on top of a revision that is no
 * longer current is refused as a conflict instead of silently replacing someone's work.
 */
export async function saveDefinition(actor: Actor, ref: EnvironmentRef, input: unknown): Promise<RevisionDto> {
  const { org, env } = await requireEnvironment(actor, ref, "editor");
  const parsed = parseInput(ZSaveDefinition, input);
  const yaml = await encryptForStorage(parsed.yaml);
  const { message, baseRevision } = parsed;
  const revision = await db().$transaction(async (tx) => {
    const bumped = await tx.environment.update({
      where: { id: env.id },
      data: { headRevision: { increment: 1 } },
      select: { headRevision: true },
    });
    const current = bumped.headRevision - 1;
    if (baseRevision !== undefined && baseRevision !== current) {
      throw new AppError("conflict", `Revision ${current} was saved after the revision ${baseRevision} you edited. Review the changes and save again.`);
    }
    const created = await tx.revision.create({
      data: { environmentId: env.id, number: bumped.headRevision, yaml, message, authorId: actor.userId },
      select: { number: true, message: true, createdAt: true, author: { select: { email: true } } },
    });
    await recordAudit(
      { organizationId: org.id, actorId: actor.userId, action: "revision.save", target: formatRef(ref), detail: { revision: created.number } },
      tx,
    );
    return created;
  });
  return { number: revision.number, message: revision.message, author: revision.author?.email ?? null, createdAt: revision.createdAt.toISOString() };
}

export async function listRevisions(actor: Actor, ref: EnvironmentRef): Promise<RevisionDto[]> {
  const { env } = await requireEnvironment(actor, ref);
  const [rows, tags] = await Promise.all([
    db().revision.findMany({
      where: { environmentId: env.id },
      orderBy: { number: "desc" },
      select: { number: true, message: true, createdAt: true, author: { select: { email: true } } },
    }),
    db().revisionTag.findMany({ where: { environmentId: env.id }, select: { name: true, revision: true }, orderBy: { name: "asc" } }),
  ]);
  return rows.map((r) => ({
    number: r.number,
    message: r.message,
    author: r.author?.email ?? null,
    createdAt: r.createdAt.toISOString(),
    tags: [...(r.number === env.headRevision ? ["latest"] : []), ...tags.filter((t) => t.revision === r.number).map((t) => t.name)],
  }));
}

/** Deletes an environment and its history. The caller must type the environment's name. */
export async function deleteEnvironment(actor: Actor, ref: EnvironmentRef, input: unknown): Promise<void> {
  const { org, env } = await requireEnvironment(actor, ref, "admin");
  const { confirm } = parseInput(ZDeleteEnvironment, input);
  if (confirm.trim() !== env.name) {
    throw new AppError("invalid_input", `Type "${env.name}" to confirm deletion.`, { confirm: `Type "${env.name}" to confirm.` });
  }
  await db().$transaction(async (tx) => {
    await tx.environment.delete({ where: { id: env.id } });
    await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "environment.delete", target: formatRef(ref) }, tx);
  });
}
