// The ESC environment endpoints, composed from the domain functions (which authorize) and
// returned in ESC's payload shapes.
import type { Actor } from "../auth/actor";
import { AppError } from "../errors";
import { createEnvironment, deleteEnvironment, getEnvironment, listEnvironments, listRevisions, saveDefinition } from "../environments/environments";
import { getRevision } from "../environments/revisions";
import { checkEnvironmentAs } from "../environments/evaluate";
import { requireEnvironment } from "../environments/access";
import { recordAudit } from "../audit/record";
import { listTags } from "../environments/tags";
import { formatRef, type EnvironmentRef } from "../environments/schema";
import { decryptSecrets } from "../esc/edit";
import { secretsDecrypter } from "../crypto/secrets-cipher";
import { escDiagnostic, type EscDiagnostic } from "./esc-shapes";
import type { RequestInfo } from "./http";

export async function escListEnvironments(actor: Actor, org: string) {
  const rows = await listEnvironments(actor, org);
  return {
    environments: rows.map((r) => ({ organization: org, project: r.project, name: r.name, created: r.updatedAt, modified: r.updatedAt, revision: r.headRevision })),
  };
}

export async function escCreateEnvironment(actor: Actor, org: string, body: unknown) {
  const b = (body ?? {}) as { project?: unknown; name?: unknown };
  return createEnvironment(actor, org, { project: b.project, name: b.name });
}

/** A definition at a version (default latest), as stored: secrets are ciphertexts. */
export async function escGetDefinition(actor: Actor, ref: EnvironmentRef, version?: string) {
  if (version === undefined) {
    const env = await getEnvironment(actor, ref);
    return { yaml: env.yaml, revision: env.headRevision };
  }
  const rev = await getRevision(actor, ref, version);
  return { yaml: rev.yaml, revision: rev.number };
}

/** The definition with its secrets decrypted; needs the open right, like opening does. */
export async function escGetDecryptedDefinition(actor: Actor, ref: EnvironmentRef, info: RequestInfo, version?: string) {
  const { org } = await requireEnvironment(actor, ref, "opener");
  const { yaml, revision } = await escGetDefinition(actor, ref, version);
  const plain = await decryptSecrets(yaml, secretsDecrypter);
  await recordAudit({ organizationId: org.id, actorId: actor.userId, action: "environment.decrypt", target: formatRef(ref), detail: { revision }, ...info });
  return { yaml: plain, revision };
}

const envName = (ref: EnvironmentRef) => `${ref.project}/${ref.name}`;

/**
 * Saves a new definition unless it has errors (as ESC refuses them); `baseRevision` (from
 * If-Match) turns a concurrent save into a conflict instead of an overwrite.
 */
export async function escUpdateDefinition(actor: Actor, ref: EnvironmentRef, yaml: string, baseRevision?: number, message?: string) {
  const checked = await checkEnvironmentAs(actor, ref, { yaml });
  const diagnostics: EscDiagnostic[] = checked.diagnostics.map((d) => escDiagnostic(d, envName(ref)));
  if (diagnostics.some((d) => d.severity === "error")) return { ok: false as const, diagnostics };
  const saved = await saveDefinition(actor, ref, { yaml, baseRevision, message });
  return { ok: true as const, diagnostics, revision: saved.number };
}

export async function escCheck(actor: Actor, ref: EnvironmentRef, yaml?: string) {
  const checked = await checkEnvironmentAs(actor, ref, yaml === undefined ? {} : { yaml });
  return { properties: checked.properties, diagnostics: checked.diagnostics.map((d) => escDiagnostic(d, envName(ref))) };
}

export async function escDeleteEnvironment(actor: Actor, ref: EnvironmentRef) {
  await deleteEnvironment(actor, ref, { confirm: ref.name });
}

export async function escListRevisions(actor: Actor, ref: EnvironmentRef) {
  const rows = await listRevisions(actor, ref);
  return rows.map((r) => ({ number: r.number, created: r.createdAt, creatorLogin: r.author ?? undefined, creatorName: r.author ?? undefined, tags: r.tags ?? [], message: r.message }));
}

export async function escListTags(actor: Actor, ref: EnvironmentRef) {
  const tags = await listTags(actor, ref);
  return { tags: tags.map((t) => ({ name: t.name, revision: t.revision, created: t.updatedAt, modified: t.updatedAt })), nextToken: "" };
}

export async function escGetTag(actor: Actor, ref: EnvironmentRef, name: string) {
  const tag = (await listTags(actor, ref)).find((t) => t.name === name);
  if (!tag) throw new AppError("not_found", `${ref.org}/${ref.project}/${ref.name} has no tag "${name.slice(0, 64)}".`);
  return { name: tag.name, revision: tag.revision, created: tag.updatedAt, modified: tag.updatedAt };
}
