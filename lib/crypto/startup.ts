// What every start and every admin command does after migrating: prove the master key, set up
// the key hierarchy, and upgrade values from before it (a no-op once that has finished).
import "server-only";
import { keyRing, type KeyRing } from "./key-ring";
import { prepareKeys } from "./key-setup";
import { upgradeLegacySecrets, type UpgradeReport } from "./legacy-upgrade";

export async function prepareSecretsAtRest(log: (line: string) => void, ring: KeyRing = keyRing()): Promise<UpgradeReport> {
  for (const note of await prepareKeys(ring)) log(note);
  const report = await upgradeLegacySecrets(ring);
  if (report.alreadyDone) return report;
  const r = report.resealed;
  const total = r.revisions + r.openSessions + r.signingKeys + r.instanceSecrets;
  if (total > 0) {
    log(`re-sealed secrets under the key hierarchy: ${r.revisions} revisions, ${r.openSessions} open sessions, ${r.signingKeys} OIDC keys, ${r.instanceSecrets} instance secrets`);
  }
  for (const u of report.unreadable) log(`left as it was (does not decrypt with this master key, so it never opened here): ${u}`);
  if (!report.finished) log("some secrets are still in the old format (is an older Ferry still running?); the upgrade continues at the next start");
  return report;
}
