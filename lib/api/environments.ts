// The ESC environment endpoints, composed from the domain functions (which authorize) and
// returned in ESC's payload shapes.
import "server-only";
import type { Actor, Caller } from "../auth/actor";
import { AppError } from "../errors";
import { actorOf } from "../tokens/access-tokens";
import { createEnvironment, deleteEnvironment, getEnvironment, listEnvironments, listRevisions } from "../environments/environments";
import { getRevision } from "../environments/revisions";
import { ANONYMOUS_NAME, checkAnonymousAs, checkEnvironmentAs, revealEnvironmentAs, type EvaluationDto } from "../environments/evaluate";
import { getDecryptedDefinition, saveCheckedDefinition } from "../environments/definitions";
import { listOrganizations } from "../orgs/orgs";
import { listTags } from "../environments/tags";
import type { EnvironmentRef } from "../environments/schema";
import { escDiagnostic, type EscDiagnostic } from "./esc-shapes";
import type { RequestInfo } from "./http";
import { MAX_PAGE, pageByName } from "./paging";

export async function escListEnvironments(actor: Actor, org: string) {
  const rows = await listEnvironments(actor, org);
  return {
    environments: rows.map((r) => ({ organization: org, project: r.project, name: r.name, created: r.updatedAt, modified: r.updatedAt, revision: r.headRevision })),
  };
}

/**
 * `{ project, name }` as ESC takes it, plus Ferry's optional `yaml`: the first revision's
 * definition (`ferry env import` copies a history so that revision N stays revision N).
 */
export async function escCreateEnvironment(actor: Actor, org: string, body: unknown) {
  // any JSON value may arrive; only an object carries fields (the schema refuses the rest)
  const b: { project?: unknown; name?: unknown; yaml?: unknown } = typeof body === "object" && body !== null ? body : {};
  // ESC's create makes an empty revision 1 without a message, which the esc CLI and the SDK
  // expect (`esc env init` then `env get` prints nothing, `history` no message); the console's own
  // form starts from a commented template.
  return createEnvironment(actor, org, { project: b.project, name: b.name, yaml: Object.hasOwn(b, "yaml") ? b.yaml : "" }, { message: null });
}

/** A definition at a version (default latest), as stored: secrets are ciphertexts. */
export async function escGetDefinition(caller: Caller, ref: EnvironmentRef, version?: string) {
  if (version === undefined) {
    const env = await getEnvironment(caller, ref);
    return { yaml: env.yaml, revision: env.headRevision };
  }
  const rev = await getRevision(await actorOf(caller), ref, version);
  return { yaml: rev.yaml, revision: rev.number };
}

/** The definition with its secrets decrypted; needs the open right, like opening does. */
export async function escGetDecryptedDefinition(actor: Actor, ref: EnvironmentRef, info: RequestInfo, version?: string) {
  return getDecryptedDefinition(actor, ref, info, version);
}

const envName = (ref: EnvironmentRef) => `${ref.project}/${ref.name}`;

/** ESC's update: refused with its diagnostics when the definition has errors; `baseRevision` comes from If-Match. */
export async function escUpdateDefinition(actor: Actor, ref: EnvironmentRef, yaml: string, baseRevision?: number, message?: string) {
  const saved = await saveCheckedDefinition(actor, ref, { yaml, baseRevision, message });
  const diagnostics: EscDiagnostic[] = saved.diagnostics.map((d) => escDiagnostic(d, envName(ref)));
  return saved.ok ? { ok: true as const, diagnostics, revision: saved.revision.number } : { ok: false as const, diagnostics };
}

/** Check mode; with showSecrets (ESC's query parameter) ciphertexts are decrypted, which needs the open right and is audited. */
export async function escCheck(actor: Actor, ref: EnvironmentRef, yaml?: string, show?: { showSecrets: boolean; info: RequestInfo }) {
  const input = yaml === undefined ? {} : { yaml };
  const checked = show?.showSecrets ? await revealEnvironmentAs(actor, ref, input, { via: "api", ...show.info }) : await checkEnvironmentAs(actor, ref, input);
  return escEnvironment(checked, envName(ref));
}

