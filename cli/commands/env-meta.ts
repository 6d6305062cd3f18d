// esc's environment metadata commands: environment (key/value) tags, settings, and retracting a
// revision. Output follows the esc CLI's own transcripts.
import { ApiError, envPath, type FerryClient } from "../client";
import { OUTPUT_FLAG, type Command } from "../command";
import { explain } from "../environments";
import { CliError } from "../errors";
import { formatResolved, parseVersionOnly, type ResolvedRef } from "../ref";

interface EnvTag {
  name: string;
  value: string;
  modified: string;
  editorLogin?: string;
}

const UTC = { utc: { type: "boolean" as const, description: "show times in UTC" } };
const stamp = (iso: string, utc: boolean) => {
  const d = new Date(iso);
  if (!utc) return d.toLocaleString();
  return `${d.toISOString().slice(0, 19).replace("T", " ")} +0000 UTC`;
};
const showTag = (t: EnvTag, utc: boolean) => `Name: ${t.name}\nValue: ${t.value}\nLast updated at ${stamp(t.modified, utc)}${t.editorLogin ? ` by ${t.editorLogin}` : ""}\n`;
const tagPath = (ref: ResolvedRef, name?: string) => `${envPath(ref)}/tags${name === undefined ? "" : `/${encodeURIComponent(name)}`}`;

async function readTag(client: FerryClient, ref: ResolvedRef, name: string): Promise<EnvTag | undefined> {
  try {
    return await client.json<EnvTag>("GET", tagPath(ref, name));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404 && /has no tag/.test(e.message)) return undefined;
    return explain(e, ref);
  }
}

export const envTag: Command = {
  path: ["env", "tag"],
  usage: "ferry env tag <ref> <name> <value> [--utc]",
  summary: "Set an environment tag (key/value metadata; subcommands: get, ls, mv, rm)",
  details: "Subcommands:\n  ferry env tag get <ref> <name>\n  ferry env tag ls <ref>\n  ferry env tag mv <ref> <name> <new-name>\n  ferry env tag rm <ref> <name>\nRevision tags are `ferry env version tag`.",
  flags: UTC,
  async run(ctx) {
    const [refText, name, value] = ctx.args.positionals;
    if (!name || value === undefined) throw new CliError("usage: ferry env tag <ref> <name> <value>");
    const ref = await ctx.resolve(refText, { existing: true, allowVersion: false, command: "env tag" });
    const client = ctx.client();
    const current = await readTag(client, ref, name);
    const saved = current
      ? await client.json<EnvTag>("PATCH", tagPath(ref, name), { json: { currentTag: { value: current.value }, newTag: { value } } })
      : await client.json<EnvTag>("POST", tagPath(ref), { json: { name, value } });
    ctx.out(showTag(saved, ctx.bool("utc")));
  },
};

export const envTagGet: Command = {
  path: ["env", "tag", "get"],
  usage: "ferry env tag get <ref> <name> [--utc] [--output json]",
  summary: "Show an environment tag",
  flags: { ...UTC, ...OUTPUT_FLAG },
  async run(ctx) {
    const [refText, name] = ctx.args.positionals;
    if (!name) throw new CliError("usage: ferry env tag get <ref> <name>");
    const ref = await ctx.resolve(refText, { existing: true, allowVersion: false, command: "env tag get" });
    const tag = await readTag(ctx.client(), ref, name);
    if (!tag) throw new CliError(`${formatResolved(ref, false)} has no tag "${name}"`);
    ctx.out(ctx.flag("output") === "json" ? JSON.stringify(tag, null, 2) + "\n" : showTag(tag, ctx.bool("utc")));
  },
};

export const envTagLs: Command = {
  path: ["env", "tag", "ls"],
  usage: "ferry env tag ls <ref> [--utc] [--output json]",
  summary: "List an environment's tags",
  flags: { ...UTC, ...OUTPUT_FLAG },
  async run(ctx) {
    const ref = await ctx.resolve(ctx.args.positionals[0], { existing: true, allowVersion: false, command: "env tag ls" });
    const all: EnvTag[] = [];
    for (let after = ""; ; ) {
      const page = await ctx
        .client()
        .json<{ tags: Record<string, EnvTag>; nextToken: string }>("GET", tagPath(ref), { query: { after: after || undefined, count: "500" } })
        .catch((e) => explain(e, ref));
      all.push(...Object.values(page.tags));
      if (!page.nextToken) break;
      after = page.nextToken;
    }
    all.sort((a, b) => (a.name < b.name ? -1 : 1));
    if (ctx.flag("output") === "json") return ctx.out(JSON.stringify(all, null, 2) + "\n");
    for (const t of all) ctx.out(showTag(t, ctx.bool("utc")));
  },
};

