import { describe, expect, it } from "vitest";
import { InvalidCiphertextError, checkEnvironment, loadEnvironment, sealEnvelope, type Decrypter } from "./index";
import { decryptSecrets, resealSecrets, rot128 } from "./edit";

const text = `values:\n  pw:\n    fn::secret:\n      ciphertext: ${sealEnvelope(new Uint8Array([1, 2, 3, 4, 5]))}\n`;

async function reveal(decrypter: Decrypter) {
  const { env } = loadEnvironment("root", text);
  return checkEnvironment({ name: "root", env, decrypter, showSecrets: true });
}

describe("a decrypter's refusal", () => {
  it("is reported as an invalid ciphertext at the secret when the decrypter refuses the ciphertext itself", async () => {
    const refused = await reveal({ decrypt: () => Promise.reject(new InvalidCiphertextError("it belongs elsewhere")) });
    expect(refused.diagnostics).toMatchObject([{ severity: "error", summary: "invalid ciphertext: it belongs elsewhere", path: "values.pw", range: { start: { line: 3, column: 5 } } }]);
    expect(refused.env?.properties?.pw).toMatchObject({ unknown: true, secret: true });
  });

  it("keeps ESC's `decrypting:` for any other failure", async () => {
    const failed = await reveal({ decrypt: () => Promise.reject(new Error("key service unavailable")) });
    expect(failed.diagnostics.map((d) => d.summary)).toEqual(["decrypting: key service unavailable"]);
  });

  it("names the secret when a whole definition is decrypted", async () => {
    await expect(decryptSecrets(text, { decrypt: () => Promise.reject(new InvalidCiphertextError("it belongs elsewhere")) })).rejects.toThrow(
      "values.pw: invalid ciphertext: it belongs elsewhere",
    );
  });
});

describe("resealSecrets", () => {
  it("replaces the ciphertexts it is given new bytes for, anywhere, keeping the rest of the text", async () => {
    const doc = `# top\nvalues:\n  a:\n    fn::secret: plain # stays plaintext\n  b:\n    fn::secret:\n      ciphertext: ${sealEnvelope(await rot128.encrypt(new TextEncoder().encode("bee")))}\n  list:\n    - fn::secret: {ciphertext: ${sealEnvelope(await rot128.encrypt(new TextEncoder().encode("sea")))}}\n  bad:\n    fn::secret:\n      ciphertext: not-an-envelope\n`;
    const seen: string[] = [];
    const out = await resealSecrets(doc, async (inner, path) => {
      seen.push(path);
      const plain = new TextDecoder().decode(await rot128.decrypt(inner));
      return plain === "sea" ? null : rot128.encrypt(new TextEncoder().encode(plain.toUpperCase()));
    });
    expect(seen).toEqual(["values.b", "values.list[0]"]);
    expect(out).toContain("# top");
    expect(out).toContain("fn::secret: plain # stays plaintext");
    expect(out).toContain("ciphertext: not-an-envelope");
    const plain = await decryptSecrets(out.replace(/\n  bad:[\s\S]*$/, "\n"), rot128);
    expect(plain).toContain("fn::secret: BEE");
    expect(plain).toContain("fn::secret: sea");
    expect(await resealSecrets(doc, async () => null)).toBe(doc);
  });
});
