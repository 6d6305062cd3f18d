import { expect, type Page } from "@playwright/test";

/** Replaces the Monaco editor's text the way a user pastes (typing would auto-indent). */
export async function pasteDefinition(page: Page, text: string) {
  const editor = page.getByTestId("definition-editor").locator(".monaco-editor").first();
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press("ControlOrMeta+V");
}

export function resolvedValues(page: Page) {
  return page.getByRole("region", { name: "Resolved values" });
}

export async function showJson(page: Page) {
  await resolvedValues(page).getByRole("tab", { name: "JSON" }).click();
  return page.getByTestId("resolved-json");
}

export async function expectJson(page: Page, expected: unknown) {
  const json = await showJson(page);
  await expect.poll(async () => JSON.parse((await json.textContent()) ?? "null")).toEqual(expected);
}
