// Master-key rotation: every data key is unwrapped with the old master key and wrapped with the
// new one, in one transaction; no sealed value is touched, so the cost is O(data keys), not
// O(revisions). The new key is on disk before the database commits to it (master.key.<id>, or
// the operator's --new-key-file), so no crash can leave the database wrapped by a key nobody has.
import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { KEYRING_STATE_ID, keyRing, type KeyRing } from "./key-ring";
import { LocalKeyWrapper } from "./key-wrapper";
import { MasterKeyError, decodeKey, masterKeyId, rotatedKeyFile, writeKeyFile } from "./master-key";

export interface RotationResult {
  previousId: string;
  newId: string;
  dataKeys: number;
  /** where the new key is now */
  keyFile: string;
  /** true when keyFile is the data directory's master.key, which instances re-read */
  replacedMasterKeyFile: boolean;
}

export async function rotateMasterKey(opts: { dataDir: string; newKeyFile?: string }, ring: KeyRing = keyRing()): Promise<RotationResult> {
  const source = ring.masterKey;
  const oldKey = source.read();
  const oldWrapper = new LocalKeyWrapper(oldKey);
  const state = await ring.db.keyringState.findUnique({ where: { id: KEYRING_STATE_ID } });
  if (!state) throw new MasterKeyError("The key hierarchy is not set up: start Ferry once before rotating its master key.");
  if (state.wrappedBy !== oldWrapper.id) {
    throw new MasterKeyError(`The master key ${oldWrapper.id} (from ${source.description}) is not the one this database uses (${state.wrappedBy}); nothing was changed.`);
  }
  if (!state.legacyRetiredAt) {
    throw new MasterKeyError("Secrets from before the key hierarchy are still being upgraded (they are sealed directly under the current key); start Ferry once to finish that, then rotate.");
  }

  const newKey = opts.newKeyFile ? readNewKey(opts.newKeyFile) : randomBytes(32);
  if (newKey.equals(oldKey)) throw new MasterKeyError("The new master key is the current one; nothing was changed.");
  const newWrapper = new LocalKeyWrapper(newKey);
  // The copy that will replace master.key (or, for FERRY_MASTER_KEY, the only copy of a
  // generated key), written and flushed before anything in the database changes.
  const staged = source.file || !opts.newKeyFile ? rotatedKeyFile(source.file ? path.dirname(source.file) : opts.dataDir, masterKeyId(newKey)) : undefined;
  if (staged && !existsSync(staged)) writeKeyFile(staged, newKey);

  const dataKeys = await ring.db.$transaction(
    async (tx) => {
      // Holds the keyring row, so no data key can be made under the old key meanwhile.
      const held = await tx.keyringState.updateMany({ where: { id: KEYRING_STATE_ID, wrappedBy: oldWrapper.id }, data: { wrappedBy: newWrapper.id } });
      if (held.count !== 1) throw new MasterKeyError("Another rotation changed the master key first; nothing was changed.");
      const rows = await tx.dataKey.findMany({ select: { id: true, wrappedKey: true } });
      for (const row of rows) {
        const plain = await oldWrapper.unwrap(Buffer.from(row.wrappedKey, "base64"), row.id);
        const wrappedKey = Buffer.from(await newWrapper.wrap(plain, row.id)).toString("base64");
        const updated = await tx.dataKey.updateMany({ where: { id: row.id, wrappedKey: row.wrappedKey }, data: { wrappedKey, wrappedBy: newWrapper.id } });
        if (updated.count !== 1) throw new MasterKeyError(`Data key ${row.id} changed during the rotation; nothing was changed.`);
      }
      return rows.length;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );

  if (source.file && staged) {
    renameSync(staged, source.file);
    ring.forget();
    return { previousId: oldWrapper.id, newId: newWrapper.id, dataKeys, keyFile: source.file, replacedMasterKeyFile: true };
  }
  ring.forget();
  return { previousId: oldWrapper.id, newId: newWrapper.id, dataKeys, keyFile: staged ?? opts.newKeyFile!, replacedMasterKeyFile: false };
}

function readNewKey(file: string): Buffer {
  if (!existsSync(file)) throw new MasterKeyError(`${file} does not exist.`);
  return decodeKey(readFileSync(file, "utf8"), file);
}
