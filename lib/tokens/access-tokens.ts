import "server-only";
import { db, rawDate } from "../db/client";
import { hotRead, sqlTemplate } from "../db/hot-reads";
import { parseInput } from "../validation/form";
import { recordAudit } from "../audit/record";
import { AppError, notFound } from "../errors";
import { isPresentedToken, type Actor, type Caller, type PresentedToken } from "../auth/actor";
import { PAT_PREFIX, hashToken, newToken } from "./secret-token";
import { ZCreateAccessToken } from "./schema";

export interface CreatedAccessToken {
  id: string;
  name: string;
  /** shown once; only its hash is kept */
  token: string;
  expiresAt: string | null;
}

/** Creates a personal access token for the acting user. */
export async function createAccessToken(actor: Actor, input: unknown): Promise<CreatedAccessToken> {
  const { name, expiresAt } = parseInput(ZCreateAccessToken, input);
  const token = newToken(PAT_PREFIX);
  const row = await db().accessToken.create({
    data: { userId: actor.userId, name, tokenHash: hashToken(token), prefix: token.slice(0, PAT_PREFIX.length + 4), expiresAt },
  });
  await recordAudit({ actorId: actor.userId, action: "token.create", target: name });
  return { id: row.id, name, token, expiresAt: row.expiresAt?.toISOString() ?? null };
}

export interface AccessTokenDto {
  id: string;
  name: string;
  /** the first characters, enough to recognise a token without revealing it */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: "active" | "expired" | "revoked";
}

function statusOf(row: { expiresAt: Date | null; revokedAt: Date | null }, now = Date.now()): AccessTokenDto["status"] {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt.getTime() <= now) return "expired";
  return "active";
}

/** The acting user's tokens, newest first. */
export async function listAccessTokens(actor: Actor): Promise<AccessTokenDto[]> {
  const rows = await db().accessToken.findMany({ where: { userId: actor.userId }, orderBy: { createdAt: "desc" } });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    status: statusOf(r),
  }));
}

/** Revokes one of the acting user's tokens; someone else's token reads as not found. */
export async function revokeAccessToken(actor: Actor, id: string): Promise<void> {
  if (typeof id !== "string") throw notFound("Token");
  const row = await db().accessToken.findFirst({ where: { id, userId: actor.userId } });
  if (!row) throw notFound("Token");
  if (row.revokedAt) return;
  await db().accessToken.update({ where: { id }, data: { revokedAt: new Date() } });
  await recordAudit({ actorId: actor.userId, action: "token.revoke", target: row.name });
}

/** lastUsedAt is a hint for humans; writing it on every request would serialize API traffic. */
const LAST_USED_GRANULARITY_MS = 60_000;

/** A token as presented, refused at once when it cannot be a Ferry access token (no database read). */
export function presentToken(token: string): PresentedToken {
  if (typeof token !== "string" || !token.startsWith(PAT_PREFIX) || token.length > 200) {
    throw new AppError("unauthenticated", "That is not a Ferry access token. Create one under Tokens in the console.");
  }
  return { tokenHash: hashToken(token) };
}

/**
 * The columns a query that checks a presented token selects, from TOKEN_FROM: a query in another
 * domain may check the token in the same round trip as what it reads, and hand the row to
 * actorOfToken. The token's hash is the parameter of `t."tokenHash" = ?`.
 */
export const TOKEN_COLUMNS = `t."id" AS "tokenId", t."userId" AS "userId", u."email" AS "login", t."expiresAt" AS "expiresAt", t."revokedAt" AS "revokedAt", t."lastUsedAt" AS "lastUsedAt"`;
export const TOKEN_FROM = `"AccessToken" t JOIN "User" u ON u."id" = t."userId"`;

export interface TokenRow {
  tokenId: string;
  userId: string;
  login: string;
  expiresAt: unknown;
  revokedAt: unknown;
  lastUsedAt: unknown;
}

const TOKEN_READ = sqlTemplate(`SELECT ${TOKEN_COLUMNS} FROM ${TOKEN_FROM} WHERE t."tokenHash" = `, "");

/**
 * The user a personal access token acts for. Revocation and expiry are read from the database on
 * every call (no cache), so a revoked token stops working on every instance at once.
 */
export async function authenticateAccessToken(token: string): Promise<Actor> {
  return actorOf(presentToken(token));
}

/** The actor of a caller: a presented token is checked here, with its own read. */
export async function actorOf(caller: Caller): Promise<Actor> {
  if (!isPresentedToken(caller)) return caller;
  return actorOfToken((await hotRead<TokenRow[]>(TOKEN_READ, caller.tokenHash))[0]);
}

/**
 * Checks the row of a presented token (TOKEN_COLUMNS; undefined when no token has its hash):
 * the user it acts for, or "unauthenticated" saying why not.
 */
export async function actorOfToken(found: TokenRow | undefined): Promise<Actor> {
  if (!found) throw new AppError("unauthenticated", "The access token was not recognised. Log in again with a new token.");
  const row = { expiresAt: rawDate(found.expiresAt), revokedAt: rawDate(found.revokedAt), lastUsedAt: rawDate(found.lastUsedAt) };
  const status = statusOf(row);
  if (status === "revoked") throw new AppError("unauthenticated", "The access token has been revoked. Log in again with a new token.");
  if (status === "expired") throw new AppError("unauthenticated", "The access token has expired. Log in again with a new token.");
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await db().accessToken.update({ where: { id: found.tokenId }, data: { lastUsedAt: now } });
  }
  return { userId: found.userId, login: found.login };
}
