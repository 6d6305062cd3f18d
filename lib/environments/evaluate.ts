// Server-side evaluation of environments: imports come from the database (same organization,
// any version or tag), each environment's ciphertexts are decrypted only with its own binding (a
// draft's with the environment being edited), providers are the server registry's. Opening is
// audited.
import "server-only";
import { createProviderRegistry, type ProviderRegistry, type Diagnostic, type Environment, type EnvironmentLoader, type EscValue, type ProjectedValue } from "../esc";
import { config } from "../config";
import { countEvent, timed } from "../ops/metrics";
import { evaluationPool } from "../evaluation/pool";
import { db } from "../db/client";
import { hotRead } from "../db/hot-reads";
import { AppError } from "../errors";
import type { Actor, Caller } from "../auth/actor";
import { recordAudit, recordAuditAlongside, type Alongside, type RequestInfo } from "../audit/record";
import { decrypterFor } from "../crypto/secrets-cipher";
import { serverProviderRegistry } from "../providers/registry";
import { leaseRecorder } from "../leases/record";
import { can, requireEnvironment, requireEnvironmentWithHead, rightOnResolved, type CallerAccess, type EnvironmentAccess, type Right } from "./access";
import { formatRef, type EnvironmentRef } from "./schema";
import { requireMembership } from "../orgs/access";
import { parseVersionedName, resolveLatestRevisions, resolveRevision } from "./versions";
import { MintScope, tokenMinter } from "./token-minting";
import { EvaluationTrace, evaluationKey, recall, remember } from "./evaluation-cache";

/**
 * Imports resolve inside the organization; anything else reads as missing. Opening decrypts
 * the imported environments' secrets too, so it needs the open right on each of them; each one
 * authorized for opening joins `minting`, the environments this open may obtain credentials for.
 */
export function databaseLoader(actor: Actor, access: OrgScope, needed: Right, minting?: MintScope, trace?: Pick<EvaluationTrace, "observe" | "notReusable">): EnvironmentLoader {
  return {
    async load(name) {
      const parsed = parseVersionedName(name);
      const found = parsed && (await resolveRevision(access.org.id, parsed));
      const right = found && (await rightOnResolved(actor, access, found));
      // one the actor may not even see reads as missing, like one that does not exist
      if (!found || !right) {
        trace?.notReusable();
        return { error: `environment "${name}" not found` };
      }
      if (!can({ right }, needed)) {
        trace?.notReusable();
        return { error: `you do not have permission to open environment "${name}", which this environment imports` };
      }
      if (needed === "opener") minting?.allow(name);
      trace?.observe(name, found.environmentId, found.yaml);
      return { text: found.yaml, decrypter: decrypterFor({ id: found.environmentId, organizationId: access.org.id }) };
    },
  };
}

/**
 * What each name resolves to for this actor now, if they may load it (a kept result's check):
 * what databaseLoader would load, with every import of the latest revision found in one read.
 */
async function resolvedNow(actor: Actor, access: OrgScope, needed: Right, names: string[]): Promise<({ environmentId: string; text: string } | undefined)[]> {
  const parsed = names.map(parseVersionedName);
  const latest = await resolveLatestRevisions(
    access.org.id,
    parsed.filter((p) => p !== undefined && (p.version === undefined || p.version === "latest")).map((p) => ({ project: p!.project, name: p!.name })),
  );
  const now: ({ environmentId: string; text: string } | undefined)[] = [];
  for (const p of parsed) {
    const isLatest = p !== undefined && (p.version === undefined || p.version === "latest");
    const found = p && (isLatest ? latest.get(`${p.project}/${p.name}`) : await resolveRevision(access.org.id, p));
    const right = found && (await rightOnResolved(actor, access, found));
    now.push(found && right && can({ right }, needed) ? { environmentId: found.environmentId, text: found.yaml } : undefined);
  }
  return now;
}

/** The registry, reporting to `trace` when the evaluation reaches for a provider or rotator. */
function watched(registry: ProviderRegistry, trace: EvaluationTrace): ProviderRegistry {
  return {
    providers: registry.providers,
    rotators: registry.rotators,
    loadProvider(name) {
      trace.notReusable();
      return registry.loadProvider(name);
    },
    loadRotator(name) {
      trace.notReusable();
      return registry.loadRotator(name);
    },
  };
}

