import { describe, expect, it } from "vitest";
import { crc32, openEnvelope, sealEnvelope } from "./envelope";
import { decryptSecrets, EditError, encryptSecrets, listSecrets, rot128, secretValue, setValue } from "./index";

const enc = (plain: string) => sealEnvelope(new TextEncoder().encode(plain).map((b) => (b + 128) & 0xff));

describe("envelope", () => {
  it("matches the reference vector for hunter2", () => {
    expect(enc("hunter2")).toBe("ZXNjeAAAAAHo9e705fKyKo30VQ==");
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });
  it.each([
    ["ZXNjeAAAAAHo9e705fKyKo30VA==", "invalid checksum"],
    ["!!!!", "not valid base64"],
    ["ZXNj", "too short"],
    [btoa("nope" + "\0\0\0\x01" + "abcd"), "invalid header"],
  ])("rejects %s", (b64, message) => {
    expect(() => openEnvelope(b64)).toThrow(message);
  });
  it("rejects an unknown version", () => {
    const bytes = Uint8Array.from(atob(enc("hello")), (c) => c.charCodeAt(0));
    bytes[7] = 2;
    const sum = crc32(bytes.subarray(0, bytes.length - 4));
    new DataView(bytes.buffer).setUint32(bytes.length - 4, sum);
    expect(() => openEnvelope(btoa(String.fromCharCode(...bytes)))).toThrow("unsupported version");
  });
});

const cases: { name: string; plaintext: string; ciphertext: string }[] = [
  {
    name: "block, comments kept",
    plaintext: "values:\n  password:\n    # head\n    fn::secret: hunter2 # line\n",
    ciphertext: `values:\n  password:\n    # head\n    fn::secret:\n      ciphertext: ${enc("hunter2")} # line\n`,
  },
  {
    name: "flow, quoted key",
    plaintext: "values:\n  k: {'fn::secret': secretAccessKey}\n",
    ciphertext: `values:\n  k: {'fn::secret': {ciphertext: ${enc("secretAccessKey")}}}\n`,
  },
  {
    name: "in a sequence",
    plaintext: "values:\n  list:\n    - fn::secret: s1\n    - {fn::secret: s2}\n",
    ciphertext: `values:\n  list:\n    - fn::secret:\n        ciphertext: ${enc("s1")}\n    - {fn::secret: {ciphertext: ${enc("s2")}}}\n`,
  },
  {
    name: "multi-line secret",
    plaintext: "values:\n  b:\n    fn::secret: |\n      x\n      y\n  c: 1\n",
    ciphertext: `values:\n  b:\n    fn::secret:\n      ciphertext: ${enc("x\ny\n")}\n  c: 1\n`,
  },
  {
    name: "multi-line secret in flow",
    plaintext: 'values:\n  a: {fn::secret: "multi\\nline"}\n',
    ciphertext: `values:\n  a: {fn::secret: {ciphertext: ${enc("multi\nline")}}}\n`,
  },
  {
    name: "strings that need quotes",
    plaintext: 'values:\n  a:\n    fn::secret: "true"\n  b:\n    fn::secret: \'a: b\'\n  c:\n    fn::secret: ""\n',
    ciphertext: `values:\n  a:\n    fn::secret:\n      ciphertext: ${enc("true")}\n  b:\n    fn::secret:\n      ciphertext: ${enc("a: b")}\n  c:\n    fn::secret:\n      ciphertext: ${enc("")}\n`,
  },
  {
    name: "indent 4, unicode",
    plaintext: "values:\n    é:\n        fn::secret: pässwörd 🔑\n",
    ciphertext: `values:\n    é:\n        fn::secret:\n            ciphertext: ${enc("pässwörd 🔑")}\n`,
  },
  {
    name: "CRLF",
    plaintext: "values:\r\n  a:\r\n    fn::secret: x # c\r\n",
    ciphertext: `values:\r\n  a:\r\n    fn::secret:\r\n      ciphertext: ${enc("x")} # c\r\n`,
  },
  { name: "no secrets", plaintext: "values:\n  a: 1 # c\n", ciphertext: "values:\n  a: 1 # c\n" },
  { name: "empty", plaintext: "", ciphertext: "" },
];

