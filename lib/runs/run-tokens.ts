// One-shot run commands: a hashed bearer token pinned to one revision of one environment,
// redeemed by the CLI for that revision's projection. Redemption acts with the creator's rights
// as they are at that moment, and the use is counted by a conditional UPDATE inside a
// transaction, so concurrent redemptions (on any number of instances) never exceed maxUses.
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { parseInput } from "../validation/form";
import { recordAudit } from "../audit/record";
import type { Actor } from "../auth/actor";
import { can, requireEnvironment } from "../environments/access";
import { openEnvironmentAs } from "../environments/evaluate";
import { formatRef, type EnvironmentRef } from "../environments/schema";
import { resolveRevision } from "../environments/versions";
import type { Diagnostic, ProjectedValue } from "../esc";
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

export interface AuditInfo {
  address?: string;
  userAgent?: string;
}

/** Creates a run token. Requires the right to open the environment. */
export async function createRunToken(actor: Actor, ref: EnvironmentRef, input: unknown, info: AuditInfo = {}): Promise<CreatedRunToken> {
  const { org, env } = await requireEnvironment(actor, ref, "opener");
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

function statusOf(t: { revokedAt: Date | null; uses: number; maxUses: number; expiresAt: Date }, now = Date.now()): RunTokenStatus {
  if (t.revokedAt) return "revoked";
  if (t.uses >= t.maxUses) return "used";
  if (t.expiresAt.getTime() <= now) return "expired";
  return "active";
}

const parseCommand = (c: string | null): string[] | null => {
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

async function findByToken(token: string) {
  if (typeof token !== "string" || !token.startsWith(RUN_TOKEN_PREFIX) || token.length > 200) return null;
  return db().runToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { environment: { select: { project: true, name: true, organization: { select: { name: true } } } } },
  });
}

type TokenRow = NonNullable<Awaited<ReturnType<typeof findByToken>>>;

const refOf = (t: TokenRow): EnvironmentRef => ({ org: t.environment.organization.name, project: t.environment.project, name: t.environment.name });

const UNKNOWN = () => new RunTokenError("unknown", "This run command was not recognised: check that the whole line was copied, or ask for a new one.");

function refusal(status: Exclude<RunTokenStatus, "active">, t: TokenRow): RunTokenError {
  switch (status) {
    case "used":
      return new RunTokenError("used", `This run command has already been used${t.maxUses > 1 ? ` ${t.maxUses} times` : ""}. Ask for a new one.`);
    case "expired":
      return new RunTokenError("expired", `This run command expired at ${t.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC. Ask for a new one.`);
    case "revoked":
      return new RunTokenError("revoked", "This run command was revoked. Ask for a new one.");
  }
}

export interface RunTokenInfoDto {
  environment: string;
  revision: number;
  expiresAt: string;
  usesLeft: number;
  command: string[] | null;
  status: RunTokenStatus;
}

/** What a token is for, without using it. */
export async function lookupRunToken(token: string): Promise<RunTokenInfoDto> {
  const t = await findByToken(token);
  if (!t) throw UNKNOWN();
  return {
    environment: formatRef(refOf(t)),
    revision: t.revision,
    expiresAt: t.expiresAt.toISOString(),
    usesLeft: Math.max(0, t.maxUses - t.uses),
    command: parseCommand(t.command),
    status: statusOf(t),
  };
}

export interface RedeemedRunDto {
  environment: string;
  revision: number;
  environmentVariables: Record<string, ProjectedValue>;
  files: Record<string, ProjectedValue>;
  command: string[] | null;
}

async function recordAttempt(runTokenId: string, outcome: string, info: AuditInfo) {
  return db().runTokenAttempt.create({
    data: { runTokenId, outcome, address: info.address?.slice(0, 64) ?? null, userAgent: info.userAgent?.slice(0, 256) ?? null },
    select: { id: true },
  });
}

const errorSummary = (ds: Diagnostic[]) =>
  ds
    .filter((d) => d.severity === "error")
    .slice(0, 5)
    .map((d) => d.summary)
    .join("; ");

/**
 * SQLite in WAL mode answers "busy" at once (no waiting) when a transaction's snapshot went stale
 * because another process wrote first; the transaction did nothing, so running it again is safe.
 */
async function retryWhenBusy<T>(fn: () => Promise<T>, attempts = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      const code = (e as { code?: string }).code;
      const busy = code === "P1008" || /timed out|SQLITE_BUSY|database is locked/i.test((e as Error).message ?? "");
      if (!busy || i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 10 * i + Math.random() * 40));
    }
  }
}

/**
 * Uses a run token once: opens the pinned revision now (fresh provider credentials) as the
 * token's creator and returns the projection. Every attempt is recorded. A use that ends in an
 * evaluation failure is given back, so an outage does not burn a teammate's only use.
 */
export async function redeemRunToken(token: string, info: AuditInfo = {}): Promise<RedeemedRunDto> {
  const t = await findByToken(token);
  if (!t) throw UNKNOWN();
  const ref = refOf(t);
  const status = statusOf(t);
  if (status !== "active") {
    await recordAttempt(t.id, status, info);
    throw refusal(status, t);
  }
  const creator: Actor = { userId: t.createdById };
  try {
    await requireEnvironment(creator, ref, "opener");
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    await recordAttempt(t.id, "forbidden", info);
    throw new RunTokenError("forbidden", "This run command no longer works: the person who created it can no longer open the environment.");
  }

  const now = new Date();
  const attemptId = await retryWhenBusy(() => db().$transaction(async (tx) => {
    const burnt = await tx.runToken.updateMany({
      where: { id: t.id, revokedAt: null, expiresAt: { gt: now }, uses: { lt: tx.runToken.fields.maxUses } },
      data: { uses: { increment: 1 } },
    });
    if (burnt.count !== 1) return null;
    const attempt = await tx.runTokenAttempt.create({
      data: { runTokenId: t.id, outcome: "redeemed", address: info.address?.slice(0, 64) ?? null, userAgent: info.userAgent?.slice(0, 256) ?? null },
      select: { id: true },
    });
    return attempt.id;
    // Redemptions of one token queue on its row (and, on SQLite, on the database's write lock):
    // wait for the queue rather than fail a teammate's run with a timeout.
  }, { maxWait: 20_000, timeout: 20_000 }));
  if (!attemptId) {
    // Lost a race with another redemption (or a revocation): classify from the current row.
    const fresh = (await findByToken(token)) ?? t;
    const s = statusOf(fresh);
    const reason = s === "active" ? "used" : s;
    await recordAttempt(t.id, reason, info);
    throw refusal(reason, fresh);
  }

  const giveBack = async () => {
    await retryWhenBusy(() =>
      db().$transaction([
        db().runToken.update({ where: { id: t.id }, data: { uses: { decrement: 1 } } }),
        db().runTokenAttempt.update({ where: { id: attemptId }, data: { outcome: "failed" } }),
      ]),
    );
  };
  let opened;
  try {
    opened = await openEnvironmentAs(creator, ref, { version: String(t.revision) }, { via: "run-token", address: info.address, userAgent: info.userAgent });
  } catch (e) {
    await giveBack();
    throw e;
  }
  const errors = errorSummary(opened.diagnostics);
  if (errors) {
    await giveBack();
    throw new AppError("invalid_input", `Revision ${t.revision} of ${formatRef(ref)} could not be opened: ${errors}`);
  }
  return {
    environment: formatRef(ref),
    revision: opened.revision,
    environmentVariables: opened.environmentVariables,
    files: opened.files,
    command: parseCommand(t.command),
  };
}
