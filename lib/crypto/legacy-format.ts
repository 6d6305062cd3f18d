// The format before the key hierarchy (format byte 1): AES-256-GCM directly under the master key,
// with one fixed associated data for every fn::secret in the deployment ("ferry-secret-v1") and
// "ferry-<purpose>" for server data. Kept only to read values that the in-place upgrade
// (legacy-upgrade.ts) has not re-sealed yet; nothing writes it any more.
import "server-only";
export const LEGACY_FORMAT = 1;
export const LEGACY_SECRET_AAD = "ferry-secret-v1";
export const legacyDataAad = (purpose: LegacyPurpose) => `ferry-${purpose}`;
export type LegacyPurpose = "open-session" | "oidc-signing-key";

export const isLegacy = (bytes: Uint8Array) => bytes.length > 0 && bytes[0] === LEGACY_FORMAT;
