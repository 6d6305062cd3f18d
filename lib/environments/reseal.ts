// Copying a definition from one environment into another.
//
// Every fn::secret ciphertext is bound to the environment it was sealed for, so ANY code that
// copies definitions between environments — clone (issue 12), a move to another organization, an
// import/export tool — MUST re-seal each copied revision with a resealer, inside the same
// transaction that writes the copy. Skipping it leaves ciphertexts that no longer decrypt; "fixing"
// that by decrypting with the source's binding at read time would reopen the hole the binding
// closes. Renames keep the environment's id and need nothing; rollback stays in one environment.
//
//   const resealDefinition = await resealerFor(source, target); // before the transaction
//   await db().$transaction(async (tx) => {
//     ... tx.revision.create({ data: { ..., yaml: await resealDefinition(revision.yaml) } }) ...
//   });
import "server-only";
import { resealSecrets, isEditError } from "../esc/edit";
import { AppError } from "../errors";
import { isInvalidCiphertext } from "../esc";
import { copyCiphers, type EnvironmentBinding } from "../crypto/secrets-cipher";

/**
 * Fetches both environments' keys now (making the target organization's if it has none), so the
 * returned function touches no database and can run inside the copy's transaction (a SQLite
 * write transaction would block any other connection). The function returns the definition with
 * every ciphertext decrypted under `from` and sealed for `to`, the rest of the text unchanged. A
 * ciphertext that does not decrypt in the source is refused, not carried along: it would stay
 * unreadable, or worse, become readable if it had been made for `to`.
 */
export async function resealerFor(from: EnvironmentBinding, to: EnvironmentBinding): Promise<(yaml: string) => Promise<string>> {
  if (from.id === to.id && from.organizationId === to.organizationId) return async (yaml) => yaml;
  const { decrypter, encrypter } = await copyCiphers(from, to);
  return async (yaml) => {
    try {
      return await resealSecrets(yaml, async (ciphertext, path) => {
        let plaintext: Uint8Array;
        try {
          plaintext = await decrypter.decrypt(ciphertext);
        } catch (e) {
          if (!isInvalidCiphertext(e)) throw e;
          throw new AppError("invalid_input", `The secret at ${path || "the root"} cannot be copied: ${e.message}. Replace or remove it in the source first.`);
        }
        return encrypter.encrypt(plaintext);
      });
    } catch (e) {
      if (isEditError(e)) throw new AppError("invalid_input", `The definition's secrets cannot be copied: ${e.message}.`);
      throw e;
    }
  };
}
