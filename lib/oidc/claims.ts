// The claims Ferry puts in the tokens it issues for cloud logins. Pure: no database, no keys.
// Shapes follow hosted ESC's vendor-login tokens (CLOUD_PROTOCOLS.md §1.3) so trust policies
// written for it can be reused by switching an organization to the "pulumi" subject format.

export const SUBJECT_FORMATS = ["ferry", "pulumi"] as const;
export type SubjectFormat = (typeof SUBJECT_FORMATS)[number];

export const CLOUD_PLATFORMS = ["aws", "azure"] as const;
export type CloudPlatform = (typeof CLOUD_PLATFORMS)[number];

/** The attributes `subjectAttributes` may name, as hosted ESC allows them. */
export const SUBJECT_ATTRIBUTES = ["rootEnvironment.name", "currentEnvironment.name", "pulumi.user.login", "pulumi.organization.login"] as const;
export type SubjectAttribute = (typeof SUBJECT_ATTRIBUTES)[number];

export const DEFAULT_PROJECT = "default";

/** Longest lifetime of any token Ferry issues; retired keys stay published this long (plus skew). */
export const MAX_TOKEN_LIFETIME_SECONDS = 3600;

/** Who is asking, from the evaluator's execution context. */
export interface TokenSubjectInput {
  org: string;
  /** "project/env" of the environment holding the fn::open */
  currentEnvironment: string;
  /** "project/env" of the environment being opened */
  rootEnvironment: string;
  /** the opening user's login (email) */
  userLogin: string;
}

/**
 * Environment names as the evaluator passes them: imports keep the text written in the document,
 * so `dev`, `payments/dev@stable` or `payments/dev@4` name `default/dev` and `payments/dev`.
 */
export function canonicalEnvironmentName(name: string): string {
  const { project, env } = splitName(name.replace(/@[^/@]*$/, ""));
  return `${project}/${env}`;
}

const splitName = (name: string) => {
  const i = name.indexOf("/");
  return i < 0 ? { project: DEFAULT_PROJECT, env: name } : { project: name.slice(0, i), env: name.slice(i + 1) };
};

/**
 * Hosted ESC writes environments of the legacy `default` project without their project; the
 * Pulumi format keeps that, Ferry's own format always names the project.
 */
function envName(format: SubjectFormat, name: string): string {
  const { project, env } = splitName(name);
  return format === "pulumi" && project === DEFAULT_PROJECT ? env : `${project}/${env}`;
}

/** `aws:<org>` / `azure:<org>`; the bare organization for the `default` project (as hosted ESC). */
export function audienceFor(platform: CloudPlatform, org: string, currentEnvironment: string): string {
  return splitName(currentEnvironment).project === DEFAULT_PROJECT ? org : `${platform}:${org}`;
}

export function subjectFor(format: SubjectFormat, who: TokenSubjectInput, attributes: readonly string[] = []): string {
  if (attributes.length === 0) return `${format}:environments:org:${who.org}:env:${envName(format, who.currentEnvironment)}`;
  const parts = [`${format}:environments:pulumi.organization.login:${who.org}`];
  for (const attr of attributes) {
    if (attr === "pulumi.organization.login") continue; // already the prefix
    parts.push(`${attr}:${attributeValue(format, who, attr)}`);
  }
  return parts.join(":");
}

function attributeValue(format: SubjectFormat, who: TokenSubjectInput, attr: string): string {
  switch (attr) {
    case "currentEnvironment.name":
      return envName(format, who.currentEnvironment);
    case "rootEnvironment.name":
      return envName(format, who.rootEnvironment);
    case "pulumi.user.login":
      return who.userLogin;
    default:
      throw new Error(`subjectAttributes: unknown attribute "${attr}" (use ${SUBJECT_ATTRIBUTES.join(", ")})`);
  }
}

/** Validates a subjectAttributes list; returns the message for the first problem. */
export function checkSubjectAttributes(attributes: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const a of attributes) {
    if (!(SUBJECT_ATTRIBUTES as readonly string[]).includes(a)) return `subjectAttributes: unknown attribute "${a}" (use ${SUBJECT_ATTRIBUTES.join(", ")})`;
    if (seen.has(a)) return `subjectAttributes: "${a}" is listed twice`;
    seen.add(a);
  }
  return undefined;
}

export interface EnvironmentClaims {
  iss: string;
  aud: string;
  sub: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  org: string;
  current_env: string;
  root_env: string;
  trigger_user: string;
}

export function environmentClaims(input: {
  issuer: string;
  platform: CloudPlatform;
  format: SubjectFormat;
  who: TokenSubjectInput;
  subjectAttributes?: readonly string[];
  now: number;
  lifetimeSeconds: number;
  jti: string;
}): EnvironmentClaims {
  const lifetime = Math.min(Math.max(60, Math.floor(input.lifetimeSeconds)), MAX_TOKEN_LIFETIME_SECONDS);
  const iat = Math.floor(input.now / 1000);
  return {
    iss: input.issuer,
    aud: audienceFor(input.platform, input.who.org, input.who.currentEnvironment),
    sub: subjectFor(input.format, input.who, input.subjectAttributes),
    iat,
    nbf: iat,
    exp: iat + lifetime,
    jti: input.jti,
    org: input.who.org,
    current_env: input.who.currentEnvironment,
    root_env: input.who.rootEnvironment,
    trigger_user: input.who.userLogin,
  };
}

/** Reads the evaluator's execution context (lib/environments/evaluate.ts executionContext). */
export function subjectInputFromContext(context: Record<string, unknown>): TokenSubjectInput {
  const get = (path: string[]): string => {
    let cur: unknown = context;
    for (const k of path) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined;
    return typeof cur === "string" ? cur : "";
  };
  const org = get(["pulumi", "organization", "login"]);
  const current = get(["currentEnvironment", "name"]);
  if (!org || !current) throw new Error("cannot issue a token: the evaluation has no organization or environment");
  const root = get(["rootEnvironment", "name"]) || current;
  return { org, currentEnvironment: canonicalEnvironmentName(current), rootEnvironment: canonicalEnvironmentName(root), userLogin: get(["pulumi", "user", "login"]) };
}
