// The reference test suite's cipher (ESC_CONFORMANCE.md §1.2): add 128 to every byte, so
// encryption and decryption are the same operation. For tests and conformance only.

import type { Decrypter, Encrypter } from "./secrets";

function rotate(bytes: Uint8Array): Uint8Array {
  return bytes.map((b) => (b + 128) & 0xff);
}

export const rot128: Encrypter & Decrypter = {
  encrypt: async (plaintext) => rotate(plaintext),
  decrypt: async (ciphertext) => rotate(ciphertext),
};
