// `ferry env access ls|grant|revoke` and `ferry team …`: who may do what, over the REST API.
import { envPath } from "../client";
import { OUTPUT_FLAG, type Command } from "../command";
import type { Context } from "../context";
import { explain } from "../environments";
import { CliError } from "../errors";

interface Reason { right: string; source: string; team?: string; scope?: string; applies: boolean }
interface AccessList {
  defaultPermission: string;
  grants: { scope: string; user?: string; team?: string; permission: string }[];
  members: { email: string; role: string; right: string | null; reasons: Reason[] }[];
}
interface Team { name: string; members: string[] }

const RIGHTS = ["reader", "opener", "editor", "admin"];

/** "team:<name>" names a team; anything else is a member's email. */
function grantee(text: string | undefined, usage: string): { user?: string; team?: string } {
  if (!text) throw new CliError(`name a member's email or team:<name>: ${usage}`);
  return text.startsWith("team:") ? { team: text.slice(5) } : { user: text };
}

function why(r: Reason, def: string): string {
  if (r.source === "admin") return "organization admin";
  if (r.source === "default") return `default (${def})${r.applies ? "" : ", replaced by a grant"}`;
  const on = r.scope === "project" ? "project" : "environment";
  return r.source === "team" ? `team ${r.team} on the ${on}` : `grant on the ${on}`;
}

export const envAccessLs: Command = {
  path: ["env", "access", "ls"],
  usage: "ferry env access ls <ref> [--output json]",
  summary: "Show who has what on an environment, and why",
  flags: { ...OUTPUT_FLAG },
  async run(ctx) {
    const ref = await ctx.resolve(ctx.args.positionals[0], { existing: true });
    const list = await ctx.client().json<AccessList>("GET", `${envPath(ref)}/access`).catch((e) => explain(e, ref));
    if (ctx.flag("output") === "json") return ctx.out(JSON.stringify(list, null, 2) + "\n");
    const width = Math.max(6, ...list.members.map((m) => m.email.length));
    ctx.out(`${"MEMBER".padEnd(width)}  ${"RIGHT".padEnd(6)}  WHY\n`);
    for (const m of list.members) {
      const reasons = m.reasons.filter((r) => r.applies).map((r) => why(r, list.defaultPermission));
      ctx.out(`${m.email.padEnd(width)}  ${(m.right ?? "none").padEnd(6)}  ${reasons.join("; ") || "nothing granted, default none"}\n`);
    }
  },
};

export const envAccessGrant: Command = {
  path: ["env", "access", "grant"],
  usage: "ferry env access grant <ref> <email|team:name> <reader|opener|editor|admin>",
  summary: "Set a member's or a team's right on an environment",
  flags: {},
  async run(ctx) {
    const [text, who, permission] = ctx.args.positionals;
    const ref = await ctx.resolve(text, { existing: true });
    if (!permission || !RIGHTS.includes(permission)) throw new CliError(`name a right (${RIGHTS.join(", ")}): ${envAccessGrant.usage}`);
    await ctx.client().json("PUT", `${envPath(ref)}/access`, { json: { ...grantee(who, envAccessGrant.usage), permission } }).catch((e) => explain(e, ref));
    ctx.out(`${who} is now ${permission} on ${ref.org}/${ref.project}/${ref.name}\n`);
  },
};

export const envAccessRevoke: Command = {
  path: ["env", "access", "revoke"],
  usage: "ferry env access revoke <ref> <email|team:name>",
  summary: "Remove a member's or a team's grant on an environment",
  flags: {},
  async run(ctx) {
    const [text, who] = ctx.args.positionals;
    const ref = await ctx.resolve(text, { existing: true });
    const query = grantee(who, envAccessRevoke.usage);
    await ctx.client().json("DELETE", `${envPath(ref)}/access`, { query }).catch((e) => explain(e, ref));
    ctx.out(`removed the grant to ${who} on ${ref.org}/${ref.project}/${ref.name}\n`);
  },
};

