import { ApiError, FerryClient, envPath } from "../client";
import { OUTPUT_FLAG, type Command } from "../command";
import type { Context } from "../context";
import { explain, formatDiagnostics, openProperties } from "../environments";
import { CliError } from "../errors";
import { interpolateArgs, projectProperties, unresolvedWarning, type Projection } from "../format";
import { bundledOrigin } from "../origin";
import { parseRef, formatResolved } from "../ref";
import { runWithProjection } from "../run";
import { formatTime } from "../../lib/common/format-time";
import { normalizeUrl } from "../credentials";
import { parseDuration } from "../../lib/esc/duration";
import { shellQuote } from "../../lib/common/command-line";

interface RunTokenInfo {
  environment: string;
  revision: number;
  expiresAt: string;
  usesLeft: number;
  command: string[] | null;
  status: string;
}

interface Redeemed extends Projection {
  environment: string;
  revision: number;
  command: string[] | null;
}

async function projectionFromRunToken(ctx: Context, token: string, refText: string | undefined, command: string[]): Promise<{ projection: Projection; command: string[] | null }> {
  const url = ctx.flag("url") ? normalizeUrl(ctx.flag("url")!) : (bundledOrigin() ?? ctx.session().url);
  if (!url) throw new CliError("which console issued this run command? pass --url <console-url> (or set FERRY_URL)");
  const client = new FerryClient(url);
  const fail = (e: unknown): never => {
    if (e instanceof ApiError && e.body.reason) throw new CliError(e.message);
    throw e;
  };
  const info = await client.json<RunTokenInfo>("POST", "/api/run-tokens/lookup", { token }).catch(fail);
  if (refText) {
    const r = parseRef(refText);
    const full = r.org ? `${r.org}/${r.project}/${r.name}` : undefined;
    if (full && full !== info.environment) throw new CliError(`this run command is for ${info.environment}, not ${full}`);
  }
  // Checked before redeeming: a single-use token must not be spent on a typo.
  if (command.length === 0 && !info.command?.length) throw new CliError("no command specified; add the command to run after --");
  const redeemed = await client.json<Redeemed>("POST", "/api/run-tokens/redeem", { token }).catch(fail);
  return { projection: redeemed, command: redeemed.command };
}

export const run: Command = {
  path: ["run"],
  usage: "ferry run [-i] [--token <run-token>] <ref>[@<version>] [--] <command> [args...]",
  summary: "Run a command with an environment's variables and files injected",
  details:
    "Flags go before the command; `--` is needed only when the command's own arguments start with `-`.\n" +
    "The command runs directly (not through a shell). Secrets in its output are replaced with [secret] unless -i.\n" +
    "As in `esc run`, ${path} in the command's arguments is replaced by the environment's value at that property\n" +
    "path (`${aws.creds.accessKeyId}`), and by nothing when there is none, with a warning on stderr: for a shell's\n" +
    "own variable write $HOME, or $${HOME} (`$$` is a literal `$`), e.g. ferry run acme/dev -- sh -c 'echo $${HOME}'.\n" +
    "With --token fry_run_…, a one-shot run command from the console is redeemed: no login needed.",
  flags: {
    interactive: { type: "boolean", short: "i", description: "attach the terminal directly; secrets are not masked" },
    token: { type: "string", description: "a one-shot run token (fry_run_…) or a personal access token", value: "token" },
    lifetime: { type: "string", short: "l", description: "how long the open session lasts (default 2h)", value: "duration" },
    url: { type: "string", description: "console URL (for run tokens; default: where this CLI was downloaded from)", value: "url" },
  },
  commandAfter: 1,
  async run(ctx) {
    const refText = ctx.args.positionals[0];
    let command = ctx.args.rest ?? [];
    const token = ctx.flag("token");
    let projection: Projection;
    let extraSecrets: string[] = [];
    if (token?.startsWith("fry_run_")) {
      const got = await projectionFromRunToken(ctx, token, refText, command);
      projection = got.projection;
      if (command.length === 0 && got.command) command = got.command;
    } else {
      if (token) ctx.env.FERRY_TOKEN = token;
      const ref = await ctx.resolve(refText, { existing: true });
      if (command.length === 0) throw new CliError("no command specified");
      const { properties, diagnostics } = await openProperties(ctx.client(), ref, ctx.flag("lifetime"));
      if (diagnostics.some((d) => d.severity !== "warning")) {
        throw new CliError(`cannot run: ${formatResolved(ref, false)} has errors\n${formatDiagnostics(diagnostics, `${ref.project}/${ref.name}`).trimEnd()}`);
      }
      projection = projectProperties(properties);
      // `values` is the root of `${…}` paths, as in esc (`${aws.creds.id}`).
      const values = properties;
      const interpolated = interpolateArgs(command, values);
      command = interpolated.args;
      extraSecrets = interpolated.secrets;
      for (const t of interpolated.unresolved) ctx.warn(unresolvedWarning(t, formatResolved(ref, false)));
    }
    return runWithProjection(projection, command, { interactive: ctx.bool("interactive"), extraSecrets });
  },
};

export const envRun: Command = { ...run, path: ["env", "run"], usage: run.usage.replace("ferry run", "ferry env run") };

export const envShare: Command = {
  path: ["env", "share"],
  usage: "ferry env share <ref>[@<version>] [--ttl 15m] [--uses 1] [--output json] [-- command...]",
  summary: "Print a one-shot command line that runs a program with this environment, no login needed",
  details:
    "The line carries a run token pinned to the revision (default: the current one), never a secret value.\n" +
    "It works on any machine with Node.js and npm: npx downloads the CLI from this console.",
  flags: {
    ttl: { type: "string", description: "lifetime, at most 24h (default 15m)", value: "duration" },
    uses: { type: "string", description: "number of uses (default 1)", value: "n" },
    utc: { type: "boolean", description: "show the expiry in UTC" },
    ...OUTPUT_FLAG,
  },
  async run(ctx) {
    const ref = await ctx.resolve(ctx.args.positionals[0], { existing: true });
    const ttlText = ctx.flag("ttl") ?? "15m";
    const ttlSeconds = parseDuration(ttlText);
    if (!ttlSeconds) throw new CliError(`--ttl "${ttlText}" is not a duration; use for example 15m, 2h or 1h30m`);
    const uses = Number(ctx.flag("uses") ?? "1");
    const base = envPath(ref);
    const created = await ctx
      .client()
      .json<{ line: string; token: string; expiresAt: string; revision: number }>("POST", `${base}/run-tokens`, {
        json: { version: ref.version, ttlSeconds, uses, command: ctx.args.rest?.length ? ctx.args.rest : undefined },
      })
      .catch((e) => explain(e, ref));
    if (ctx.flag("output") === "json") return ctx.out(JSON.stringify(created, null, 2) + "\n");
    ctx.out(created.line + "\n");
    ctx.warn(`Pinned to revision ${created.revision}; expires ${formatTime(created.expiresAt, { utc: ctx.bool("utc") })}. Anyone holding this line can run with the environment until then.`);
  },
};

export { shellQuote };
