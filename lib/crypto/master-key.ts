// The deployment's master key (AES-256). It only wraps data keys (lib/crypto/key-ring.ts); no
// secret is sealed under it directly. It comes from FERRY_MASTER_KEY (base64 or hex of 32 bytes)
// or, for the embedded default, from <data dir>/master.key, generated with mode 0600 on first
// start. It is never stored in the database: a database dump alone opens nothing.
import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";
import path from "node:path";

export const MASTER_KEY_FILE = "master.key";

/** A missing, malformed or wrong master key: an operator problem, reported to the operator. */
export class MasterKeyError extends Error {}

export function decodeKey(raw: string, source: string): Buffer {
  const text = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  if (key.length !== 32) {
    throw new MasterKeyError(`${source} must hold 32 bytes as base64 or 64 hex digits (got ${key.length} bytes).`);
  }
  return key;
}

export const encodeKey = (key: Uint8Array) => Buffer.from(key).toString("base64") + "\n";

/**
 * A public name for a key ("mk_" and 16 hex digits): an HMAC under the key itself, so it reveals
 * nothing about the key, yet tells an operator which of their key files a database needs.
 */
export function masterKeyId(key: Uint8Array): string {
  return "mk_" + createHmac("sha256", key).update("ferry master key id").digest("hex").slice(0, 16);
}

export interface KeySource {
  masterKey?: string; // FERRY_MASTER_KEY
  dataDir: string;
}

export interface MasterKeySource {
  /** for messages: "FERRY_MASTER_KEY" or the key file's path */
  readonly description: string;
  /** the key file, when the key comes from one: rotation replaces it and instances re-read it */
  readonly file?: string;
  read(): Buffer;
}

export function masterKeySource(src: KeySource): MasterKeySource {
  if (src.masterKey) {
    const value = src.masterKey;
    return { description: "FERRY_MASTER_KEY", read: () => decodeKey(value, "FERRY_MASTER_KEY") };
  }
  const file = path.join(src.dataDir, MASTER_KEY_FILE);
  return {
    description: file,
    file,
    read() {
      if (!existsSync(file)) {
        throw new MasterKeyError(
          `The master key is missing: ${file} does not exist and FERRY_MASTER_KEY is not set, but this database holds data encrypted with a master key. Restore the key file or set FERRY_MASTER_KEY; Ferry will not start with a new key, which could not decrypt existing secrets.`,
        );
      }
      return decodeKey(readFileSync(file, "utf8"), file);
    },
  };
}

/** Reads the master key; with `create`, generates the key file when there is none. */
export function loadMasterKey(src: KeySource, opts: { create: boolean }): Buffer {
  const source = masterKeySource(src);
  // The ignore comment: the path is the operator's data directory, known only at run time, and
  // without it the build traces the whole project into the server output.
  if (opts.create && source.file && !existsSync(/*turbopackIgnore: true*/ source.file)) {
    try {
      writeKeyFile(source.file, randomBytes(32));
    } catch (e) {
      // Another process starting at the same moment made it first; use theirs.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  return source.read();
}

/** Writes a key file that did not exist (mode 0600), flushed to disk before returning. */
export function writeKeyFile(file: string, key: Uint8Array): void {
  const fd = openSync(file, "wx", 0o600);
  try {
    writeSync(fd, encodeKey(key));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Where a rotation puts the new key before the database commits to it: master.key.<id>. */
export function rotatedKeyFile(dataDir: string, id: string): string {
  return path.join(dataDir, `${MASTER_KEY_FILE}.${id}`);
}
