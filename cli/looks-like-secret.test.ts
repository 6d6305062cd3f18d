import { describe, expect, it } from "vitest";
import { looksLikeSecret } from "./looks-like-secret";

describe("looksLikeSecret (esc env set's refusal)", () => {
  it.each([
    // esc's own transcript (env-set-secret-error): a random base64 string under `password`
    ["password", "YMHdog6VkUqbVS5dAErxWeMy83r4HeBeNRdEuUFwK3M=", true],
    ["db_token", "ghp_8f3KqLm2Zx9RtY7w", true],
    ["API_SECRET", "a8F!k2@Lq9#z", true],
    // keys that name no secret are never refused, whatever the value
    ["greeting", "YMHdog6VkUqbVS5dAErxWeMy83r4HeBeNRdEuUFwK3M=", false],
    // short or low-entropy values are not
    ["password", "hunter2", false],
    ["token", "aaaa", false],
    ["password", "", false],
    // only strings: numbers, booleans, objects and array indices are not
    ["password", 123456789012345, false],
    ["password", { "fn::secret": "x" }, false],
    [3, "YMHdog6VkUqbVS5dAErxWeMy83r4HeBeNRdEuUFwK3M=", false],
  ])("%s = %j → %s", (key, value, expected) => {
    expect(looksLikeSecret(key as string | number, value)).toBe(expected);
  });
});
