// Deployment configuration, read from the environment once. Server-only.
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
}

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
  return {
    port,
    url,
    dataDir,
    databaseUrl,
    sqlitePath: path.join(dataDir, "ferry.db"),
    secureCookies: url.startsWith("https://"),
  };
}

let cached: FerryConfig | undefined;
export function config(): FerryConfig {
  return (cached ??= readConfig());
}
