import { db } from "../db/client";
import { parseInput } from "../validation/form";
import { recordAudit } from "../audit/record";
import type { Actor } from "../auth/actor";
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
