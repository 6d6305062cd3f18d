// `ferry env edit`: the definition in $VISUAL / $EDITOR, re-opened while it has errors, or set
// from a file.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ApiError, envPath, type FerryClient } from "../client";
import type { Command } from "../command";
import { DefinitionErrors, formatDiagnostics, getDefinition, putDefinition } from "../environments";
import { CliError } from "../errors";
import { renderValue } from "../format";
import { promptLine } from "../prompt";
import type { ResolvedRef } from "../ref";
import type { EscValue } from "../../lib/esc/export";
import { envName } from "./env-paths";

function runEditor(editor: string, file: string): void {
  // $EDITOR may carry arguments ("code --wait"), so it goes through the shell, file as "$1".
  const r = spawnSync("/bin/sh", ["-c", `${editor} "$1"`, "ferry-editor", file], { stdio: "inherit" });
  if (r.error) throw new CliError(`cannot start the editor "${editor}": ${r.error.message}`);
  if (r.status !== 0) throw new CliError(`the editor "${editor}" exited with status ${r.status}`);
}

/** VS Code returns at once unless told to wait for the file to close (as esc, `code` gets -w). */
const waitingEditor = (editor: string) => (editor.trim() === "code" ? "code -w" : editor);

/**
 * What follows the definition in the file being edited, after a `---` line: the last save's
 * errors and the current values, as comments and JSON that are never saved.
 */
function details(diagnostics: string, values: string | undefined): string {
  let out = "";
  if (diagnostics) out += `---\n# Diagnostics\n#\n${diagnostics.trimEnd().split("\n").map((l) => `# ${l}`).join("\n")}\n`;
  if (values !== undefined) {
    out +=
      "---\n# Please edit the environment definition above.\n# The object below is the current result of\n# evaluating the environment and will not be\n# saved. An empty definition aborts the edit.\n\n" +
      values;
  }
  return out;
}

/**
 * The definition part of an edited file: what comes before the first `---` line that follows
 * some content. (A `---` on top is the definition's own document start, kept: esc cut there too
 * and so aborted the edit of any definition that begins with one.)
 */
export function definitionPart(text: string): string {
  for (const sep of text.matchAll(/(^|\n)---[ \t]*(\r?\n|$)/g)) {
    const end = sep.index + sep[1].length;
    if (text.slice(0, end).trim() !== "") return text.slice(0, end);
  }
  return text;
}

/** The definition's values as check mode computes them (secrets redacted), or undefined. */
async function currentValues(client: FerryClient, ref: ResolvedRef, yaml: string): Promise<string | undefined> {
  if (yaml.trim() === "") return undefined;
  try {
    const checked = await client.json<{ properties?: Record<string, EscValue> }>("POST", `${envPath(ref)}/check`, { body: yaml, headers: { "content-type": "application/x-yaml" } });
    return renderValue({ value: checked.properties ?? {} }, "json", true);
  } catch {
    return undefined; // only a help for the editing: the edit goes on without it
  }
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
      ctx.out("Environment updated.\n");
      return;
    }
    const editor = waitingEditor(ctx.flag("editor") || ctx.env.VISUAL || ctx.env.EDITOR || "vi");
    const def = await getDefinition(client, ref, { decrypt: ctx.bool("show-secrets") });
    const values = await currentValues(client, ref, def.yaml);
    const dir = mkdtempSync(path.join(os.tmpdir(), "ferry-edit-"));
    const tmp = path.join(dir, `${ref.name}.yaml`);
    try {
      let text = def.yaml;
      let errors = "";
      for (;;) {
        const more = details(errors, values);
        writeFileSync(tmp, text + (more && text && !text.endsWith("\n") ? "\n" : "") + more, { mode: 0o600 });
        runEditor(editor, tmp);
        const edited = definitionPart(readFileSync(tmp, "utf8"));
        if (edited.trim() === "") {
          ctx.warn("Aborting edit due to empty definition.");
          return;
        }
        if (edited === def.yaml) {
          ctx.warn("No changes.");
          return;
        }
        try {
          const saved = await putDefinition(client, ref, edited, def.revision);
          if (saved.diagnostics.length) ctx.warn(formatDiagnostics(saved.diagnostics, envName(ref)));
          ctx.out("Environment updated.\n");
          return;
        } catch (e) {
          if (!(e instanceof DefinitionErrors) && !(e instanceof ApiError && e.status === 400)) throw e;
          ctx.warn(e.message);
          const again = await promptLine("Press ENTER to continue editing or ^D to exit");
          if (again === undefined) {
            ctx.warn("Aborting edit.");
            return;
          }
          text = edited;
          errors = e instanceof DefinitionErrors ? formatDiagnostics(e.diagnostics, envName(ref)) : e.message;
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
