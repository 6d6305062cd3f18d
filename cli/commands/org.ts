// `ferry org invite` and `ferry org invitations [ls|revoke <id>]`: invitations over the REST API.
// An invitation's link is printed once; the console keeps only a hash of it.
import { OUTPUT_FLAG, type Command } from "../command";
import type { Context } from "../context";
import { CliError } from "../errors";

interface Invitation { id: string; email: string; role: string; invitedBy: string | null; expiresAt: string; expired: boolean }

const ORG_FLAG = { org: { type: "string", description: "organization (default: your default organization)", value: "org" } } as const;
const invitationsPath = async (ctx: Context) => `/api/orgs/${encodeURIComponent(ctx.flag("org") ?? (await ctx.defaultOrg()))}/invitations`;

export const orgInvite: Command = {
  path: ["org", "invite"],
  usage: "ferry org invite <email> [--role member|admin] [--org <org>] [--output json]",
  summary: "Invite someone to the organization; prints the single-use link to send them",
  details: "The link works once, for that address only, until it expires; it is shown only now. Inviting the same address again replaces its pending invitation.",
  flags: { ...ORG_FLAG, ...OUTPUT_FLAG, role: { type: "string", choices: ["member", "admin"], description: "role they join with (default member)", value: "member|admin" } },
  async run(ctx) {
    const email = ctx.args.positionals[0];
    if (!email || ctx.args.positionals.length > 1) throw new CliError(`name one email address: ${orgInvite.usage}`);
    const created = await ctx.client().json<Invitation & { url: string }>("POST", await invitationsPath(ctx), { json: { email, role: ctx.flag("role") ?? "member" } });
    if (ctx.flag("output") === "json") return ctx.out(JSON.stringify(created, null, 2) + "\n");
    ctx.out(`invited ${created.email} as ${created.role} (invitation ${created.id}, expires ${created.expiresAt})\n`);
    ctx.out(`send them this link; it is shown only once:\n${created.url}\n`);
  },
};

async function listInvitations(ctx: Context) {
  const { invitations } = await ctx.client().json<{ invitations: Invitation[] }>("GET", await invitationsPath(ctx));
  if (ctx.flag("output") === "json") return ctx.out(JSON.stringify(invitations, null, 2) + "\n");
  if (invitations.length === 0) return ctx.out("no pending invitations\n");
  for (const i of invitations) ctx.out(`${i.id}\t${i.email}\t${i.role}\t${i.expired ? "expired" : `expires ${i.expiresAt}`}\tby ${i.invitedBy ?? "(deleted user)"}\n`);
}

export const orgInvitations: Command = {
  path: ["org", "invitations"],
  usage: "ferry org invitations [ls|revoke <id>] [--org <org>] [--output json]",
  summary: "List pending invitations (admins)",
  flags: { ...ORG_FLAG, ...OUTPUT_FLAG },
  async run(ctx) {
    if (ctx.args.positionals.length > 0) throw new CliError(`unknown subcommand ${ctx.args.positionals[0]}: ${orgInvitations.usage}`);
    await listInvitations(ctx);
  },
};

export const orgInvitationsLs: Command = { ...orgInvitations, path: ["org", "invitations", "ls"], usage: "ferry org invitations ls [--org <org>] [--output json]" };

export const orgInvitationsRevoke: Command = {
  path: ["org", "invitations", "revoke"],
  usage: "ferry org invitations revoke <id> [--org <org>]",
  summary: "Revoke a pending invitation; its link stops working",
  flags: { ...ORG_FLAG },
  async run(ctx) {
    const id = ctx.args.positionals[0];
    if (!id || ctx.args.positionals.length > 1) throw new CliError(`name one invitation id (see \`ferry org invitations\`): ${orgInvitationsRevoke.usage}`);
    await ctx.client().json("DELETE", `${await invitationsPath(ctx)}/${encodeURIComponent(id)}`);
    ctx.out(`revoked invitation ${id}\n`);
  },
};
