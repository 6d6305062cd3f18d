// The cases of every server action, keyed "<module>#<export>" as the production build's
// server-reference manifest names them. An action the build registers without an entry here
// fails the suite. `args` lists what each argument is, bound ones first, so the generic
// variants of action-cases.ts know what to replace.
import type { ActionAnswer } from "./server-actions";
import type { Tenants } from "./tenants";

export type ArgKind = "ref" | "org" | "id" | "state" | "form" | "input" | "names";

export interface ActionEntry {
  /** who may call it: anyone (sign-up), any signed-in user (their own account), or members */
  scope: "public" | "account" | "organization" | "environment";
  args: ArgKind[];
  /** the fields of the valid form (for "form" arguments) */
  form?: (t: Tenants) => Record<string, string>;
  /** the other arguments of the valid call, by position */
  values?: (t: Tenants) => Partial<Record<number, unknown>>;
  /** why the control's answer is not a success, or undefined */
  ok: (a: ActionAnswer, t: Tenants) => string | undefined;
  /** the control changes the database */
  mutates: boolean;
  /** extra argument lists that must be refused */
  refused?: (t: Tenants) => Record<string, unknown[]>;
}

const stamp = () => Date.now().toString(36);
const env = (t: Tenants) => `/${t.victim.org}/${t.victim.ref.project}/${t.victim.ref.name}`;

/** An ActionState or SaveResult that reports success. */
export const succeeded = (a: ActionAnswer): string | undefined => {
  const r = a.result as { status?: string; message?: string } | undefined;
  return r && (r.status === "ok" || r.status === "saved") ? undefined : `HTTP ${a.res.status}, result ${JSON.stringify(a.result ?? a.res.body.toString().slice(0, 200))}`;
};
const redirectsTo = (pattern: RegExp) => (a: ActionAnswer) => (a.redirect && pattern.test(a.redirect) ? undefined : `no redirect to ${pattern}: HTTP ${a.res.status} ${JSON.stringify(a.result)} ${a.redirect ?? ""}`);

const refForm = (fields: (t: Tenants) => Record<string, string>) => ({ args: ["ref", "state", "form"] as ArgKind[], form: fields, values: (t: Tenants) => ({ 0: t.victim.ref }) });
const orgForm = (fields: (t: Tenants) => Record<string, string>) => ({ args: ["org", "state", "form"] as ArgKind[], form: fields, values: (t: Tenants) => ({ 0: t.victim.org }) });

