// Upgrade in place: a database made by the previous release's migrations and filled the way that
// release sealed secrets opens every revision after upgrading; the upgrade survives a crash
// mid-way and two instances running it at once; afterwards the old format is refused.
import { execFile } from "node:child_process";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../config";
import { createDb, type Db } from "../db/client";
import { migrate } from "../db/migrate";
import { decodeBase64 } from "../esc/envelope";
import { listSecrets } from "../esc/edit";
import { revealEnvironmentAs, openEnvironmentAs } from "../environments/evaluate";
import { readOpenSession } from "../environments/open-sessions";
import { currentSigningKey } from "../oidc/signing-keys";
import { olderDatabase, type OlderDatabase } from "../../testing/older-database";
import { populateLegacy, v1Secret, type LegacyWorld } from "../../testing/legacy-secrets";
import { sessionSigningSecret } from "./instance-secrets";
import { KEYRING_STATE_ID, KeyRing, keyRing } from "./key-ring";
import { prepareKeys } from "./key-setup";
import { upgradeLegacySecrets } from "./legacy-upgrade";

const audit = { via: "console" as const };
const root = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
const globals = globalThis as unknown as { ferryDb?: Db; ferryKeyRing?: KeyRing };
let older: OlderDatabase;
let saved: { ferryDb?: Db; ferryKeyRing?: KeyRing };
let world: LegacyWorld;
let masterKey: Buffer;

beforeAll(async () => {
  older = await olderDatabase("0003_key_hierarchy");
  saved = { ferryDb: globals.ferryDb, ferryKeyRing: globals.ferryKeyRing };
  masterKey = keyRing().masterKey.read();
  // Closed before migrating: the migration runner's better-sqlite3 is another copy of SQLite than
  // Prisma's adapter's, and two copies in one process must not hold the same file open at once
  // (closing one drops the other's POSIX locks; https://www.sqlite.org/howtocorrupt.html §2.2).
  const populating = createDb(older.target);
  world = await populateLegacy(populating, masterKey);
  await populating.$disconnect();
});

afterAll(async () => {
  await globals.ferryDb?.$disconnect();
  Object.assign(globals, saved);
  await older.drop();
});

const db = () => globals.ferryDb!;
const actor = () => ({ userId: world.ownerId });
const ref = (r: { project: string; name: string }) => ({ org: world.org, project: r.project, name: r.name });
const innerFormats = (yaml: string) =>
  listSecrets(yaml)
    .filter((s) => s.state === "ciphertext")
    .map((s) => {
      const text = yaml.slice(s.valueRange.start.offset, s.valueRange.end.offset);
      const envelope = decodeBase64(/ciphertext: (\S+)/.exec(text)![1]);
      return envelope[8];
    });

async function expectEveryRevisionOpens() {
  for (const r of world.revisions.filter((x) => x.name !== world.foreign.name)) {
    const revealed = await revealEnvironmentAs(actor(), ref(r), { version: String(r.number) }, audit);
    expect(revealed.diagnostics, `${r.name}@${r.number}`).toEqual([]);
    for (const [k, v] of Object.entries(r.values)) expect(revealed.properties[k].value, `${r.name}@${r.number} ${k}`).toBe(v);
  }
}

/** Makes the database refuse to update one row, as if the process died when it got there. */
async function crashOnUpdateOf(revisionId: string): Promise<() => Promise<void>> {
  if (older.target.databaseUrl) {
    await db().$executeRawUnsafe(`CREATE FUNCTION simulated_crash() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$ LANGUAGE plpgsql`);
    await db().$executeRawUnsafe(`CREATE TRIGGER simulated_crash BEFORE UPDATE ON "Revision" FOR EACH ROW WHEN (OLD.id = '${revisionId}') EXECUTE FUNCTION simulated_crash()`);
    return async () => {
      await db().$executeRawUnsafe(`DROP TRIGGER simulated_crash ON "Revision"`);
      await db().$executeRawUnsafe(`DROP FUNCTION simulated_crash()`);
    };
  }
  await db().$executeRawUnsafe(`CREATE TRIGGER simulated_crash BEFORE UPDATE ON "Revision" WHEN OLD.id = '${revisionId}' BEGIN SELECT RAISE(ABORT, 'simulated crash'); END`);
  return async () => void (await db().$executeRawUnsafe(`DROP TRIGGER simulated_crash`));
}

