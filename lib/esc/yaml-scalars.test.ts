import { describe, expect, it } from "vitest";
import { formatGoFloat, resolvePlainScalar } from "./yaml-scalars";

describe("resolvePlainScalar (go-yaml v3 rules)", () => {
  const table: [string, unknown][] = [
    ["", { kind: "null" }],
    ["~", { kind: "null" }],
    ["Null", { kind: "null" }],
    ["true", { kind: "boolean", value: true }],
    ["FALSE", { kind: "boolean", value: false }],
    ["yes", { kind: "string", value: "yes" }],
    ["42", { kind: "number", value: "42" }],
    ["-7", { kind: "number", value: "-7" }],
    ["1_000", { kind: "number", value: "1000" }],
    ["0x1F", { kind: "number", value: "31" }],
    ["0o17", { kind: "number", value: "15" }],
    ["017", { kind: "number", value: "15" }],
    ["0b101", { kind: "number", value: "5" }],
    ["1.0", { kind: "number", value: "1" }],
    ["1e3", { kind: "number", value: "1000" }],
    ["3.14", { kind: "number", value: "3.14" }],
    ["18446744073709551615", { kind: "number", value: "18446744073709551615" }],
    ["18446744073709551616", { kind: "number", value: "1.8446744073709552e+19" }],
    ["-9223372036854775808", { kind: "number", value: "-9223372036854775808" }],
    ["2001-12-14", { kind: "string", value: "2001-12-14" }],
    ["1.2.3", { kind: "string", value: "1.2.3" }],
    [".inf", { kind: "number", value: "+Inf" }],
  ];
  it.each(table)("%s", (src, want) => expect(resolvePlainScalar(src)).toEqual(want));
});

describe("formatGoFloat", () => {
  const table: [number, string][] = [
    [1, "1"],
    [0.5, "0.5"],
    [1e6, "1e+06"],
    [123456, "123456"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [1.8446744073709552e19, "1.8446744073709552e+19"],
  ];
  it.each(table)("%s", (v, want) => expect(formatGoFloat(v)).toBe(want));
});
