// The in-place upgrade from single-key values (format 1, legacy-format.ts) to the hierarchy: every
// fn::secret ciphertext in every stored revision is re-sealed for the environment that holds it;
// open sessions, OIDC private keys and instance secrets are re-sealed under their data keys.
//
// Safe to interrupt and to run on several instances at once: each row is rewritten by a
// conditional update that only matches while the row still holds what was read, so a row is
// never written from a stale copy, and a re-run picks up whatever is still in the old format.
// When a whole pass finds nothing left to do, the completion is recorded and from then on the
// old format is refused everywhere (key-ring.ts legacyReadable).
import "server-only";
import { isEditError, resealSecrets } from "../esc/edit";
import { AeadError } from "./aead";
import { INSTANCE_SECRETS } from "./instance-secrets";
import { KEYRING_STATE_ID, keyRing, type KeyRing } from "./key-ring";
import { LEGACY_KEY_CHECK } from "./key-setup";
import { LEGACY_SECRET_AAD, isLegacy, legacyDataAad } from "./legacy-format";
import { encrypterFor, type EnvironmentBinding } from "./secrets-cipher";
import { isSealedServerData, sealServerData, sealedLabels } from "./server-data";
import type { Encrypter } from "../esc/edit";

export interface UpgradeReport {
  alreadyDone: boolean;
  /** rows rewritten, per table */
  resealed: { revisions: number; openSessions: number; signingKeys: number; instanceSecrets: number };
  /** old-format values that do not open with this master key (they never decrypted here); left as they were */
  unreadable: string[];
  /** the completion was recorded: the old format is refused from now on */
  finished: boolean;
}

const BATCH = 100;
const MAX_PASSES = 3;

export async function upgradeLegacySecrets(ring: KeyRing = keyRing()): Promise<UpgradeReport> {
  const db = ring.db;
  const state = await db.keyringState.findUnique({ where: { id: KEYRING_STATE_ID } });
  if (!state) throw new Error("The key hierarchy is not set up yet (prepareKeys runs first).");
  const report: UpgradeReport = { alreadyDone: !!state.legacyRetiredAt, resealed: { revisions: 0, openSessions: 0, signingKeys: 0, instanceSecrets: 0 }, unreadable: [], finished: !!state.legacyRetiredAt };
  if (state.legacyRetiredAt) return report;
  const run = new Upgrade(ring, report);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    report.unreadable = [];
    // An old-version instance may still be writing the old format; only a pass that changes
    // nothing proves there is nothing left.
    if ((await run.pass()) === 0) {
      await db.keyringState.updateMany({ where: { id: KEYRING_STATE_ID, legacyRetiredAt: null }, data: { legacyRetiredAt: new Date() } });
      await db.instanceSecret.deleteMany({ where: { name: LEGACY_KEY_CHECK } });
      report.finished = true;
      break;
    }
  }
  return report;
}

class Upgrade {
  readonly #encrypters = new Map<string, Promise<Encrypter>>();

  constructor(
    readonly ring: KeyRing,
    readonly report: UpgradeReport,
  ) {}

  get db() {
    return this.ring.db;
  }

  async pass(): Promise<number> {
    return (await this.revisions()) + (await this.openSessions()) + (await this.signingKeys()) + (await this.instanceSecrets());
  }

