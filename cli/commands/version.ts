import { formatTime } from "../../lib/common/format-time";
import { ApiError, envPath } from "../client";
import { OUTPUT_FLAG, type Command } from "../command";
import { explain } from "../environments";
import { CliError } from "../errors";
import { formatResolved, parseVersionOnly } from "../ref";

interface Revision {
  number: number;
  created: string;
  creatorLogin?: string;
  creatorName?: string;
  tags?: string[];
  message?: string | null;
  retracted?: { replacement: number; at: string; byLogin?: string; byName?: string; reason?: string };
}
interface Tag {
  name: string;
  revision: number;
  modified: string;
}

const when = (iso: string, utc: boolean) => formatTime(iso, { utc });

// esc prints "Name <login>"; Ferry's login is the email, printed alone when there is no other name
const person = (name: string | undefined, login: string | undefined) => (login ? (name && name !== login ? `${name} <${login}>` : login) : "<unknown>");

/** One revision as `esc env version` prints it (env_version.go's printRevision), plus Ferry's message. */
export function formatRevision(r: Revision, utc: boolean): string {
  const tags = (r.tags ?? []).filter((t) => t !== "latest");
  const marker = r.retracted ? " (retracted)" : tags.length === 1 ? ` (tag: ${tags[0]})` : tags.length > 1 ? ` (tags: ${tags.join(", ")})` : "";
  let out = `revision ${r.number}${marker}\nAuthor: ${person(r.creatorName, r.creatorLogin)}\nDate:   ${when(r.created, utc)}\n`;
  if (r.message) out += `\n    ${r.message}\n`;
  if (r.retracted) {
    const x = r.retracted;
    out += `\n    Retracted by ${person(x.byName, x.byLogin)} at ${when(x.at, utc)} and replaced with revision ${x.replacement}.\n`;
    if (x.reason) out += "\n" + x.reason.split("\n").map((line) => `    ${line}\n`).join("");
  }
  return out;
}

export const envVersion: Command = {
  path: ["env", "version"],
  usage: "ferry env version <ref>@<version> [--utc]",
  summary: "Describe a revision (subcommands: history, tag, rollback, retract)",
  details:
    "Subcommands:\n  ferry env version history <ref>\n  ferry env version tag <ref>@<tag> [@<version>]\n  ferry env version tag ls <ref>\n  ferry env version tag rm <ref>@<tag>\n  ferry env version rollback <ref>@<version>\n  ferry env version retract <ref>@<version> [--replace-with @<version>] [--reason <text>]",
  flags: { utc: { type: "boolean", description: "show times in UTC" }, ...OUTPUT_FLAG },
  async run(ctx) {
    const ref = await ctx.resolve(ctx.args.positionals[0], { existing: true });
    if (!ref.version) throw new CliError("name a version: ferry env version <ref>@<version>");
    const client = ctx.client();
    let revisions: Revision[] = [];
    let n: number | undefined;
    try {
      n = /^\d+$/.test(ref.version) ? Number(ref.version) : (await client.text("GET", `${envPath(ref)}/versions/${encodeURIComponent(ref.version)}`)).revision;
      // the one revision, as esc asks for it: the page of one below n + 1
      if (n !== undefined) revisions = await client.json<Revision[]>("GET", `${envPath(ref)}/versions`, { query: { before: String(n + 1), count: "1" } });
    } catch (e) {
      explain(e, ref);
    }
    const r = revisions.find((x) => x.number === n);
    if (!r) throw new CliError(`${formatResolved(ref, false)} has no revision or tag "${ref.version}"`);
    if (ctx.flag("output") === "json") return ctx.out(JSON.stringify(r, null, 2) + "\n");
    ctx.out(formatRevision(r, ctx.bool("utc")));
  },
};

