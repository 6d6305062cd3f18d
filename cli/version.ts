// Replaced at bundle time (scripts/build-cli.ts); from source, npm passes the package version.
declare const __FERRY_VERSION__: string | undefined;

export const VERSION: string = typeof __FERRY_VERSION__ === "string" ? __FERRY_VERSION__ : (process.env.npm_package_version ?? "dev");

export const USER_AGENT = `ferry-cli/${VERSION} (node ${process.version}; ${process.platform})`;