export const ACTIONS: Record<string, ActionEntry> = {
  "app/(auth)/sign-up/actions.ts#signUpAction": {
    scope: "public",
    args: ["state", "form"],
    form: () => ({ email: `control-${stamp()}@example.com`, password: "control password 1", name: "Control" }),
    ok: succeeded,
    mutates: true,
    refused: () => ({
      "a short password": [{ status: "idle" }, formOf({ email: `short-${stamp()}@example.com`, password: "short", name: "Short" })],
      "no name": [{ status: "idle" }, formOf({ email: `anon-${stamp()}@example.com`, password: "control password 1" })],
      "an invitation link that is not one": [{ status: "idle" }, formOf({ email: `inv-${stamp()}@example.com`, password: "control password 1", name: "I", invitation: "fry_inv_" + "A".repeat(43) })],
    }),
  },
  "app/(auth)/invite/[token]/actions.ts#acceptInvitationAction": {
    scope: "account",
    args: ["id", "state", "form"],
    form: () => ({ accept: "yes" }),
    values: (t) => ({ 0: t.victim.invitationForAdmin }),
    ok: redirectsTo(/^\/invite-/),
    mutates: true,
  },
  "app/(console)/[org]/-/members/actions.ts#inviteMemberAction": {
    scope: "organization",
    ...orgForm((t) => ({ email: t.outsider.email, role: "member" })),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({
      "an unknown role": [t.victim.org, { status: "idle" }, formOf({ email: t.outsider.email, role: "owner" })],
      "an existing member": [t.victim.org, { status: "idle" }, formOf({ email: t.victim.memberEmail, role: "admin" })],
    }),
  },
  "app/(console)/[org]/-/members/actions.ts#revokeInvitationAction": {
    scope: "organization",
    args: ["org", "id"],
    values: (t) => ({ 0: t.victim.org, 1: t.victim.scratch.invitationIds[1] }),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({ "another organization's invitation": [t.victim.org, t.outsider.invitationId], "another organization with its own invitation": [t.outsider.org, t.outsider.invitationId] }),
  },
  "app/(console)/[org]/-/settings/actions.ts#setAuditRetentionAction": {
    scope: "organization",
    ...orgForm(() => ({ days: "3650" })),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({
      "zero days": [t.victim.org, { status: "idle" }, formOf({ days: "0" })],
      "a fraction of a day": [t.victim.org, { status: "idle" }, formOf({ days: "1.5" })],
    }),
  },
  "app/(console)/[org]/-/members/actions.ts#changeRoleAction": {
    scope: "organization",
    ...orgForm((t) => ({ email: t.victim.extraEmail, role: "admin" })),
    ok: succeeded,
    mutates: true,
  },
  "app/(console)/[org]/-/members/actions.ts#removeMemberAction": {
    scope: "organization",
    ...orgForm((t) => ({ email: t.victim.extraEmail })),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({ "the last admin leaving": [t.victim.org, { status: "idle" }, formOf({ email: t.victim.adminEmail, self: "1" })] }),
  },
  "app/(console)/[org]/-/teams/actions.ts#createTeamAction": {
    scope: "organization",
    ...orgForm(() => ({ name: `control-${stamp()}` })),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({
      "an existing name": [t.victim.org, { status: "idle" }, formOf({ name: "ops" })],
      "a name with a slash": [t.victim.org, { status: "idle" }, formOf({ name: "a/b" })],
    }),
  },
  "app/(console)/[org]/-/teams/actions.ts#renameTeamAction": {
    scope: "organization",
    ...orgForm((t) => ({ team: t.victim.scratch.teams[3], name: `renamed-${stamp()}` })),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({
      "onto an existing name": [t.victim.org, { status: "idle" }, formOf({ team: t.victim.scratch.teams[3], name: "ops" })],
      "a team that does not exist": [t.victim.org, { status: "idle" }, formOf({ team: "nope", name: "x" })],
    }),
  },
  "app/(console)/[org]/-/teams/actions.ts#deleteTeamAction": {
    scope: "organization",
    ...orgForm((t) => ({ team: t.victim.scratch.teams[2] })),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({ "a team __proto__": [t.victim.org, { status: "idle" }, formOf({ team: "__proto__" })] }),
  },
  "app/(console)/[org]/-/teams/actions.ts#addTeamMemberAction": {
    scope: "organization",
    ...orgForm((t) => ({ team: "crew", email: t.victim.extraEmail })),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({
      "someone outside the organization": [t.victim.org, { status: "idle" }, formOf({ team: "crew", email: t.outsider.email })],
      "someone already in it": [t.victim.org, { status: "idle" }, formOf({ team: "crew", email: t.victim.memberEmail })],
    }),
  },
  "app/(console)/[org]/-/teams/actions.ts#removeTeamMemberAction": {
    scope: "organization",
    ...orgForm((t) => ({ team: "crew", email: t.victim.memberEmail })),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({ "someone not in it": [t.victim.org, { status: "idle" }, formOf({ team: "crew", email: t.victim.adminEmail })] }),
  },
  "app/(console)/[org]/-/settings/actions.ts#setDefaultPermissionAction": {
    scope: "organization",
    ...orgForm(() => ({ permission: "write" })),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({ "an unknown permission": [t.victim.org, { status: "idle" }, formOf({ permission: "all" })] }),
  },
  "app/(console)/[org]/[project]/[env]/access/actions.ts#grantAccessAction": {
    scope: "environment",
    ...refForm((t) => ({ grantee: `user:${t.victim.extraEmail}`, permission: "editor" })),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({
      "an unknown permission": [t.victim.ref, { status: "idle" }, formOf({ grantee: `user:${t.victim.extraEmail}`, permission: "owner" })],
      "someone outside the organization": [t.victim.ref, { status: "idle" }, formOf({ grantee: `user:${t.outsider.email}`, permission: "reader" })],
      "a grantee of no kind": [t.victim.ref, { status: "idle" }, formOf({ grantee: t.victim.extraEmail, permission: "reader" })],
    }),
  },
  "app/(console)/[org]/[project]/[env]/access/actions.ts#revokeAccessAction": {
    scope: "environment",
    ...refForm(() => ({ grantee: "team:ops" })),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({ "a grant that does not exist": [t.victim.ref, { status: "idle" }, formOf({ grantee: `user:${t.victim.adminEmail}` })] }),
  },
  "app/(console)/[org]/-/new/actions.ts#createEnvironmentAction": {
    scope: "organization",
    ...orgForm(() => ({ project: "payments", name: `control-${stamp()}` })),
    ok: (a, t) => redirectsTo(new RegExp(`^/${t.victim.org}/payments/control-`))(a),
    mutates: true,
    refused: (t) => ({ "an existing name": [t.victim.org, { status: "idle" }, formOf({ project: "payments", name: "dev" })] }),
  },
  "app/(console)/[org]/-/settings/actions.ts#setSubjectFormatAction": {
    scope: "organization",
    ...orgForm(() => ({ subjectFormat: "pulumi" })),
    ok: succeeded,
    mutates: true,
  },
  "app/(console)/[org]/[project]/[env]/actions.ts#deleteEnvironmentAction": {
    scope: "environment",
    args: ["ref", "state", "form"],
    form: (t) => ({ confirm: t.victim.scratch.envs[1] }),
    values: (t) => ({ 0: { ...t.victim.ref, name: t.victim.scratch.envs[1] } }),
    ok: (a, t) => redirectsTo(new RegExp(`^/${t.victim.org}$`))(a),
    mutates: true,
  },
  "app/(console)/[org]/[project]/[env]/compare/[range]/actions.ts#revealComparisonAction": {
    scope: "environment",
    args: ["ref", "input"],
    values: (t) => ({ 0: t.victim.ref, 1: [2, 3] }),
    ok: succeeded,
    mutates: true, // an audit event per click
    refused: (t) => ({
      "a revision beyond 32 bits": [t.victim.ref, [1, 99999999999999999999]],
      "revision zero": [t.victim.ref, [0, 1]],
      "three revisions": [t.victim.ref, [1, 2, 3]],
    }),
  },
  "app/(console)/[org]/[project]/[env]/editor-actions.ts#loadImportsAction": {
    scope: "organization",
    args: ["org", "names"],
    values: (t) => ({ 0: t.victim.org, 1: ["payments/dev"] }),
    ok: succeeded,
    mutates: false,
  },
  "app/(console)/[org]/[project]/[env]/editor-actions.ts#saveEditorAction": {
    scope: "environment",
    args: ["ref", "input"],
    values: (t) => ({ 0: t.victim.ref, 1: { yaml: "values:\n  saved: 1\n" } }),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({
      "a definition over 1 MiB": [t.victim.ref, { yaml: `values:\n  a: ${"x".repeat(1024 * 1024)}\n` }],
      "a definition that is not text": [t.victim.ref, { yaml: { values: {} } }],
      "a base revision beyond 32 bits": [t.victim.ref, { yaml: "values: {}\n", baseRevision: 99999999999999999999 }],
      "a base revision that is not a number": [t.victim.ref, { yaml: "values: {}\n", baseRevision: "latest" }],
      "a 10 kB message": [t.victim.ref, { yaml: "values: {}\n", message: "m".repeat(10_240) }],
    }),
  },
  "app/(console)/[org]/[project]/[env]/revisions/actions.ts#deleteTagAction": {
    scope: "environment",
    ...refForm((t) => ({ name: t.victim.scratch.tags[1] })),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({ "the built-in latest": [t.victim.ref, { status: "idle" }, formOf({ name: "latest" })] }),
  },
  "app/(console)/[org]/[project]/[env]/revisions/actions.ts#makeCurrentAction": {
    scope: "environment",
    ...refForm(() => ({ version: "1" })),
    ok: (a, t) => redirectsTo(new RegExp(`^${env(t)}$`))(a),
    mutates: true,
    refused: (t) => ({ "a stale base revision": [t.victim.ref, { status: "idle" }, formOf({ version: "1", baseRevision: "1" })] }),
  },
  "app/(console)/[org]/[project]/[env]/revisions/actions.ts#setTagAction": {
    scope: "environment",
    ...refForm(() => ({ name: `control-${stamp()}`, revision: "1" })),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({ "the built-in latest": [t.victim.ref, { status: "idle" }, formOf({ name: "latest", revision: "1" })] }),
  },
  "app/(console)/[org]/[project]/[env]/runs/actions.ts#createRunCommandAction": {
    scope: "environment",
    ...refForm(() => ({ runVersion: "1", runTtl: "900", runUses: "1", runCommand: "env" })),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({
      "an unbalanced quote": [t.victim.ref, { status: "idle" }, formOf({ runCommand: "echo 'x" })],
      "a lifetime of a year": [t.victim.ref, { status: "idle" }, formOf({ runTtl: "31536000" })],
    }),
  },
  "app/(console)/[org]/[project]/[env]/runs/actions.ts#revokeRunTokenAction": {
    scope: "environment",
    args: ["ref", "id"],
    values: (t) => ({ 0: t.victim.ref, 1: t.victim.scratch.runTokenIds[1] }),
    ok: succeeded,
    mutates: true,
  },
  "app/(console)/[org]/-/leases/actions.ts#revokeLeaseAction": {
    scope: "organization",
    args: ["org", "id"],
    values: (t) => ({ 0: t.victim.org, 1: t.victim.scratch.leaseIds[1] }),
    ok: succeeded,
    mutates: true,
    refused: (t) => ({ "another organization's lease": [t.victim.org, t.outsider.leaseId], "another organization with its own lease": [t.outsider.org, t.outsider.leaseId] }),
  },
  "app/(console)/account/tokens/actions.ts#createAccessTokenAction": {
    scope: "account",
    args: ["state", "form"],
    form: () => ({ name: `control-${stamp()}`, expiresInDays: "30" }),
    ok: succeeded,
    mutates: true,
    refused: () => ({
      "expiry of 1e20 days": [{ status: "idle" }, formOf({ name: "x", expiresInDays: "1e20" })],
      "expiry of -1 days": [{ status: "idle" }, formOf({ name: "x", expiresInDays: "-1" })],
    }),
  },
  "app/(console)/account/tokens/actions.ts#revokeAccessTokenAction": {
    scope: "account",
    args: ["id"],
    values: (t) => ({ 0: t.victim.scratch.patId }),
    ok: succeeded,
    mutates: true,
  },
  "app/(console)/orgs/new/actions.ts#createOrganizationAction": {
    scope: "account",
    args: ["state", "form"],
    form: () => ({ name: `control-${stamp()}` }),
    ok: redirectsTo(/^\/control-/),
    mutates: true,
    refused: (t) => ({
      "a reserved name": [{ status: "idle" }, formOf({ name: "api" })],
      "a name taken in another case": [{ status: "idle" }, formOf({ name: t.victim.org.toUpperCase() })],
    }),
  },
};

export function formOf(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}
