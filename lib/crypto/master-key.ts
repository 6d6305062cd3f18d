// The deployment's master key (AES-256) protects secrets at rest: fn::secret ciphertexts, OIDC
// signing keys, open sessions. It comes from FERRY_MASTER_KEY (base64 or hex of 32 bytes) or,
// for the embedded default, from <data dir>/master.key, generated with mode 0600 on first start.
// It is never stored in the database: a database dump alone reveals no secret.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const MASTER_KEY_FILE = "master.key";

export class MasterKeyError extends Error {}

function decodeKey(raw: string, source: string): Buffer {
  const text = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  if (key.length !== 32) {
    throw new MasterKeyError(`${source} must hold 32 bytes as base64 or 64 hex digits (got ${key.length} bytes).`);
  }
  return key;
}

export interface KeySource {
  masterKey?: string; // FERRY_MASTER_KEY
  dataDir: string;
}

/** Reads the master key; with `create`, generates the key file when there is none. */
export function loadMasterKey(src: KeySource, opts: { create: boolean }): Buffer {
  if (src.masterKey) return decodeKey(src.masterKey, "FERRY_MASTER_KEY");
  const file = path.join(src.dataDir, MASTER_KEY_FILE);
  if (existsSync(file)) return decodeKey(readFileSync(file, "utf8"), file);
  if (!opts.create) {
    throw new MasterKeyError(
      `The master key is missing: ${file} does not exist and FERRY_MASTER_KEY is not set, but this database holds data encrypted with a master key. Restore the key file or set FERRY_MASTER_KEY; Ferry will not start with a new key, which could not decrypt existing secrets.`,
    );
  }
  const key = randomBytes(32);
  writeFileSync(file, key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  return key;
}

const VERSION = 1;
const AAD = Buffer.from("ferry-secret-v1");

/** AES-256-GCM: version byte ‖ 12-byte nonce ‖ ciphertext ‖ 16-byte tag. */
export function seal(key: Buffer, plaintext: Uint8Array, context = AAD): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(context);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, body, cipher.getAuthTag()]);
}

export function open(key: Buffer, sealed: Uint8Array, context = AAD): Buffer {
  const buf = Buffer.from(sealed);
  if (buf.length < 1 + 12 + 16 || buf[0] !== VERSION) throw new MasterKeyError("not a Ferry ciphertext");
  const decipher = createDecipheriv("aes-256-gcm", key, buf.subarray(1, 13));
  decipher.setAAD(context);
  decipher.setAuthTag(buf.subarray(buf.length - 16));
  try {
    return Buffer.concat([decipher.update(buf.subarray(13, buf.length - 16)), decipher.final()]);
  } catch {
    throw new MasterKeyError("ciphertext was not made with this deployment's master key, or was altered");
  }
}
