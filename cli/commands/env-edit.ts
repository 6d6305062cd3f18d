// `ferry env edit`: the definition in $VISUAL / $EDITOR, re-opened while it has errors, or set
// from a file.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ApiError } from "../client";
import type { Command } from "../command";
import { DefinitionErrors, formatDiagnostics, getDefinition, putDefinition } from "../environments";
import { CliError } from "../errors";
import { promptLine } from "../prompt";
import { formatResolved } from "../ref";
import { envName } from "./env-paths";

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