/** Where a definition is evaluated: an organization, as a member with this role. */
export type OrgScope = Pick<EnvironmentAccess, "org" | "role">;

async function executionContext(actor: Actor, org: string) {
  const login = actor.login ?? (await hotRead<{ email: string }[]>`SELECT "email" FROM "User" WHERE "id" = ${actor.userId}`)[0]?.email ?? "";
  return { pulumi: { user: { id: actor.userId, login }, organization: { login: org } } };
}

export interface EvaluationDto {
  revision: number;
  /** true when the text evaluated was not a saved revision (the editor's draft) */
  draft: boolean;
  properties: Record<string, EscValue>;
  diagnostics: Diagnostic[];
  /** projected values keep their secret flag: run masks secrets in the child's output */
  environmentVariables: Record<string, ProjectedValue>;
  files: Record<string, ProjectedValue>;
  /** the whole result in ESC's Environment shape (exprs, schema, executionContext), for the API */
  environment?: Environment;
}

interface EvaluateInput {
  /** evaluate this text (a draft) instead of a saved revision */
  yaml?: string;
  /** revision number, tag or "latest" (default) */
  version?: string;
  signal?: AbortSignal;
}

async function revisionText(access: EnvironmentAccess, input: EvaluateInput) {
  if (input.yaml !== undefined) return { yaml: input.yaml, revision: access.env.headRevision, draft: true };
  const latest = input.version === undefined || input.version === "latest";
  if (latest && typeof access.headYaml === "string") return { yaml: access.headYaml, revision: access.env.headRevision, draft: false };
  const found = await resolveRevision(access.org.id, { project: access.env.project, name: access.env.name, version: input.version });
  if (!found) throw new AppError("not_found", `${access.env.project}/${access.env.name} has no version "${input.version}".`);
  return { yaml: found.yaml, revision: found.revision, draft: false };
}

/**
 * Evaluates for an access already checked; callers authorize (and audit) themselves. The
 * evaluation itself runs in the worker pool under the configured time budget; imports,
 * decryption and providers are served from here, bound to what was authorized.
 */
export async function evaluate(mode: "check" | "reveal" | "open", actor: Actor, access: EnvironmentAccess, input: EvaluateInput, how: OpenAuditInfo = { via: "console" }): Promise<EvaluationDto> {
  const { yaml, revision, draft } = await revisionText(access, input);
  const job = { mode, name: `${access.env.project}/${access.env.name}`, yaml, context: await executionContext(actor, access.org.name) };
  const needed: Right = mode === "check" ? "reader" : "opener";
  // a saved revision's result may be kept (evaluation-cache.ts); a draft is evaluated every time
  const key = draft ? undefined : evaluationKey(mode, access.env.id, yaml, job.context);
  if (key) {
    const kept = await recall(key, (names) => resolvedNow(actor, access, needed, names));
    countEvent("ferry_evaluation_cache_total", "Evaluations of saved revisions, by whether a kept result served them.", { mode, outcome: kept ? "hit" : "miss" });
    if (kept) return { revision, draft, ...kept };
  }
  const trace = new EvaluationTrace(yaml);
  // Only "open" calls providers; the others never reach the recorder or mint a token. The caller
  // checked the open right on this environment; the loader adds imports as it checks them.
  const minting = new MintScope(access.org, actor.userId);
  if (mode === "open") minting.allow(job.name);
  const providers = watched(serverProviderRegistry(
    leaseRecorder({
      organizationId: access.org.id,
      environmentId: access.env.id,
      project: access.env.project,
      environment: access.env.name,
      revision,
      openedById: actor.userId,
      runTokenId: how.runTokenId,
      via: how.via,
      address: how.address,
      userAgent: how.userAgent,
    }),
    tokenMinter(minting),
  ), trace);
  const host = {
    decrypter: decrypterFor({ id: access.env.id, organizationId: access.org.id }),
    providers,
    environments: databaseLoader(actor, access, needed, mode === "open" ? minting : undefined, trace),
  };
  const out = await timed("ferry_evaluation_seconds", "Evaluations in the worker pool, by mode.", { mode }, () => evaluationPool(config()).run(job, host, input.signal));
  if (key) remember(key, trace, out);
  return { revision, draft, ...out };
}

