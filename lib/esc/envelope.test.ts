import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64, openEnvelope, sealEnvelope } from "./envelope";

const rot = (b: Uint8Array) => b.map((x) => (x + 128) & 255);

describe("ciphertext envelope", () => {
  it("opens the corpus ciphertext", () => {
    const inner = openEnvelope("ZXNjeAAAAAHo9e705fKyKo30VQ==");
    expect(new TextDecoder().decode(rot(inner))).toBe("hunter2");
  });
  it("round-trips", () => {
    const inner = new TextEncoder().encode("secret value");
    expect(openEnvelope(sealEnvelope(inner))).toEqual(inner);
  });
  const errors: [string, string][] = [
    ["hunter23", "EOF"],
    [encodeBase64(new Uint8Array(20)), "invalid header"],
    ["not base64!", "illegal base64 data at input byte 3"],
  ];
  it.each(errors)("%s → %s", (input, msg) => expect(() => openEnvelope(input)).toThrow(msg));
  it("detects a bad checksum", () => {
    const good = decodeBase64(sealEnvelope(new Uint8Array([1, 2, 3, 4, 5])));
    good[9] ^= 1;
    expect(() => openEnvelope(encodeBase64(good))).toThrow("invalid checksum");
  });
});
