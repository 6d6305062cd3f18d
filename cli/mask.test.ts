import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SecretMasker } from "./mask";

function maskChunks(secrets: string[], chunks: string[]): string {
  const m = new SecretMasker(secrets);
  const out = chunks.map((c) => m.push(Buffer.from(c, "utf8")));
  out.push(m.flush());
  return Buffer.concat(out).toString("utf8");
}

describe("SecretMasker", () => {
  it.each([
    [["hunter2"], ["password is hunter2\n"], "password is [secret]\n"],
    [["hunter2"], ["password is hun", "ter2!"], "password is [secret]!"],
    [["hunter2"], ["h", "u", "n", "t", "e", "r", "2"], "[secret]"],
    [["hunter2"], ["hunter", "3"], "hunter3"],
    [["ab"], ["ab ab"], "ab ab"],
    [["abc", "abcdef"], ["xx abc", "def yy"], "xx [secret] yy"],
    [["abc", "abcdef"], ["xx abc", "dxx"], "xx [secret]dxx"],
    [["abc", "abcdef"], ["xx abc"], "xx [secret]"],
    [["pässwörd"], ["le pä", "sswörd!"], "le [secret]!"],
    [["secret1", "secret2"], ["secret1secret2"], "[secret][secret]"],
    [[], ["nothing to hide"], "nothing to hide"],
  ])("%j over %j", (secrets, chunks, expected) => {
    expect(maskChunks(secrets, chunks)).toBe(expected);
  });

  it("passes binary output through untouched", () => {
    const m = new SecretMasker(["xyz"]);
    const bytes = Buffer.from([0, 255, 128, 10, 0x78, 0x79, 0x7a]);
    expect(Buffer.concat([m.push(bytes), m.flush()])).toEqual(Buffer.from([0, 255, 128, 10, ...Buffer.from("[secret]")]));
  });

  it("never lets a secret through, however the output is split", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 3, maxLength: 8 }), fc.string(), fc.string(), fc.array(fc.nat(40), { maxLength: 6 }), (secret, before, after, cuts) => {
        fc.pre(!secret.includes("[") && !before.includes(secret[0]) && !after.includes(secret[0]));
        const text = before + secret + after;
        const positions = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let last = 0;
        for (const p of positions) {
          chunks.push(text.slice(last, p));
          last = p;
        }
        chunks.push(text.slice(last));
        const out = maskChunks([secret], chunks);
        expect(out).not.toContain(secret);
        expect(out).toBe(before + "[secret]" + after);
      }),
    );
  });
});
