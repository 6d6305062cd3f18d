import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration";

describe("parseDuration: the one duration grammar", () => {
  it.each([
    ["1h", 3600],
    ["45m", 2700],
    ["1h30m", 5400],
    ["900s", 900],
    ["90s", 90],
    ["1.5h", 5400],
    ["0.5s", 0],
    ["30m1h", 5400],
    ["600", 600],
    [" 15m ", 900],
    ["0", 0],
    ["", undefined],
    ["soon", undefined],
    ["1d", undefined],
    ["15 minutes", undefined],
    ["1h 30m", undefined],
    ["-1h", undefined],
    ["1.h", undefined],
    ["1e3s", undefined],
  ])("%j → %s", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });
});
