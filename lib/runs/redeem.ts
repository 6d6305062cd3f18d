// Redeeming a run command (the CLI's side): what a token is for, and using it once. Redemption
// acts with the creator's rights as they are at that moment, and the use is counted by a
// conditional UPDATE inside a transaction, so concurrent redemptions (on any number of instances)
// never exceed maxUses.
import "server-only";
import { countEvent } from "../ops/metrics";
import { formatTime } from "../common/format-time";
import { db } from "../db/client";
import { AppError } from "../errors";
import type { Actor } from "../auth/actor";
import { requireEnvironment } from "../environments/access";
import { openWithAccess } from "../environments/evaluate";
import { formatRef, type EnvironmentRef } from "../environments/schema";
import type { Diagnostic, ProjectedValue } from "../esc";
import { hashToken } from "../tokens/secret-token";
import { RUN_TOKEN_PREFIX } from "./schema";
import { parseCommand, RunTokenError, statusOf, type AuditInfo, type RunTokenStatus } from "./run-tokens";

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
      return new RunTokenError("expired", `This run command expired at ${formatTime(t.expiresAt)}. Ask for a new one.`);
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
  try {
    const out = await redeem(token, info);
    countEvent(REDEMPTIONS, REDEMPTIONS_HELP, { outcome: "redeemed" });
    return out;
  } catch (e) {
    countEvent(REDEMPTIONS, REDEMPTIONS_HELP, { outcome: e instanceof RunTokenError ? e.reason : e instanceof AppError ? e.code : "error" });
    throw e;
  }
}

const REDEMPTIONS = "ferry_run_token_redemptions_total";
const REDEMPTIONS_HELP = "Run-token redemptions by outcome (an error code when refused).";

async function redeem(token: string, info: AuditInfo): Promise<RedeemedRunDto> {
  const t = await findByToken(token);
  if (!t) throw UNKNOWN();
  const ref = refOf(t);
  const status = statusOf(t);
  if (status !== "active") {
    await recordAttempt(t.id, status, info);
    throw refusal(status, t);
  }
  const creator: Actor = { userId: t.createdById };
  // The creator's open right, checked once: it authorizes the use below and the open after it.
  let access;
  try {
    access = await requireEnvironment(creator, ref, "opener");
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
    opened = await openWithAccess(creator, access, ref, { version: String(t.revision) }, { via: "run-token", runTokenId: t.id, address: info.address, userAgent: info.userAgent });
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
