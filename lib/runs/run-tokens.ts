// One-shot run commands: a hashed bearer token pinned to one revision of one environment,
// redeemed by the CLI for that revision's projection (lib/runs/redeem.ts). This file creates,
// lists and revokes them, for people who may open the environment.
import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { parseInput } from "../validation/form";
import { recordAudit, type RequestInfo } from "../audit/record";
import type { Actor } from "../auth/actor";
import { can, requireEnvironment } from "../environments/access";
import { formatRef, type EnvironmentRef } from "../environments/schema";
import { resolveRevision } from "../environments/versions";
import { hashToken, newToken } from "../tokens/secret-token";
import { RUN_TOKEN_PREFIX, ZCreateRunToken } from "./schema";

export type RunTokenStatus = "active" | "used" | "expired" | "revoked";
export type RunTokenFailure = "unknown" | "used" | "expired" | "revoked" | "forbidden";

/** A refused redemption; `reason` lets the CLI and the API tell the cases apart. */
export class RunTokenError extends AppError {
  constructor(
    readonly reason: RunTokenFailure,
    message: string,
  ) {
    super(reason === "unknown" ? "unauthenticated" : reason === "forbidden" ? "not_found" : "conflict", message);
  }
}

export interface CreatedRunToken {
  id: string;
  /** shown once; only its hash is kept */
  token: string;
  environment: string;
  revision: number;
  expiresAt: string;
  maxUses: number;
  command: string[] | null;
}

export type AuditInfo = RequestInfo;

/** Creates a run token. Requires the right to open the environment. */
export async function createRunToken(actor: Actor, ref: EnvironmentRef, input: unknown, info: AuditInfo = {}): Promise<CreatedRunToken> {
  const { org, env } = await requireEnvironment(actor, ref, "opener", { action: "run-token.create", ...info });
  const { version, ttlSeconds, uses, command } = parseInput(ZCreateRunToken, input);
  const found = await resolveRevision(org.id, { project: env.project, name: env.name, version });
  if (!found) throw new AppError("invalid_input", `${env.project}/${env.name} has no revision or tag "${version}".`, { version: "No such revision." });
  const token = newToken(RUN_TOKEN_PREFIX);
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const row = await db().$transaction(async (tx) => {
    const created = await tx.runToken.create({
      data: {
        environmentId: env.id,
        revision: found.revision,
        tokenHash: hashToken(token),
        prefix: token.slice(0, RUN_TOKEN_PREFIX.length + 4),
        createdById: actor.userId,
        command: command?.length ? JSON.stringify(command) : null,
        maxUses: uses,
        expiresAt,
      },
    });
    await recordAudit(
      {
        organizationId: org.id,
        actorId: actor.userId,
        action: "run-token.create",
        target: formatRef(ref),
        detail: { id: created.id, revision: found.revision, maxUses: uses, ttlSeconds },
        address: info.address,
        userAgent: info.userAgent,
      },
      tx,
    );
    return created;
  });
  return {
    id: row.id,
    token,
    environment: formatRef({ org: org.name, project: env.project, name: env.name }),
    revision: found.revision,
    expiresAt: expiresAt.toISOString(),
    maxUses: uses,
    command: command?.length ? command : null,
  };
}

export interface RunTokenAttemptDto {
  outcome: string;
  address: string | null;
  userAgent: string | null;
  createdAt: string;
}

export interface RunTokenDto {
  id: string;
  prefix: string;
  revision: number;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  maxUses: number;
  uses: number;
  command: string[] | null;
  status: RunTokenStatus;
  attempts: RunTokenAttemptDto[];
  /** true when the viewer may revoke it */
  canRevoke: boolean;
}

export function statusOf(t: { revokedAt: Date | null; uses: number; maxUses: number; expiresAt: Date }, now = Date.now()): RunTokenStatus {
  if (t.revokedAt) return "revoked";
  if (t.uses >= t.maxUses) return "used";
  if (t.expiresAt.getTime() <= now) return "expired";
  return "active";
}

export const parseCommand = (c: string | null): string[] | null => {
  if (!c) return null;
  try {
    const v = JSON.parse(c);
    return Array.isArray(v) ? v.map(String) : null;
  } catch {
    return null;
  }
};

/** The environment's run tokens, newest first, each with its redemption attempts. */
export async function listRunTokens(actor: Actor, ref: EnvironmentRef): Promise<RunTokenDto[]> {
  const access = await requireEnvironment(actor, ref, "opener");
  const rows = await db().runToken.findMany({
    where: { environmentId: access.env.id },
    orderBy: { createdAt: "desc" },
    take: 200,
    include: { createdBy: { select: { email: true } }, attempts: { orderBy: { createdAt: "desc" }, take: 50 } },
  });
  return rows.map((r) => ({
    id: r.id,
    prefix: r.prefix,
    revision: r.revision,
    createdBy: r.createdBy.email,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    maxUses: r.maxUses,
    uses: r.uses,
    command: parseCommand(r.command),
    status: statusOf(r),
    attempts: r.attempts.map((a) => ({ outcome: a.outcome, address: a.address, userAgent: a.userAgent, createdAt: a.createdAt.toISOString() })),
    canRevoke: statusOf(r) === "active" && (r.createdById === actor.userId || can(access, "editor")),
  }));
}

/** Revokes a token: its creator, or anyone who may edit the environment. */
export async function revokeRunToken(actor: Actor, ref: EnvironmentRef, id: string): Promise<void> {
  const access = await requireEnvironment(actor, ref, "opener");
  const row = typeof id === "string" ? await db().runToken.findFirst({ where: { id, environmentId: access.env.id } }) : null;
  if (!row) throw notFound("Run command");
  if (row.createdById !== actor.userId && !can(access, "editor")) {
    throw new AppError("forbidden", "Only its creator or an editor of the environment can revoke this run command.");
  }
  if (row.revokedAt) return;
  await db().$transaction(async (tx) => {
    await tx.runToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAudit({ organizationId: access.org.id, actorId: actor.userId, action: "run-token.revoke", target: formatRef(ref), detail: { id } }, tx);
  });
}

/** Revokes every active run token of an environment (for example after a leak). */
export async function revokeAllRunTokens(actor: Actor, ref: EnvironmentRef): Promise<number> {
  const access = await requireEnvironment(actor, ref, "editor");
  const { count } = await db().runToken.updateMany({ where: { environmentId: access.env.id, revokedAt: null }, data: { revokedAt: new Date() } });
  await recordAudit({ organizationId: access.org.id, actorId: actor.userId, action: "run-token.revoke-all", target: formatRef(ref), detail: { count } });
  return count;
}
