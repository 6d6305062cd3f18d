// The attack that the key hierarchy closes: a ciphertext copied out of one environment into
// another one (same organization or not) must never decrypt there, on any path that decrypts.
import { describe, expect, it } from "vitest";
import { makeOrg, makeUser, grantOnEnvironment, addMember } from "../../testing/factories";
import { db } from "../db/client";
import { createAccessToken } from "../tokens/access-tokens";
import { getDecryptedDefinition } from "./definitions";
import { createOpenSession } from "./open-sessions";
import type { Diagnostic } from "../esc";
import { crc32, decodeBase64, encodeBase64 } from "../esc/envelope";
import { listSecrets } from "../esc/edit";
import { POST as checkRoute } from "../../app/api/esc/environments/[org]/[project]/[env]/check/route";
import { createEnvironment, getEnvironment, saveDefinition } from "./environments";
import { checkEnvironmentAs, openEnvironmentAs, revealEnvironmentAs } from "./evaluate";
import type { EnvironmentRef } from "./schema";

const audit = { via: "api" as const };
const PROD_SECRET = "prod-db-password-7f3a";
const ciphertextOf = (yaml: string) => /ciphertext: (\S+)/.exec(yaml)![1];
const pasted = (ciphertext: string) => `values:\n  stolen:\n    fn::secret:\n      ciphertext: ${ciphertext}\n`;

/** owner's prod holds a secret; `reader` may only read prod, and has an environment of their own. */
async function world() {
  const owner = await makeUser("owner");
  const org = await makeOrg(owner);
  const prod = await createEnvironment(owner, org, { project: "app", name: "prod", yaml: `values:\n  db:\n    fn::secret: ${PROD_SECRET}\n` });
  const reader = await makeUser("reader");
  await addMember(owner, org, { email: reader.email, role: "member" });
  const prodRow = await db().environment.findFirstOrThrow({ where: { project: "app", name: "prod", organization: { name: org } } });
  await grantOnEnvironment(prodRow.id, reader.userId, "reader");
  const mine = await createEnvironment(reader, org, { project: "scratch", name: "mine" });
  return { owner, org, prod, reader, mine };
}

function expectRefused(diagnostics: Diagnostic[], yaml: string, summary: RegExp | string) {
  const secret = listSecrets(yaml).find((s) => s.state === "ciphertext")!;
  const errors = diagnostics.filter((d) => d.severity === "error");
  expect(errors).toHaveLength(1);
  expect(errors[0].summary).toMatch(summary);
  // At the secret: from the fn::secret key to the end of its argument.
  expect(errors[0].range?.start).toMatchObject({ line: secret.range.start.line, column: secret.range.start.column });
  expect(errors[0].range?.end).toMatchObject({ line: secret.range.end.line, column: secret.range.end.column });
}

async function checkThroughApi(actor: { userId: string }, ref: EnvironmentRef, yaml: string) {
  const { token } = await createAccessToken(actor, { name: `t-${Math.random()}` });
  const req = new Request(`http://ferry.test/api/esc/environments/${ref.org}/${ref.project}/${ref.name}/check?showSecrets=true`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/x-yaml" },
    body: yaml,
  });
  const res = await checkRoute(req, { params: Promise.resolve({ org: ref.org, project: ref.project, env: ref.name }) });
  return { status: res.status, body: await res.text() };
}

const INVALID_HERE = /^invalid ciphertext: it was not encrypted for this environment, or it was altered$/;

