// The environment access check reads a presented access token in the same query as the
// membership and the environment (lib/auth/actor.ts). It must answer exactly as checking the token
// first and then the access did: the same refusals, in the same order, and the same access.
import { describe, expect, it } from "vitest";
import { addMember, grantOnEnvironment, makeOrg, makeUser } from "../../testing/factories";
import { db } from "../db/client";
import { authenticateAccessToken, createAccessToken, presentToken, revokeAccessToken } from "../tokens/access-tokens";
import type { Caller } from "../auth/actor";
import { requireEnvironment, requireEnvironmentWithHead, type Right } from "./access";
import { createEnvironment, saveDefinition } from "./environments";
import { readOpenSession, createOpenSession } from "./open-sessions";
import type { EnvironmentRef } from "./schema";

async function outcome(run: () => Promise<unknown>) {
  try {
    return { ok: await run() };
  } catch (e) {
    const { code, message } = e as { code?: string; message: string };
    return { code: code ?? "unexpected", message };
  }
}

async function world() {
  const owner = await makeUser();
  const org = await makeOrg(owner);
  const app = await createEnvironment(owner, org, { project: "p", name: "app" });
  await saveDefinition(owner, app, { yaml: "values:\n  greeting: hello\n" });
  const hidden = await createEnvironment(owner, org, { project: "p", name: "hidden" });
  const member = await makeUser("member");
  await addMember(owner, org, { email: member.email, role: "member" });
  await db().organization.update({ where: { name: org }, data: { defaultPermission: "none" } });
  const appRow = await db().environment.findFirstOrThrow({ where: { organization: { name: org }, name: "app" }, select: { id: true } });
  await grantOnEnvironment(appRow.id, member.userId, "reader");
  const stranger = await makeUser("stranger");
  const tokens = {
    owner: (await createAccessToken(owner, { name: "t" })).token,
    member: (await createAccessToken(member, { name: "t" })).token,
    stranger: (await createAccessToken(stranger, { name: "t" })).token,
    revoked: await (async () => {
      const t = await createAccessToken(member, { name: "revoked" });
      await revokeAccessToken(member, t.id);
      return t.token;
    })(),
    expired: await (async () => {
      const t = await createAccessToken(owner, { name: "expired", expiresAt: new Date(Date.now() + 60_000) });
      await db().accessToken.update({ where: { id: t.id }, data: { expiresAt: new Date(Date.now() - 1) } });
      return t.token;
    })(),
    unknown: "fry_pat_" + "A".repeat(43),
  };
  const refs: Record<string, EnvironmentRef> = {
    app,
    hidden,
    missingEnv: { org, project: "p", name: "nope" },
    missingOrg: { org: "no-such-org-" + org, project: "p", name: "app" },
    malformedOrg: { org: "../etc", project: "p", name: "app" },
    malformedEnv: { org, project: "p", name: "bad name" },
  };
  return { org, tokens, refs };
}

