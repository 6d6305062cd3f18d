// Names of organizations, projects and environments appear in URLs, in OIDC subjects
// (ferry:environments:org:<org>:env:<project>/<env>) and in ESC references, so they are kept to
// a conservative alphabet that needs no escaping in any of them.
import { z } from "zod";

const NAME_CHARS = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const MAX_NAME_LENGTH = { organization: 40, project: 64, environment: 64 } as const;

/**
 * Whether a name that arrives from outside (a URL segment, a server action's argument) could
 * name an existing organization, project or environment. Lookups of anything else, such as
 * `..`, `a/b`, a NUL or 10 kB, are "not found" without reaching the database.
 */
export function isWellFormedName(kind: keyof typeof MAX_NAME_LENGTH, value: unknown): value is string {
  return typeof value === "string" && value.length <= MAX_NAME_LENGTH[kind] && NAME_CHARS.test(value);
}

function name(kind: string, max: number) {
  const a = /^[aeiou]/.test(kind) ? "An" : "A";
  return z
    .string({ message: `Enter ${a.toLowerCase()} ${kind} name.` })
    .trim()
    .min(1, `Enter ${a.toLowerCase()} ${kind} name.`)
    .max(max, `${a} ${kind} name can be at most ${max} characters.`)
    .regex(NAME_CHARS, `${a} ${kind} name may contain only letters, digits, "-", "_" and ".", and must start with a letter or digit.`);
}

// First path segments the console itself uses; an organization with one of these names could
// never be reached.
export const RESERVED_ORG_NAMES = new Set([
  "api", "oidc", "cli", "sign-in", "sign-up", "sign-out", "orgs", "account", "settings", "tokens",
  "_next", "favicon.ico", "robots.txt", "new", "static", "public", "admin", "health",
]);

export const ZOrgName = name("organization", MAX_NAME_LENGTH.organization).refine((v) => !RESERVED_ORG_NAMES.has(v.toLowerCase()), {
  message: "That organization name is reserved; choose another.",
});
export const ZProjectName = name("project", MAX_NAME_LENGTH.project);
export const ZEnvironmentName = name("environment", MAX_NAME_LENGTH.environment);

export const DEFAULT_PROJECT = "default";
