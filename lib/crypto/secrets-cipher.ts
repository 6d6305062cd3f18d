// fn::secret ciphertexts (the bytes inside ESC's envelope): format 2 ‖ nonce ‖ AES-256-GCM under
// the organization's data key, with the environment's immutable id as associated data. A
// ciphertext pasted into any other environment (same organization or not) fails authentication
// and is reported as an invalid ciphertext at the secret, never decrypted.
//
// encrypterFor/decrypterFor are the only ways to get an Encrypter/Decrypter, and both take the
// environment the ciphertexts belong to: evaluation binds the environment being evaluated (or
// edited, for a draft), and each import its own; anything evaluated outside an environment
// passes null and decrypts nothing.
import "server-only";
import { InvalidCiphertextError } from "../esc";
import type { Decrypter, Encrypter } from "../esc/edit";
import { AeadError, openAead, sealAead } from "./aead";
import { keyRing, type KeyRing } from "./key-ring";
import { LEGACY_FORMAT, LEGACY_SECRET_AAD } from "./legacy-format";

/** What a ciphertext is bound to: an environment's id, and its organization (whose key seals it). */
export interface EnvironmentBinding {
  id: string;
  organizationId: string;
}

export const SECRET_FORMAT = 2;
const secretAad = (environmentId: string) => Buffer.from(`ferry/fn::secret/v2/env:${environmentId}`);

const notForThisEnvironment = () => new InvalidCiphertextError("it was not encrypted for this environment, or it was altered");

/** Seals plaintexts for one environment (creating its organization's data key on first use). */
export async function encrypterFor(env: EnvironmentBinding, ring: KeyRing = keyRing()): Promise<Encrypter> {
  const key = (await ring.dataKey({ organizationId: env.organizationId }, { create: true }))!;
  const aad = secretAad(env.id);
  return {
    async encrypt(plaintext) {
      return sealAead(key, SECRET_FORMAT, plaintext, aad);
    },
  };
}

/**
 * Opens ciphertexts sealed for this environment only. The data key is fetched on the first
 * decryption, so binding environments that hold no secret costs nothing.
 */
export function decrypterFor(env: EnvironmentBinding | null, ring: KeyRing = keyRing()): Decrypter {
  if (!env) {
    return {
      async decrypt() {
        throw new InvalidCiphertextError("it belongs to an environment, and this definition is not evaluated as part of one");
      },
    };
  }
  let key: Promise<Buffer | undefined> | undefined;
  return boundDecrypter(env, () => (key ??= ring.dataKey({ organizationId: env.organizationId }, { create: false })), () => ring.legacyReadable(), ring);
}

/**
 * For copying definitions between environments inside a transaction: every key is fetched now
 * (the target organization's made if it has none), so that re-sealing touches no database.
 */
export async function copyCiphers(from: EnvironmentBinding, to: EnvironmentBinding, ring: KeyRing = keyRing()): Promise<{ decrypter: Decrypter; encrypter: Encrypter }> {
  const [fromKey, encrypter, legacy] = await Promise.all([
    ring.dataKey({ organizationId: from.organizationId }, { create: false }),
    encrypterFor(to, ring),
    ring.legacyReadable(),
  ]);
  return { decrypter: boundDecrypter(from, async () => fromKey, async () => legacy, ring), encrypter };
}

function boundDecrypter(env: EnvironmentBinding, key: () => Promise<Buffer | undefined>, legacyReadable: () => Promise<boolean>, ring: KeyRing): Decrypter {
  const aad = secretAad(env.id);
  return {
    async decrypt(ciphertext) {
      if (ciphertext.length === 0) throw new InvalidCiphertextError("it is empty");
      if (ciphertext[0] === LEGACY_FORMAT) return openLegacySecret(ring, ciphertext, await legacyReadable());
      if (ciphertext[0] !== SECRET_FORMAT) throw new InvalidCiphertextError(`unsupported Ferry format ${ciphertext[0]}`);
      const k = await key();
      if (!k) throw notForThisEnvironment();
      try {
        return openAead(k, SECRET_FORMAT, ciphertext, aad);
      } catch (e) {
        if (!(e instanceof AeadError)) throw e;
        throw e.message === "too short" ? new InvalidCiphertextError("it is too short") : notForThisEnvironment();
      }
    },
  };
}

async function openLegacySecret(ring: KeyRing, ciphertext: Uint8Array, readable: boolean): Promise<Uint8Array> {
  if (!readable) throw new InvalidCiphertextError("it is in the format of an earlier Ferry release, which this deployment no longer reads");
  try {
    return ring.openLegacy(ciphertext, LEGACY_SECRET_AAD);
  } catch (e) {
    if (!(e instanceof AeadError)) throw e;
    throw new InvalidCiphertextError("it was not encrypted by this deployment, or it was altered");
  }
}