/**
 * Type-checks a definition that belongs to no environment (ESC's `POST /{org}/yaml/check`): any
 * member may, imports need the read right, and its own ciphertexts cannot be opened because
 * they are bound to the environment they were sealed for.
 */
export async function checkAnonymousAs(actor: Actor, orgName: string, yaml: string): Promise<EvaluationDto> {
  const { org, role } = await requireMembership(actor, orgName);
  const job = { mode: "check" as const, name: ANONYMOUS_NAME, yaml, context: await executionContext(actor, org.name) };
  const host = { decrypter: decrypterFor(null), providers: CHECK_ONLY_REGISTRY, environments: databaseLoader(actor, { org, role }, "reader") };
  // through the pool like every evaluation: a hostile definition here gets the same time budget
  const out = await evaluationPool(config()).run(job, host);
  return { revision: 0, draft: true, ...out };
}

/**
 * Check mode reads providers' schemas and never opens them, so a definition outside any
 * environment gets a registry whose lease hooks refuse: there is no environment to lease for.
 */
const refuseLease = async (): Promise<never> => {
  throw new AppError("invalid_input", "A definition outside an environment cannot be opened.");
};
const CHECK_ONLY_REGISTRY = serverProviderRegistry(
  {
    recordLease: refuseLease,
    recordIrrevocable: refuseLease,
    pending: { begin: refuseLease, progress: refuseLease, abandon: refuseLease },
  },
  refuseLease,
);

/**
 * Opens a definition that belongs to no environment (ESC's `POST /{org}/yaml/open`): any member
 * may, imports need the open right (their secrets are decrypted), and it is audited like an open.
 * Its own ciphertexts cannot be decrypted (they are bound to the environment they were sealed
 * for), and it calls no provider: credentials are leased to an environment and OIDC tokens name
 * one, and this definition has none.
 */
export async function openAnonymousAs(actor: Actor, orgName: string, yaml: string, audit: OpenAuditInfo): Promise<EvaluationDto & { organizationId: string }> {
  const { org, role } = await requireMembership(actor, orgName);
  const job = { mode: "open" as const, name: ANONYMOUS_NAME, yaml, context: await executionContext(actor, org.name) };
  const host = { decrypter: decrypterFor(null), providers: NO_PROVIDERS_REGISTRY, environments: databaseLoader(actor, { org, role }, "opener") };
  const out = await evaluationPool(config()).run(job, host);
  await recordAudit({
    organizationId: org.id,
    actorId: actor.userId,
    action: "environment.open",
    target: ANONYMOUS_NAME,
    detail: { anonymous: true, via: audit.via, errors: out.diagnostics.filter((d) => d.severity === "error").length },
    address: audit.address,
    userAgent: audit.userAgent,
  });
  return { revision: 0, draft: true, ...out, organizationId: org.id };
}

/** The catalog's schemas (so a definition type-checks as usual) with every open refused. */
const NO_PROVIDERS_REGISTRY = createProviderRegistry(
  [...CHECK_ONLY_REGISTRY.providers.values()].map((p) => ({
    ...p,
    open: async () => {
      throw new Error(`${p.name} cannot be opened in a definition outside an environment; save it as an environment and open that`);
    },
  })),
  [],
);

/** What diagnostics of a definition outside any environment name as its file. */
export const ANONYMOUS_NAME = "<yaml>";

/** Type-checks (no provider calls, no decryption) a revision or a draft. Readers may check. */
export async function checkEnvironmentAs(actor: Actor, ref: EnvironmentRef, input: EvaluateInput = {}): Promise<EvaluationDto> {
  const access = await requireEnvironment(actor, ref, "reader");
  return evaluate("check", actor, access, input);
}

export interface OpenAuditInfo extends RequestInfo {
  via: "console" | "api" | "cli" | "run-token";
  /** the run token redeemed (the actor is its creator): leases name it */
  runTokenId?: string;
}

