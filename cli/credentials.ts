// ~/.ferry/credentials.json: one token per console URL and the console in use. The file holds
// bearer tokens, so it is written 0600 in a 0700 directory, atomically (write then rename).
// FERRY_URL and FERRY_TOKEN override it, for CI (then PULUMI_BACKEND_URL and PULUMI_ACCESS_TOKEN, see currentSession).
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface Account {
  token: string;
  /** organization used when a reference names none */
  defaultOrg?: string;
  user?: string;
}

export interface CredentialsFile {
  current?: string;
  accounts: Record<string, Account>;
}

export class CredentialsError extends Error {}

export function credentialsPath(env: Record<string, string | undefined> = process.env): string {
  const home = env.FERRY_HOME || path.join(env.HOME || os.homedir(), ".ferry");
  return path.join(home, "credentials.json");
}

export function readCredentials(file = credentialsPath()): CredentialsFile {
  if (!existsSync(file)) return { accounts: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new CredentialsError(`${file} is not valid JSON; delete it and run \`ferry login\` again`);
  }
  const p = parsed as Partial<CredentialsFile>;
  if (!p || typeof p !== "object" || typeof p.accounts !== "object" || p.accounts === null) {
    throw new CredentialsError(`${file} is not a Ferry credentials file; delete it and run \`ferry login\` again`);
  }
  return { current: typeof p.current === "string" ? p.current : undefined, accounts: p.accounts as Record<string, Account> };
}

export function writeCredentials(creds: CredentialsFile, file = credentialsPath()): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(creds, null, 2) + "\n", { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

export const normalizeUrl = (url: string) => url.trim().replace(/\/+$/, "");

/** Where the console's address or the token came from: a variable, or the credentials file. */
export type UrlSource = "FERRY_URL" | "PULUMI_BACKEND_URL" | "credentials";
export type TokenSource = "FERRY_TOKEN" | "PULUMI_ACCESS_TOKEN" | "credentials";

export interface Session {
  url?: string;
  token?: string;
  defaultOrg?: string;
  /** where the values came from, for messages */
  source: "environment" | "credentials" | "none";
  urlSource?: UrlSource;
  tokenSource?: TokenSource;
  /** a URL variable is set: the console comes from the environment even when the token does not */
  urlFromEnv: boolean;
  /** a token variable is set: it overrides `ferry login`, so messages about the token must name it */
  tokenFromEnv: boolean;
  /** PULUMI_* variables that are set but were not used, and why (whoami says so) */
  ignored: string[];
}

/** Ferry's tokens; anything else in PULUMI_ACCESS_TOKEN is a Pulumi Cloud token, never sent here. */
const FERRY_TOKEN = /^fry_(pat|run)_/;

/**
 * The console and token to use: FERRY_URL / FERRY_TOKEN first, then, as the esc CLI reads them,
 * PULUMI_BACKEND_URL / PULUMI_ACCESS_TOKEN, then the credentials file. The PULUMI_* variables are
 * often set for Pulumi Cloud or a file backend, so they are used only when they can be meant for
 * Ferry: PULUMI_ACCESS_TOKEN only when it is a Ferry token (a Pulumi Cloud token is never sent to
 * a console), PULUMI_BACKEND_URL only when it is http(s) and comes with a token for it
 * (PULUMI_ACCESS_TOKEN, or one stored by `ferry login`), and never paired with FERRY_TOKEN (which
 * would send a Ferry token to what may be Pulumi Cloud).
 */
export function currentSession(env: Record<string, string | undefined> = process.env, file = credentialsPath(env)): Session {
  const creds = readCredentials(file);
  const ignored: string[] = [];
  const pulumiToken = env.PULUMI_ACCESS_TOKEN && !env.FERRY_TOKEN ? env.PULUMI_ACCESS_TOKEN : undefined;
  const pulumiTokenUsable = !!pulumiToken && FERRY_TOKEN.test(pulumiToken);
  if (pulumiToken && !pulumiTokenUsable) ignored.push("PULUMI_ACCESS_TOKEN (not a Ferry token)");

  let url: string | undefined;
  let urlSource: UrlSource | undefined;
  if (env.FERRY_URL) [url, urlSource] = [normalizeUrl(env.FERRY_URL), "FERRY_URL"];
  else if (env.PULUMI_BACKEND_URL) {
    const candidate = normalizeUrl(env.PULUMI_BACKEND_URL);
    if (!/^https?:\/\//i.test(candidate)) ignored.push("PULUMI_BACKEND_URL (not an http(s) URL)");
    else if (env.FERRY_TOKEN) ignored.push("PULUMI_BACKEND_URL (FERRY_TOKEN is set; set FERRY_URL with it)");
    else if (!pulumiTokenUsable && !creds.accounts[candidate]) ignored.push("PULUMI_BACKEND_URL (no Ferry token for it)");
    else [url, urlSource] = [candidate, "PULUMI_BACKEND_URL"];
  }
  if (!url && creds.current) [url, urlSource] = [creds.current, "credentials"];

  const account = url ? creds.accounts[url] : undefined;
  let token: string | undefined;
  let tokenSource: TokenSource | undefined;
  if (env.FERRY_TOKEN) [token, tokenSource] = [env.FERRY_TOKEN, "FERRY_TOKEN"];
  else if (pulumiTokenUsable) [token, tokenSource] = [pulumiToken, "PULUMI_ACCESS_TOKEN"];
  else if (account) [token, tokenSource] = [account.token, "credentials"];

  const urlFromEnv = urlSource === "FERRY_URL" || urlSource === "PULUMI_BACKEND_URL";
  const tokenFromEnv = tokenSource === "FERRY_TOKEN" || tokenSource === "PULUMI_ACCESS_TOKEN";
  const source = tokenFromEnv || (token && urlFromEnv) ? "environment" : token ? "credentials" : "none";
  return { url, token, defaultOrg: env.FERRY_ORG || account?.defaultOrg, source, urlSource, tokenSource, urlFromEnv, tokenFromEnv, ignored };
}

export function saveAccount(url: string, account: Account, file = credentialsPath()): void {
  const creds = readCredentials(file);
  const key = normalizeUrl(url);
  creds.accounts[key] = account;
  creds.current = key;
  writeCredentials(creds, file);
}

/** Forgets one console (default: the current one); returns the URL forgotten, if any. */
export function removeAccount(url: string | undefined, file = credentialsPath()): string | undefined {
  const creds = readCredentials(file);
  const key = url ? normalizeUrl(url) : creds.current;
  if (!key || !creds.accounts[key]) return undefined;
  delete creds.accounts[key];
  if (creds.current === key) creds.current = Object.keys(creds.accounts)[0];
  writeCredentials(creds, file);
  return key;
}

/** `logout --all`: forgets every console's token; the consoles it forgot. */
export function removeAllAccounts(file = credentialsPath()): string[] {
  const creds = readCredentials(file);
  const urls = Object.keys(creds.accounts);
  if (urls.length === 0) return [];
  writeCredentials({ accounts: {} }, file);
  return urls;
}
