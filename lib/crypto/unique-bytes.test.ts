import { describe, expect, it } from "vitest";
import { uniqueBytes } from "./unique-bytes";

describe("unique bytes", () => {
  it("never hands out the same bytes twice, across refills of the pool", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const b = uniqueBytes(12);
      expect(b.length).toBe(12);
      seen.add(b.toString("hex"));
    }
    expect(seen.size).toBe(5000);
  });

  it("gives each caller its own copy, and serves large requests directly", () => {
    const a = uniqueBytes(16);
    const before = Buffer.from(a);
    a.fill(0);
    const b = uniqueBytes(16);
    expect(b.equals(Buffer.alloc(16))).toBe(false);
    expect(before.equals(Buffer.alloc(16))).toBe(false);
    expect(uniqueBytes(4096).length).toBe(4096);
  });

  it("looks random: every byte value appears, none far more often than the others", () => {
    const counts = new Array(256).fill(0);
    for (let i = 0; i < 1000; i++) for (const byte of uniqueBytes(64)) counts[byte]++;
    // 64,000 bytes: 250 expected per value; a fixed or repeating pool would be far off
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(350);
  });
});
