// Server-side evaluation of environments: imports come from the database (same organization,
// any version or tag), ciphertexts are decrypted with the deployment's master key, providers
// are the server registry's. Opening is audited.
import {
  checkEnvironment,
  evalEnvironment,
  getEnvironmentVariables,
  getTemporaryFiles,
  loadEnvironment,
  type Diagnostic,
  type EnvironmentLoader,
  type EscValue,
  type EvaluateResult,
  type ProjectedValue,
} from "../esc";
import { db } from "../db/client";
import { AppError } from "../errors";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit/record";
import { secretsDecrypter } from "../crypto/secrets-cipher";
import { serverProviderRegistry } from "../providers/registry";
import { can, requireEnvironment, rightOn, type EnvironmentAccess, type Right } from "./access";
import { formatRef, type EnvironmentRef } from "./schema";
import { parseVersionedName, resolveRevision } from "./versions";

/**
 * Imports resolve inside the organization; anything else reads as missing. Opening decrypts
 * the imported environments' secrets too, so it needs the open right on each of them.
 */
export function databaseLoader(actor: Actor, access: EnvironmentAccess, needed: Right): EnvironmentLoader {
  return {
    async load(name) {
      const parsed = parseVersionedName(name);
      const found = parsed && (await resolveRevision(access.org.id, parsed));
      if (!found) return { error: `environment "${name}" not found` };
      if (!can({ right: await rightOn(actor, access.role, found.environmentId) }, needed)) {
        return { error: `you do not have permission to open environment "${name}", which this environment imports` };
      }
      return { text: found.yaml, decrypter: secretsDecrypter };
    },
  };
}

async function executionContext(actor: Actor, org: string) {
  const user = await db().user.findUnique({ where: { id: actor.userId }, select: { email: true } });
  return { pulumi: { user: { id: actor.userId, login: user?.email ?? "" }, organization: { login: org } } };
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
  const found = await resolveRevision(access.org.id, { project: access.env.project, name: access.env.name, version: input.version });
  if (!found) throw new AppError("not_found", `${access.env.project}/${access.env.name} has no version "${input.version}".`);
  return { yaml: found.yaml, revision: found.revision, draft: false };
}

async function evaluate(mode: "check" | "reveal" | "open", actor: Actor, access: EnvironmentAccess, input: EvaluateInput): Promise<EvaluationDto> {
  const { yaml, revision, draft } = await revisionText(access, input);
  const name = `${access.env.project}/${access.env.name}`;
  const loaded = loadEnvironment(name, yaml);
  const opts = {
    name,
    env: loaded.env,
    decrypter: secretsDecrypter,
    providers: serverProviderRegistry(),
    rotators: serverProviderRegistry(),
    environments: databaseLoader(actor, access, mode === "check" ? "reader" : "opener"),
    context: await executionContext(actor, access.org.name),
    signal: input.signal,
    // "reveal": check mode (no provider calls) that decrypts ciphertexts
    showSecrets: mode === "reveal",
  };
  const result: EvaluateResult = mode === "open" ? await evalEnvironment(opts) : await checkEnvironment(opts);
  const properties = result.env?.properties ?? {};
  return {
    revision,
    draft,
    properties,
    diagnostics: [...loaded.diagnostics, ...result.diagnostics],
    environmentVariables: getEnvironmentVariables(result.env),
    files: getTemporaryFiles(result.env),
  };
}

/** Type-checks (no provider calls, no decryption) a revision or a draft. Readers may check. */
export async function checkEnvironmentAs(actor: Actor, ref: EnvironmentRef, input: EvaluateInput = {}): Promise<EvaluationDto> {
  const access = await requireEnvironment(actor, ref, "reader");
  return evaluate("check", actor, access, input);
}

export interface OpenAuditInfo {
  via: "console" | "api" | "cli" | "run-token";
  address?: string;
  userAgent?: string;
}

/** Opens a revision or draft: providers called, secrets decrypted. Requires the open right. */
export async function openEnvironmentAs(actor: Actor, ref: EnvironmentRef, input: EvaluateInput, audit: OpenAuditInfo): Promise<EvaluationDto> {
  return openOrReveal("open", actor, ref, input, audit);
}

/** Check mode with ciphertexts decrypted (no provider calls): the editor's "Show secrets". */
export async function revealEnvironmentAs(actor: Actor, ref: EnvironmentRef, input: EvaluateInput, audit: OpenAuditInfo): Promise<EvaluationDto> {
  return openOrReveal("reveal", actor, ref, input, audit);
}

async function openOrReveal(mode: "open" | "reveal", actor: Actor, ref: EnvironmentRef, input: EvaluateInput, audit: OpenAuditInfo) {
  const access = await requireEnvironment(actor, ref, "opener");
  const result = await evaluate(mode, actor, access, input);
  await recordAudit({
    organizationId: access.org.id,
    actorId: actor.userId,
    action: mode === "open" ? "environment.open" : "environment.reveal",
    target: formatRef(ref),
    detail: { revision: result.revision, draft: result.draft, via: audit.via, errors: result.diagnostics.filter((d) => d.severity === "error").length },
    address: audit.address,
    userAgent: audit.userAgent,
  });
  return result;
}
