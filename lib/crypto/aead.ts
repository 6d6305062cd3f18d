// AES-256-GCM with a leading format byte: version ‖ 12-byte nonce ‖ ciphertext ‖ 16-byte tag.
// Every sealed thing in Ferry has this shape; what differs is the key (master key for the
// pre-hierarchy format, a data key or the master key wrapping one for format 2) and the
// associated data, which says what the bytes are for so they cannot be moved elsewhere.
import "server-only";
import { createCipheriv, createDecipheriv } from "node:crypto";
import { uniqueBytes } from "./unique-bytes";

const NONCE = 12;
const TAG = 16;
export const AEAD_OVERHEAD = 1 + NONCE + TAG;

/** The bytes did not open: wrong key, wrong associated data, altered, or not this format. */
export class AeadError extends Error {}

export function sealAead(key: Uint8Array, version: number, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  const nonce = uniqueBytes(NONCE);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([version]), nonce, body, cipher.getAuthTag()]);
}

export function openAead(key: Uint8Array, version: number, sealed: Uint8Array, aad: Uint8Array): Buffer {
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (buf.length < AEAD_OVERHEAD) throw new AeadError("too short");
  if (buf[0] !== version) throw new AeadError(`format ${buf[0]}, expected ${version}`);
  const decipher = createDecipheriv("aes-256-gcm", key, buf.subarray(1, 1 + NONCE));
  decipher.setAAD(aad);
  decipher.setAuthTag(buf.subarray(buf.length - TAG));
  try {
    return Buffer.concat([decipher.update(buf.subarray(1 + NONCE, buf.length - TAG)), decipher.final()]);
  } catch {
    throw new AeadError("authentication failed");
  }
}