export const envVersionHistory: Command = {
  path: ["env", "version", "history"],
  usage: "ferry env version history <ref> [--utc] [--output json]",
  summary: "List an environment's revisions, newest first",
  flags: { utc: { type: "boolean", description: "show times in UTC" }, ...OUTPUT_FLAG },
  async run(ctx) {
    const ref = await ctx.resolve(ctx.args.positionals[0], { existing: true });
    let revisions: Revision[] = [];
    try {
      revisions = await ctx.client().json<Revision[]>("GET", `${envPath(ref)}/versions`);
    } catch (e) {
      explain(e, ref);
    }
    if (ctx.flag("output") === "json") return ctx.out(JSON.stringify(revisions, null, 2) + "\n");
    for (const r of revisions) {
      ctx.out(formatRevision(r, ctx.bool("utc")) + "\n");
    }
  },
};

export const envVersionTag: Command = {
  path: ["env", "version", "tag"],
  usage: "ferry env version tag <ref>@<tag> [@<version>]",
  summary: "Create or move a revision tag (default: to the latest revision)",
  flags: {},
  async run(ctx) {
    const ref = await ctx.resolve(ctx.args.positionals[0], { existing: true });
    if (!ref.version) throw new CliError("name the tag: ferry env version tag <ref>@<tag> [@<version>]");
    const target = ctx.args.positionals[1] ? parseVersionOnly(ctx.args.positionals[1]) : "latest";
    if (target === undefined) throw new CliError("the second argument must be @<version>");
    const client = ctx.client();
    const tagRef = { ...ref, version: undefined };
    const { revision } = await client.text("GET", `${envPath(tagRef)}/versions/${encodeURIComponent(target)}`).catch((e) => explain(e, tagRef));
    // as esc does: move the tag, and create it when there is none to move
    const tags = `${envPath(tagRef)}/versions/tags`;
    await client.json("PATCH", `${tags}/${encodeURIComponent(ref.version)}`, { json: { revision } }).catch((e) => {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
      return client.json("POST", tags, { json: { name: ref.version, revision } });
    });
    ctx.out(`Tagged revision ${revision} of ${formatResolved(tagRef, false)} as ${ref.version}.\n`);
  },
};

export const envVersionTagLs: Command = {
  path: ["env", "version", "tag", "ls"],
  usage: "ferry env version tag ls <ref> [--output json]",
  summary: "List revision tags",
  flags: { utc: { type: "boolean", description: "show times in UTC" }, ...OUTPUT_FLAG },
  async run(ctx) {
    const ref = await ctx.resolve(ctx.args.positionals[0], { existing: true });
    const { tags } = await ctx
      .client()
      .json<{ tags: Tag[] }>("GET", `${envPath(ref)}/versions/tags`)
      .catch((e) => explain(e, ref));
    if (ctx.flag("output") === "json") return ctx.out(JSON.stringify({ tags }, null, 2) + "\n");
    for (const t of tags) ctx.out(`${t.name}\nRevision ${t.revision}\nLast updated at ${when(t.modified, ctx.bool("utc"))}\n\n`);
  },
};

export const envVersionTagRm: Command = {
  path: ["env", "version", "tag", "rm"],
  usage: "ferry env version tag rm <ref>@<tag>",
  summary: "Delete a revision tag",
  flags: {},
  async run(ctx) {
    const ref = await ctx.resolve(ctx.args.positionals[0], { existing: true });
    if (!ref.version) throw new CliError("name the tag: ferry env version tag rm <ref>@<tag>");
    await ctx.client().request("DELETE", `${envPath(ref)}/versions/tags/${encodeURIComponent(ref.version)}`);
    ctx.out(`Deleted tag ${ref.version}.\n`);
  },
};

export const envVersionRollback: Command = {
  path: ["env", "version", "rollback"],
  usage: "ferry env version rollback <ref>@<version>",
  summary: "Make an old revision current again (saved as a new revision)",
  flags: {},
  async run(ctx) {
    const ref = await ctx.resolve(ctx.args.positionals[0], { existing: true });
    if (!ref.version) throw new CliError("name the version to roll back to: ferry env version rollback <ref>@<version>");
    const saved = await ctx
      .client()
      .json<{ number: number }>("POST", `${envPath({ ...ref })}/versions/${encodeURIComponent(ref.version)}/rollback`)
      .catch((e) => explain(e, ref));
    ctx.out(`Rolled back ${formatResolved(ref, false)} to revision ${ref.version}: new revision ${saved.number}.\n`);
  },
};
