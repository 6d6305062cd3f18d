// `ferry env import`: moves an environment from hosted Pulumi ESC (or any console that speaks its
// API, another Ferry included) into this console with its history: every revision in order, so
// revision N here is revision N there, then its revision tags, its retractions and its
// environment tags. Secrets are read decrypted from the source (the source audits that) and
// sealed again by this console on save, bound to the new environment.
import { ApiError, FerryClient, envPath } from "../client";
import type { Command } from "../command";
import type { Context } from "../context";
import { formatDiagnostics, type Diag } from "../environments";
import { CliError } from "../errors";
import { formatResolved, type ResolvedRef } from "../ref";

const PAGE = 100;
/** Beyond this many revisions or tags the source is not answering as ESC pages do: stop. */
const MAX_ITEMS = 100_000;

/** A source whose paging cursor does not move on would be asked forever. */
function stuck(what: string): CliError {
  return new CliError(`the source's ${what} pages do not advance (or exceed ${MAX_ITEMS}); it does not page as the ESC API does`);
}
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

interface SourceRevision {
  number: number;
  tags?: string[];
  retracted?: { replacement: number; reason?: string };
}

/** The source console, asked as the esc CLI asks it (Pulumi's `token` scheme). */
class Source {
  private readonly client: FerryClient;
  constructor(
    readonly url: string,
    private readonly token: string,
    readonly ref: ResolvedRef,
  ) {
    this.client = new FerryClient(url);
  }

  private async call(path: string, query?: Record<string, string | undefined>) {
    try {
      return await this.client.request("GET", envPath(this.ref) + path, { query, headers: { authorization: `token ${this.token}` } });
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) throw new CliError(`the source ${this.url} refused the token (HTTP ${e.status}); set --from-token-env to a variable holding a token it accepts`);
      if (e instanceof ApiError && e.status === 404) throw new CliError(`the source ${this.url} has no environment ${formatResolved(this.ref, false)} (or the token cannot see it)`);
      if (e instanceof CliError) throw new CliError(e.message.replace("the Ferry console", "the source"));
      throw e;
    }
  }

  async json<T>(path: string, query?: Record<string, string | undefined>): Promise<T> {
    return (await (await this.call(path, query)).json()) as T;
  }

  /** Every revision, oldest first, paging as `esc env version history` does. */
  async revisions(): Promise<SourceRevision[]> {
    const all: SourceRevision[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await this.json<SourceRevision[]>("/versions", { before: before === undefined ? undefined : String(before), count: String(PAGE) });
      if (!Array.isArray(page) || page.length === 0) break;
      const last = page.at(-1)!.number;
      if (!Number.isInteger(last) || (before !== undefined && last >= before) || all.length + page.length > MAX_ITEMS) throw stuck("revision");
      all.push(...page);
      before = last;
      if (before <= 1) break;
    }
    return all.sort((a, b) => a.number - b.number);
  }

  /** A revision's definition with secrets in plaintext (needs the open right at the source). */
  async decrypted(revision: number): Promise<string> {
    return (await this.call(`/versions/${revision}/decrypt`)).text();
  }

  async revisionTags(): Promise<{ name: string; revision: number }[]> {
    const all: { name: string; revision: number }[] = [];
    let after: string | undefined;
    for (;;) {
      const { tags } = await this.json<{ tags?: { name: string; revision: number }[] }>("/versions/tags", { after, count: String(PAGE) });
      if (!tags?.length) break;
      const last = tags.at(-1)!.name;
      if (typeof last !== "string" || last === after || all.length + tags.length > MAX_ITEMS) throw stuck("revision tag");
      all.push(...tags);
      after = last;
    }
    return all;
  }

  async environmentTags(): Promise<{ name: string; value: string }[]> {
    const all: { name: string; value: string }[] = [];
    let after: string | undefined;
    for (;;) {
      const { tags } = await this.json<{ tags?: Record<string, { name: string; value: string }> }>("/tags", { after, count: String(PAGE) });
      const page = Object.values(tags ?? {});
      if (page.length === 0) break;
      const last = page.at(-1)!.name;
      if (typeof last !== "string" || last === after || all.length + page.length > MAX_ITEMS) throw stuck("environment tag");
      all.push(...page);
      after = last;
    }
    return all;
  }
}

function sourceRef(text: string | undefined): ResolvedRef {
  const parts = (text ?? "").split("/");
  if (parts.length !== 3 || !parts.every((p) => NAME.test(p))) throw new CliError(`--env must name the source environment in full, as <org>/<project>/<env> (got "${text ?? ""}")`);
  return { org: parts[0], project: parts[1], name: parts[2] };
}

