// Definitions are stored with every plaintext `fn::secret` replaced by its ciphertext, rewritten
// in place so the author's comments and layout survive.
import { encryptSecrets, isEditError } from "../esc/edit";
import { AppError } from "../errors";
import { secretsEncrypter } from "../crypto/secrets-cipher";

export async function encryptForStorage(yaml: string): Promise<string> {
  try {
    return await encryptSecrets(yaml, secretsEncrypter);
  } catch (e) {
    if (isEditError(e) && e.code === "invalid-yaml") {
      // Without a syntax tree we cannot find the secrets, and storing them in plaintext is not
      // an option.
      throw new AppError("invalid_input", "The definition is not valid YAML, so its secrets cannot be encrypted. Fix the YAML errors, then save.", {
        yaml: "Not valid YAML.",
      });
    }
    if (isEditError(e)) throw new AppError("invalid_input", `Could not encrypt the definition's secrets: ${e.message}.`, { yaml: e.message });
    throw e;
  }
}