describe("ciphertexts are bound to their environment", () => {
  it("a reader of prod who pastes its ciphertext into their own environment gets the invalid-ciphertext diagnostic everywhere, never the plaintext", async () => {
    const { owner, prod, reader, mine } = await world();
    const stolen = ciphertextOf((await getEnvironment(reader, prod)).yaml);
    const draft = pasted(stolen);

    // As a draft in the editor (Show secrets, Open) and through the API check with showSecrets.
    for (const result of [await revealEnvironmentAs(reader, mine, { yaml: draft }, audit), await openEnvironmentAs(reader, mine, { yaml: draft }, audit)]) {
      expectRefused(result.diagnostics, draft, INVALID_HERE);
      expect(JSON.stringify(result)).not.toContain(PROD_SECRET);
    }
    const api = await checkThroughApi(reader, mine, draft);
    expect(api.status).toBe(200);
    expect(api.body).not.toContain(PROD_SECRET);
    expect(JSON.parse(api.body).diagnostics[0]).toMatchObject({ summary: expect.stringMatching(INVALID_HERE), path: "values.stolen" });

    // Saved, then opened, revealed, opened through an API session, or decrypted as a definition.
    await saveDefinition(reader, mine, { yaml: draft });
    const saved = (await getEnvironment(reader, mine)).yaml;
    expect(ciphertextOf(saved)).toBe(stolen);
    expectRefused((await openEnvironmentAs(reader, mine, {}, audit)).diagnostics, saved, INVALID_HERE);
    expectRefused((await revealEnvironmentAs(reader, mine, {}, audit)).diagnostics, saved, INVALID_HERE);
    // an environment with errors does not open: the refusal carries the diagnostic, and no session exists
    const session = await createOpenSession(reader, mine, undefined, 600, audit);
    expect("errors" in session && session.errors[0].summary).toMatch(INVALID_HERE);
    expect(await db().openSession.count({ where: { userId: reader.userId } })).toBe(0);
    const decrypted = getDecryptedDefinition(reader, mine, {});
    await expect(decrypted).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("values.stolen: invalid ciphertext") });
    // Check mode without showSecrets decrypts nothing, so it has nothing to say.
    expect((await checkEnvironmentAs(reader, mine)).diagnostics).toEqual([]);

    // Even the owner, who may open prod, cannot make prod's ciphertext decrypt elsewhere...
    expectRefused((await revealEnvironmentAs(owner, mine, {}, audit)).diagnostics, saved, INVALID_HERE);
    // ...while in prod it opens, also when pasted back as a draft there.
    const inProd = await revealEnvironmentAs(owner, prod, { yaml: pasted(stolen) }, audit);
    expect(inProd.diagnostics).toEqual([]);
    expect(inProd.properties.stolen.value).toBe(PROD_SECRET);
  });

  it("a member of another organization gets the same diagnostic", async () => {
    const { owner, prod } = await world();
    const stolen = ciphertextOf((await getEnvironment(owner, prod)).yaml);
    const outsider = await makeUser("outsider");
    const theirs = await createEnvironment(outsider, await makeOrg(outsider), { project: "app", name: "prod" });
    const draft = pasted(stolen);
    const result = await revealEnvironmentAs(outsider, theirs, { yaml: draft }, audit);
    expectRefused(result.diagnostics, draft, INVALID_HERE);
    expect(JSON.stringify(result)).not.toContain(PROD_SECRET);
    const api = await checkThroughApi(outsider, theirs, draft);
    expect(api.body).not.toContain(PROD_SECRET);
    expect(JSON.parse(api.body).diagnostics[0].summary).toMatch(INVALID_HERE);
  });

  it("imports decrypt with the imported environment's binding, next to a pasted copy that does not", async () => {
    const { owner, org, prod } = await world();
    const stolen = ciphertextOf((await getEnvironment(owner, prod)).yaml);
    const yaml = `imports:\n  - app/prod\nvalues:\n  copy:\n    fn::secret:\n      ciphertext: ${stolen}\n`;
    const app = await createEnvironment(owner, org, { project: "app", name: "web", yaml });
    const opened = await openEnvironmentAs(owner, app, {}, audit);
    expect(opened.properties.db.value).toBe(PROD_SECRET);
    expect(opened.properties.copy.unknown).toBe(true);
    expectRefused(opened.diagnostics, yaml, INVALID_HERE);
  });

  it("tampered ciphertexts are diagnosed at the secret: flipped byte, truncated, wrong version, base64 garbage", async () => {
    const { reader, mine } = await world();
    await saveDefinition(reader, mine, { yaml: "values:\n  pw:\n    fn::secret: mine-and-fine\n" });
    const good = ciphertextOf((await getEnvironment(reader, mine)).yaml);
    const envelope = decodeBase64(good);
    /** an envelope around other inner bytes, with a correct checksum */
    const rewrap = (inner: Uint8Array, version = 1) => {
      const data = new Uint8Array(inner.length + 12);
      data.set([0x65, 0x73, 0x63, 0x78, 0, 0, 0, version]);
      data.set(inner, 8);
      new DataView(data.buffer).setUint32(data.length - 4, crc32(data.subarray(0, data.length - 4)));
      return encodeBase64(data);
    };
    const inner = envelope.slice(8, envelope.length - 4);
    const flipped = inner.slice();
    flipped[20] ^= 0x40;
    const unchecked = envelope.slice();
    unchecked[20] ^= 0x40;
    const otherFormat = inner.slice();
    otherFormat[0] = 9;
    const cases: [string, string, RegExp][] = [
      ["flipped byte", rewrap(flipped), INVALID_HERE],
      ["flipped byte, checksum not fixed", encodeBase64(unchecked), /^invalid ciphertext: invalid checksum$/],
      ["truncated inside", rewrap(inner.slice(0, 20)), /^invalid ciphertext: it is too short$/],
      ["truncated envelope", good.slice(0, 12), /^invalid ciphertext: EOF$/],
      ["wrong envelope version", rewrap(inner, 2), /^invalid ciphertext: unsupported version$/],
      ["wrong Ferry format", rewrap(otherFormat), /^invalid ciphertext: unsupported Ferry format 9$/],
      ["base64 garbage", "Zm9v*YmFy", /^invalid ciphertext: illegal base64 data at input byte 4$/],
    ];
    expect((await revealEnvironmentAs(reader, mine, { yaml: pasted(good) }, audit)).properties.stolen.value).toBe("mine-and-fine");
    for (const [name, ciphertext, summary] of cases) {
      const draft = `# ${name}\n${pasted(ciphertext)}`;
      const result = await revealEnvironmentAs(reader, mine, { yaml: draft }, audit);
      expectRefused(result.diagnostics, draft, summary);
      expect(result.properties.stolen.unknown, name).toBe(true);
    }
  });
});
