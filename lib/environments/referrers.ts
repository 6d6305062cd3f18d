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
