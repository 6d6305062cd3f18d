import { describe, expect, it } from "vitest";
import { closestName, osaDistance, propertyNames } from "./suggest";

describe("did-you-mean", () => {
  it("counts a transposition as one edit", () => {
    expect(osaDistance("nmae", "name")).toBe(1);
    expect(osaDistance("abc", "abc")).toBe(0);
    expect(osaDistance("kitten", "sitting")).toBe(3);
  });
  it("suggests the closest existing name within a small distance", () => {
    expect(closestName("nmae", ["name", "url"])).toBe("name");
    expect(closestName("passwrod", ["password", "user"])).toBe("password");
    expect(closestName("zzz", ["name"])).toBeUndefined();
  });
  it("collects nested property names", () => {
    expect([...propertyNames({ app: { value: { name: { value: "x" } } } })].sort()).toEqual(["app", "name"]);
  });
});
