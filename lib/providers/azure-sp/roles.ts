// Azure roles through @azure/arm-authorization, with Vault's rules: a roleName must match exactly
// one role definition at its scope (case-insensitively), a roleId must exist, and an assignment
// for a principal Graph created moments ago is retried while ARM answers PrincipalNotFound.
// Server-only.
import { randomUUID } from "node:crypto";
import type { AuthorizationManagementClient, RoleDefinition } from "@azure/arm-authorization";
import type { AzureRoleInput } from "./inputs";
import { isGuid } from "./inputs";
import { AzureSpError, cloudFailure, said } from "./cloud-errors";
import { retryWhile, type Clock } from "./retry";

export interface ResolvedRole {
  scope: string;
  /** what the definition said it is called, for messages */
  roleName: string;
  /** the full role definition id ARM returned */
  roleDefinitionId: string;
  /** what the user wrote, for messages */
  asWritten: string;
}

const written = (r: AzureRoleInput) => (r.roleName !== undefined ? `role "${r.roleName}"` : `roleId "${r.roleId}"`);

/** Resolves every role before anything is created, so a bad name fails with nothing to undo. */
export async function resolveRoles(arm: AuthorizationManagementClient, roles: AzureRoleInput[], signal?: AbortSignal): Promise<ResolvedRole[]> {
  const out: ResolvedRole[] = [];
  for (const role of roles) {
    const def = role.roleName !== undefined ? await byName(arm, role.roleName, role.scope, signal) : await byId(arm, role.roleId, role.scope, signal);
    if (!def.id) throw new AzureSpError(`azure-sp: ARM answered ${written(role)} at scope "${role.scope}" without a role definition id`, "InvalidResponse");
    out.push({ scope: role.scope, roleName: def.roleName ?? role.roleName ?? def.name ?? "", roleDefinitionId: def.id, asWritten: written(role) });
  }
  return out;
}

async function byName(arm: AuthorizationManagementClient, roleName: string, scope: string, signal?: AbortSignal): Promise<RoleDefinition> {
  const found: RoleDefinition[] = [];
  try {
    // OData string literals double their single quotes.
    for await (const def of arm.roleDefinitions.list(scope, { filter: `roleName eq '${roleName.replace(/'/g, "''")}'`, abortSignal: signal })) {
      // ARM's filter already ignores case; compare again so a looser match never slips through.
      if (def.roleName?.toLowerCase() === roleName.toLowerCase()) found.push(def);
    }
  } catch (e) {
    throw new AzureSpError(`azure-sp: looking up role "${roleName}" at scope "${scope}" failed: ${said(cloudFailure(e))}`, cloudFailure(e).code);
  }
  if (found.length === 0) throw new AzureSpError(`azure-sp: no role definition named "${roleName}" exists at scope "${scope}": check the name as the portal shows it, or give its roleId`, "RoleNotFound");
  if (found.length > 1) {
    throw new AzureSpError(`azure-sp: role "${roleName}" matches ${found.length} role definitions at scope "${scope}" (${found.map((d) => d.name).join(", ")}): give roleId instead`, "RoleNameAmbiguous");
  }
  return found[0];
}

async function byId(arm: AuthorizationManagementClient, roleId: string, scope: string, signal?: AbortSignal): Promise<RoleDefinition> {
  try {
    return isGuid(roleId) ? await arm.roleDefinitions.get(scope, roleId, { abortSignal: signal }) : await arm.roleDefinitions.getById(roleId, { abortSignal: signal });
  } catch (e) {
    const f = cloudFailure(e);
    if (f.code === "RoleDefinitionDoesNotExist") throw new AzureSpError(`azure-sp: role definition "${roleId}" does not exist at scope "${scope}" (${said(f)})`, f.code);
    throw new AzureSpError(`azure-sp: looking up roleId "${roleId}" at scope "${scope}" failed: ${said(f)}`, f.code);
  }
}

/** Assigns one role; returns the assignment's id. */
export async function assignRole(arm: AuthorizationManagementClient, principalId: string, role: ResolvedRole, clock: Clock, signal?: AbortSignal): Promise<string> {
  // One name for every attempt, as Vault does: a retry after a lost answer finds its own assignment.
  const name = randomUUID();
  const { value } = await retryWhile(
    () =>
      arm.roleAssignments.create(
        role.scope,
        name,
        // principalType tells ARM not to look the principal up in Graph first (Microsoft's advice
        // for new principals); the fakes, like ARM at times, may still answer PrincipalNotFound.
        { roleDefinitionId: role.roleDefinitionId, principalId, principalType: "ServicePrincipal" },
        { abortSignal: signal },
      ),
    (e) => cloudFailure(e).code === "PrincipalNotFound",
    clock,
    signal,
  );
  return value.id ?? `${role.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
}

/** Deletes a role assignment; one that is already gone is success (ARM answers 204 or 404). */
export async function deleteRoleAssignment(arm: AuthorizationManagementClient, id: string, signal?: AbortSignal): Promise<void> {
  try {
    await arm.roleAssignments.deleteById(id, { abortSignal: signal });
  } catch (e) {
    const f = cloudFailure(e);
    if (f.status === 404) return;
    throw e;
  }
}