const ORG_FLAG = { org: { type: "string", description: "organization (default: your default organization)", value: "org" } } as const;
const teamsPath = async (ctx: Context) => `/api/orgs/${encodeURIComponent(ctx.flag("org") ?? (await ctx.defaultOrg()))}/teams`;
const need = (v: string | undefined, what: string, usage: string) => {
  if (!v) throw new CliError(`name ${what}: ${usage}`);
  return v;
};

export const teamLs: Command = {
  path: ["team", "ls"],
  usage: "ferry team ls [--org <org>] [--output json]",
  summary: "List an organization's teams and their members",
  flags: { ...ORG_FLAG, ...OUTPUT_FLAG },
  async run(ctx) {
    const { teams } = await ctx.client().json<{ teams: Team[] }>("GET", await teamsPath(ctx));
    if (ctx.flag("output") === "json") return ctx.out(JSON.stringify(teams, null, 2) + "\n");
    for (const t of teams) ctx.out(`${t.name}\t${t.members.join(", ") || "(no members)"}\n`);
  },
};

export const teamCreate: Command = {
  path: ["team", "create"],
  usage: "ferry team create <name> [--org <org>]",
  summary: "Create a team",
  flags: { ...ORG_FLAG },
  async run(ctx) {
    const name = need(ctx.args.positionals[0], "the team", teamCreate.usage);
    await ctx.client().json("POST", await teamsPath(ctx), { json: { name } });
    ctx.out(`created team ${name}\n`);
  },
};

export const teamRename: Command = {
  path: ["team", "rename"],
  usage: "ferry team rename <name> <new-name> [--org <org>]",
  summary: "Rename a team",
  flags: { ...ORG_FLAG },
  async run(ctx) {
    const name = need(ctx.args.positionals[0], "the team", teamRename.usage);
    const to = need(ctx.args.positionals[1], "the new name", teamRename.usage);
    await ctx.client().json("PATCH", `${await teamsPath(ctx)}/${encodeURIComponent(name)}`, { json: { name: to } });
    ctx.out(`renamed team ${name} to ${to}\n`);
  },
};

export const teamRm: Command = {
  path: ["team", "rm"],
  usage: "ferry team rm <name> [--org <org>]",
  summary: "Delete a team (its grants go with it)",
  flags: { ...ORG_FLAG },
  async run(ctx) {
    const name = need(ctx.args.positionals[0], "the team", teamRm.usage);
    await ctx.client().json("DELETE", `${await teamsPath(ctx)}/${encodeURIComponent(name)}`);
    ctx.out(`deleted team ${name}\n`);
  },
};

export const teamAdd: Command = {
  path: ["team", "add"],
  usage: "ferry team add <name> <email> [--org <org>]",
  summary: "Add a member of the organization to a team",
  flags: { ...ORG_FLAG },
  async run(ctx) {
    const name = need(ctx.args.positionals[0], "the team", teamAdd.usage);
    const email = need(ctx.args.positionals[1], "the member's email", teamAdd.usage);
    await ctx.client().json("POST", `${await teamsPath(ctx)}/${encodeURIComponent(name)}/members`, { json: { email } });
    ctx.out(`added ${email} to ${name}\n`);
  },
};

export const teamRemove: Command = {
  path: ["team", "remove"],
  usage: "ferry team remove <name> <email> [--org <org>]",
  summary: "Remove a member from a team",
  flags: { ...ORG_FLAG },
  async run(ctx) {
    const name = need(ctx.args.positionals[0], "the team", teamRemove.usage);
    const email = need(ctx.args.positionals[1], "the member's email", teamRemove.usage);
    await ctx.client().json("DELETE", `${await teamsPath(ctx)}/${encodeURIComponent(name)}/members/${encodeURIComponent(email)}`);
    ctx.out(`removed ${email} from ${name}\n`);
  },
};
