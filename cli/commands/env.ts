import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { deleteValue, parsePropertyPath, secretValue, setValue, type PathSegment } from "../../lib/esc/edit";
import type { EscValue } from "../../lib/esc/export";
import { ApiError, envPath } from "../client";
import { OUTPUT_FLAG, type Command } from "../command";
import type { Context } from "../context";
import { unifiedDiff } from "../diff";
import { DefinitionErrors, explain, formatDiagnostics, getDefinition, openProperties, putDefinition } from "../environments";
import { CliError } from "../errors";
import { dotenvLines, projectProperties, renderValue, valueAtPath } from "../format";
import { promptLine } from "../prompt";
import { formatResolved, parseVersionOnly, type ResolvedRef } from "../ref";
import { writeTempFiles } from "../run";


const envName = (r: ResolvedRef) => `${r.project}/${r.name}`;

export const envLs: Command = {
  path: ["env", "ls"],
  usage: "ferry env ls [--organization <org>] [--project <project>] [--output json]",
  summary: "List environments",
  flags: {
    organization: { type: "string", description: "only this organization", value: "org" },
    project: { type: "string", short: "p", description: "only this project", value: "project" },
    ...OUTPUT_FLAG,
  },
  async run(ctx) {
    const client = ctx.client();
    const orgs = ctx.flag("organization") ? [ctx.flag("organization")!] : (await ctx.user()).organizations.map((o) => o.githubLogin);
    const names: string[] = [];
    for (const org of orgs) {
      const { environments } = await client.json<{ environments: { organization: string; project: string; name: string }[] }>("GET", `/api/esc/environments/${encodeURIComponent(org)}`);
      for (const e of environments) if (!ctx.flag("project") || e.project === ctx.flag("project")) names.push(`${org}/${e.project}/${e.name}`);
    }
    names.sort();
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
    const client = ctx.client();
    await client.json("POST", `/api/esc/environments/${encodeURIComponent(ref.org)}`, { json: { project: ref.project, name: ref.name } });
    const file = ctx.flag("file");
    if (file) {
      const yaml = readFileSync(file === "-" ? 0 : file, "utf8");
      try {
        await putDefinition(client, ref, yaml, 1);
      } catch (e) {
        if (e instanceof DefinitionErrors) throw new CliError(`${formatDiagnostics(e.diagnostics, envName(ref))}updating environment definition: too many errors`);
        throw e;
      }
    }
    ctx.out(`Environment created: ${formatResolved(ref, false)}\n`);
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

export const envGet: Command = {
  path: ["env", "get"],
  usage: "ferry env get <ref>[@<version>] [<path>] [--value json|dotenv|shell|string] [--definition] [--show-secrets]",
  summary: "Show an environment's values (checked, not opened) and definition",
  flags: {
    value: { type: "string", choices: ["json", "dotenv", "shell", "string"], description: "print only the value, in this format" },
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
    const value = pathText ? (valueAtPath(properties, pathText) ?? { value: null }) : { value: properties };
    if (format === "dotenv" || format === "shell") {
      const p = projectProperties(properties);
      const vars = Object.fromEntries(Object.entries(p.environmentVariables).map(([k, v]) => [k, !show && v.secret ? "[secret]" : v.value]));
      const files = Object.fromEntries(Object.keys(p.files).map((k) => [k, "[unknown]"]));
      ctx.out(dotenvLines(vars, files, format === "shell"));
      return;
    }
    if (format) return ctx.out(renderValue(value, format as "json" | "string", !show));
    let defText = def.yaml;
    if (pathText) {
      const segs = definitionPath(pathText);
      let node: unknown = parseYaml(def.yaml);
      for (const s of segs) node = node && typeof node === "object" ? (node as Record<string | number, unknown>)[s] : undefined;
      defText = node === undefined ? "" : typeof node === "object" ? JSON.stringify(node, null, 2) + "\n" : `${String(node)}\n`;
    }
    if (ctx.bool("definition")) return ctx.out(defText);
    ctx.out(`# Value\n\`\`\`json\n${renderValue(value, "json", !show)}\`\`\`\n\n# Definition\n\`\`\`yaml\n${defText}\`\`\`\n`);
  },
};

export const envOpen: Command = {
  path: ["env", "open"],
  usage: "ferry env open <ref>[@<version>] [<path>] [--format json|yaml|dotenv|shell|string] [--lifetime 2h]",
  summary: "Open an environment (providers called, secrets decrypted) and print its values",
  details: "dotenv and shell write each `files` entry to a temporary file (mode 0600), as esc does, and print its path.",
  flags: {
    format: { type: "string", short: "f", choices: ["json", "yaml", "dotenv", "shell", "string"], description: "output format (default json)" },
    lifetime: { type: "string", short: "l", description: "how long the open session lasts (default 2h)", value: "duration" },
  },
  async run(ctx) {
    const ref = await ctx.resolve(ctx.args.positionals[0], { existing: true });
    const pathText = ctx.args.positionals[1];
    const format = ctx.flag("format") ?? "json";
    if (pathText && (format === "dotenv" || format === "shell")) throw new CliError(`--format ${format} cannot be used with a path`);
    const { properties, diagnostics } = await openProperties(ctx.client(), ref, ctx.flag("lifetime"));
    if (diagnostics.length) ctx.warn(formatDiagnostics(diagnostics, envName(ref)));
    if (format === "dotenv" || format === "shell") {
      const p = projectProperties(properties);
      const files = writeTempFiles(p.files); // kept, as esc keeps them: the caller uses the paths
      ctx.out(dotenvLines(Object.fromEntries(Object.entries(p.environmentVariables).map(([k, v]) => [k, v.value])), files.paths, format === "shell"));
      return;
    }
    const value = pathText ? (valueAtPath(properties, pathText) ?? { value: null }) : { value: properties };
    ctx.out(renderValue(value, format as "json" | "yaml" | "string", false));
  },
};

export const envSet: Command = {
  path: ["env", "set"],
  usage: "ferry env set <ref> <path> <value> [--secret] [--string]",
  summary: "Set a value in the definition, keeping its layout and comments",
  details: "The value is parsed as YAML unless --string is given. Paths are relative to `values` (except `imports…`).",
  flags: {
    secret: { type: "boolean", description: "store the value as a secret (fn::secret)" },
    string: { type: "boolean", description: "treat the value as a string, not YAML" },
  },
  async run(ctx) {
    const [refText, pathText, raw] = ctx.args.positionals;
    if (raw === undefined) throw new CliError("usage: ferry env set <ref> <path> <value>");
    const ref = await ctx.resolve(refText, { existing: true, allowVersion: false, command: "set" });
    const segs = definitionPath(pathText);
    let value: unknown;
    if (ctx.bool("secret")) value = secretValue(raw);
    else if (ctx.bool("string")) value = raw;
    else {
      try {
        value = raw === "" ? "" : parseYaml(raw);
      } catch {
        value = raw;
      }
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
        yaml = deleteValue(def.yaml, definitionPath(pathText));
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
    ctx.out(`Environment "${formatResolved(ref, false)}" has been removed.\n`);
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

export const envDiff: Command = {
  path: ["env", "diff"],
  usage: "ferry env diff <ref>[@<version>] [<ref>][@<version>]",
  summary: "Show the differences between two versions (definition and checked values)",
  flags: { "show-secrets": { type: "boolean", description: "compare opened values, secrets in plaintext" } },
  async run(ctx) {
    const [aText, bText] = ctx.args.positionals;
    const a = await ctx.resolve(aText, { existing: true });
    let b: ResolvedRef;
    const bare = bText ? parseVersionOnly(bText) : undefined;
    if (!bText) b = { ...a, version: "latest" };
    else if (bare !== undefined) b = { ...a, version: bare };
    else b = await ctx.resolve(bText, { existing: true });
    a.version ??= "latest";
    b.version ??= "latest";
    const client = ctx.client();
    const side = async (r: ResolvedRef) => {
      const def = await getDefinition(client, r);
      const props = ctx.bool("show-secrets")
        ? (await openProperties(client, r)).properties
        : ((await client.json<{ properties?: Record<string, EscValue> }>("POST", `${envPath(r)}/check`, { body: def.yaml, headers: { "content-type": "application/x-yaml" } })).properties ?? {});
      return { def: def.yaml, value: renderValue({ value: props }, "json", !ctx.bool("show-secrets")) };
    };
    const [x, y] = await Promise.all([side(a), side(b)]);
    const na = formatResolved(a);
    const nb = formatResolved(b);
    const value = unifiedDiff(x.value, y.value, na, nb);
    const def = unifiedDiff(x.def, y.def, na, nb);
    if (!value && !def) return ctx.out("No differences.\n");
    ctx.out(`# Value\n${value || "(same)\n"}\n# Definition\n${def || "(same)\n"}`);
  },
};
