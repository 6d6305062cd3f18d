import { readFileSync } from "node:fs";
import type { EscValue } from "../../lib/esc/export";
import { ApiError, envPath } from "../client";
import { OUTPUT_FLAG, type Command } from "../command";
import { DefinitionErrors, explain, formatDiagnostics, getDefinition, openProperties, putDefinition } from "../environments";
import { CliError } from "../errors";
import { looksLikeSecret } from "../looks-like-secret";
import { dotenvLines, projectProperties, renderValue, requirePath, type ValueFormat } from "../format";
import { promptLine } from "../prompt";
import { formatResolved, type ResolvedRef } from "../ref";
import { writeTempFiles } from "../run";
import { definitionAt, definitionPath, envName, loadYaml } from "./env-paths";

// The definition editor loads only for the commands that use it, so commands such as `ferry run`
// start without it (bench/cli.ts).
const loadEditor = () => import("../../lib/esc/edit");


export const envLs: Command = {
  path: ["env", "ls"],
  usage: "ferry env ls [<org>[/<project>]] [--organization <org>] [--project <project>] [--output json]",
  summary: "List environments",
  flags: {
    organization: { type: "string", description: "only this organization", value: "org" },
    project: { type: "string", short: "p", description: "only this project", value: "project" },
    ...OUTPUT_FLAG,
  },
  async run(ctx) {
    const [scope, extra] = ctx.args.positionals;
    if (extra !== undefined) throw new CliError(`unexpected argument "${extra}"; usage: ${envLs.usage}`);
    const [argOrg, argProject, more] = scope ? scope.split("/") : [];
    if (more !== undefined || argOrg === "" || argProject === "") throw new CliError(`"${scope}" is not <org> or <org>/<project>`);
    const pick = (name: string, fromArg: string | undefined) => {
      const fromFlag = ctx.flag(name);
      if (fromArg && fromFlag && fromArg !== fromFlag) throw new CliError(`the argument says ${name} "${fromArg}" but --${name} says "${fromFlag}"; give one`);
      return fromArg ?? fromFlag;
    };
    const org = pick("organization", argOrg);
    const project = pick("project", argProject);
    const client = ctx.client();
    const orgs = org ? [org] : (await ctx.user()).organizations.map((o) => o.githubLogin);
    // As esc leaves out the user's own organization, ferry leaves out the default one (FERRY_ORG or
    // `login --default-org`): what it prints is a reference ferry resolves to the same environment.
    const home = ctx.session().defaultOrg;
    const found: [string, string, string][] = [];
    for (const o of orgs) {
      let listed: { environments: { project: string; name: string }[] };
      try {
        listed = await client.json("GET", `/api/esc/environments/${encodeURIComponent(o)}`);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) throw new CliError(`organization "${o}" not found (or you are not a member)`);
        throw e;
      }
      for (const e of listed.environments) if (!project || e.project === project) found.push([o === home ? "" : o, e.project, e.name]);
    }
    // by organization (the default one first), then project, then name, as esc sorts
    found.sort((a, b) => {
      for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
      return 0;
    });
    const names = found.map((parts) => parts.filter(Boolean).join("/"));
    if (ctx.flag("output") === "json") ctx.out(JSON.stringify({ environments: names }, null, 2) + "\n");
    else ctx.out(names.map((n) => n + "\n").join(""));
  },
};

export const envInit: Command = {
  path: ["env", "init"],
  usage: "ferry env init [<org>/][<project>/]<env> [--file <path|->]",
  summary: "Create an environment (optionally with a definition)",
  flags: { file: { type: "string", short: "f", description: "definition to set, or - for stdin", value: "path|-" } },
  async run(ctx) {
    const ref = await ctx.resolve(ctx.args.positionals[0], { existing: false, allowVersion: false, command: "init" });
    const file = ctx.flag("file");
    // read first: a file that cannot be read must not leave an empty environment behind
    const yaml = file ? readValueFile(file) : undefined;
    const client = ctx.client();
    await client.json("POST", `/api/esc/environments/${encodeURIComponent(ref.org)}`, { json: { project: ref.project, name: ref.name } });
    // said at once, as esc does: the environment exists even if its definition is refused below
    ctx.out(`Environment created: ${formatResolved(ref, false)}\n`);
    if (yaml !== undefined) {
      try {
        await putDefinition(client, ref, yaml, 1);
      } catch (e) {
        if (e instanceof DefinitionErrors) throw new CliError(`${formatDiagnostics(e.diagnostics, envName(ref))}updating environment definition: too many errors`);
        throw e;
      }
    }
  },
};

