// ferry: the Ferry console's CLI, with the `esc` CLI's grammar. Talks to the console over its
// REST API only.
import { formatFlags, parseArgs, UsageError, type FlagSpecs } from "./args";
import type { Command } from "./command";
import { Context } from "./context";
import { CredentialsError } from "./credentials";
import { CliError } from "./errors";
import { VERSION } from "./version";
import { login, logout, whoami } from "./commands/auth";
import { envGet, envInit, envLs, envOpen, envRm, envSet } from "./commands/env";
import { envEdit } from "./commands/env-edit";
import { envDiff } from "./commands/env-diff";
import { envImport } from "./commands/env-import";
import { envRun, envShare, run } from "./commands/run";
import { envClone } from "./commands/clone";
import { envSettingsGet, envSettingsSet, envTag, envTagGet, envTagLs, envTagMv, envTagRm, envVersionRetract } from "./commands/env-meta";
import { leaseLs, leaseRenew, leaseRevoke } from "./commands/lease";
import { envAccessGrant, envAccessLs, envAccessRevoke, teamAdd, teamCreate, teamLs, teamRemove, teamRename, teamRm } from "./commands/access";
import { orgInvitations, orgInvitationsLs, orgInvitationsRevoke, orgInvite } from "./commands/org";
import { envReferrerList, envReferrerLs } from "./commands/env-referrer";
import { envVersion, envVersionHistory, envVersionRollback, envVersionTag, envVersionTagLs, envVersionTagRm } from "./commands/version";

const versionCommand: Command = {
  path: ["version"],
  usage: "ferry version",
  summary: "Print the CLI's version",
  flags: {},
  async run(ctx) {
    ctx.out(`${VERSION}\n`);
  },
};

export const COMMANDS: Command[] = [
  login,
  logout,
  whoami,
  run,
  { ...envOpen, path: ["open"], usage: envOpen.usage.replace("ferry env open", "ferry open") },
  envLs,
  envInit,
  envGet,
  envOpen,
  envSet,
  envRm,
  envClone,
  envTag,
  envTagGet,
  envTagLs,
  envTagMv,
  envTagRm,
  envSettingsGet,
  envSettingsSet,
  envEdit,
  envDiff,
  envRun,
  envShare,
  envVersion,
  envVersionHistory,
  envVersionTag,
  envVersionTagLs,
  envVersionTagRm,
  envVersionRollback,
  envVersionRetract,
  envImport,
  envReferrerList,
  envReferrerLs,
  leaseLs,
  leaseRevoke,
  leaseRenew,
  envAccessLs,
  envAccessGrant,
  envAccessRevoke,
  teamLs,
  teamCreate,
  teamRename,
  teamRm,
  teamAdd,
  teamRemove,
  orgInvite,
  orgInvitations,
  orgInvitationsLs,
  orgInvitationsRevoke,
  versionCommand,
];

/** Exit status of a command line ferry cannot run: 1, as esc (cobra) exits, so esc's scripts read it alike. */
const USAGE_ERROR = 1;

const HELP_FLAG: FlagSpecs = { help: { type: "boolean", short: "h", description: "show help for this command" } };

/** The longest command path that prefixes argv. */
export function findCommand(argv: readonly string[]): { command?: Command; group: string[]; args: string[] } {
  let best: Command | undefined;
  for (const c of COMMANDS) {
    if (c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  if (best) return { command: best, group: best.path, args: argv.slice(best.path.length) };
  const group = argv[0] === "env" ? (argv[1] === "access" || argv[1] === "referrer" ? ["env", argv[1]] : ["env"]) : argv[0] === "team" || argv[0] === "lease" || argv[0] === "org" ? [argv[0]] : [];
  return { group, args: argv.slice(group.length) };
}

function groupHelp(group: string[]): string {
  const list = COMMANDS.filter((c) => !c.hidden && group.every((w, i) => c.path[i] === w));
  const width = Math.max(...list.map((c) => c.path.join(" ").length));
  return (
    `ferry ${VERSION}: environments, secrets and configuration from a Ferry console\n\n` +
    `Usage: ferry ${group.length ? group.join(" ") + " " : ""}<command> [flags]\n\nCommands:\n` +
    list.map((c) => `  ${c.path.join(" ").padEnd(width)}  ${c.summary}`).join("\n") +
    `\n\nReferences: [<org>/][<project>/]<env>[@<version>], where a version is a revision number, a tag or latest.\n` +
    `Run \`ferry <command> --help\` for a command's flags.\n`
  );
}

function commandHelp(c: Command): string {
  const flags = { ...c.flags, ...HELP_FLAG };
  const subs = COMMANDS.filter((x) => x !== c && x.path.length === c.path.length + 1 && c.path.every((w, i) => x.path[i] === w));
  return (
    `${c.summary}\n\nUsage: ${c.usage}\n` +
    (c.details ? `\n${c.details}\n` : "") +
    (subs.length ? `\nSubcommands:\n${subs.map((s) => `  ${s.path.join(" ")}  ${s.summary}`).join("\n")}\n` : "") +
    `\nFlags:\n${formatFlags(flags)}\n`
  );
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv[0] === "--version" || argv[0] === "-v") {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const { command, group, args } = findCommand(argv);
  if (!command) {
    const wantsHelp = args.length === 0 || args[0] === "--help" || args[0] === "-h" || args[0] === "help";
    if (wantsHelp) {
      process.stdout.write(groupHelp(group));
      return 0;
    }
    process.stderr.write(`error: unknown command "${[...group, args[0]].join(" ")}"; run \`ferry ${group.join(" ")}${group.length ? " " : ""}--help\`\n`);
    return USAGE_ERROR;
  }
  let parsed;
  try {
    parsed = parseArgs(args, { ...command.flags, ...HELP_FLAG }, { commandAfter: command.commandAfter });
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\nUsage: ${command.usage}\n`);
      return USAGE_ERROR;
    }
    throw e;
  }
  if (parsed.flags.help) {
    process.stdout.write(commandHelp(command));
    return 0;
  }
  const ctx = new Context(parsed, env);
  try {
    return (await command.run(ctx)) ?? 0;
  } catch (e) {
    if (e instanceof CliError || e instanceof CredentialsError) {
      process.stderr.write(`error: ${e.message}\n`);
      return e instanceof CliError ? e.exitCode : 1;
    }
    if (env.FERRY_DEBUG) throw e;
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)} (set FERRY_DEBUG=1 for details)\n`);
    return 1;
  }
}
