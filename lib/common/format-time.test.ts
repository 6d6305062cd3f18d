import { describe, expect, it } from "vitest";
import { formatTime } from "./format-time";

describe("formatTime", () => {
  it("prints UTC by default, to the minute", () => {
    expect(formatTime("2026-11-30T16:37:20.419Z")).toBe("2026-11-30 16:37 UTC");
    expect(formatTime(new Date("2026-01-02T03:04:59Z"))).toBe("2026-01-02 03:04 UTC");
  });

  it("prints local time with the offset when asked", () => {
    const d = new Date("2026-11-30T16:37:20Z");
    const s = formatTime(d, { utc: false });
    expect(s).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d$/);
    // The offset printed is the one that maps the local clock back to the same instant.
    const [, date, time, zone] = /^(\S+) (\S+) (\S+)$/.exec(s)!;
    expect(new Date(`${date}T${time}:20${zone}`).getTime()).toBe(d.getTime());
  });

  it("leaves something that is not a time as it is", () => {
    expect(formatTime("soon")).toBe("soon");
  });
});
