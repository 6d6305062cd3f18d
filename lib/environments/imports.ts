// Definitions of imported environments, for evaluating in the browser (the editor's live
// check). They are read as stored: secrets stay ciphertext, which check mode treats as unknown
// secrets, so nothing here reveals a secret.
import type { Actor } from "../auth/actor";
import { requireMembership } from "../orgs/access";
import { parseVersionedName, resolveRevision } from "./versions";

export type ImportDefinition = { text: string } | { error: string };

export const MAX_IMPORT_LOOKUPS = 64;

export async function readImportDefinitions(actor: Actor, orgName: string, names: unknown): Promise<Record<string, ImportDefinition>> {
  const { org } = await requireMembership(actor, orgName);
  const list = Array.isArray(names) ? names.filter((n): n is string => typeof n === "string" && n.length <= 200).slice(0, MAX_IMPORT_LOOKUPS) : [];
  const out: Record<string, ImportDefinition> = {};
  for (const name of new Set(list)) {
    const parsed = parseVersionedName(name);
    const found = parsed && (await resolveRevision(org.id, parsed));
    out[name] = found ? { text: found.yaml } : { error: `environment "${name}" not found` };
  }
  return out;
}

