import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parsePropertyPath, type PathSegment } from "../../lib/esc/edit/property-path";
import type { EscValue } from "../../lib/esc/export";
import { ApiError, envPath } from "../client";
import { OUTPUT_FLAG, type Command } from "../command";
import type { Context } from "../context";
import { unifiedDiff } from "../diff";
import { DefinitionErrors, explain, formatDiagnostics, getDefinition, openProperties, putDefinition } from "../environments";
import { CliError } from "../errors";
import { looksLikeSecret } from "../looks-like-secret";
import { dotenvLines, projectProperties, renderValue, requirePath, valueAtPath, type ValueFormat } from "../format";
import { promptLine } from "../prompt";
import { formatResolved, parseVersionOnly, type ResolvedRef } from "../ref";
import { writeTempFiles } from "../run";

// The definition editor and the YAML parser load only for the commands that use them, so
// commands such as `ferry run` start without them (bench/cli.ts).
const loadEditor = () => import("../../lib/esc/edit");
const loadYaml = () => import("yaml");

const envName = (r: ResolvedRef) => `${r.project}/${r.name}`;

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

/** Segments under `values`, except `imports…` which edit the root (as esc). */
function definitionPath(text: string): PathSegment[] {
  let segs: PathSegment[];
  try {
    segs = parsePropertyPath(text);
  } catch (e) {
    throw new CliError(`invalid path "${text}": ${(e as Error).message}`);
  }
  return segs[0] === "imports" ? segs : ["values", ...segs];
}

/** The part of a definition at a property path (under `values`, or `imports…`), as YAML; "" when absent. */
async function definitionAt(yaml: string, pathText: string): Promise<string> {
  const segs = definitionPath(pathText);
  let node: unknown = (await loadYaml()).parse(yaml);
  for (const s of segs) node = node && typeof node === "object" ? (node as Record<string | number, unknown>)[s] : undefined;
  return node === undefined ? "" : typeof node === "object" && node !== null ? (await loadYaml()).stringify(node, { indent: 2 }) : `${String(node)}\n`;
}

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
    ctx.out(`# Value\n\`\`\`json\n${renderValue(value, "json", !show)}\`\`\`\n# Definition\n\`\`\`yaml\n${defText}\n\`\`\`\n\n`);
  },
};

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

function runEditor(editor: string, file: string): void {
  // $EDITOR may carry arguments ("code --wait"), so it goes through the shell, file as "$1".
  const r = spawnSync("/bin/sh", ["-c", `${editor} "$1"`, "ferry-editor", file], { stdio: "inherit" });
  if (r.error) throw new CliError(`cannot start the editor "${editor}": ${r.error.message}`);
  if (r.status !== 0) throw new CliError(`the editor "${editor}" exited with status ${r.status}`);
}

export const envEdit: Command = {
  path: ["env", "edit"],
  usage: "ferry env edit <ref> [--editor <cmd>] [--file <path|->] [--show-secrets]",
  summary: "Edit the definition in $VISUAL / $EDITOR; re-opens the editor when it has errors",
  flags: {
    editor: { type: "string", description: "editor command (default $VISUAL, $EDITOR, vi)", value: "cmd" },
    file: { type: "string", short: "f", description: "set the definition from a file (- for stdin) instead of editing", value: "path|-" },
    "show-secrets": { type: "boolean", description: "edit secrets in plaintext (needs the open right)" },
  },
  async run(ctx) {
    const ref = await ctx.resolve(ctx.args.positionals[0], { existing: true, allowVersion: false, command: "edit" });
    const client = ctx.client();
    const file = ctx.flag("file");
    if (file) {
      const saved = await putDefinition(client, ref, readFileSync(file === "-" ? 0 : file, "utf8"));
      if (saved.diagnostics.length) ctx.warn(formatDiagnostics(saved.diagnostics, envName(ref)));
      return;
    }
    const editor = ctx.flag("editor") || ctx.env.VISUAL || ctx.env.EDITOR || "vi";
    const def = await getDefinition(client, ref, { decrypt: ctx.bool("show-secrets") });
    const dir = mkdtempSync(path.join(os.tmpdir(), "ferry-edit-"));
    const tmp = path.join(dir, `${ref.name}.yaml`);
    try {
      writeFileSync(tmp, def.yaml, { mode: 0o600 });
      for (;;) {
        runEditor(editor, tmp);
        const edited = readFileSync(tmp, "utf8");
        if (edited.trim() === "") {
          ctx.warn("Aborting edit: the definition is empty.");
          return 1;
        }
        if (edited === def.yaml) {
          ctx.warn("No changes.");
          return;
        }
        try {
          const saved = await putDefinition(client, ref, edited, def.revision);
          if (saved.diagnostics.length) ctx.warn(formatDiagnostics(saved.diagnostics, envName(ref)));
          ctx.out(`Saved revision ${saved.revision ?? "?"} of ${formatResolved(ref, false)}.\n`);
          return;
        } catch (e) {
          if (!(e instanceof DefinitionErrors) && !(e instanceof ApiError && e.status === 400)) throw e;
          ctx.warn(e.message);
          const again = await promptLine("Press ENTER to continue editing or ^D to exit");
          if (again === undefined) return 1;
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

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
