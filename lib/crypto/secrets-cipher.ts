// The Encrypter/Decrypter pair the language core uses for fn::secret ciphertexts, backed by the
// master key. Server-only.
import type { Decrypter, Encrypter } from "../esc/edit";
import { config } from "../config";
import { loadMasterKey, open, seal } from "./master-key";

let key: Buffer | undefined;

function masterKey(): Buffer {
  // Created (if ever) by verifyMasterKey at start; here a missing key is an error.
  return (key ??= loadMasterKey({ masterKey: process.env.FERRY_MASTER_KEY, dataDir: config().dataDir }, { create: false }));
}

export const secretsEncrypter: Encrypter = {
  async encrypt(plaintext) {
    return seal(masterKey(), plaintext);
  },
};

export const secretsDecrypter: Decrypter = {
  async decrypt(ciphertext) {
    return open(masterKey(), ciphertext);
  },
};

/** Seals arbitrary server data (signing keys, open sessions) under the master key. */
export function sealData(plaintext: string, purpose: string): string {
  return seal(masterKey(), Buffer.from(plaintext, "utf8"), Buffer.from(`ferry-${purpose}`)).toString("base64");
}

export function openData(sealed: string, purpose: string): string {
  return open(masterKey(), Buffer.from(sealed, "base64"), Buffer.from(`ferry-${purpose}`)).toString("utf8");
}
