// Deployment-wide secrets every instance shares (today: the session-signing secret), stored
// sealed under the instance data key so that a database backup alone cannot forge a session.
import "server-only";
import { randomBytes } from "node:crypto";
import { isUniqueViolation } from "../db/unique-violation";
import { keyRing, type KeyRing } from "./key-ring";
import { SealedDataError, isSealedServerData, openServerData, sealServerData, sealedLabels } from "./server-data";

export const SESSION_SIGNING = "session-signing";
export const INSTANCE_SECRETS = [SESSION_SIGNING] as const;
export type InstanceSecretName = (typeof INSTANCE_SECRETS)[number];

/** Creates the instance secrets that do not exist yet; instances starting together agree on one. */
export async function ensureInstanceSecrets(ring: KeyRing = keyRing()): Promise<void> {
  for (const name of INSTANCE_SECRETS) {
    if (await ring.db.instanceSecret.findUnique({ where: { name }, select: { name: true } })) continue;
    const value = await sealServerData(randomBytes(32).toString("base64url"), { instance: true }, sealedLabels.instanceSecret(name), ring);
    await ring.db.instanceSecret.create({ data: { name, value } }).catch((e) => {
      if (!isUniqueViolation(e)) throw e;
    });
  }
}

export async function readInstanceSecret(name: InstanceSecretName, ring: KeyRing = keyRing()): Promise<string> {
  const row = await ring.db.instanceSecret.findUnique({ where: { name } });
  if (!row) throw new Error(`The database has no ${name} secret: start Ferry with \`npm start\`, which prepares it.`);
  if (isSealedServerData(row.value)) return openServerData(row.value, { instance: true }, sealedLabels.instanceSecret(name), null, ring);
  // Written in plaintext before the key hierarchy; readable only until the upgrade seals it.
  if (await ring.legacyReadable()) return row.value;
  throw new SealedDataError(`the ${name} secret is not sealed, and unsealed values are no longer accepted`);
}

export const sessionSigningSecret = (ring?: KeyRing) => readInstanceSecret(SESSION_SIGNING, ring);