export const envGet: Command = {
  path: ["env", "get"],
  usage: "ferry env get <ref>[@<version>] [<path>] [--value json|detailed|dotenv|shell|string] [--definition] [--show-secrets]",
  summary: "Show an environment's values (checked, not opened) and definition",
  flags: {
    value: { type: "string", choices: ["json", "detailed", "dotenv", "shell", "string"], description: "print only the value, in this format (detailed: with secret flags and where each value was defined)" },
    definition: { type: "boolean", description: "print only the definition" },
    "show-secrets": { type: "boolean", description: "show secret values in plaintext (needs the open right)" },
  },
  async run(ctx) {
    const ref = await ctx.resolve(ctx.args.positionals[0], { existing: true });
    const pathText = ctx.args.positionals[1];
    const format = ctx.flag("value");
    const show = ctx.bool("show-secrets");
    if (pathText && (format === "dotenv" || format === "shell")) throw new CliError(`--value ${format} cannot be used with a path`);
    const client = ctx.client();
    const def = await getDefinition(client, ref, { decrypt: show });
    let properties: Record<string, EscValue>;
    if (show) properties = (await openProperties(client, ref)).properties;
    else {
      try {
        properties = (await client.json<{ properties: Record<string, EscValue> }>("POST", `${envPath(ref)}/check`, { body: def.yaml, headers: { "content-type": "application/x-yaml" } })).properties ?? {};
      } catch (e) {
        explain(e, ref);
      }
    }
    const value = pathText ? requirePath(properties, pathText, envName(ref)) : { value: properties };
    if (format === "dotenv" || format === "shell") {
      const p = projectProperties(properties);
      const vars = Object.fromEntries(Object.entries(p.environmentVariables).map(([k, v]) => [k, !show && v.secret ? "[secret]" : v.value]));
      const files = Object.fromEntries(Object.keys(p.files).map((k) => [k, "[unknown]"]));
      ctx.out(dotenvLines(vars, files, format === "shell"));
      return;
    }
    if (format) return ctx.out(renderValue(value, format as ValueFormat, !show));
    const defText = pathText ? await definitionAt(def.yaml, pathText) : def.yaml;
    if (ctx.bool("definition")) return ctx.out(defText);
    // esc's env-get template, blank lines included; an empty definition prints an empty line
    if (!pathText && def.yaml.trim() === "") return ctx.out("\n");
    const stack = pathText ? definedAt(value, ref) : [];
    ctx.out(
      `# Value\n\`\`\`json\n${renderValue(value, "json", !show)}\`\`\`\n# Definition\n\`\`\`yaml\n${defText}\n\`\`\`\n\n` +
        (stack.length ? `# Defined at\n${stack.map((s) => `- ${s}\n`).join("")}\n` : ""),
    );
  },
};

/**
 * Where a value was defined, then each value it overrides (esc's "Defined at"): `env:line:col`,
 * the environment itself named as esc names it, without its project.
 */
function definedAt(v: EscValue, ref: ResolvedRef): string[] {
  const out: string[] = [];
  const self = `${ref.project}/${ref.name}`;
  for (let at: EscValue | undefined = v; at?.trace && out.length < 64; at = at.trace.base) {
    const { environment, begin } = at.trace.def;
    const env = !environment || environment === self || environment === "<yaml>" ? ref.name : environment;
    if (begin) out.push(`${env}:${begin.line}:${begin.column}`);
  }
  return out;
}

export const envOpen: Command = {
  path: ["env", "open"],
  usage: "ferry env open <ref>[@<version>] [<path>] [--format json|yaml|detailed|dotenv|shell|string] [--lifetime 2h]",
  summary: "Open an environment (providers called, secrets decrypted) and print its values",
  details: "dotenv and shell write each `files` entry to a temporary file (mode 0600), as esc does, and print its path.",
  flags: {
    format: { type: "string", short: "f", choices: ["json", "yaml", "detailed", "dotenv", "shell", "string"], description: "output format (default json; detailed: with secret flags and where each value was defined)" },
    lifetime: { type: "string", short: "l", description: "how long the open session lasts (default 2h)", value: "duration" },
  },
  async run(ctx) {
    const ref = await ctx.resolve(ctx.args.positionals[0], { existing: true });
    const pathText = ctx.args.positionals[1];
    const format = ctx.flag("format") ?? "json";
    if (pathText && (format === "dotenv" || format === "shell")) throw new CliError(`--format ${format} cannot be used with a path`);
    const { properties, diagnostics } = await openProperties(ctx.client(), ref, ctx.flag("lifetime"));
    // A script reading `eval "$(ferry env open … --format shell)"` must not get "[unknown]"
    // for credentials a provider failed to fetch: errors print no values and fail.
    if (diagnostics.some((d) => d.severity !== "warning")) {
      throw new CliError(`cannot open ${formatResolved(ref, false)}: it has errors\n${formatDiagnostics(diagnostics, envName(ref)).trimEnd()}`);
    }
    if (diagnostics.length) ctx.warn(formatDiagnostics(diagnostics, envName(ref)));
    if (format === "dotenv" || format === "shell") {
      const p = projectProperties(properties);
      const files = writeTempFiles(p.files); // kept, as esc keeps them: the caller uses the paths
      ctx.out(dotenvLines(Object.fromEntries(Object.entries(p.environmentVariables).map(([k, v]) => [k, v.value])), files.paths, format === "shell"));
      return;
    }
    const value = pathText ? requirePath(properties, pathText, envName(ref)) : { value: properties };
    ctx.out(renderValue(value, format as ValueFormat, false));
  },
};

