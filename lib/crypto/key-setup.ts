// At every start (and before every admin command): proves that the master key in hand is the one
// this database's keys are wrapped by, so a lost or wrong key is a clear startup error and never
// silent garbage; sets up the hierarchy on a new database; finishes a rotation that was
// interrupted between the database commit and the key file's replacement.
import "server-only";
import { existsSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { isUniqueViolation } from "../db/unique-violation";
import { AeadError, openAead } from "./aead";
import { ensureInstanceSecrets } from "./instance-secrets";
import { KEYRING_STATE_ID, keyRing, type KeyRing } from "./key-ring";
import { LocalKeyWrapper } from "./key-wrapper";
import { LEGACY_FORMAT, LEGACY_SECRET_AAD } from "./legacy-format";
import { MasterKeyError, decodeKey, loadMasterKey, rotatedKeyFile } from "./master-key";

/** The pre-hierarchy proof of the master key: a known text sealed directly under it. */
export const LEGACY_KEY_CHECK = "master-key-check";
const LEGACY_KEY_CHECK_TEXT = "ferry master key check";

const mismatch = (mine: string, source: string, theirs: string) =>
  new MasterKeyError(
    `The master key ${mine} (from ${source}) does not match this database, whose keys are wrapped by ${theirs}. Set FERRY_MASTER_KEY (or restore master.key in the data directory) to the key with that id; Ferry will not start with another key, which could not decrypt existing secrets.`,
  );

/** Returns notes for the operator (e.g. a finished rotation). Throws MasterKeyError on a wrong key. */
export async function prepareKeys(ring: KeyRing = keyRing()): Promise<string[]> {
  const notes: string[] = [];
  const db = ring.db;
  let state = await db.keyringState.findUnique({ where: { id: KEYRING_STATE_ID } });
  const legacyCheck = await db.instanceSecret.findUnique({ where: { name: LEGACY_KEY_CHECK } });
  const source = ring.masterKey;
  const fresh = !state && !legacyCheck && (await db.dataKey.count()) === 0;
  if (fresh && source.file) loadMasterKey({ dataDir: path.dirname(source.file) }, { create: true });
  if (state && source.file) {
    const finished = finishInterruptedRotation(source.file, state.wrappedBy);
    if (finished) notes.push(finished);
  }
  const wrapper = new LocalKeyWrapper(source.read());
  ring.forget();

  if (legacyCheck && !state) {
    // An upgrade from before the hierarchy: nothing may be wrapped until the key is proven.
    if (!opensLegacyCheck(source.read(), legacyCheck.value)) throw mismatch(wrapper.id, source.description, "another master key");
  }
  if (!state) {
    try {
      state = await db.keyringState.create({ data: { id: KEYRING_STATE_ID, wrappedBy: wrapper.id } });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      state = await db.keyringState.findUniqueOrThrow({ where: { id: KEYRING_STATE_ID } });
    }
  }
  if (state.wrappedBy !== wrapper.id) throw mismatch(wrapper.id, source.description, state.wrappedBy);
  try {
    await ring.dataKey({ instance: true }, { create: true });
  } catch (e) {
    if (e instanceof MasterKeyError) throw mismatch(wrapper.id, source.description, state.wrappedBy);
    throw e;
  }
  await ensureInstanceSecrets(ring);
  return notes;
}

function opensLegacyCheck(key: Buffer, value: string): boolean {
  try {
    return openAead(key, LEGACY_FORMAT, Buffer.from(value, "base64"), Buffer.from(LEGACY_SECRET_AAD)).toString() === LEGACY_KEY_CHECK_TEXT;
  } catch (e) {
    if (e instanceof AeadError) return false;
    throw e;
  }
}

/**
 * A rotation writes the new key to master.key.<id>, commits the database, then renames the file
 * onto master.key. If it stopped between the last two steps, the database already names the new
 * key and the file next to master.key holds it: put it in place.
 */
function finishInterruptedRotation(keyFile: string, wrappedBy: string): string | undefined {
  const id = wrappedBy.replace(/^local:/, "");
  const pending = rotatedKeyFile(path.dirname(keyFile), id);
  if (!existsSync(pending)) return undefined;
  const current = existsSync(keyFile) ? new LocalKeyWrapper(decodeKey(readFileSync(keyFile, "utf8"), keyFile)).id : undefined;
  if (current === wrappedBy) return undefined;
  if (new LocalKeyWrapper(decodeKey(readFileSync(pending, "utf8"), pending)).id !== wrappedBy) return undefined;
  renameSync(pending, keyFile);
  return `finished an interrupted master-key rotation: ${keyFile} now holds ${id}`;
}
