// Environment references inside an organization, as imports and `${environments...}` name them:
// `[project/]env[@version]`, where version is a revision number, a tag, or `latest`. A bare
// `env` means project `default` (ESC's legacy form).
import { db } from "../db/client";
import { DEFAULT_PROJECT } from "../validation/names";

export interface VersionedName {
  project: string;
  name: string;
  /** undefined or "latest": the head revision */
  version?: string;
}

const PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function parseVersionedName(text: string): VersionedName | undefined {
  const [path, version, extra] = text.split("@");
  if (extra !== undefined || path === undefined) return undefined;
  const parts = path.split("/");
  if (parts.length > 2 || !parts.every((p) => PART.test(p))) return undefined;
  if (version !== undefined && !/^(\d+|[A-Za-z0-9][A-Za-z0-9._-]*)$/.test(version)) return undefined;
  const [project, name] = parts.length === 2 ? parts : [DEFAULT_PROJECT, parts[0]];
  return { project, name, version };
}

export interface ResolvedRevision {
  environmentId: string;
  project: string;
  name: string;
  revision: number;
  yaml: string;
}

/**
 * Finds the revision a versioned name points at, inside one organization. Callers must have
 * authorized the actor for that organization. Undefined when any part does not exist.
 */
export async function resolveRevision(organizationId: string, ref: VersionedName): Promise<ResolvedRevision | undefined> {
  const env = await db().environment.findUnique({
    where: { organizationId_project_name: { organizationId, project: ref.project, name: ref.name } },
    select: { id: true, headRevision: true },
  });
  if (!env) return undefined;
  let number: number | undefined;
  const v = ref.version;
  if (v === undefined || v === "latest") number = env.headRevision;
  else if (/^\d+$/.test(v)) number = Number(v);
  else number = (await db().revisionTag.findUnique({ where: { environmentId_name: { environmentId: env.id, name: v } } }))?.revision;
  if (number === undefined) return undefined;
  const rev = await db().revision.findUnique({ where: { environmentId_number: { environmentId: env.id, number } }, select: { yaml: true } });
  if (!rev) return undefined;
  return { environmentId: env.id, project: ref.project, name: ref.name, revision: number, yaml: rev.yaml };
}
