// Definitions are stored with every plaintext `fn::secret` replaced by its ciphertext, sealed for
// the environment that stores it and rewritten in place so the author's comments and layout
// survive.
import "server-only";
import { encryptSecrets, isEditError, type Encrypter } from "../esc/edit";
import { AppError } from "../errors";
import { encrypterFor, type EnvironmentBinding } from "../crypto/secrets-cipher";

export async function encryptForStorage(yaml: string, env: EnvironmentBinding): Promise<string> {
  // The data key is fetched (or made) only when there is something to seal, and a failure to get
  // it (a master-key problem) surfaces as itself rather than as "could not encrypt".
  let encrypter: Promise<Encrypter> | undefined;
  let keyFailure: { error: unknown } | undefined;
  const lazy: Encrypter = {
    async encrypt(plaintext) {
      try {
        return await (await (encrypter ??= encrypterFor(env))).encrypt(plaintext);
      } catch (e) {
        keyFailure ??= { error: e };
        throw e;
      }
    },
  };
  try {
    return await encryptSecrets(yaml, lazy);
  } catch (e) {
    if (keyFailure) throw keyFailure.error;
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
