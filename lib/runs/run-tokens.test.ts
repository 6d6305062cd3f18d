import { describe, expect, it } from "vitest";
import { makeOrg, makeUser, grantOnEnvironment, addMember } from "../../testing/factories";
import { db } from "../db/client";
import { createEnvironment, saveDefinition } from "../environments/environments";
import { hashToken } from "../tokens/secret-token";
import { createRunToken, listRunTokens, revokeRunToken } from "./run-tokens";
import { lookupRunToken, redeemRunToken } from "./redeem";

const DEF = `values:
  greeting: hello
  password:
    fn::secret: hunter22
  environmentVariables:
    GREETING: \${greeting}
    PASSWORD: \${password}
  files:
    KEYFILE: \${password}
`;

async function setup() {
  const owner = await makeUser("owner");
  const org = await makeOrg(owner);
  const ref = await createEnvironment(owner, org, { project: "payments", name: "dev", yaml: DEF });
  return { owner, org, ref };
}

describe("run tokens", () => {
  it("redeems once for the pinned revision's projection, then refuses as used", async () => {
    const { owner, ref } = await setup();
    const created = await createRunToken(owner, ref, { command: ["printenv", "GREETING"] });
    expect(created.token).toMatch(/^fry_run_/);
    expect(created.revision).toBe(1);
    // A later save does not change what the token opens.
    await saveDefinition(owner, ref, { yaml: DEF.replace("hello", "changed") });
    expect(await lookupRunToken(created.token)).toMatchObject({ environment: `${ref.org}/payments/dev`, revision: 1, usesLeft: 1, status: "active", command: ["printenv", "GREETING"] });
    const run = await redeemRunToken(created.token, { address: "10.0.0.1", userAgent: "ferry-cli/0.1.0" });
    expect(run.environmentVariables.GREETING).toEqual({ value: "hello", secret: false });
    expect(run.environmentVariables.PASSWORD).toEqual({ value: "hunter22", secret: true });
    expect(run.files.KEYFILE).toEqual({ value: "hunter22", secret: true });
    await expect(redeemRunToken(created.token, { address: "10.0.0.2" })).rejects.toMatchObject({ reason: "used", message: expect.stringContaining("already been used") });
    const [listed] = await listRunTokens(owner, ref);
    expect(listed).toMatchObject({ status: "used", uses: 1, canRevoke: false });
    expect(listed.attempts.map((a) => a.outcome)).toEqual(["used", "redeemed"]);
    expect(listed.attempts[1]).toMatchObject({ address: "10.0.0.1", userAgent: "ferry-cli/0.1.0" });
  });

  it("stores only a hash of the token", async () => {
    const { owner, ref } = await setup();
    const { token, id } = await createRunToken(owner, ref, {});
    const row = await db().runToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it("gives exactly one success to 20 concurrent redemptions of a single-use token", async () => {
    const { owner, ref } = await setup();
    const { token, id } = await createRunToken(owner, ref, {});
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => redeemRunToken(token)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ reason: "used" });
    expect(await db().runToken.findUniqueOrThrow({ where: { id } })).toMatchObject({ uses: 1 });
    expect(await db().runTokenAttempt.count({ where: { runTokenId: id } })).toBe(20);
  });

  it("honours several uses", async () => {
    const { owner, ref } = await setup();
    const { token } = await createRunToken(owner, ref, { uses: 3 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => redeemRunToken(token)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
  });

  it("tells expired, revoked and unknown tokens apart", async () => {
    const { owner, ref } = await setup();
    const expired = await createRunToken(owner, ref, {});
    await db().runToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(redeemRunToken(expired.token)).rejects.toMatchObject({ reason: "expired", message: expect.stringContaining("expired") });
    const revoked = await createRunToken(owner, ref, {});
    await revokeRunToken(owner, ref, revoked.id);
    await expect(redeemRunToken(revoked.token)).rejects.toMatchObject({ reason: "revoked", message: expect.stringContaining("revoked") });
    await expect(redeemRunToken("fry_run_nope")).rejects.toMatchObject({ reason: "unknown" });
    const outcomes = await db().runTokenAttempt.findMany({ where: { runTokenId: { in: [expired.id, revoked.id] } } });
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["expired", "revoked"]);
  });

  it("acts with the creator's rights at redemption time", async () => {
    const { owner, org, ref } = await setup();
    const member = await makeUser("member");
    await addMember(owner, org, { email: member.email, role: "member" });
    const { token, id } = await createRunToken(member, ref, {});
    const orgRow = await db().organization.findUniqueOrThrow({ where: { name: org } });
    await db().membership.deleteMany({ where: { organizationId: orgRow.id, userId: member.userId } });
    await expect(redeemRunToken(token)).rejects.toMatchObject({ reason: "forbidden" });
    expect(await db().runToken.findUniqueOrThrow({ where: { id } })).toMatchObject({ uses: 0 });
  });

  it("requires the open right to create, and hides other organizations", async () => {
    const { owner, org, ref } = await setup();
    const reader = await makeUser("reader");
    await addMember(owner, org, { email: reader.email, role: "member" });
    const env = await db().environment.findFirstOrThrow({ where: { organization: { name: org } } });
    await grantOnEnvironment(env.id, reader.userId, "reader");
    await expect(createRunToken(reader, ref, {})).rejects.toMatchObject({ code: "forbidden" });
    const stranger = await makeUser("stranger");
    await expect(createRunToken(stranger, ref, {})).rejects.toMatchObject({ code: "not_found" });
    await expect(listRunTokens(stranger, ref)).rejects.toMatchObject({ code: "not_found" });
  });

  it("validates lifetime, uses and version", async () => {
    const { owner, ref } = await setup();
    await expect(createRunToken(owner, ref, { ttlSeconds: 86401 })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(createRunToken(owner, ref, { uses: 0 })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(createRunToken(owner, ref, { version: "9" })).rejects.toMatchObject({ code: "invalid_input" });
    const c = await createRunToken(owner, ref, { ttlSeconds: "3600", version: "1" });
    expect(new Date(c.expiresAt).getTime() - Date.now()).toBeGreaterThan(3500_000);
  });
});

describe("run tokens across instances", () => {
  it("gives exactly one success to redemptions from several processes at once", async () => {
    const { spawn } = await import("node:child_process");
    const path = await import("node:path");
    const { owner, ref } = await setup();
    const { token, id } = await createRunToken(owner, ref, {});
    const worker = path.join(import.meta.dirname, "../../testing/redeem-worker.ts");
    const run = () =>
      new Promise<{ ok: number; refused: Record<string, number> }>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", worker, token, "10"], { env: process.env });
        let out = "";
        let err = "";
        child.stdout.on("data", (c) => (out += c));
        child.stderr.on("data", (c) => (err += c));
        child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(err))));
      });
    const results = await Promise.all([run(), run(), run()]);
    expect(results.reduce((n, r) => n + r.ok, 0), JSON.stringify(results)).toBe(1);
    expect(results.reduce((n, r) => n + (r.refused.used ?? 0), 0), JSON.stringify(results)).toBe(29);
    expect(await db().runToken.findUniqueOrThrow({ where: { id } })).toMatchObject({ uses: 1 });
  });
});
