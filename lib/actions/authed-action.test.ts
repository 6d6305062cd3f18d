import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../errors";

const calls: string[] = [];
vi.mock("../auth/session", () => ({
  requireActor: vi.fn(async () => {
    calls.push("requireActor");
    return { userId: "u1" };
  }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn((path: string, type?: string) => calls.push(`revalidate ${path}${type ? ` ${type}` : ""}`)) }));
vi.mock("next/navigation", () => ({
  redirect: vi.fn((to: string) => {
    calls.push(`redirect ${to}`);
    throw Object.assign(new Error("NEXT_REDIRECT"), { digest: `NEXT_REDIRECT;replace;${to};307;` });
  }),
}));

const { authedAction } = await import("./authed-action");
const { requireActor } = await import("../auth/session");

beforeEach(() => {
  calls.length = 0;
});

describe("authedAction", () => {
  it("hands the work the signed-in actor and returns its result", async () => {
    const r = await authedAction(async (actor) => {
      calls.push(`work ${actor.userId}`);
      return 42;
    });
    expect(r).toEqual({ status: "ok", data: 42, message: undefined });
    expect(calls).toEqual(["requireActor", "work u1"]);
  });

  it("signs in before the work, outside the error mapping (a redirect to sign-in escapes)", async () => {
    vi.mocked(requireActor).mockRejectedValueOnce(Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/sign-in;307;" }));
    const work = vi.fn(async () => 1);
    await expect(authedAction(work, { revalidate: () => "/x" })).rejects.toThrow("NEXT_REDIRECT");
    expect(work).not.toHaveBeenCalled();
    expect(calls).toEqual([]);
  });

  it.each([
    ["a fixed message", "Done.", "Done."],
    ["a message made from the result", (d: string) => `Made ${d}.`, "Made x."],
  ])("sets %s on success", async (_, message, expected) => {
    const r = await authedAction(async () => "x", { message });
    expect(r).toEqual({ status: "ok", data: "x", message: expected });
  });

  it("revalidates pages and layouts in order, then redirects", async () => {
    await expect(authedAction(async () => "/o/p/e", { revalidate: () => ["/a", { layout: "/o" }], redirectTo: (d) => d })).rejects.toThrow("NEXT_REDIRECT");
    expect(calls).toEqual(["requireActor", "revalidate /a", "revalidate /o layout", "redirect /o/p/e"]);
  });

  it("maps an expected failure to its message and neither revalidates nor redirects", async () => {
    const r = await authedAction(
      async () => {
        throw new AppError("invalid_input", "Name is required.", { name: "Required" });
      },
      { message: "Done.", revalidate: () => "/a", redirectTo: () => "/b" },
    );
    expect(r).toEqual({ status: "error", message: "Name is required.", fields: { name: "Required" } });
    expect(calls).toEqual(["requireActor"]);
  });

  it("makes the paths only after the work succeeded (they come from untrusted arguments)", async () => {
    const ref = null as unknown as { org: string };
    const r = await authedAction(
      async () => {
        throw new AppError("invalid_input", "Choose an environment.");
      },
      { revalidate: () => `/${ref.org}`, redirectTo: () => `/${ref.org}` },
    );
    expect(r).toEqual({ status: "error", message: "Choose an environment.", fields: undefined });
  });

  it("hides an unexpected failure's text behind a reference", async () => {
    const r = await authedAction(async () => {
      throw new Error("SELECT secret FROM x");
    });
    expect(r.status).toBe("error");
    expect(r.status === "error" && r.message).toMatch(/^Something went wrong \(ref [^)]+\)/);
    expect(JSON.stringify(r)).not.toContain("SELECT");
  });
});
