import { describe, expect, it, vi } from "vitest";
import { makeOrg, makeUser } from "../../testing/factories";
import { db } from "../db/client";
import { createEnvironment } from "../environments/environments";
import { createAccessToken } from "../tokens/access-tokens";
import { authenticate, bearerToken, errorResponse, readText } from "./http";
import { createOpenSession, readOpenSession } from "./open-sessions";
import { escUpdateDefinition } from "./environments";
import { RunTokenError } from "../runs/run-tokens";

const DEF = "values:\n  a:\n    b: [zero, one]\n  pw:\n    fn::secret: hunter22\n";

describe("ESC open sessions", () => {
  it("keeps the opened values sealed, for the opener only, until they expire", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "dev", yaml: DEF });
    const { id, diagnostics } = await createOpenSession(owner, ref, undefined, 3600, { via: "api" });
    expect(diagnostics.diagnostics).toEqual([]);
    const row = await db().openSession.findUniqueOrThrow({ where: { id } });
    expect(row.valuesEncrypted).not.toContain("hunter22");
    const env = (await readOpenSession(owner, ref, id)) as { properties: Record<string, { value?: unknown }> };
    expect(env.properties.pw).toMatchObject({ value: "hunter22", secret: true });
    expect(await readOpenSession(owner, ref, id, "a.b[1]")).toMatchObject({ value: "one" });
    await expect(readOpenSession(owner, ref, id, "a.nope")).rejects.toMatchObject({ code: "not_found" });

    const other = await makeUser();
    await expect(readOpenSession(other, ref, id)).rejects.toMatchObject({ code: "not_found" });
    await db().openSession.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1) } });
    await expect(readOpenSession(owner, ref, id)).rejects.toMatchObject({ message: expect.stringContaining("expired") });
  });

  it("refuses to save a definition with errors, returning diagnostics", async () => {
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "dev" });
    const bad = await escUpdateDefinition(owner, ref, "values:\n  a: ${nope}\n");
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0]).toMatchObject({ severity: "error", range: { environment: "default/dev" } });
    const good = await escUpdateDefinition(owner, ref, "values:\n  a: 1\n", 1);
    expect(good).toMatchObject({ ok: true, revision: 2 });
    await expect(escUpdateDefinition(owner, ref, "values:\n  a: 2\n", 1)).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("HTTP plumbing", () => {
  it("accepts Bearer and token authorization schemes", async () => {
    const user = await makeUser();
    const { token } = await createAccessToken(user, { name: "t" });
    for (const scheme of ["Bearer", "token", "bearer"]) {
      const req = new Request("http://x/", { headers: { authorization: `${scheme} ${token}` } });
      expect(bearerToken(req)).toBe(token);
      expect(await authenticate(req)).toEqual({ userId: user.userId });
    }
    await expect(authenticate(new Request("http://x/"))).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(authenticate(new Request("http://x/", { headers: { authorization: "Basic abc" } }))).rejects.toMatchObject({ code: "unauthenticated" });
  });

  it("refuses oversized bodies", async () => {
    const req = new Request("http://x/", { method: "POST", body: "x".repeat(2000) });
    await expect(readText(req, 1000)).rejects.toMatchObject({ code: "payload_too_large" });
    expect(await readText(new Request("http://x/", { method: "POST", body: "ok" }), 1000)).toBe("ok");
  });

  it("maps failures to { code, message } without leaking exception text", async () => {
    const known = errorResponse(new RunTokenError("used", "This run command has already been used."));
    expect(known.status).toBe(409);
    expect(await known.json()).toEqual({ code: 409, error: "conflict", message: "This run command has already been used.", reason: "used" });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const unknown = errorResponse(new Error("SELECT * FROM secrets"));
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
    expect(unknown.status).toBe(500);
    expect(JSON.stringify(await unknown.json())).not.toContain("SELECT");
  });
});

describe("decrypted definitions", () => {
  it("need the open right and are audited", async () => {
    const { escGetDecryptedDefinition } = await import("./environments");
    const { addMember } = await import("../orgs/orgs");
    const owner = await makeUser();
    const org = await makeOrg(owner);
    const ref = await createEnvironment(owner, org, { name: "dev", yaml: DEF });
    const { yaml } = await escGetDecryptedDefinition(owner, ref, { address: "10.1.1.1" });
    expect(yaml).toContain("fn::secret: hunter22");
    expect(await db().auditEvent.count({ where: { action: "environment.decrypt", actorId: owner.userId, address: "10.1.1.1" } })).toBe(1);
    const reader = await makeUser();
    await addMember(owner, org, { email: reader.email, role: "member" });
    const env = await db().environment.findFirstOrThrow({ where: { organization: { name: org } } });
    await db().environmentPermission.create({ data: { environmentId: env.id, userId: reader.userId, permission: "reader" } });
    await expect(escGetDecryptedDefinition(reader, ref, {})).rejects.toMatchObject({ code: "forbidden" });
  });
});
