// `ferry env referrer list`: what imports an environment (ESC's referrers), grouped by the version
// it imports, in the esc CLI's table. Ferry's referrers are environments; stacks and Insights
// accounts are drawn as esc draws them, should a server name them.
import { envPath } from "../client";
import type { Command } from "../command";
import { explain } from "../environments";
import { CliError } from "../errors";

interface Referrer {
  environment?: { project: string; name: string; revision: number };
  stack?: { project: string; stack: string; version: number };
  insightsAccount?: { accountName: string };
}

interface Page {
  referrers: Record<string, Referrer[]>;
  continuationToken?: string;
}

function columns(r: Referrer): [string, string] {
  if (r.environment) return ["environment", `${r.environment.project}/${r.environment.name}@${r.environment.revision}`];
  if (r.stack) return ["stack", `${r.stack.project}/${r.stack.stack}@${r.stack.version}`];
  if (r.insightsAccount) return ["insights", r.insightsAccount.accountName];
  return ["unknown", ""];
}

/** "latest" first, then revision numbers ascending, then tags by name (as esc orders them). */
function byVersion(a: string, b: string): number {
  if (a === "latest" || b === "latest") return a === b ? 0 : a === "latest" ? -1 : 1;
  const [na, nb] = [/^\d+$/.test(a), /^\d+$/.test(b)];
  if (na && nb) return Number(a) - Number(b);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A box-drawn table, each column as wide as its widest cell. */
export function boxTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const rule = (l: string, m: string, r: string) => l + widths.map((w) => "─".repeat(w + 2)).join(m) + r + "\n";
  const line = (cells: string[]) => "│" + cells.map((c, i) => ` ${c.padEnd(widths[i])} `).join("│") + "│\n";
  return rule("┌", "┬", "┐") + line(headers) + rule("├", "┼", "┤") + rows.map(line).join("") + rule("└", "┴", "┘");
}

function parseCount(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^-?\d{1,9}$/.test(text)) throw new CliError(`--count must be a whole number, not "${text.slice(0, 40)}"`);
  const n = Number(text);
  if (n < 0 || n > 500) throw new CliError("--count must be in the range [1, 500]");
  return n;
}

export const envReferrerList: Command = {
  path: ["env", "referrer", "list"],
  usage: "ferry env referrer list <ref> [--count <n> | --all] [--all-revisions] [--latest-stack-version-only]",
  summary: "List what imports an environment, by the version it imports",
  flags: {
    count: { type: "string", description: "at most this many referrers (1–500; the server's default when unset)", value: "n" },
    all: { type: "boolean", description: "every referrer, page after page" },
    "all-revisions": { type: "boolean", description: "look in every revision of the importing environments, not only their newest" },
    "latest-stack-version-only": { type: "boolean", description: "only the newest version of each stack (accepted for esc's scripts; Ferry has no stacks)" },
  },
  async run(ctx) {
    const ref = await ctx.resolve(ctx.args.positionals[0], { existing: true, allowVersion: false, command: "list" });
    const count = parseCount(ctx.flag("count"));
    if (ctx.bool("all") && count !== 0) throw new CliError("--all and --count are mutually exclusive");
    const merged: Record<string, Referrer[]> = {};
    let remaining = count;
    for (let token: string | undefined; ; ) {
      const query = {
        count: remaining > 0 ? String(remaining) : undefined,
        continuationToken: token,
        allRevisions: ctx.bool("all-revisions") ? "true" : undefined,
        latestStackVersionOnly: ctx.bool("latest-stack-version-only") ? "true" : undefined,
      };
      const page = await ctx.client().json<Page>("GET", `${envPath(ref)}/referrers`, { query }).catch((e) => explain(e, ref));
      for (const [version, list] of Object.entries(page.referrers ?? {})) {
        (merged[version] ??= []).push(...list);
        if (count > 0) remaining -= list.length;
      }
      if (!ctx.bool("all") || !page.continuationToken || (count > 0 && remaining <= 0)) break;
      token = page.continuationToken;
    }
    const rows = Object.keys(merged)
      .sort(byVersion)
      .flatMap((version) =>
        merged[version]
          .map(columns)
          .sort((a, b) => (`${a[0]} ${a[1]}` < `${b[0]} ${b[1]}` ? -1 : 1))
          .map(([kind, referrer]) => [version, kind, referrer]),
      );
    if (rows.length) ctx.out(boxTable(["REVISION", "KIND", "REFERRER"], rows));
  },
};

export const envReferrerLs: Command = { ...envReferrerList, path: ["env", "referrer", "ls"], usage: envReferrerList.usage.replace(" list ", " ls "), hidden: true };