describe("encryptSecrets / decryptSecrets", () => {
  it.each(cases)("$name", async ({ plaintext, ciphertext }) => {
    expect(await encryptSecrets(plaintext, rot128)).toBe(ciphertext);
    expect(await decryptSecrets(ciphertext, rot128)).toBe(plaintext);
  });

  it("leaves non-secrets, non-string secrets and extra-key maps alone", async () => {
    const text = "values:\n  n:\n    fn::secret: 42\n  x:\n    fn::secret: a\n    other: b\n  q: {fn::secret: null}\n";
    expect(await encryptSecrets(text, rot128)).toBe(text);
  });

  it("encrypts outside values but decrypts only under values, like the reference", async () => {
    const text = "other:\n  fn::secret: outside\nvalues:\n  a:\n    fn::secret: inside\n";
    const sealed = await encryptSecrets(text, rot128);
    expect(sealed).not.toContain("outside");
    const opened = await decryptSecrets(sealed, rot128);
    expect(opened).toContain("inside");
    expect(opened).not.toContain("outside");
  });

  it("setValue with a secret, then encrypt", async () => {
    const text = setValue("values:\n  a: 1\n", "values.pw", secretValue("hunter2"));
    expect(await encryptSecrets(text, rot128)).toBe("values:\n  a: 1\n  pw:\n    fn::secret:\n      ciphertext: ZXNjeAAAAAHo9e705fKyKo30VQ==\n");
  });

  it("decrypts the 1-3 byte secrets the reference cannot", async () => {
    const sealed = await encryptSecrets("values:\n  pin:\n    fn::secret: q\n", rot128);
    expect(await decryptSecrets(sealed, rot128)).toBe("values:\n  pin:\n    fn::secret: q\n");
  });

  it.each([
    ["a bad checksum", `values:\n  a:\n    fn::secret:\n      ciphertext: ZXNjeAAAAAHo9e705fKyKo30VA==\n`, "values.a: invalid ciphertext: invalid checksum"],
    ["bad base64", "values:\n  a:\n    fn::secret:\n      ciphertext: '!!'\n", "values.a: invalid ciphertext: it is not valid base64"],
  ])("reports %s", async (_, text, message) => {
    await expect(decryptSecrets(text, rot128)).rejects.toThrow(message);
  });

  it("hides the cipher's own error text", async () => {
    const failing = { encrypt: async () => Promise.reject(new Error("kms down: key=abc")) };
    const err = await encryptSecrets("values:\n  a:\n    fn::secret: x\n", failing).catch((e) => e);
    expect(err).toBeInstanceOf(EditError);
    expect(err.code).toBe("crypto");
    expect(err.message).toBe("the secret at values.a could not be encrypted");
  });

  it("reports non-UTF-8 plaintext", async () => {
    const sealed = sealEnvelope(Uint8Array.of(0xff, 0xfe, 0xfd, 0xfc));
    const identity = { decrypt: async (b: Uint8Array) => b };
    await expect(decryptSecrets(`values:\n  a:\n    fn::secret:\n      ciphertext: ${sealed}\n`, identity)).rejects.toThrow("UTF-8");
  });
});

describe("listSecrets", () => {
  it("lists paths, states and editor ranges", () => {
    const text = `values:\n  a: {fn::secret: x}\n  list:\n    - fn::secret:\n        ciphertext: ${enc("y")}\n  "dotted.key":\n    fn::secret: z\n`;
    const found = listSecrets(text).map((s) => ({
      path: s.pathText,
      state: s.state,
      start: [s.valueRange.start.line, s.valueRange.start.column],
      text: text.slice(s.valueRange.start.offset, s.valueRange.end.offset),
      whole: text.slice(s.range.start.offset, s.range.end.offset),
    }));
    expect(found).toEqual([
      { path: "values.a", state: "plaintext", start: [2, 19], text: "x", whole: "fn::secret: x" },
      { path: "values.list[0]", state: "ciphertext", start: [5, 9], text: `ciphertext: ${enc("y")}`, whole: `fn::secret:\n        ciphertext: ${enc("y")}` },
      { path: 'values["dotted.key"]', state: "plaintext", start: [7, 17], text: "z", whole: "fn::secret: z" },
    ]);
  });
});

describe("scale", () => {
  it("rewrites 1000 secrets in one pass without re-reading the document each time", async () => {
    let text = "values:\n";
    for (let i = 0; i < 1000; i++) text += `  # secret ${i}\n  s${i}:\n    fn::secret: value-${i} # note\n  plain${i}: [a, {b: c}]\n`;
    const started = Date.now();
    const sealed = await encryptSecrets(text, rot128);
    expect(await decryptSecrets(sealed, rot128)).toBe(text);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
