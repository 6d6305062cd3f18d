import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { parseInput } from "../validation/form";
import { recordAudit } from "../audit/record";
import { isUniqueViolation } from "../users/users";
import type { Actor, Caller } from "../auth/actor";
import { requireMembership } from "../orgs/access";
import { requireEnvironment, requireEnvironmentWithHead, type EnvironmentAccess, type Right } from "./access";
import { projectRight, visibleScopes } from "../access/effective-right";
import { rank } from "../access/rights";
import { encryptForStorage } from "./secrets-at-rest";
import { RETRACTION_FIELDS, retractionOf, type RetractionDto } from "./retract";
import { newRowId } from "../db/ids";
import {
  DEFAULT_DEFINITION,
  ZCreateEnvironment,
  ZDeleteEnvironment,
  ZSaveDefinition,
  formatRef,
  type EnvironmentRef,
  type TSaveDefinition,
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
  /** set when the revision was retracted: it serves its replacement's definition */
  retracted?: RetractionDto;
}

export async function listEnvironments(actor: Actor, orgName: string): Promise<EnvironmentSummaryDto[]> {
  const { org, role } = await requireMembership(actor, orgName);
  const scopes = await visibleScopes({ userId: actor.userId, role, org });
  const rows = await db().environment.findMany({
    where: { organizationId: org.id, ...(scopes && { OR: [{ id: { in: scopes.environmentIds } }, { project: { in: scopes.projects } }] }) },
    select: { project: true, name: true, headRevision: true, updatedAt: true },
    orderBy: [{ project: "asc" }, { name: "asc" }],
  });
  return rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));
}

/** Creates an environment whose revision 1 is the given (or a starter) definition. */
export async function createEnvironment(actor: Actor, orgName: string, input: unknown, opts: { message?: string | null } = {}): Promise<EnvironmentRef> {
  const { org, role } = await requireMembership(actor, orgName);
  const { project, name, yaml: plain } = parseInput(ZCreateEnvironment, input);
  const mayWrite = await projectRight({ userId: actor.userId, role, org }, project);
  if (!mayWrite || rank(mayWrite) < rank("editor")) {
    throw new AppError("forbidden", `You can't create environments in ${project}: ask an admin of ${org.name} for write access to it.`);
  }
  // The id exists before the row so that the secrets can be sealed for this environment.
  const id = newRowId();
  const yaml = plain === undefined ? undefined : await encryptForStorage(plain, { id, organizationId: org.id });
  const ref = { org: org.name, project, name };
  try {
    await db().$transaction(async (tx) => {
      const env = await tx.environment.create({ data: { id, organizationId: org.id, project, name, headRevision: 1 } });
      await tx.revision.create({
        data: { environmentId: env.id, number: 1, yaml: yaml ?? DEFAULT_DEFINITION, authorId: actor.userId, message: opts.message === undefined ? "Created" : opts.message },
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

export async function getEnvironment(caller: Caller, ref: EnvironmentRef): Promise<EnvironmentDto> {
  const { org, env, right, headYaml } = await requireEnvironmentWithHead(caller, ref);
  if (headYaml === null) throw notFound("Revision");
  return {
    org: org.name,
    project: env.project,
    name: env.name,
    headRevision: env.headRevision,
    yaml: headYaml,
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
  const access = await requireEnvironment(actor, ref, "editor");
  return saveAuthorized(actor, access, ref, parseInput(ZSaveDefinition, input));
}

/** Saves for an editor access already checked (lib/environments/save-checked.ts checks first). */
export async function saveAuthorized(actor: Actor, { org, env }: Pick<EnvironmentAccess, "org" | "env">, ref: EnvironmentRef, parsed: TSaveDefinition): Promise<RevisionDto> {
  const yaml = await encryptForStorage(parsed.yaml, { id: env.id, organizationId: org.id });
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

/** A page of revisions, newest first: those numbered below `before`, at most `count` of them (ESC's paging). */
export interface RevisionPage {
  before?: number;
  count?: number;
}

export async function listRevisions(actor: Actor, ref: EnvironmentRef, page: RevisionPage = {}): Promise<RevisionDto[]> {
  const { env } = await requireEnvironment(actor, ref);
  const [rows, tags] = await Promise.all([
    db().revision.findMany({
      where: { environmentId: env.id, ...(page.before === undefined ? {} : { number: { lt: page.before } }) },
      orderBy: { number: "desc" },
      ...(page.count === undefined ? {} : { take: page.count }),
      select: { number: true, message: true, createdAt: true, author: { select: { email: true } }, ...RETRACTION_FIELDS },
    }),
    db().revisionTag.findMany({ where: { environmentId: env.id }, select: { name: true, revision: true }, orderBy: { name: "asc" } }),
  ]);
  return rows.map((r) => ({
    number: r.number,
    message: r.message,
    author: r.author?.email ?? null,
    createdAt: r.createdAt.toISOString(),
    ...retractionOf(r),
    tags: [...(r.number === env.headRevision ? ["latest"] : []), ...tags.filter((t) => t.revision === r.number).map((t) => t.name)],
  }));
}

/** Deletes an environment and its history: the console's form, where the person typed its name. */
export async function deleteEnvironmentConfirmed(actor: Actor, ref: EnvironmentRef, input: unknown): Promise<void> {
  const access = await requireEnvironment(actor, ref, "admin");
  const { confirm } = parseInput(ZDeleteEnvironment, input);
  if (confirm.trim() !== access.env.name) {
    throw new AppError("invalid_input", `Type "${access.env.name}" to confirm deletion.`, { confirm: `Type "${access.env.name}" to confirm.` });
  }
  await removeEnvironment(actor, access, ref);
}

/** Deletes an environment and its history (the REST API's DELETE, which has no confirmation step). */
export async function deleteEnvironment(actor: Actor, ref: EnvironmentRef): Promise<void> {
  await removeEnvironment(actor, await requireEnvironment(actor, ref, "admin"), ref);
}

async function removeEnvironment(actor: Actor, { org, env }: Pick<EnvironmentAccess, "org" | "env">, ref: EnvironmentRef): Promise<void> {
  await db().$transaction(async (tx) => {
    // checked inside the transaction, so a protection set a moment ago is honoured
    const removed = await tx.environment.deleteMany({ where: { id: env.id, deletionProtected: false } });
    if (removed.count === 0) {
      throw new AppError("conflict", `${formatRef(ref)} is protected from deletion. Turn deletion protection off in its settings first (ferry env settings set ${ref.project}/${ref.name} deletion-protected false).`);
    }
    await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "environment.delete", target: formatRef(ref) }, tx);
  });
}
