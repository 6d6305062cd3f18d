// Server data at rest (open sessions, OIDC private keys, the session-signing secret): format 2 ‖
// nonce ‖ AES-256-GCM under a data key, base64. The label goes into the associated data and
// names the row the value belongs to, so a value copied into another row does not open there.
import "server-only";
import { AeadError, openAead, sealAead } from "./aead";
import { keyRing, type DataKeyScope, type KeyRing } from "./key-ring";
import { LEGACY_FORMAT, legacyDataAad, type LegacyPurpose } from "./legacy-format";

export const SERVER_DATA_FORMAT = 2;
const dataAad = (label: string) => Buffer.from(`ferry/server-data/v2/${label}`);

/** The label of every sealed column, in one place so that their owners and the upgrade agree. */
export const sealedLabels = {
  openSession: (environmentId: string, sessionId: string) => `open-session/${environmentId}/${sessionId}`,
  /** an environment's opened values, shared by the open sessions that point at the row */
  openResult: (environmentId: string, resultId: string) => `open-result/${environmentId}/${resultId}`,
  anonymousOpenSession: (organizationId: string, sessionId: string) => `anonymous-open-session/${organizationId}/${sessionId}`,
  signingKey: (kid: string) => `oidc-signing-key/${kid}`,
  instanceSecret: (name: string) => `instance-secret/${name}`,
  /** Ferry's own Azure login secret, which revoking an azure-sp lease needs again */
  leaseLogin: (leaseId: string) => `lease-login/${leaseId}`,
};

/** A stored server value that does not open: altered, moved between rows, or a lost data key. */
export class SealedDataError extends Error {}

export async function sealServerData(plaintext: string, scope: DataKeyScope, label: string, ring: KeyRing = keyRing()): Promise<string> {
  const key = (await ring.dataKey(scope, { create: true }))!;
  return sealAead(key, SERVER_DATA_FORMAT, Buffer.from(plaintext, "utf8"), dataAad(label)).toString("base64");
}

/** Opens a value sealed by sealServerData or, until the upgrade has finished, by the old format. */
export async function openServerData(
  sealed: string,
  scope: DataKeyScope,
  label: string,
  legacyPurpose: LegacyPurpose | null,
  ring: KeyRing = keyRing(),
): Promise<string> {
  const bytes = Buffer.from(sealed, "base64");
  try {
    if (bytes[0] === LEGACY_FORMAT && legacyPurpose && (await ring.legacyReadable())) {
      return ring.openLegacy(bytes, legacyDataAad(legacyPurpose)).toString("utf8");
    }
    const key = await ring.dataKey(scope, { create: false });
    if (!key) throw new SealedDataError(`no data key for ${label}`);
    return openAead(key, SERVER_DATA_FORMAT, bytes, dataAad(label)).toString("utf8");
  } catch (e) {
    if (e instanceof AeadError) throw new SealedDataError(`${label} does not open: ${e.message}`);
    throw e;
  }
}

/** True for a value in the current sealed format (what the upgrade leaves behind). */
export function isSealedServerData(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return false;
  return Buffer.from(value, "base64")[0] === SERVER_DATA_FORMAT;
}
