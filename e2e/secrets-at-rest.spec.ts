import { expect, test } from "@playwright/test";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { createEnvironment, createOrg, signUp, unique } from "./support/console";
import { expectJson, pasteDefinition } from "./support/editor";
import { E2E_DATA_DIR } from "./support/paths";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("a secret typed in the editor never reaches the database file in plaintext", async ({ page }) => {
  const plaintext = `planted-${randomBytes(8).toString("hex")}`;
  const org = unique("vault");
  await signUp(page, `${unique("keeper")}@example.com`);
  await createOrg(page, org);
  await createEnvironment(page, org, "payments", "dev");
  await pasteDefinition(page, `values:\n  # the database password\n  password:\n    fn::secret: ${plaintext}\n`);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved revision 2" })).toBeVisible();

  // Readers see ciphertext, with the comment kept; opening decrypts.
  await page.reload();
  const editor = page.getByTestId("definition-editor");
  await expect(editor).toContainText("# the database password");
  await expect(editor).toContainText("ciphertext:");
  await expect(editor).not.toContainText(plaintext);
  await page.getByRole("button", { name: "Open" }).click();
  await page.getByRole("button", { name: "Show secrets" }).click();
  await expectJson(page, { password: plaintext });

  // The raw SQLite file and its write-ahead log hold no trace of the plaintext.
  const files = ["ferry.db", "ferry.db-wal"].map((f) => path.join(E2E_DATA_DIR, f)).filter((f) => existsSync(f));
  expect(files.length).toBeGreaterThan(0);
  // Nor of the master key, which only ever lives in the data directory's key file.
  const masterKey = Buffer.from(readFileSync(path.join(E2E_DATA_DIR, "master.key"), "utf8").trim(), "base64");
  expect(masterKey).toHaveLength(32);
  for (const file of files) {
    const bytes = readFileSync(file);
    expect(bytes.includes(Buffer.from(plaintext)), file).toBe(false);
    expect(bytes.includes(Buffer.from(plaintext, "utf16le")), file).toBe(false);
    for (const encoded of [masterKey, Buffer.from(masterKey.toString("base64")), Buffer.from(masterKey.toString("hex"))]) {
      expect(bytes.includes(encoded), `${file} holds the master key`).toBe(false);
    }
  }
});
