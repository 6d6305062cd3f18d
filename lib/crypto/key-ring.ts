// The key hierarchy: master key → data keys → sealed values. Data keys are random AES-256 keys,
// one per organization (its fn::secret ciphertexts and open sessions) and one for the instance
// (server secrets); stored only wrapped (DataKey rows), unwrapped only into this process's memory.
//
// Every use reads the data key's row (one primary-key lookup), so a master-key rotation made by
// another process is noticed at once: the row names a different wrapping key. An instance whose
// key comes from the data directory's master.key re-reads that file and carries on; one whose key
// comes from FERRY_MASTER_KEY cannot, and fails closed with a message naming both keys.
import "server-only";
import { randomBytes } from "node:crypto";
import { db as defaultDb, type Db } from "../db/client";
import { config } from "../config";
import { hotReadOn } from "../db/hot-reads";
import { isUniqueViolation } from "../db/unique-violation";
import { openAead } from "./aead";
import { LocalKeyWrapper, type KeyWrapper } from "./key-wrapper";
import { MasterKeyError, masterKeySource, type MasterKeySource } from "./master-key";

export const KEYRING_STATE_ID = "keyring";
export const INSTANCE_KEY_ID = "instance";
export const organizationKeyId = (organizationId: string) => `org:${organizationId}`;

export type DataKeyScope = { instance: true } | { organizationId: string };

const scopeId = (s: DataKeyScope) => ("instance" in s ? INSTANCE_KEY_ID : organizationKeyId(s.organizationId));

interface CachedKey {
  wrappedBy: string;
  wrappedKey: string;
  key: Buffer;
}

export interface KeyRingOptions {
  db?: () => Db;
  masterKey: MasterKeySource;
}

export class KeyRing {
  readonly #db: () => Db;
  readonly masterKey: MasterKeySource;
  #raw: Buffer | undefined;
  #wrapper: LocalKeyWrapper | undefined;
  readonly #cache = new Map<string, CachedKey>();
  #legacyRetired = false;

  constructor(opts: KeyRingOptions) {
    this.#db = opts.db ?? defaultDb;
    this.masterKey = opts.masterKey;
  }

  get db(): Db {
    return this.#db();
  }

  /** The key-encryption step as this process has it now. */
  wrapper(): KeyWrapper {
    return this.#local();
  }

  #local(): LocalKeyWrapper {
    if (!this.#wrapper) {
      this.#raw = this.masterKey.read();
      this.#wrapper = new LocalKeyWrapper(this.#raw);
    }
    return this.#wrapper;
  }

  /**
   * The database names another wrapping key than ours: re-read a key file (a rotation replaced
   * it), or fail closed. Never falls back to the old key for anything new.
   */
  #catchUp(databaseKey: string): KeyWrapper {
    const mine = this.#local();
    if (mine.id === databaseKey) return mine;
    if (this.masterKey.file) {
      this.#wrapper = undefined;
      const reread = this.#local();
      if (reread.id === databaseKey) return reread;
    }
    throw new MasterKeyError(
      `The master key was changed: this database's keys are wrapped by ${databaseKey}, but this instance has ${this.#local().id} (from ${this.masterKey.description}). Give every instance the new master key and restart it.`,
    );
  }

  /** The unwrapped data key, or undefined when it does not exist and `create` is false. */
  async dataKey(scope: DataKeyScope, opts: { create: boolean }): Promise<Buffer | undefined> {
    const id = scopeId(scope);
    // read on every use, not cached: a key another instance re-wrapped or deleted counts at once
    // (hot read: this runs twice per open, and Prisma's query compiler cost more than the query)
    let row: { wrappedBy: string; wrappedKey: string } | undefined = (await hotReadOn(this.db)<{ wrappedBy: string; wrappedKey: string }[]>`SELECT "wrappedBy", "wrappedKey" FROM "DataKey" WHERE "id" = ${id}`)[0];
    if (!row) {
      if (!opts.create) return undefined;
      row = await this.#create(id, "organizationId" in scope ? scope.organizationId : null);
    }
    const cached = this.#cache.get(id);
    if (cached && cached.wrappedBy === row.wrappedBy && cached.wrappedKey === row.wrappedKey) return cached.key;
    const wrapper = this.#catchUp(row.wrappedBy);
    const key = Buffer.from(await wrapper.unwrap(Buffer.from(row.wrappedKey, "base64"), id));
    this.#cache.set(id, { wrappedBy: row.wrappedBy, wrappedKey: row.wrappedKey, key });
    return key;
  }

  /**
   * Makes a data key under the current wrapping key. The no-op update of the keyring row holds
   * that row for the transaction, so a rotation either waits for this key (and re-wraps it) or
   * has already committed, in which case the update matches nothing and we fail closed rather
   * than store a key wrapped by a retired master key.
   */
  async #create(id: string, organizationId: string | null, attempt = 0): Promise<{ wrappedBy: string; wrappedKey: string }> {
    const wrapper = this.#local();
    const wrappedKey = Buffer.from(await wrapper.wrap(randomBytes(32), id)).toString("base64");
    let rotated: string | undefined;
    try {
      await this.db.$transaction(async (tx) => {
        const held = await tx.keyringState.updateMany({ where: { id: KEYRING_STATE_ID, wrappedBy: wrapper.id }, data: { wrappedBy: wrapper.id } });
        if (held.count === 1) {
          await tx.dataKey.create({ data: { id, organizationId, wrappedKey, wrappedBy: wrapper.id } });
          return;
        }
        const state = await tx.keyringState.findUnique({ where: { id: KEYRING_STATE_ID }, select: { wrappedBy: true } });
        if (!state) throw new MasterKeyError("The key hierarchy is not set up: start Ferry with `npm start` (or run `npm run admin`), which prepares it.");
        rotated = state.wrappedBy;
      });
    } catch (e) {
      // Another instance made this key first: use theirs.
      if (!isUniqueViolation(e)) throw e;
    }
    if (rotated !== undefined) {
      this.#catchUp(rotated);
      if (attempt > 0) throw new MasterKeyError("The master key changed twice while a data key was being made; try again.");
      return this.#create(id, organizationId, attempt + 1);
    }
    return this.db.dataKey.findUniqueOrThrow({ where: { id }, select: { wrappedBy: true, wrappedKey: true } });
  }

  /** Until the upgrade from single-key ciphertexts has finished, they still read. */
  async legacyReadable(): Promise<boolean> {
    if (this.#legacyRetired) return false;
    const state = await this.db.keyringState.findUnique({ where: { id: KEYRING_STATE_ID }, select: { legacyRetiredAt: true } });
    this.#legacyRetired = !!state?.legacyRetiredAt;
    return !this.#legacyRetired;
  }

  /** Opens a pre-hierarchy value (format 1: sealed directly under the master key). */
  openLegacy(sealed: Uint8Array, aad: string): Buffer {
    this.#local();
    return openAead(this.#raw!, 1, sealed, Buffer.from(aad));
  }

  /** Forgets every unwrapped key and the master key read, as a restart would (after a rotation). */
  forget(): void {
    this.#cache.clear();
    this.#wrapper = undefined;
    this.#raw = undefined;
    this.#legacyRetired = false;
  }
}

const globalForRing = globalThis as unknown as { ferryKeyRing?: KeyRing };

/** The process-wide key ring, reading the master key the way `npm start` configures it. */
export function keyRing(): KeyRing {
  return (globalForRing.ferryKeyRing ??= new KeyRing({
    masterKey: masterKeySource({ masterKey: process.env.FERRY_MASTER_KEY, dataDir: config().dataDir }),
  }));
}