describe("an access check from a presented token", () => {
  it("answers every token × reference × right exactly as authenticating first does", async () => {
    const { tokens, refs } = await world();
    const checks = [
      ["requireEnvironment", requireEnvironment],
      ["requireEnvironmentWithHead", requireEnvironmentWithHead],
    ] as const;
    let compared = 0;
    for (const [tokenName, token] of Object.entries(tokens)) {
      for (const [refName, ref] of Object.entries(refs)) {
        for (const needed of ["reader", "opener"] as Right[]) {
          for (const [checkName, check] of checks) {
            const viaActor = await outcome(async () => check(await authenticateAccessToken(token), ref, needed));
            const viaToken = await outcome(async () => check(presentToken(token), ref, needed));
            expect({ case: `${checkName} ${tokenName} ${refName} ${needed}`, ...viaToken }).toEqual({ case: `${checkName} ${tokenName} ${refName} ${needed}`, ...viaActor });
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(6 * 6 * 2 * 2);
  });

  it("answers the same when all those checks arrive at once (on PostgreSQL: batched into shared statements)", async () => {
    const { tokens, refs } = await world();
    const cases = Object.entries(tokens).flatMap(([tokenName, token]) =>
      Object.entries(refs).flatMap(([refName, ref]) =>
        (["reader", "opener"] as Right[]).flatMap((needed) =>
          [requireEnvironment, requireEnvironmentWithHead].map((check, withHead) => ({ name: `${withHead} ${tokenName} ${refName} ${needed}`, run: () => check(presentToken(token), ref, needed) })),
        ),
      ),
    );
    const alone = [];
    for (const c of cases) alone.push({ case: c.name, ...(await outcome(c.run)) });
    const together = await Promise.all(cases.map(async (c) => ({ case: c.name, ...(await outcome(c.run)) })));
    expect(together).toEqual(alone);
    expect(together.filter((o) => "ok" in o)).toHaveLength(2 * 2 + 2 * 2 + 2); // owner: app, hidden (2 rights × 2 checks); member: app as reader (2 checks)
  });

  it("refuses a bad token before saying anything about the organization or environment", async () => {
    const { tokens, refs } = await world();
    for (const bad of [tokens.revoked, tokens.expired, tokens.unknown]) {
      for (const ref of Object.values(refs)) {
        await expect(requireEnvironmentWithHead(presentToken(bad), ref)).rejects.toMatchObject({ code: "unauthenticated" });
      }
      // a reference that is not even an object (a server action's JSON) still checks the token first
      await expect(requireEnvironment(presentToken(bad), null as unknown as EnvironmentRef)).rejects.toMatchObject({ code: "unauthenticated" });
    }
  });

  it("returns the token's user (with the login) and the head's text, and a revocation stops the next call", async () => {
    const { tokens, refs } = await world();
    const owner = await authenticateAccessToken(tokens.owner);
    const access = await requireEnvironmentWithHead(presentToken(tokens.owner), refs.app, "admin");
    expect(access.actor).toEqual(owner);
    expect(access.actor.login).toMatch(/@example\.com$/);
    expect(access.headYaml).toBe("values:\n  greeting: hello\n");
    expect(access.right).toBe("admin");

    const row = await db().accessToken.findFirstOrThrow({ where: { userId: owner.userId, name: "t" } });
    await revokeAccessToken(owner, row.id);
    await expect(requireEnvironmentWithHead(presentToken(tokens.owner), refs.app)).rejects.toMatchObject({ code: "unauthenticated", message: expect.stringContaining("revoked") });
  });

  it("records the token's last use, at most once a minute, as authenticating does", async () => {
    const user = await makeUser();
    const org = await makeOrg(user);
    const ref = await createEnvironment(user, org, { name: "dev" });
    const { id, token } = await createAccessToken(user, { name: "ci" });
    expect((await db().accessToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeNull();
    await requireEnvironment(presentToken(token), ref);
    const first = (await db().accessToken.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await requireEnvironment(presentToken(token), ref);
    expect((await db().accessToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(first);
  });

  it("opens and reads an open session as the token's user, and only that user reads it", async () => {
    const { tokens, refs } = await world();
    const opened = await createOpenSession(presentToken(tokens.owner), refs.app, undefined, 600, { via: "api" });
    if (!("id" in opened)) throw new Error("the open failed");
    const caller: Caller = presentToken(tokens.owner);
    expect(await readOpenSession(caller, refs.app, opened.id, "greeting")).toEqual(expect.objectContaining({ value: "hello" }));
    const session = await db().openSession.findUniqueOrThrow({ where: { id: opened.id } });
    expect(session.userId).toBe((await authenticateAccessToken(tokens.owner)).userId);
    // the member may read the environment but not open it, so not read the owner's session either
    await expect(readOpenSession(presentToken(tokens.member), refs.app, opened.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(readOpenSession(presentToken(tokens.stranger), refs.app, opened.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(readOpenSession(presentToken(tokens.revoked), refs.app, opened.id)).rejects.toMatchObject({ code: "unauthenticated" });
  });
});
