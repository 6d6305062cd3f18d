// Key hierarchy benchmark (SQLite in a throwaway data directory):
//  - master-key rotation time against the number of data keys (it re-wraps keys, nothing else);
//  - the in-place upgrade's throughput on revisions sealed in the old single-key format;
//  - what binding a decrypter to an environment costs per evaluation (one data-key row read).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

export async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ferry-bench-keys-"));
  process.env.FERRY_DATA_DIR = dataDir;
  process.env.DATABASE_URL = "";
  delete process.env.FERRY_MASTER_KEY;
  try {
    const { readConfig } = await import("../lib/config");
    const { migrate } = await import("../lib/db/migrate");
    await migrate(readConfig());
    const { db } = await import("../lib/db/client");
    const { keyRing, KEYRING_STATE_ID } = await import("../lib/crypto/key-ring");
    const { prepareSecretsAtRest } = await import("../lib/crypto/startup");
    const { rotateMasterKey } = await import("../lib/crypto/rotate-master-key");
    const { upgradeLegacySecrets } = await import("../lib/crypto/legacy-upgrade");
    const { decrypterFor, encrypterFor } = await import("../lib/crypto/secrets-cipher");
    const { v1Secret } = await import("../testing/legacy-secrets");
    await prepareSecretsAtRest(() => {});

    // Organizations with a data key each, then rotations as their number grows.
    let orgs = 0;
    const owner = await db().user.create({ data: { email: "bench@example.com", passwordHash: "x" } });
    const orgIds: string[] = [];
    for (const target of [100, 1000]) {
      for (; orgs < target; orgs++) {
        const org = await db().organization.create({ data: { name: `bench-${orgs}` } });
        orgIds.push(org.id);
        await keyRing().dataKey({ organizationId: org.id }, { create: true });
      }
      const t0 = process.hrtime.bigint();
      const r = await rotateMasterKey({ dataDir });
      console.log(`rotate-master-key: ${r.dataKeys} data keys in ${ms(t0).toFixed(0)} ms`);
    }

    // The upgrade: 500 revisions with 3 old-format secrets each.
    const masterKey = keyRing().masterKey.read();
    const env = await db().environment.create({ data: { organizationId: orgIds[0], project: "p", name: "e", headRevision: 500 } });
    for (let n = 1; n <= 500; n++) {
      const yaml = `values:\n${[1, 2, 3].map((i) => `  s${i}:\n    ${v1Secret(masterKey, `secret-${n}-${i}-${randomBytes(4).toString("hex")}`)}\n`).join("")}`;
      await db().revision.create({ data: { environmentId: env.id, number: n, yaml, authorId: owner.id } });
    }
    await db().keyringState.update({ where: { id: KEYRING_STATE_ID }, data: { legacyRetiredAt: null } });
    keyRing().forget();
    let t0 = process.hrtime.bigint();
    const report = await upgradeLegacySecrets();
    console.log(`upgrade: ${report.resealed.revisions} revisions (1,500 secrets) re-sealed in ${ms(t0).toFixed(0)} ms`);

    // Decrypting: the first secret of an evaluation reads the data key's row, later ones do not.
    const binding = { id: env.id, organizationId: orgIds[0] };
    const sealed = await (await encrypterFor(binding)).encrypt(Buffer.from("value"));
    const rounds = 2000;
    t0 = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) await decrypterFor(binding).decrypt(sealed);
    const first = ms(t0) / rounds;
    const d = decrypterFor(binding);
    t0 = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) await d.decrypt(sealed);
    const next = ms(t0) / rounds;
    console.log(`decrypt: first secret of an evaluation ${(first * 1000).toFixed(0)} µs (row read + AES-GCM), each further one ${(next * 1000).toFixed(0)} µs`);
    await db().$disconnect();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
