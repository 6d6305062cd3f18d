// Definitions of imported environments, for evaluating in the browser (the editor's live
// check). They are read as stored: secrets stay ciphertext, which check mode treats as unknown
// secrets, so nothing here reveals a secret.
import "server-only";
import type { Actor } from "../auth/actor";
import { requireMembership } from "../orgs/access";
import { parseVersionedName, resolveRevision } from "./versions";
import { can, rightOnResolved } from "./access";

export type ImportDefinition = { text: string } | { error: string };

export const MAX_IMPORT_LOOKUPS = 64;

export async function readImportDefinitions(actor: Actor, orgName: string, names: unknown): Promise<Record<string, ImportDefinition>> {
  const access = await requireMembership(actor, orgName);
  const { org } = access;
  const list = Array.isArray(names) ? names.filter((n): n is string => typeof n === "string" && n.length <= 200).slice(0, MAX_IMPORT_LOOKUPS) : [];
  const entries: [string, ImportDefinition][] = [];
  for (const name of new Set(list)) {
    const parsed = parseVersionedName(name);
    const resolved = parsed && (await resolveRevision(org.id, parsed));
    // one the actor may not read is as missing as one that does not exist
    const found = resolved && can({ right: await rightOnResolved(actor, access, resolved) }, "reader") ? resolved : null;
    entries.push([name, found ? { text: found.yaml } : { error: `environment "${name}" not found` }]);
  }
  // fromEntries defines own properties: a name such as "__proto__" stays an ordinary key
  // instead of replacing the result's prototype.
  return Object.fromEntries(entries);
}

