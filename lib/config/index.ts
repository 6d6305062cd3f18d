// Deployment configuration, read from the environment once. Server-only.
import { availableParallelism } from "node:os";
import path from "node:path";

export interface FerryConfig {
  port: number;
  /** public base URL, no trailing slash */
  url: string;
  dataDir: string;
  /** a postgresql:// URL, or undefined for the embedded SQLite file in dataDir */
  databaseUrl?: string;
  sqlitePath: string;
  secureCookies: boolean;
  /** reverse proxies in front of Ferry whose X-Forwarded-For entries are believed (server/client-address.ts) */
  trustedProxies: number;
  /** worker threads evaluating check/open requests (lib/evaluation/pool.ts) */
  evalWorkers: number;
  /** wall-clock budget of one server-side evaluation, in milliseconds */
  evalTimeoutMs: number;
  /** heap limit of each evaluation worker: a document that builds gigabytes stops its worker, not the server */
  evalMemoryMb: number;
  /** who may create an account (lib/users/sign-up-policy.ts); the very first account always may */
  signUp: SignUpConfig;
}

export const SIGN_UP_POLICIES = ["open", "invite", "closed"] as const;
export type SignUpPolicy = (typeof SIGN_UP_POLICIES)[number];
export interface SignUpConfig {
  policy: SignUpPolicy;
  /** lower-case domains an account's email must be at; empty = any domain */
  domains: string[];
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** FERRY_SIGNUP and FERRY_SIGNUP_DOMAINS; a typo stops the start instead of opening sign-up. */
export function readSignUpConfig(env: Record<string, string | undefined>): SignUpConfig {
  const raw = env.FERRY_SIGNUP?.trim().toLowerCase() || "invite";
  if (!(SIGN_UP_POLICIES as readonly string[]).includes(raw)) {
    throw new Error(`FERRY_SIGNUP must be one of ${SIGN_UP_POLICIES.join(", ")}, got "${env.FERRY_SIGNUP}"`);
  }
  const domains = (env.FERRY_SIGNUP_DOMAINS ?? "")
    .split(",")
    .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
    .filter(Boolean);
  const bad = domains.find((d) => !DOMAIN.test(d));
  if (bad !== undefined) {
    throw new Error(`FERRY_SIGNUP_DOMAINS must be a comma-separated list of email domains such as corp.com,example.org; "${bad.slice(0, 80)}" is not one`);
  }
  return { policy: raw as SignUpPolicy, domains: [...new Set(domains)] };
}

// Two workers even on two cores: one hostile definition then never makes everyone else's
// checks wait, and the request loop still gets its share of a core.
const defaultEvalWorkers = () => Math.min(4, Math.max(2, availableParallelism() - 1));

export function readConfig(env: Record<string, string | undefined> = process.env): FerryConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`PORT must be a TCP port number, got "${env.PORT}"`);
  }
  const url = (env.FERRY_URL ?? `http://localhost:${port}`).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]+/.test(url)) {
    throw new Error(`FERRY_URL must be an http(s) URL, got "${env.FERRY_URL}"`);
  }
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.FERRY_DATA_DIR ?? "data");
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error("DATABASE_URL must be a postgresql:// URL (leave it unset for the embedded SQLite database)");
  }
  const trustedProxies = Number(env.FERRY_TRUSTED_PROXIES?.trim() || 0);
  if (!Number.isInteger(trustedProxies) || trustedProxies < 0 || trustedProxies > 20) {
    throw new Error(`FERRY_TRUSTED_PROXIES must be the number of reverse proxies in front of Ferry (0 to 20), got "${env.FERRY_TRUSTED_PROXIES}"`);
  }
  const evalWorkers = Number(env.FERRY_EVAL_WORKERS?.trim() || defaultEvalWorkers());
  if (!Number.isInteger(evalWorkers) || evalWorkers < 1 || evalWorkers > 64) {
    throw new Error(`FERRY_EVAL_WORKERS must be the number of evaluation worker threads (1 to 64), got "${env.FERRY_EVAL_WORKERS}"`);
  }
  const evalTimeout = Number(env.FERRY_EVAL_TIMEOUT?.trim() || 5);
  if (!Number.isFinite(evalTimeout) || evalTimeout < 0.1 || evalTimeout > 600) {
    throw new Error(`FERRY_EVAL_TIMEOUT must be the seconds one evaluation may take (0.1 to 600), got "${env.FERRY_EVAL_TIMEOUT}"`);
  }
  const evalMemoryMb = Number(env.FERRY_EVAL_MEMORY_MB?.trim() || 512);
  if (!Number.isInteger(evalMemoryMb) || evalMemoryMb < 64 || evalMemoryMb > 16384) {
    throw new Error(`FERRY_EVAL_MEMORY_MB must be the MiB of heap one evaluation worker may use (64 to 16384), got "${env.FERRY_EVAL_MEMORY_MB}"`);
  }
  const signUp = readSignUpConfig(env);
  return {
    port,
    url,
    dataDir,
    databaseUrl,
    sqlitePath: path.join(dataDir, "ferry.db"),
    secureCookies: url.startsWith("https://"),
    trustedProxies,
    evalWorkers,
    evalTimeoutMs: Math.round(evalTimeout * 1000),
    evalMemoryMb,
    signUp,
  };
}

let cached: FerryConfig | undefined;
export function config(): FerryConfig {
  return (cached ??= readConfig());
}
