// Which environments import this one (ESC's `GET …/referrers`), so that nobody deletes or
// changes an environment without knowing what depends on it. Imports are read from the
// definitions themselves — the newest revision of each environment, or every revision with
// allRevisions — and only environments the caller may read are named.
import "server-only";
import { db } from "../db/client";
import { loadEnvironment } from "../esc";
import type { Actor } from "../auth/actor";
import { can, requireEnvironment, rightOn } from "./access";
import type { EnvironmentRef } from "./schema";
import { parseVersionedName } from "./versions";

export interface ImportReferrer {
  environment: { project: string; name: string; revision: number };
}

/** Referrers keyed by the version they import ("latest", a tag, or a revision number). */
export async function listReferrers(actor: Actor, ref: EnvironmentRef, opts: { allRevisions?: boolean } = {}): Promise<Record<string, ImportReferrer[]>> {
  const { org, env, role } = await requireEnvironment(actor, ref, "reader");
  const others = await db().environment.findMany({
    where: { organizationId: org.id, NOT: { id: env.id } },
    select: { id: true, project: true, name: true, headRevision: true },
    orderBy: [{ project: "asc" }, { name: "asc" }],
  });
  const referrers: Record<string, ImportReferrer[]> = {};
  for (const other of others) {
    if (!can({ right: await rightOn(actor, { org, role }, other.id) }, "reader")) continue;
    const revisions = await db().revision.findMany({
      where: { environmentId: other.id, ...(opts.allRevisions ? {} : { number: other.headRevision }) },
      select: { number: true, yaml: true },
      orderBy: { number: "desc" },
    });
    for (const r of revisions) {
      const imports = loadEnvironment(`${other.project}/${other.name}`, r.yaml).env?.imports ?? [];
      for (const decl of imports) {
        const target = parseVersionedName(decl.name);
        if (!target || target.project !== env.project || target.name !== env.name) continue;
        (referrers[target.version ?? "latest"] ??= []).push({ environment: { project: other.project, name: other.name, revision: r.number } });
      }
    }
  }
  return referrers;
}

/**
 * One page of referrers, in a stable order (by version key, then project, name and revision), and
 * the token of the next page when there is one: the number of referrers already returned.
 */
export function pageOfReferrers(all: Record<string, ImportReferrer[]>, page: { count?: number; offset: number }): { referrers: Record<string, ImportReferrer[]>; continuationToken?: string } {
  const flat = Object.keys(all)
    .sort()
    .flatMap((version) => all[version].map((r) => ({ version, r })));
  const end = page.count === undefined ? flat.length : Math.min(flat.length, page.offset + page.count);
  const referrers: Record<string, ImportReferrer[]> = {};
  for (const { version, r } of flat.slice(page.offset, end)) (referrers[version] ??= []).push(r);
  return end < flat.length ? { referrers, continuationToken: String(end) } : { referrers };
}