/** ESC's Environment (exprs, properties, schema, executionContext) with its diagnostics. */
function escEnvironment(checked: EvaluationDto, name: string) {
  const env = checked.environment;
  return {
    ...(env?.exprs ? { exprs: env.exprs } : {}),
    properties: checked.properties,
    ...(env ? { schema: env.schema, executionContext: env.executionContext } : {}),
    diagnostics: checked.diagnostics.map((d) => escDiagnostic(d, name)),
  };
}

/**
 * `POST /{org}/yaml/check`: a definition outside any environment. Errors answer 400 with the
 * diagnostics, which is where the esc CLI reads them.
 */
export async function escCheckYaml(actor: Actor, org: string, yaml: string) {
  const result = escEnvironment(await checkAnonymousAs(actor, org, yaml), ANONYMOUS_NAME);
  const errors = result.diagnostics.some((d) => d.severity === "error");
  return errors ? { status: 400, body: { code: 400, error: "invalid_input", message: "The definition has errors.", diagnostics: result.diagnostics } } : { status: 200, body: result };
}

/** Every environment the actor can see, across their organizations (`GET /api/esc/environments`). */
export async function escListAllEnvironments(actor: Actor, continuationToken?: string) {
  const orgs = await listOrganizations(actor);
  const all: { organization: string; project: string; name: string; created: string; modified: string; revision: number }[] = [];
  for (const org of orgs) {
    for (const r of await listEnvironments(actor, org.name)) all.push({ organization: org.name, project: r.project, name: r.name, created: r.updatedAt, modified: r.updatedAt, revision: r.headRevision });
  }
  const key = (e: { organization: string; project: string; name: string }) => `${e.organization}/${e.project}/${e.name}`;
  all.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const after = continuationToken ? decodeToken(continuationToken) : undefined;
  const rest = after === undefined ? all : all.filter((e) => key(e) > after);
  const page = rest.slice(0, MAX_PAGE);
  return { environments: page, ...(rest.length > page.length ? { nextToken: encodeToken(key(page.at(-1)!)) } : {}) };
}

const encodeToken = (key: string) => Buffer.from(key, "utf8").toString("base64url");
function decodeToken(token: string): string {
  if (token.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(token)) throw new AppError("invalid_input", "continuationToken is not one this console handed out.");
  return Buffer.from(token, "base64url").toString("utf8");
}

export async function escDeleteEnvironment(actor: Actor, ref: EnvironmentRef) {
  await deleteEnvironment(actor, ref);
}

export async function escListRevisions(actor: Actor, ref: EnvironmentRef, page: { before?: number; count?: number } = {}) {
  const rows = await listRevisions(actor, ref, page);
  return rows.map((r) => ({
    number: r.number,
    created: r.createdAt,
    creatorLogin: r.author ?? undefined,
    creatorName: r.author ?? undefined,
    // ESC lists a revision's own tags; `latest` is implicit (esc prints no tag on the newest)
    tags: (r.tags ?? []).filter((t) => t !== "latest"),
    message: r.message,
    ...(r.retracted ? { retracted: { replacement: r.retracted.replacement, at: r.retracted.at, byLogin: r.retracted.byLogin, byName: r.retracted.byLogin, reason: r.retracted.reason } } : {}),
  }));
}

export async function escListTags(actor: Actor, ref: EnvironmentRef, page: { after?: string; count?: number } = {}) {
  const all = (await listTags(actor, ref)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const tags = pageByName(all, page);
  const more = page.count !== undefined && tags.length === page.count && all.at(-1)!.name !== tags.at(-1)!.name;
  return { tags: tags.map((t) => ({ name: t.name, revision: t.revision, created: t.updatedAt, modified: t.updatedAt })), nextToken: more ? tags.at(-1)!.name : "" };
}

export async function escGetTag(actor: Actor, ref: EnvironmentRef, name: string) {
  const tag = (await listTags(actor, ref)).find((t) => t.name === name);
  if (!tag) throw new AppError("not_found", `${ref.org}/${ref.project}/${ref.name} has no tag "${name.slice(0, 64)}".`);
  return { name: tag.name, revision: tag.revision, created: tag.updatedAt, modified: tag.updatedAt };
}
