// `ferry env diff`: two versions' definitions and checked (or opened) values, as unified diffs.
import type { EscValue } from "../../lib/esc/export";
import { envPath } from "../client";
import type { Command } from "../command";
import { unifiedDiff } from "../diff";
import { getDefinition, openProperties } from "../environments";
import { CliError } from "../errors";
import { dotenvLines, projectProperties, renderValue, valueAtPath } from "../format";
import { formatResolved, parseVersionOnly, type ResolvedRef } from "../ref";
import { definitionAt, definitionPath } from "./env-paths";

const DIFF_FORMATS = ["json", "detailed", "string", "dotenv", "shell"] as const;

export const envDiff: Command = {
  path: ["env", "diff"],
  usage: "ferry env diff <ref>[@<version>] [<ref>][@<version>] [--format json|detailed|string|dotenv|shell] [--path <property path>] [--show-secrets]",
  summary: "Show the differences between two versions (definition and checked values)",
  details: "With --format, only the values are compared, rendered in that format. With --path, only the value (and definition) at that property path.",
  flags: {
    "show-secrets": { type: "boolean", description: "compare opened values, secrets in plaintext" },
    format: { type: "string", short: "f", choices: DIFF_FORMATS, description: "compare the values rendered in this format" },
    path: { type: "string", description: "compare only this property path", value: "path" },
  },
  async run(ctx) {
    const [aText, bText] = ctx.args.positionals;
    const format = ctx.flag("format") as (typeof DIFF_FORMATS)[number] | undefined;
    const pathText = ctx.flag("path");
    if (pathText !== undefined) definitionPath(pathText);
    if (pathText && (format === "dotenv" || format === "shell")) throw new CliError(`output format '${format}' may not be used with a property path`);
    const a = await ctx.resolve(aText, { existing: true });
    let b: ResolvedRef;
    const bare = bText ? parseVersionOnly(bText) : undefined;
    if (!bText) b = { ...a, version: "latest" };
    else if (bare !== undefined) b = { ...a, version: bare };
    else b = await ctx.resolve(bText, { existing: true });
    a.version ??= "latest";
    b.version ??= "latest";
    const client = ctx.client();
    const show = ctx.bool("show-secrets");
    const render = (props: Record<string, EscValue>): string => {
      if (format === "dotenv" || format === "shell") {
        const p = projectProperties(props);
        const vars = Object.fromEntries(Object.entries(p.environmentVariables).map(([k, v]) => [k, !show && v.secret ? "[secret]" : v.value]));
        return dotenvLines(vars, Object.fromEntries(Object.keys(p.files).map((k) => [k, "[unknown]"])), format === "shell");
      }
      const v = pathText ? valueAtPath(props, pathText) : { value: props };
      return v === undefined ? "" : renderValue(v, format ?? "json", !show);
    };
    const side = async (r: ResolvedRef) => {
      const def = await getDefinition(client, r);
      const props = show
        ? (await openProperties(client, r)).properties
        : ((await client.json<{ properties?: Record<string, EscValue> }>("POST", `${envPath(r)}/check`, { body: def.yaml, headers: { "content-type": "application/x-yaml" } })).properties ?? {});
      return { def: pathText ? await definitionAt(def.yaml, pathText) : def.yaml, value: render(props) };
    };
    const [x, y] = await Promise.all([side(a), side(b)]);
    const na = formatResolved(a);
    const nb = formatResolved(b);
    const value = unifiedDiff(x.value, y.value, na, nb);
    if (format) return ctx.out(value || "No differences.\n");
    const def = unifiedDiff(x.def, y.def, na, nb);
    if (!value && !def) return ctx.out("No differences.\n");
    ctx.out(`# Value\n${value || "(same)\n"}\n# Definition\n${def || "(same)\n"}`);
  },
};
