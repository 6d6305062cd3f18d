// Readiness: can this instance serve requests? The database answers a trivial query within a
// second, and the master key can be read (without it no secret can be sealed or opened). The
// answers name which check failed, never why in detail: /readyz is unauthenticated.
import "server-only";
import { config } from "../config";
import { db } from "../db/client";
import { masterKeySource } from "../crypto/master-key";

export interface Readiness {
  ready: boolean;
  checks: { database: "ok" | "unreachable"; masterKey: "ok" | "missing" };
}

const DATABASE_TIMEOUT_MS = 1000;

async function databaseAnswers(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), DATABASE_TIMEOUT_MS)));
  try {
    return await Promise.race([db().$queryRaw`SELECT 1`.then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function masterKeyReadable(): boolean {
  try {
    masterKeySource({ masterKey: process.env.FERRY_MASTER_KEY, dataDir: config().dataDir }).read();
    return true;
  } catch {
    return false;
  }
}

export async function checkReadiness(): Promise<Readiness> {
  const [database, key] = await Promise.all([databaseAnswers(), Promise.resolve(masterKeyReadable())]);
  return { ready: database && key, checks: { database: database ? "ok" : "unreachable", masterKey: key ? "ok" : "missing" } };
}
