import { envPath } from "../client";
import type { Command } from "../command";
import { explain } from "../environments";
import { CliError } from "../errors";
import { formatResolved } from "../ref";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** `[<project>/]<env>`: the clone stays in the source's organization, and its project unless named. */
function destination(text: string | undefined): { project?: string; name: string } {
  if (!text) throw new CliError("name the new environment: ferry env clone <source> [<project>/]<env>");
  const parts = text.split("/");
  if (parts.length > 2 || !parts.every((p) => NAME.test(p))) throw new CliError(`"${text.slice(0, 100)}" is not [<project>/]<env>: a clone stays in its source's organization`);
  return parts.length === 2 ? { project: parts[0], name: parts[1] } : { name: parts[0] };
}

export const envClone: Command = {
  path: ["env", "clone"],
  usage: "ferry env clone [<org>/]<project>/<env>[@<version>] [<project>/]<env> [--preserve-history] [--preserve-access] [--preserve-rev-tags] [--preserve-env-tags]",
  summary: "Copy an environment (secrets re-sealed for the copy), optionally with its history, tags and access",
  flags: {
    "preserve-history": { type: "boolean", description: "copy every revision up to the one cloned" },
    "preserve-access": { type: "boolean", description: "copy the environment's access grants" },
    "preserve-rev-tags": { type: "boolean", description: "copy revision tags (with --preserve-history)" },
    "preserve-env-tags": { type: "boolean", description: "copy environment tags" },
  },
  async run(ctx) {
    const source = await ctx.resolve(ctx.args.positionals[0], { existing: true });
    const dest = destination(ctx.args.positionals[1]);
    if (source.version !== undefined && !/^\d+$/.test(source.version)) throw new CliError("clone a revision number (env@3), not a tag");
    const body = {
      ...dest,
      ...(source.version !== undefined ? { version: Number(source.version) } : {}),
      preserveHistory: ctx.bool("preserve-history"),
      preserveAccess: ctx.bool("preserve-access"),
      preserveRevisionTags: ctx.bool("preserve-rev-tags"),
      preserveEnvironmentTags: ctx.bool("preserve-env-tags"),
    };
    // 204 with no body (as ESC answers); the copy's address is the one asked for
    await ctx.client().json<unknown>("POST", `${envPath(source)}/clone`, { json: body }).catch((e) => explain(e, source));
    const target = { org: source.org, project: dest.project ?? source.project, name: dest.name };
    ctx.out(`Environment ${formatResolved({ ...source, version: undefined }, false)} cloned into ${formatResolved(target, false)}.\n`);
  },
};