async function saveRevision(ctx: Context, target: ResolvedRef, yaml: string, base: number): Promise<number> {
  try {
    const res = await ctx.client().request("PATCH", envPath(target), { body: yaml, headers: { "content-type": "application/x-yaml", "if-match": `"${base}"` } });
    return Number(res.headers.get("x-ferry-revision"));
  } catch (e) {
    if (e instanceof ApiError && e.status === 400 && Array.isArray(e.body.diagnostics)) {
      throw new CliError(
        `${formatDiagnostics(e.body.diagnostics as Diag[], `${target.project}/${target.name}`)}revision ${base + 1} of the source has errors here, so the import stopped with ${base} revision(s) in ${formatResolved(target, false)}. ` +
          "If it imports other environments, import those first; then `ferry env rm` the partial copy and run this again.",
      );
    }
    throw e;
  }
}

export const envImport: Command = {
  path: ["env", "import"],
  usage: "ferry env import <ref> --env <org>/<project>/<env> [--from <url>] [--from-token-env <VAR>]",
  summary: "Copy an environment with its history from hosted Pulumi ESC (or another console) into a new one here",
  details:
    "Every revision is copied in order (revision N here is revision N there), then the revision tags, retractions and environment tags. " +
    "Secrets are read decrypted from the source, which needs the open right there and audits it, and sealed again here for the new environment. " +
    "The source token is read from an environment variable, never a flag (flags end up in shell history): PULUMI_ACCESS_TOKEN unless --from-token-env names another. " +
    "Import the environments it imports first.",
  flags: {
    env: { type: "string", description: "the source environment, in full", value: "org/project/env" },
    from: { type: "string", description: "the source's API (default https://api.pulumi.com)", value: "url" },
    "from-token-env": { type: "string", description: "the variable holding the source's token (default PULUMI_ACCESS_TOKEN)", value: "VAR" },
  },
  async run(ctx) {
    const target = await ctx.resolve(ctx.args.positionals[0], { existing: false, allowVersion: false, command: "import" });
    const from = (ctx.flag("from") ?? "https://api.pulumi.com").replace(/\/+$/, "");
    if (!/^https?:\/\/[^\s/]+/i.test(from)) throw new CliError(`--from must be an http(s) URL (got "${from}")`);
    const variable = ctx.flag("from-token-env") ?? "PULUMI_ACCESS_TOKEN";
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new CliError(`--from-token-env must name an environment variable (got "${variable}")`);
    const token = ctx.env[variable];
    if (!token) throw new CliError(`${variable} is not set: put the source's access token in it (or name another variable with --from-token-env)`);
    const source = new Source(from, token, sourceRef(ctx.flag("env")));
    if (await ctx.exists(target)) throw new CliError(`${formatResolved(target, false)} already exists here; import into a new environment`);

    // read everything that can be read before creating anything
    const revisions = await source.revisions();
    if (revisions.length === 0 || revisions[0].number !== 1) throw new CliError(`the source's history of ${formatResolved(source.ref, false)} does not start at revision 1`);
    const [revisionTags, environmentTags] = await Promise.all([source.revisionTags(), source.environmentTags()]);

    const client = ctx.client();
    const first = await source.decrypted(1);
    await client.json("POST", `/api/esc/environments/${encodeURIComponent(target.org)}`, { json: { project: target.project, name: target.name, yaml: first } });
    let head = 1;
    for (const r of revisions.slice(1)) {
      if (r.number !== head + 1) throw new CliError(`the source's history skips from revision ${head} to ${r.number}; stopped with ${head} revision(s) here`);
      head = await saveRevision(ctx, target, await source.decrypted(r.number), head);
      ctx.warn(`revision ${head} of ${revisions.length}`);
    }
    const base = envPath(target);
    for (const r of revisions.filter((x) => x.retracted)) {
      await client.request("POST", `${base}/versions/${r.number}/retract`, { json: { replacement: r.retracted!.replacement, ...(r.retracted!.reason ? { reason: r.retracted!.reason } : {}) } });
    }
    const tags = revisionTags.filter((t) => t.name !== "latest");
    for (const t of tags) await client.request("POST", `${base}/versions/tags`, { json: { name: t.name, revision: t.revision } });
    for (const t of environmentTags) await client.request("POST", `${base}/tags`, { json: { name: t.name, value: t.value } });
    const retracted = revisions.filter((x) => x.retracted).length;
    ctx.out(
      `Imported ${formatResolved(source.ref, false)} from ${from} as ${formatResolved(target, false)}: ${revisions.length} revision(s)` +
        `${retracted ? `, ${retracted} retracted` : ""}, ${tags.length} revision tag(s), ${environmentTags.length} environment tag(s).\n`,
    );
  },
};