/** Opens a revision or draft: providers called, secrets decrypted. Requires the open right. */
export async function openEnvironmentAs(actor: Actor, ref: EnvironmentRef, input: EvaluateInput, audit: OpenAuditInfo): Promise<EvaluationDto> {
  return openOrReveal("open", actor, ref, input, audit);
}

/** Check mode with ciphertexts decrypted (no provider calls): the editor's "Show secrets". */
export async function revealEnvironmentAs(actor: Actor, ref: EnvironmentRef, input: EvaluateInput, audit: OpenAuditInfo): Promise<EvaluationDto> {
  return openOrReveal("reveal", actor, ref, input, audit);
}

/**
 * Opens as openEnvironmentAs does and also returns the access it checked, for a caller that
 * stores the result for this environment in the same request (open sessions): one authorization
 * per request, not two.
 */
export async function openAuthorized(caller: Caller, ref: EnvironmentRef, input: EvaluateInput, audit: OpenAuditInfo, keep?: KeepResult): Promise<{ access: CallerAccess; result: EvaluationDto }> {
  return openOrRevealWithAccess("open", caller, ref, input, audit, keep);
}

/**
 * Rows a caller stores from an open's result (an open session), committed in the open's audit
 * transaction; undefined to store nothing.
 */
export type KeepResult = (result: EvaluationDto, access: CallerAccess) => Promise<Alongside | undefined>;

async function openOrReveal(mode: "open" | "reveal", actor: Actor, ref: EnvironmentRef, input: EvaluateInput, audit: OpenAuditInfo): Promise<EvaluationDto> {
  return (await openOrRevealWithAccess(mode, actor, ref, input, audit)).result;
}

async function openOrRevealWithAccess(mode: "open" | "reveal", caller: Caller, ref: EnvironmentRef, input: EvaluateInput, audit: OpenAuditInfo, keep?: KeepResult) {
  const action = mode === "open" ? "environment.open" : "environment.reveal";
  const attempt = { action, via: audit.via, address: audit.address, userAgent: audit.userAgent };
  // the latest revision's text comes with the access check, in the same read
  const latest = input.yaml === undefined && (input.version === undefined || input.version === "latest");
  const access = latest ? await requireEnvironmentWithHead(caller, ref, "opener", attempt) : await requireEnvironment(caller, ref, "opener", attempt);
  return { access, result: await auditedEvaluation(mode, access.actor, access, ref, input, audit, keep) };
}

/**
 * Opens for an access whose open right the caller has just checked (a run-token redemption checks
 * the creator's right before it uses the token), audited like openEnvironmentAs.
 */
export async function openWithAccess(actor: Actor, access: EnvironmentAccess, ref: EnvironmentRef, input: EvaluateInput, audit: OpenAuditInfo): Promise<EvaluationDto> {
  if (!can(access, "opener")) throw new AppError("forbidden", `You can't open ${formatRef(ref)}.`);
  return auditedEvaluation("open", actor, access, ref, input, audit);
}

async function auditedEvaluation(mode: "open" | "reveal", actor: Actor, access: EnvironmentAccess, ref: EnvironmentRef, input: EvaluateInput, audit: OpenAuditInfo, keep?: KeepResult) {
  const result = await evaluate(mode, actor, access, input, audit);
  const errors = result.diagnostics.some((d) => d.severity === "error");
  countEvent("ferry_opens_total", "Opens (and reveals) of environments, by mode, channel and outcome.", { mode, via: audit.via, outcome: errors ? "diagnostics" : "ok" });
  const alongside = await keep?.(result, { ...access, actor });
  const entry = {
    organizationId: access.org.id,
    actorId: actor.userId,
    action: mode === "open" ? "environment.open" : "environment.reveal",
    target: formatRef(ref),
    detail: { revision: result.revision, draft: result.draft, via: audit.via, errors: result.diagnostics.filter((d) => d.severity === "error").length },
    address: audit.address,
    userAgent: audit.userAgent,
  };
  await (alongside ? recordAuditAlongside(entry, alongside) : recordAudit(entry));
  return result;
}
