// Library text printed with console.error / console.warn becomes one cleaned JSON log line.
import { afterEach, describe, expect, it } from "vitest";
import { captureLogLines, logAtDebugLevel } from "../testing/log-lines";
import { routeConsoleToLog } from "./console-log";

logAtDebugLevel();
let restore: (() => void) | undefined;
afterEach(() => restore?.());

describe("console.error and console.warn while serving", () => {
  it("log Next's multi-line text as one error line: its first line, cleaned", () => {
    const lines = captureLogLines();
    restore = routeConsoleToLog();
    console.error('Error: Failed to find Server Action "7f00". This request might be from an older or newer deployment.\nRead more: https://nextjs.org/docs/messages/failed-to-find-server-action');
    console.warn("  \n(node) warning: token=abc123 was ignored");
    expect(lines).toMatchObject([
      { level: "error", source: "console", msg: 'Error: Failed to find Server Action "7f00". This request might be from an older or newer deployment.' },
      { level: "warn", source: "console", msg: "(node) warning: token=[redacted] was ignored" },
    ]);
  });

  it("log a printed Error through the error serializer, and objects as a placeholder", () => {
    const lines = captureLogLines();
    restore = routeConsoleToLog();
    const token = `fry_run_${"z".repeat(30)}`;
    console.error(" ⨯", new TypeError(`fetch failed for ${token}\nsecond line`), { password: "hunter2" });
    console.error(new Error(`only an error, ${token}`));
    expect(lines).toMatchObject([
      { level: "error", msg: "⨯ [object]", err: { type: "TypeError", message: "fetch failed for [redacted]\nsecond line" } },
      { level: "error", msg: "only an error, [redacted]", err: { type: "Error" } },
    ]);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(token);
    expect(text).not.toContain("hunter2");
  });

  it("restores the console it replaced", () => {
    const before = console.error;
    routeConsoleToLog()();
    expect(console.error).toBe(before);
  });
});