describe("upgrading a database from before the key hierarchy", () => {
  it("migrates, proves the key, and still reads the old format until the upgrade has finished", async () => {
    // 0003 and every migration added after it
    expect((await migrate(older.target))[0]).toBe("0003_key_hierarchy");
    // From here on every lib function works on the upgraded deployment's database.
    globals.ferryDb = createDb(older.target);
    globals.ferryKeyRing = undefined;
    expect(await prepareKeys()).toEqual([]);
    expect((await db().keyringState.findUniqueOrThrow({ where: { id: KEYRING_STATE_ID } })).legacyRetiredAt).toBeNull();
    await expectEveryRevisionOpens();
    expect(await sessionSigningSecret()).toBe(world.sessionSecret);
    expect(await readOpenSession(actor(), ref(world.openSession), world.openSession.id, "db")).toMatchObject({ value: world.openSession.value });
  });

  it("resumes after a crash mid-way, runs safely on two instances at once, and then opens every revision", async () => {
    const withSecrets = await db().revision.findMany({
      where: { yaml: { contains: "ciphertext" }, environment: { name: { not: world.foreign.name } } },
      orderBy: { id: "asc" },
      select: { id: true },
    });
    const last = withSecrets.at(-1)!.id;
    const recover = await crashOnUpdateOf(last);
    // (Prisma reports SQLite's RAISE as a constraint violation; what matters is the state left.)
    await expect(upgradeLegacySecrets()).rejects.toThrow();
    await recover();
    // Part done: rows before the crash are re-sealed, the rest still old and still readable.
    const states = await Promise.all(withSecrets.map(async ({ id }) => innerFormats((await db().revision.findUniqueOrThrow({ where: { id } })).yaml)));
    expect(states.flat()).toContain(2);
    expect(states.at(-1)!.every((f) => f === 1)).toBe(true);
    expect((await db().keyringState.findUniqueOrThrow({ where: { id: KEYRING_STATE_ID } })).legacyRetiredAt).toBeNull();
    await expectEveryRevisionOpens();

    // Two instances with their own key caches finish it together, and no row is written twice.
    // (On PostgreSQL each has its own connection; SQLite serializes writers anyway, and two
    // connections in one process would only wait on each other's synchronous busy handler.)
    const second = older.target.databaseUrl ? createDb(older.target) : db();
    try {
      const reports = await Promise.all([upgradeLegacySecrets(), upgradeLegacySecrets(new KeyRing({ db: () => second, masterKey: keyRing().masterKey }))]);
      expect(reports.map((r) => r.finished)).toEqual([true, true]);
      const sum = (k: keyof (typeof reports)[0]["resealed"]) => reports[0].resealed[k] + reports[1].resealed[k];
      expect([sum("revisions"), sum("openSessions"), sum("signingKeys"), sum("instanceSecrets")]).toEqual([1, 1, 1, 1]);
      expect(reports[0].unreadable).toContainEqual(expect.stringContaining("default/foreign revision 1 at values.lost"));
    } finally {
      if (second !== db()) await second.$disconnect();
    }
    // `npm run admin` (another process, the same key in its data directory) finds nothing to do.
    copyFileSync(path.join(config().dataDir, "master.key"), path.join(older.dataDir, "master.key"));
    const env = { ...process.env, FERRY_DATA_DIR: older.dataDir, DATABASE_URL: older.target.databaseUrl ?? "" };
    const admin = await run(process.execPath, ["--import", "tsx", "scripts/admin.ts", "upgrade-secrets"], { cwd: root, env });
    expect(admin.stdout).toContain("Every secret at rest is sealed under the key hierarchy.");
    expect(await upgradeLegacySecrets()).toMatchObject({ alreadyDone: true, finished: true });
    const state = await db().keyringState.findUniqueOrThrow({ where: { id: KEYRING_STATE_ID } });
    expect(state.legacyRetiredAt).toBeInstanceOf(Date);
    expect(await db().instanceSecret.findUnique({ where: { name: "master-key-check" } })).toBeNull();

    // No old-format value is left, but the one that never opened here.
    for (const row of await db().revision.findMany({ include: { environment: true } })) {
      const formats = innerFormats(row.yaml);
      if (row.environment.name === world.foreign.name) expect(formats).toEqual([1]);
      else expect(formats.every((f) => f === 2), `${row.environment.name}@${row.number}`).toBe(true);
    }
    for (const s of await db().openSession.findMany()) expect(Buffer.from(s.valuesEncrypted ?? "", "base64")[0]).toBe(2);
    expect(await db().openSession.count()).toBe(1); // the expired one was dropped, not re-sealed
    for (const k of await db().signingKey.findMany()) expect(Buffer.from(k.privateKeyEncrypted, "base64")[0]).toBe(2);
    expect((await db().instanceSecret.findUniqueOrThrow({ where: { name: "session-signing" } })).value).not.toContain(world.sessionSecret);

    // Everything opens, with the same values (and the same session secret: sessions survive).
    globals.ferryKeyRing = undefined;
    await expectEveryRevisionOpens();
    expect(await sessionSigningSecret()).toBe(world.sessionSecret);
    expect(await readOpenSession(actor(), ref(world.openSession), world.openSession.id, "db")).toMatchObject({ value: world.openSession.value });
    expect((await currentSigningKey()).kid).toBe(world.signingKid);
  });

  it("refuses the old format everywhere once the upgrade has finished", async () => {
    const draft = `values:\n  old:\n    ${v1Secret(masterKey, "pasted-after-upgrade")}\n`;
    const result = await openEnvironmentAs(actor(), ref({ project: "default", name: "base" }), { yaml: draft }, audit);
    expect(result.diagnostics.map((d) => d.summary)).toEqual(["invalid ciphertext: it is in the format of an earlier Ferry release, which this deployment no longer reads"]);
    expect(JSON.stringify(result)).not.toContain("pasted-after-upgrade");
    const foreign = await revealEnvironmentAs(actor(), ref(world.foreign), {}, audit);
    expect(foreign.diagnostics[0].summary).toMatch(/^invalid ciphertext: it is in the format of an earlier Ferry release/);
  });
});