export const envTagMv: Command = {
  path: ["env", "tag", "mv"],
  usage: "ferry env tag mv <ref> <name> <new-name> [--utc]",
  summary: "Rename an environment tag",
  flags: UTC,
  async run(ctx) {
    const [refText, name, newName] = ctx.args.positionals;
    if (!name || !newName) throw new CliError("usage: ferry env tag mv <ref> <name> <new-name>");
    const ref = await ctx.resolve(refText, { existing: true, allowVersion: false, command: "env tag mv" });
    const client = ctx.client();
    const current = await readTag(client, ref, name);
    if (!current) throw new CliError(`${formatResolved(ref, false)} has no tag "${name}"`);
    const saved = await client.json<EnvTag>("PATCH", tagPath(ref, name), { json: { currentTag: { value: current.value }, newTag: { name: newName } } });
    ctx.out(showTag(saved, ctx.bool("utc")));
  },
};

export const envTagRm: Command = {
  path: ["env", "tag", "rm"],
  usage: "ferry env tag rm <ref> <name>",
  summary: "Remove an environment tag",
  flags: {},
  async run(ctx) {
    const [refText, name] = ctx.args.positionals;
    if (!name) throw new CliError("usage: ferry env tag rm <ref> <name>");
    const ref = await ctx.resolve(refText, { existing: true, allowVersion: false, command: "env tag rm" });
    await ctx.client().request("DELETE", tagPath(ref, name)).catch((e) => explain(e, ref));
    ctx.out(`Successfully deleted environment tag: ${name}\n`);
  },
};

const SETTINGS: Record<string, { key: "deletionProtected"; parse: (v: string) => boolean }> = {
  "deletion-protected": {
    key: "deletionProtected",
    parse: (v) => {
      if (v !== "true" && v !== "false") throw new CliError(`deletion-protected is true or false, not "${v.slice(0, 40)}"`);
      return v === "true";
    },
  },
};

export const envSettingsGet: Command = {
  path: ["env", "settings", "get"],
  usage: "ferry env settings get <ref> [<setting>] [--output json]",
  summary: "Show an environment's settings (deletion-protected)",
  flags: OUTPUT_FLAG,
  async run(ctx) {
    const [refText, setting] = ctx.args.positionals;
    const ref = await ctx.resolve(refText, { existing: true, allowVersion: false, command: "env settings get" });
    if (setting !== undefined && !SETTINGS[setting]) throw new CliError(`unknown setting "${setting.slice(0, 40)}"; settings: ${Object.keys(SETTINGS).join(", ")}`);
    const settings = await ctx.client().json<{ deletionProtected: boolean }>("GET", `${envPath(ref)}/settings`).catch((e) => explain(e, ref));
    if (ctx.flag("output") === "json") return ctx.out(JSON.stringify(settings, null, 2) + "\n");
    if (setting) return ctx.out(`${settings[SETTINGS[setting].key]}\n`);
    for (const [name, s] of Object.entries(SETTINGS)) ctx.out(`${name} ${settings[s.key]}\n`);
  },
};

export const envSettingsSet: Command = {
  path: ["env", "settings", "set"],
  usage: "ferry env settings set <ref> <setting> <value>",
  summary: "Change an environment setting, e.g. deletion-protected true",
  flags: {},
  async run(ctx) {
    const [refText, setting, value] = ctx.args.positionals;
    if (!setting || value === undefined) throw new CliError("usage: ferry env settings set <ref> <setting> <value>");
    const spec = SETTINGS[setting];
    if (!spec) throw new CliError(`unknown setting "${setting.slice(0, 40)}"; settings: ${Object.keys(SETTINGS).join(", ")}`);
    const parsed = spec.parse(value);
    const ref = await ctx.resolve(refText, { existing: true, allowVersion: false, command: "env settings set" });
    await ctx.client().json("PATCH", `${envPath(ref)}/settings`, { json: { [spec.key]: parsed } }).catch((e) => explain(e, ref));
    // esc prints the value now in force
    ctx.out(`${String(parsed)}\n`);
  },
};

export const envVersionRetract: Command = {
  path: ["env", "version", "retract"],
  usage: "ferry env version retract <ref>@<version> [--replace-with @<version>] [--reason <text>]",
  summary: "Retract a revision: it stays in history but serves its replacement (default: the newest)",
  flags: {
    "replace-with": { type: "string", description: "the revision served instead (default @latest)", value: "@version" },
    reason: { type: "string", description: "why, shown in history", value: "text" },
  },
  async run(ctx) {
    const ref = await ctx.resolve(ctx.args.positionals[0], { existing: true });
    if (!ref.version) throw new CliError("name the revision: ferry env version retract <ref>@<version>");
    const client = ctx.client();
    const replaceWith = ctx.flag("replace-with");
    let replacement: number | undefined;
    if (replaceWith) {
      const v = parseVersionOnly(replaceWith);
      if (v === undefined) throw new CliError("--replace-with takes @<version>, e.g. @3 or @latest");
      const bare = { ...ref, version: undefined };
      replacement = /^\d+$/.test(v) ? Number(v) : (await client.text("GET", `${envPath(bare)}/versions/${encodeURIComponent(v)}`).catch((e) => explain(e, bare))).revision;
    }
    const bare = { ...ref, version: undefined };
    await client
      .json("POST", `${envPath(bare)}/versions/${encodeURIComponent(ref.version)}/retract`, { json: { ...(replacement !== undefined ? { replacement } : {}), ...(ctx.flag("reason") ? { reason: ctx.flag("reason") } : {}) } })
      .catch((e) => explain(e, bare));
  },
};
