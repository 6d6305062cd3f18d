import { FerryClient } from "../client";
import { credentialsPath, normalizeUrl, readCredentials, removeAccount, removeAllAccounts, saveAccount } from "../credentials";
import { CliError } from "../errors";
import { promptLine } from "../prompt";
import { OUTPUT_FLAG, type Command } from "../command";
import type { UserInfo } from "../context";

export const login: Command = {
  path: ["login"],
  usage: "ferry login [<console-url>] [--token <token>] [--default-org <org>]",
  summary: "Log in to a Ferry console with a personal access token",
  details:
    "Create a token under Tokens in the console's user menu. Without --token, the token is read from the terminal.\n" +
    "Credentials are stored in ~/.ferry/credentials.json (mode 0600). FERRY_URL and FERRY_TOKEN override them, then PULUMI_BACKEND_URL and PULUMI_ACCESS_TOKEN (a Ferry token only).",
  flags: {
    token: { type: "string", description: "personal access token (fry_pat_…)", value: "token" },
    "default-org": { type: "string", description: "organization used when a reference names none", value: "org" },
  },
  async run(ctx) {
    const given = ctx.args.positionals[0] ?? ctx.env.FERRY_URL ?? readCredentials().current;
    if (!given) throw new CliError("name the console to log in to: `ferry login https://ferry.example.com`");
    const url = normalizeUrl(/^https?:\/\//.test(given) ? given : `https://${given}`);
    const tokenVariable = ctx.flag("token") === undefined && ctx.env.FERRY_TOKEN ? "FERRY_TOKEN" : undefined;
    let token = ctx.flag("token") ?? ctx.env.FERRY_TOKEN;
    if (!token) {
      ctx.warn(`Create a personal access token at ${url}/account/tokens`);
      token = await promptLine("Token: ", true);
    }
    if (!token) throw new CliError("no token given");
    if (!token.startsWith("fry_pat_")) throw new CliError("that is not a personal access token (they start with fry_pat_)");
    const user = await new FerryClient(url, token, tokenVariable).json<UserInfo>("GET", "/api/user");
    const defaultOrg = ctx.flag("default-org");
    if (defaultOrg && !user.organizations.some((o) => o.githubLogin === defaultOrg)) throw new CliError(`you are not a member of an organization named ${defaultOrg}`);
    saveAccount(url, { token, user: user.email, defaultOrg });
    ctx.out(`Logged in to ${url} as ${user.email}\n`);
  },
};

export const logout: Command = {
  path: ["logout"],
  usage: "ferry logout [<console-url>] [--all]",
  summary: "Forget the token for a console (default: the current one), or for every console with --all",
  flags: { all: { type: "boolean", description: "log out of every console" } },
  async run(ctx) {
    if (ctx.bool("all")) {
      if (ctx.args.positionals[0]) throw new CliError("--all logs out of every console; do not name one");
      const urls = removeAllAccounts();
      if (urls.length === 0) throw new CliError("not logged in");
      ctx.out(urls.map((u) => `Logged out of ${u}\n`).join(""));
      return;
    }
    const url = removeAccount(ctx.args.positionals[0]);
    if (!url) throw new CliError(`not logged in${ctx.args.positionals[0] ? ` to ${ctx.args.positionals[0]}` : ""}`);
    ctx.out(`Logged out of ${url}\n`);
  },
};

export const whoami: Command = {
  path: ["whoami"],
  usage: "ferry whoami [--output json]",
  summary: "Show the user, console and organizations in use",
  flags: { ...OUTPUT_FLAG },
  async run(ctx) {
    const user = await ctx.user();
    const s = ctx.session();
    const orgs = user.organizations.map((o) => o.githubLogin);
    const from = (source: string | undefined) => (source === "credentials" || !source ? credentialsPath() : source);
    if (ctx.flag("output") === "json") {
      const out = { user: user.email, name: user.name, url: s.url, organizations: orgs, defaultOrg: s.defaultOrg ?? null, credentials: s.tokenFromEnv ? "environment" : credentialsPath(), urlSource: s.urlSource, tokenSource: s.tokenSource, ignored: s.ignored };
      ctx.out(JSON.stringify(out, null, 2) + "\n");
      return;
    }
    ctx.out(`User: ${user.email}\nConsole: ${s.url}\nOrganizations: ${orgs.join(", ") || "(none)"}\n`);
    if (s.defaultOrg) ctx.out(`Default organization: ${s.defaultOrg}\n`);
    if (s.urlFromEnv || s.tokenFromEnv) ctx.out(`Credentials: console from ${from(s.urlSource)}, token from ${from(s.tokenSource)}\n`);
    for (const i of s.ignored) ctx.out(`Ignored: ${i}\n`);
  },
};
