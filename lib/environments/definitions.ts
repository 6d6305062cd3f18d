// Two ways to read and write a definition that carry policy beyond the plain get and save:
// showing it with its secrets decrypted (the open right, audited), and the save that refuses a
// definition with errors (the REST API's, as ESC refuses them; the console saves such a text
// after the person confirmed it). Each authorizes once and works on what it checked.
import "server-only";
import { AppError } from "../errors";
import type { Actor } from "../auth/actor";
import { recordAudit, type RequestInfo } from "../audit/record";
import { decrypterFor } from "../crypto/secrets-cipher";
import type { Diagnostic } from "../esc";
import { decryptSecrets, isEditError } from "../esc/edit";
import { parseInput } from "../validation/form";
import { requireEnvironment } from "./access";
import { saveAuthorized, type RevisionDto } from "./environments";
import { evaluate } from "./evaluate";
import { formatRef, ZSaveDefinition, type EnvironmentRef } from "./schema";
import { resolveRevision } from "./versions";
import { VERSION } from "./revisions";

/** The definition at a version (default latest) with its secrets decrypted; needs the open right. */
export async function getDecryptedDefinition(actor: Actor, ref: EnvironmentRef, info: RequestInfo, version?: string): Promise<{ yaml: string; revision: number }> {
  const { org, env } = await requireEnvironment(actor, ref, "opener", { action: "environment.decrypt", ...info });
  if (version !== undefined && (typeof version !== "string" || !VERSION.test(version))) throw new AppError("not_found", `No revision "${String(version).slice(0, 40)}".`);
  const found = await resolveRevision(org.id, { project: env.project, name: env.name, version });
  if (!found) throw new AppError("not_found", `${ref.project}/${ref.name} has no revision or tag "${String(version).slice(0, 64)}".`);
  let plain: string;
  try {
    plain = await decryptSecrets(found.yaml, decrypterFor({ id: env.id, organizationId: org.id }));
  } catch (e) {
    if (!isEditError(e) || e.code !== "crypto") throw e;
    // e.g. a ciphertext pasted from another environment: name it rather than fail obscurely.
    throw new AppError("invalid_input", `The definition cannot be shown decrypted: ${e.message}. Replace or remove that secret.`);
  }
  await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "environment.decrypt", target: formatRef(ref), detail: { revision: found.revision }, ...info });
  return { yaml: plain, revision: found.revision };
}

export type CheckedSave = { ok: false; diagnostics: Diagnostic[] } | { ok: true; diagnostics: Diagnostic[]; revision: RevisionDto };

/**
 * Saves a new definition unless it has errors; `baseRevision` turns a concurrent save into a
 * conflict instead of an overwrite. Needs the edit right, checked before anything is evaluated.
 */
export async function saveCheckedDefinition(actor: Actor, ref: EnvironmentRef, input: unknown): Promise<CheckedSave> {
  const access = await requireEnvironment(actor, ref, "editor");
  const parsed = parseInput(ZSaveDefinition, input);
  const { diagnostics } = await evaluate("check", actor, access, { yaml: parsed.yaml });
  if (diagnostics.some((d) => d.severity === "error")) return { ok: false, diagnostics };
  return { ok: true, diagnostics, revision: await saveAuthorized(actor, access, ref, parsed) };
}
