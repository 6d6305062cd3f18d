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
  tags?: string[];
  message?: string | null;
}
interface Tag {
  name: string;
  revision: number;
  modified: string;
}

const when = (iso: string, utc: boolean) => formatTime(iso, { utc });

export const envVersion: Command = {
  path: ["env", "version"],
  usage: "ferry env version <ref>@<version> [--utc]",
  summary: "Describe a revision (subcommands: history, tag, rollback)",
  details: "Subcommands:\n  ferry env version history <ref>\n  ferry env version tag <ref>@<tag> [@<version>]\n  ferry env version tag ls <ref>\n  ferry env version tag rm <ref>@<tag>\n  ferry env version rollback <ref>@<version>",
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
    ctx.out(`revision ${r.number}${r.tags?.length ? ` (${r.tags.join(", ")})` : ""}\nAuthor: ${r.creatorLogin ?? "unknown"}\nDate:   ${when(r.created, ctx.bool("utc"))}\n${r.message ? `\n    ${r.message}\n` : ""}`);
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
      ctx.out(`revision ${r.number}${r.tags?.length ? ` (${r.tags.join(", ")})` : ""}\nAuthor: ${r.creatorLogin ?? "unknown"}\nDate:   ${when(r.created, ctx.bool("utc"))}\n${r.message ? `\n    ${r.message}\n` : ""}\n`);
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
