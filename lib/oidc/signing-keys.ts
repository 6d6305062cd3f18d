// The issuer's RS256 signing keys: created at first start, private halves sealed under the
// instance data key (bound to their kid), rotated by `npm run admin -- rotate-signing-key`. Server-only.
//
// Exactly one key signs (the newest unretired one). A retired key stays in the published key set
// until every token it signed has expired: tokens live at most MAX_TOKEN_LIFETIME_SECONDS, and AWS
// accepts tokens up to 5 minutes past `exp` (IAM "Create an OIDC identity provider"), so that
// much again is added.
import "server-only";
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type JWK } from "jose";
import { db } from "../db/client";
import { openServerData, sealServerData, sealedLabels } from "../crypto/server-data";
import { MAX_TOKEN_LIFETIME_SECONDS } from "./claims";

const ALG = "RS256";
export const RETIRED_KEY_GRACE_SECONDS = MAX_TOKEN_LIFETIME_SECONDS + 5 * 60;
/**
 * A key made because none signs gets an id derived from the newest retired key (or a fixed one
 * on an empty table), so instances starting together race on the primary key: one insert wins,
 * the others fail and use the winner's key.
 */
const FIRST_KEY_ID = "first-signing-key";

export interface PublicSigningJwk extends JWK {
  kid: string;
  kty: string;
  alg: string;
  use: string;
}

async function newKeyMaterial() {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk, "sha256");
  const publicJwk: PublicSigningJwk = { kty: jwk.kty!, n: jwk.n, e: jwk.e, kid, alg: ALG, use: "sig" };
  const privateKeyEncrypted = await sealServerData(await exportPKCS8(privateKey), { instance: true }, sealedLabels.signingKey(kid));
  return { kid, publicJwk: JSON.stringify(publicJwk), privateKeyEncrypted };
}

/** Makes sure a signing key exists (called at start). Returns its kid and whether it was made now. */
export async function ensureSigningKey(): Promise<{ kid: string; created: boolean }> {
  const active = await currentKeyRow();
  if (active) return { kid: active.kid, created: false };
  const material = await newKeyMaterial();
  // Derived from retired keys only: a racer's insert must not change the id the others derive.
  const newest = await db().signingKey.findFirst({ where: { retiredAt: { not: null } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } });
  const id = newest ? `after-${newest.id}`.slice(0, 190) : FIRST_KEY_ID;
  try {
    await db().signingKey.create({ data: { id, algorithm: ALG, ...material } });
    return { kid: material.kid, created: true };
  } catch (e) {
    const winner = await currentKeyRow();
    if (winner) return { kid: winner.kid, created: false };
    throw e;
  }
}

/** A new key signs from now on; every previously active key is retired but stays published. */
export async function rotateSigningKey(now = new Date()): Promise<{ kid: string; retired: { kid: string; publishUntil: Date }[] }> {
  const material = await newKeyMaterial();
  const publishUntil = new Date(now.getTime() + RETIRED_KEY_GRACE_SECONDS * 1000);
  return db().$transaction(async (tx) => {
    const previous = await tx.signingKey.findMany({ where: { retiredAt: null }, select: { kid: true } });
    await tx.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now, publishUntil } });
    await tx.signingKey.create({ data: { algorithm: ALG, ...material, createdAt: now } });
    return { kid: material.kid, retired: previous.map((p) => ({ kid: p.kid, publishUntil })) };
  });
}

function currentKeyRow() {
  return db().signingKey.findFirst({ where: { retiredAt: null }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

/** The key set verifiers fetch: the signing key and retired keys still within their grace. */
export async function publishedSigningKeys(now = new Date()): Promise<PublicSigningJwk[]> {
  const rows = await db().signingKey.findMany({
    where: { OR: [{ retiredAt: null }, { publishUntil: { gt: now } }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { publicJwk: true },
  });
  return rows.map((r) => JSON.parse(r.publicJwk) as PublicSigningJwk);
}

// Decrypting and importing costs a few milliseconds; the kid names immutable material, so the
// imported key can be kept for the life of the process.
const imported = new Map<string, CryptoKey>();

export async function currentSigningKey(): Promise<{ kid: string; key: CryptoKey }> {
  const row = (await currentKeyRow()) ?? (await ensureSigningKey().then(() => currentKeyRow()));
  if (!row) throw new Error("no OIDC signing key");
  let key = imported.get(row.kid);
  if (!key) {
    key = await importPKCS8(await openServerData(row.privateKeyEncrypted, { instance: true }, sealedLabels.signingKey(row.kid), "oidc-signing-key"), ALG);
    imported.set(row.kid, key);
  }
  return { kid: row.kid, key };
}