  #legacyOpen(bytes: Uint8Array, aad: string, what: string): Buffer | null {
    try {
      return this.ring.openLegacy(bytes, aad);
    } catch (e) {
      if (!(e instanceof AeadError)) throw e;
      this.report.unreadable.push(what);
      return null;
    }
  }

  #encrypter(env: EnvironmentBinding): Promise<Encrypter> {
    let e = this.#encrypters.get(env.id);
    if (!e) this.#encrypters.set(env.id, (e = encrypterFor(env, this.ring)));
    return e;
  }

  async revisions(): Promise<number> {
    let changed = 0;
    for (let cursor = ""; ; ) {
      const rows = await this.db.revision.findMany({
        where: { id: { gt: cursor }, yaml: { contains: "ciphertext" } },
        select: { id: true, number: true, yaml: true, environment: { select: { id: true, organizationId: true, project: true, name: true } } },
        orderBy: { id: "asc" },
        take: BATCH,
      });
      if (rows.length === 0) return changed;
      cursor = rows[rows.length - 1].id;
      for (const row of rows) {
        const env = row.environment;
        const where = `${env.project}/${env.name} revision ${row.number}`;
        let next: string;
        try {
          next = await resealSecrets(row.yaml, async (inner, path) => {
            if (!isLegacy(inner)) return null;
            const plain = this.#legacyOpen(inner, LEGACY_SECRET_AAD, `${where} at ${path}`);
            return plain && (await this.#encrypter(env)).encrypt(plain);
          });
        } catch (e) {
          if (!isEditError(e)) throw e;
          this.report.unreadable.push(`${where} (its secrets cannot be rewritten: ${e.message})`);
          continue;
        }
        if (next === row.yaml) continue;
        const updated = await this.db.revision.updateMany({ where: { id: row.id, yaml: row.yaml }, data: { yaml: next } });
        this.report.resealed.revisions += updated.count;
        changed++;
      }
    }
  }

  async openSessions(): Promise<number> {
    // Expired sessions are never read again: drop them rather than re-seal them.
    await this.db.openSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    let changed = 0;
    for (let cursor = ""; ; ) {
      const rows = await this.db.openSession.findMany({
        // anonymous opens (no environment) came after the legacy format: none is legacy
        // nor is one whose values are in a shared OpenResult (no values of its own)
        where: { id: { gt: cursor }, environmentId: { not: null }, valuesEncrypted: { not: null } },
        select: { id: true, valuesEncrypted: true, environment: { select: { id: true, organizationId: true } } },
        orderBy: { id: "asc" },
        take: BATCH,
      });
      if (rows.length === 0) return changed;
      cursor = rows[rows.length - 1].id;
      for (const row of rows) {
        if (!row.environment || row.valuesEncrypted === null) continue;
        const bytes = Buffer.from(row.valuesEncrypted, "base64");
        if (!isLegacy(bytes)) continue;
        const plain = this.#legacyOpen(bytes, legacyDataAad("open-session"), `open session ${row.id}`);
        if (!plain) continue;
        const label = sealedLabels.openSession(row.environment.id, row.id);
        const value = await sealServerData(plain.toString("utf8"), { organizationId: row.environment.organizationId }, label, this.ring);
        const updated = await this.db.openSession.updateMany({ where: { id: row.id, valuesEncrypted: row.valuesEncrypted }, data: { valuesEncrypted: value } });
        this.report.resealed.openSessions += updated.count;
        changed++;
      }
    }
  }

  async signingKeys(): Promise<number> {
    let changed = 0;
    const rows = await this.db.signingKey.findMany({ select: { id: true, kid: true, privateKeyEncrypted: true } });
    for (const row of rows) {
      const bytes = Buffer.from(row.privateKeyEncrypted, "base64");
      if (!isLegacy(bytes)) continue;
      const plain = this.#legacyOpen(bytes, legacyDataAad("oidc-signing-key"), `OIDC signing key ${row.kid}`);
      if (!plain) continue;
      const value = await sealServerData(plain.toString("utf8"), { instance: true }, sealedLabels.signingKey(row.kid), this.ring);
      const updated = await this.db.signingKey.updateMany({ where: { id: row.id, privateKeyEncrypted: row.privateKeyEncrypted }, data: { privateKeyEncrypted: value } });
      this.report.resealed.signingKeys += updated.count;
      changed++;
    }
    return changed;
  }

  async instanceSecrets(): Promise<number> {
    let changed = 0;
    for (const name of INSTANCE_SECRETS) {
      const row = await this.db.instanceSecret.findUnique({ where: { name } });
      if (!row || isSealedServerData(row.value)) continue;
      // Same secret, now sealed: sessions signed before the upgrade stay valid.
      const value = await sealServerData(row.value, { instance: true }, sealedLabels.instanceSecret(name), this.ring);
      const updated = await this.db.instanceSecret.updateMany({ where: { name, value: row.value }, data: { value } });
      this.report.resealed.instanceSecrets += updated.count;
      changed++;
    }
    return changed;
  }
}
