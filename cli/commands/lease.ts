// ferry lease ls|revoke|renew: the leases of dynamic credentials opens handed out (REST
// /api/leases/{org}). Lease ids are unique, but the API addresses them under their
// organization: --org, or the default organization.
import type { Command } from "../command";
import { OUTPUT_FLAG } from "../command";
import type { Context } from "../context";
import { CliError } from "../errors";

export interface Lease {
  id: string;
  provider: string;
  organization: string;
  project: string;
  environment: string;
  revision: number;
  openedBy: { user: string | null; runToken?: string };
  via: string;
  issuedAt: string;
  expiresAt: string;
  maxExpiresAt?: string;
  renewable: boolean;
  revocable: boolean;
  notRevocableReason?: string;
  state: string;
  error?: string;
  externalIds: Record<string, unknown>;
}

const ORG_FLAG = { org: { type: "string", description: "the organization (default: your default organization)", value: "org" } } as const;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const leasesPath = (org: string) => `/api/leases/${encodeURIComponent(org)}`;

function leaseId(ctx: Context, verb: string): string {
  const id = ctx.args.positionals[0];
  if (!id) throw new CliError(`name the lease to ${verb}: ferry lease ${verb} <id> (ferry lease ls lists them)`);
  if (!ID.test(id)) throw new CliError(`"${id.slice(0, 60)}" is not a lease id (a UUID, as ferry lease ls shows)`);
  return id;
}

/** One line per lease, for people: state, provider, where, who, until when, the cloud's id. */
export function formatLease(l: Lease): string {
  const who = l.openedBy.user ?? "a removed user";
  const how = l.via === "run-token" ? `run command ${l.openedBy.runToken ?? ""}`.trim() : l.via;
  const until = l.state === "active" || l.state === "pending" ? `expires ${l.expiresAt}` : `${l.state.replace("_", " ")}`;
  const cloud = typeof l.externalIds.clientId === "string" ? ` clientId=${l.externalIds.clientId}` : typeof l.externalIds.accessKeyId === "string" ? ` accessKeyId=${l.externalIds.accessKeyId}` : "";
  const extra = l.error ? `\n    clean-up failing: ${l.error}` : !l.revocable ? "\n    not revocable" : "";
  return `${l.id}  ${l.state.padEnd(18)} ${l.provider.padEnd(11)} ${l.project}/${l.environment}@${l.revision}  ${who} via ${how}  ${until}${cloud}${extra}\n`;
}

export const leaseLs: Command = {
  path: ["lease", "ls"],
  usage: "ferry lease ls [<env>] [--state active] [--org <org>] [--output json]",
  summary: "List leases of dynamic credentials, newest first",
  flags: {
    state: { type: "string", description: "only leases in this state", choices: ["pending", "active", "expired", "revoked", "revocation_failing"], value: "state" },
    provider: { type: "string", description: "only this provider's leases", value: "name" },
    all: { type: "boolean", description: "follow continuation tokens to the end" },
    ...ORG_FLAG,
    ...OUTPUT_FLAG,
  },
  async run(ctx) {
    let org = ctx.flag("org");
    let environment: string | undefined;
    if (ctx.args.positionals[0]) {
      const ref = await ctx.resolve(ctx.args.positionals[0], { existing: true, allowVersion: false, command: "lease ls" });
      org = ref.org;
      environment = `${ref.project}/${ref.name}`;
    }
    org ??= await ctx.defaultOrg();
    const leases: Lease[] = [];
    let token: string | undefined;
    do {
      const page = await ctx.client().json<{ leases: Lease[]; continuationToken: string | null }>("GET", leasesPath(org), {
        query: { environment, state: ctx.flag("state"), provider: ctx.flag("provider"), continuationToken: token },
      });
      leases.push(...page.leases);
      token = ctx.bool("all") ? (page.continuationToken ?? undefined) : undefined;
      if (!ctx.bool("all") && page.continuationToken) ctx.warn(`(more leases: run with --all)`);
    } while (token);
    if (ctx.flag("output") === "json") return ctx.out(JSON.stringify(leases, null, 2) + "\n");
    if (leases.length === 0) return ctx.warn(`no leases${environment ? ` for ${org}/${environment}` : ` in ${org}`}`);
    for (const l of leases) ctx.out(formatLease(l));
  },
};

export const leaseRevoke: Command = {
  path: ["lease", "revoke"],
  usage: "ferry lease revoke <id> [--org <org>] [--output json]",
  summary: "Delete a lease's credentials in the cloud now",
  flags: { ...ORG_FLAG, ...OUTPUT_FLAG },
  async run(ctx) {
    const id = leaseId(ctx, "revoke");
    const org = ctx.flag("org") ?? (await ctx.defaultOrg());
    const lease = await ctx.client().json<Lease>("POST", `${leasesPath(org)}/${id}/revoke`, { json: {} });
    if (ctx.flag("output") === "json") ctx.out(JSON.stringify(lease, null, 2) + "\n");
    if (lease.state === "revocation_failing") throw new CliError(`revoking lease ${id} failed; Ferry keeps retrying: ${lease.error ?? "the cloud refused"}`);
    if (ctx.flag("output") !== "json") ctx.out(`revoked lease ${id} (${lease.provider}, ${lease.project}/${lease.environment})\n`);
  },
};

export const leaseRenew: Command = {
  path: ["lease", "renew"],
  usage: "ferry lease renew <id> [--increment 1h] [--org <org>] [--output json]",
  summary: "Extend a lease from now, never past its maxTtl",
  flags: { increment: { type: "string", description: "how long from now (default 1h)", value: "duration" }, ...ORG_FLAG, ...OUTPUT_FLAG },
  async run(ctx) {
    const id = leaseId(ctx, "renew");
    const org = ctx.flag("org") ?? (await ctx.defaultOrg());
    const lease = await ctx.client().json<Lease>("POST", `${leasesPath(org)}/${id}/renew`, { json: { increment: ctx.flag("increment") ?? "1h" } });
    if (ctx.flag("output") === "json") return ctx.out(JSON.stringify(lease, null, 2) + "\n");
    const capped = lease.maxExpiresAt && lease.expiresAt === lease.maxExpiresAt ? " (its maxTtl: it cannot be renewed further)" : "";
    ctx.out(`renewed lease ${id}: expires ${lease.expiresAt}${capped}\n`);
  },
};
