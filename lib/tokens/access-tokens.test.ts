import { describe, expect, it } from "vitest";
import { makeUser } from "../../testing/factories";
import { db } from "../db/client";
import { authenticateAccessToken, createAccessToken, listAccessTokens, revokeAccessToken } from "./access-tokens";

describe("personal access tokens", () => {
  it("authenticates as the owner, records last use, and lists without the secret", async () => {
    const user = await makeUser();
    const { token, id } = await createAccessToken(user, { name: "laptop" });
    expect(token).toMatch(/^fry_pat_[A-Za-z0-9_-]{43}$/);
    expect(await authenticateAccessToken(token)).toEqual({ userId: user.userId, login: user.email });
    const [listed] = await listAccessTokens(user);
    expect(listed).toMatchObject({ id, name: "laptop", status: "active", lastUsedAt: expect.any(String) });
    expect(JSON.stringify(listed)).not.toContain(token.slice(12));
  });

  it("refuses revoked, expired and unknown tokens with different messages", async () => {
    const user = await makeUser();
    const a = await createAccessToken(user, { name: "a" });
    await revokeAccessToken(user, a.id);
    await expect(authenticateAccessToken(a.token)).rejects.toMatchObject({ code: "unauthenticated", message: expect.stringContaining("revoked") });
    const b = await createAccessToken(user, { name: "b", expiresAt: new Date(Date.now() + 60_000) });
    await db().accessToken.update({ where: { id: b.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    await expect(authenticateAccessToken(b.token)).rejects.toMatchObject({ message: expect.stringContaining("expired") });
    await expect(authenticateAccessToken("fry_pat_unknown")).rejects.toMatchObject({ message: expect.stringContaining("not recognised") });
    await expect(authenticateAccessToken("ghp_other")).rejects.toMatchObject({ code: "unauthenticated" });
  });

  it("does not let another user revoke or see a token", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const { id } = await createAccessToken(user, { name: "mine" });
    await expect(revokeAccessToken(other, id)).rejects.toMatchObject({ code: "not_found" });
    expect(await listAccessTokens(other)).toEqual([]);
  });
});
