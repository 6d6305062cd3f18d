// The sign-in fence's own answer to next-auth/react's browser reports (`_log`): anyone can post
// there, so a report becomes one debug line with its code and level, never a line at the level
// the body names, and a malformed report is refused.
import { describe, expect, it } from "vitest";
import { captureLogLines, logAtDebugLevel } from "../../testing/log-lines";
import { nextAuthEndpoint } from "./nextauth-route";

logAtDebugLevel();

const { POST } = nextAuthEndpoint();

function report(body: string, contentType: string) {
  const request = new Request("http://localhost:3000/api/auth/_log", { method: "POST", headers: { "content-type": contentType }, body });
  return POST(request, { params: Promise.resolve({ nextauth: ["_log"] }) });
}


describe("browser log reports at /api/auth/_log", () => {
  it("logs next-auth/react's form-encoded report at debug, whatever level it names", async () => {
    const lines = captureLogLines();
    const body = new URLSearchParams({ level: "error", code: "CLIENT_FETCH_ERROR", message: "fetch failed", stack: "at x", client: "true" }).toString();
    const res = await report(body, "application/x-www-form-urlencoded");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "debug", code: "CLIENT_FETCH_ERROR", reportedLevel: "error", msg: "sign-in: the browser reported a failure" });
    expect(Object.keys(lines[0]).sort()).toEqual(["code", "level", "msg", "pid", "reportedLevel", "time"]);
  });

  it("cleans a token planted in the code and keeps nothing else of the body", async () => {
    const lines = captureLogLines();
    const token = `fry_pat_${"y".repeat(30)}`;
    const res = await report(JSON.stringify({ level: "warn", code: `X ${token}`, message: "hunter2" }), "application/json");
    expect(res.status).toBe(200);
    expect(lines).toHaveLength(1);
    const line = JSON.stringify(lines);
    expect(line).not.toContain(token);
    expect(line).not.toContain("hunter2");
  });

  it.each([
    ["no code", JSON.stringify({ level: "error" }), "application/json"],
    ["a level next-auth has no method for", JSON.stringify({ level: "__proto__", code: "X" }), "application/json"],
    ["a level that is an object method", new URLSearchParams({ level: "constructor", code: "X" }).toString(), "application/x-www-form-urlencoded"],
    ["a code of 101 characters", JSON.stringify({ level: "error", code: "X".repeat(101) }), "application/json"],
    ["a JSON array", "[1,2]", "application/json"],
    ["JSON null", "null", "application/json"],
    ["an empty form", "", "application/x-www-form-urlencoded"],
  ])("refuses %s with a 400 and logs nothing", async (_label, body, type) => {
    const lines = captureLogLines();
    const res = await report(body, type);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_input", message: expect.stringContaining("needs a code") });
    expect(lines).toEqual([]);
  });
});
