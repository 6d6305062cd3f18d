// ~/.ferry/credentials.json: one token per console URL and the console in use. The file holds
// bearer tokens, so it is written 0600 in a 0700 directory, atomically (write then rename).
// FERRY_URL and FERRY_TOKEN override it, for CI.
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

export interface Session {
  url?: string;
  token?: string;
  defaultOrg?: string;
  /** where the values came from, for messages */
  source: "environment" | "credentials" | "none";
}

/** The console and token to use: FERRY_URL / FERRY_TOKEN first, then the credentials file. */
export function currentSession(env: Record<string, string | undefined> = process.env, file = credentialsPath(env)): Session {
  const creds = readCredentials(file);
  const url = env.FERRY_URL ? normalizeUrl(env.FERRY_URL) : creds.current;
  const account = url ? creds.accounts[url] : undefined;
  if (env.FERRY_TOKEN) return { url, token: env.FERRY_TOKEN, defaultOrg: env.FERRY_ORG || account?.defaultOrg, source: "environment" };
  if (account) return { url, token: account.token, defaultOrg: env.FERRY_ORG || account.defaultOrg, source: env.FERRY_URL ? "environment" : "credentials" };
  return { url, source: "none", defaultOrg: env.FERRY_ORG };
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
