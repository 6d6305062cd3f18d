// At start, proves that the master key in hand is the one the database's secrets were
// encrypted with, so a lost or wrong key is a clear startup error and never silent garbage.
import { db } from "../db/client";
import type { FerryConfig } from "../config";
import { MasterKeyError, loadMasterKey, open, seal } from "./master-key";

const CHECK_NAME = "master-key-check";
const CHECK_PLAINTEXT = "ferry master key check";

export async function verifyMasterKey(cfg: FerryConfig, env: { FERRY_MASTER_KEY?: string; [k: string]: string | undefined } = process.env): Promise<void> {
  const existing = await db().instanceSecret.findUnique({ where: { name: CHECK_NAME } });
  const key = loadMasterKey({ masterKey: env.FERRY_MASTER_KEY, dataDir: cfg.dataDir }, { create: !existing });
  if (!existing) {
    const value = seal(key, Buffer.from(CHECK_PLAINTEXT)).toString("base64");
    // Another instance may have written its check first; then ours must match theirs.
    await db().instanceSecret.createMany({ data: [{ name: CHECK_NAME, value }] }).catch(() => undefined);
    return verifyMasterKey(cfg, env);
  }
  let ok = false;
  try {
    ok = open(key, Buffer.from(existing.value, "base64")).toString() === CHECK_PLAINTEXT;
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new MasterKeyError(
      "The master key does not match the one this database's secrets were encrypted with. Set FERRY_MASTER_KEY (or restore master.key in the data directory) to the original key.",
    );
  }
}