export const envSet: Command = {
  path: ["env", "set"],
  usage: "ferry env set <ref> <path> [<value>] [--secret|--plaintext] [--string] [--file <path|->]",
  summary: "Set a value in the definition, keeping its layout and comments",
  details:
    "The value is parsed as YAML unless --string is given; with --file it is read from a file (- for stdin). Paths are relative to `values` (except `imports…`).\n" +
    "As esc does, a plaintext value that looks like a secret (a key such as password or token, a random-looking value) is refused: say --secret or --plaintext.",
  flags: {
    secret: { type: "boolean", description: "store the value as a secret (fn::secret)" },
    plaintext: { type: "boolean", description: "store the value in plaintext even if it looks like a secret" },
    string: { type: "boolean", description: "treat the value as a string, not YAML" },
    file: { type: "string", short: "f", description: "read the value from a file, or - for stdin", value: "path|-" },
  },
  async run(ctx) {
    const [refText, pathText, arg] = ctx.args.positionals;
    const file = ctx.flag("file");
    if (pathText === undefined || (arg === undefined && file === undefined)) throw new CliError(file === undefined ? "expected a path and a value" : "expected a path");
    if (arg !== undefined && file !== undefined) throw new CliError("give the value or --file, not both");
    if (ctx.bool("secret") && ctx.bool("plaintext")) throw new CliError("--secret and --plaintext contradict each other");
    const ref = await ctx.resolve(refText, { existing: true, allowVersion: false, command: "set" });
    const segs = definitionPath(pathText);
    const raw = file === undefined ? arg! : readValueFile(file);
    let value: unknown;
    const { secretValue, setValue } = await loadEditor();
    const { parse: parseYaml } = await loadYaml();
    if (ctx.bool("string")) value = raw;
    else {
      try {
        value = raw.trim() === "" ? "" : parseYaml(raw);
      } catch (e) {
        throw new CliError(`invalid value: ${(e as Error).message.split("\n")[0]}`);
      }
    }
    if (ctx.bool("secret")) value = secretValue(typeof value === "string" ? value : raw.trim());
    else if (!ctx.bool("plaintext") && looksLikeSecret(segs.at(-1), value)) {
      throw new CliError("value looks like a secret; rerun with --secret to mark it as such, or --plaintext if you meant to leave it as plaintext");
    }
    const client = ctx.client();
    const def = await getDefinition(client, ref);
    let yaml: string;
    try {
      yaml = setValue(def.yaml, segs, value);
    } catch (e) {
      throw new CliError(`cannot set ${pathText}: ${(e as Error).message}`);
    }
    const saved = await putDefinition(client, ref, yaml, def.revision);
    if (saved.diagnostics.length) ctx.warn(formatDiagnostics(saved.diagnostics, envName(ref)));
  },
};

function readValueFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file === "-" ? 0 : file);
  } catch (e) {
    throw new CliError(`could not read ${file === "-" ? "stdin" : file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CliError("file content must be valid UTF-8");
  }
}

async function confirm(question: string, expected: string): Promise<boolean> {
  const answer = await promptLine(question);
  return answer === expected;
}

export const envRm: Command = {
  path: ["env", "rm"],
  usage: "ferry env rm <ref> [<path>] [--yes]",
  summary: "Delete an environment, or one value of its definition",
  flags: { yes: { type: "boolean", short: "y", description: "skip the confirmation" } },
  async run(ctx) {
    const [refText, pathText] = ctx.args.positionals;
    const ref = await ctx.resolve(refText, { existing: true, allowVersion: false, command: "rm" });
    const client = ctx.client();
    if (pathText) {
      const def = await getDefinition(client, ref);
      let yaml: string;
      try {
        yaml = (await loadEditor()).deleteValue(def.yaml, definitionPath(pathText));
      } catch (e) {
        throw new CliError(`cannot remove ${pathText}: ${(e as Error).message}`);
      }
      await putDefinition(client, ref, yaml, def.revision);
      return;
    }
    const skip = ctx.bool("yes") || !!ctx.env.FERRY_SKIP_CONFIRMATIONS || !!ctx.env.PULUMI_SKIP_CONFIRMATIONS;
    if (!skip) {
      if (!process.stdin.isTTY) throw new CliError("refusing to delete without confirmation; pass --yes");
      ctx.warn(`This will permanently delete ${formatResolved(ref, false)} and all its revisions.`);
      if (!(await confirm(`Type "${ref.name}" to confirm: `, ref.name))) throw new CliError("confirmation declined, not deleting");
    }
    try {
      await client.request("DELETE", envPath(ref));
    } catch (e) {
      explain(e, ref);
    }
    ctx.out(`Environment "${formatResolved(ref, false)}" has been removed!\n`);
  },
};
