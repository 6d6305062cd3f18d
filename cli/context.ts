// What every command gets: its parsed arguments, the console session, and output streams.
import { ApiError, FerryClient, envPath } from "./client";
import { currentSession, type Session } from "./credentials";
import { CliError } from "./errors";
import { parseRef, type EnvRef, type ResolvedRef } from "./ref";
import type { ParsedArgs } from "./args";

export interface UserInfo {
  email: string;
  name: string;
  organizations: { githubLogin: string; name: string }[];
}

export class Context {
  private cachedUser?: Promise<UserInfo>;
  private cachedSession?: Session;

  constructor(
    readonly args: ParsedArgs,
    readonly env: NodeJS.ProcessEnv = process.env,
    readonly stdout: NodeJS.WritableStream = process.stdout,
    readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {}

  out(s: string) {
    this.stdout.write(s);
  }
  warn(s: string) {
    this.stderr.write(s.endsWith("\n") ? s : s + "\n");
  }
  flag(name: string): string | undefined {
    const v = this.args.flags[name];
    return typeof v === "string" ? v : undefined;
  }
  bool(name: string): boolean {
    return this.args.flags[name] === true;
  }

  session(): Session {
    return (this.cachedSession ??= currentSession(this.env));
  }

  /** A client for the logged-in console; fails with a hint when there is none. */
  client(): FerryClient {
    const s = this.session();
    if (!s.url) throw new CliError(`not logged in; run \`ferry login <console-url>\` (or set FERRY_URL and FERRY_TOKEN)${s.ignored.length ? `; ignored ${s.ignored.join(", ")}` : ""}`);
    if (!s.token) throw new CliError(`no token for ${s.url}; run \`ferry login ${s.url}\` (or set FERRY_TOKEN)`);
    return new FerryClient(s.url, s.token, s.tokenSource === "credentials" ? undefined : s.tokenSource);
  }

  user(): Promise<UserInfo> {
    return (this.cachedUser ??= this.client().json<UserInfo>("GET", "/api/user"));
  }

  async defaultOrg(): Promise<string> {
    const s = this.session();
    if (s.defaultOrg) return s.defaultOrg;
    const orgs = (await this.user()).organizations.map((o) => o.githubLogin);
    if (orgs.length === 1) return orgs[0];
    if (orgs.length === 0) throw new CliError("you belong to no organization yet; create one in the console");
    throw new CliError(`you belong to several organizations (${orgs.join(", ")}); name one as org/project/env, or run \`ferry login --default-org <org>\``);
  }

  /** Whether the organization has environments in its project `default`. */
  async hasDefaultProject(org: string): Promise<boolean> {
    try {
      const listed = await this.client().json<{ environments?: { project?: string }[] }>("GET", `/api/esc/environments/${encodeURIComponent(org)}`);
      return (listed.environments ?? []).some((e) => e.project === "default");
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return false;
      throw e;
    }
  }

  async exists(r: ResolvedRef): Promise<boolean> {
    try {
      await this.client().request("HEAD", envPath(r));
      return true;
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return false;
      throw e;
    }
  }

  /**
   * A reference with every part filled in. Two parts are `project/env` in the default
   * organization or the legacy `org/env`; for existing environments, whichever exists (as esc).
   */
  async resolve(text: string | undefined, opts: { existing: boolean; allowVersion?: boolean; command?: string }): Promise<ResolvedRef> {
    if (!text) throw new CliError("no environment specified");
    let ref: EnvRef;
    try {
      ref = parseRef(text);
    } catch (e) {
      throw new CliError((e as Error).message);
    }
    if (ref.version !== undefined && opts.allowVersion === false) throw new CliError(`the ${opts.command ?? "this"} command does not accept versions`);
    if (ref.org) return { org: ref.org, project: ref.project!, name: ref.name, version: ref.version };
    if (!ref.ambiguous) return { org: await this.defaultOrg(), project: ref.project ?? "default", name: ref.name, version: ref.version };
    const { first, second } = ref.ambiguous;
    const orgs = (await this.user()).organizations.map((o) => o.githubLogin);
    const legacy: ResolvedRef | undefined = orgs.includes(first) ? { org: first, project: "default", name: second, version: ref.version } : undefined;
    let modern: ResolvedRef | undefined;
    try {
      modern = { org: await this.defaultOrg(), project: first, name: second, version: ref.version };
    } catch (e) {
      if (!legacy) throw e;
    }
    if (!legacy) return modern!;
    if (!modern) return legacy;
    if (!opts.existing) {
      // A new environment goes where the organization named first already keeps its legacy
      // `org/env` environments (its project `default`), else to `project/env` in the default
      // organization, with a warning either way (as esc 0.25's transcripts show).
      const chosen = (await this.hasDefaultProject(first)) ? legacy : modern;
      this.warn(ambiguityWarning(text, chosen));
      return chosen;
    }
    const [l, m] = await Promise.all([this.exists(legacy), this.exists(modern)]);
    if (l && m) throw new CliError(`ambiguous path provided; please specify the full path as <org-name>/<project-name>/<env-name>`);
    if (l) {
      this.warn(ambiguityWarning(text, legacy));
      return legacy;
    }
    return modern;
  }
}

const ambiguityWarning = (text: string, to: ResolvedRef) =>
  `warning: environment reference "${text}" is ambiguous (resolved to ${to.org}/${to.project}/${to.name}). Use <org>/<project>/<environment> instead.`;
