// Environment references with ESC's grammar: `[org/][project/]env[@version]` (`:` also separates
// the version when there is no `@`). A version is a revision number, a tag, or `latest`.

export interface EnvRef {
  org?: string;
  /** set when the reference had three parts (or one, meaning `default`) */
  project?: string;
  name: string;
  version?: string;
  /** the two-part form `a/b`: project/env in the default org, or legacy org/env */
  ambiguous?: { first: string; second: string };
}

export class RefError extends Error {}

const PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function parseRef(text: string): EnvRef {
  if (!text) throw new RefError("no environment specified");
  let path = text;
  let version: string | undefined;
  const at = text.indexOf("@");
  if (at !== -1) {
    path = text.slice(0, at);
    version = text.slice(at + 1);
  } else if (text.includes(":")) {
    const c = text.lastIndexOf(":");
    path = text.slice(0, c);
    version = text.slice(c + 1);
  }
  if (version !== undefined && !PART.test(version)) throw new RefError(`"${text}" has an invalid version "${version}"`);
  const parts = path.split("/");
  for (const p of parts) if (!PART.test(p)) throw new RefError(`"${text}" is not an environment reference; use [org/][project/]env[@version]`);
  if (parts.length === 1) return { project: "default", name: parts[0], version };
  if (parts.length === 2) return { name: parts[1], version, ambiguous: { first: parts[0], second: parts[1] } };
  // ESC quirk kept: parts past the third are concatenated.
  return { org: parts[0], project: parts[1], name: parts.slice(2).join(""), version };
}

/** A bare `@version` (the second argument of `env diff`, `env version tag`). */
export function parseVersionOnly(text: string): string | undefined {
  if (!text.startsWith("@")) return undefined;
  const v = text.slice(1);
  if (!PART.test(v)) throw new RefError(`"${text}" is not a version`);
  return v;
}

export interface ResolvedRef {
  org: string;
  project: string;
  name: string;
  version?: string;
}

export const formatResolved = (r: ResolvedRef, withVersion = true) =>
  `${r.org}/${r.project}/${r.name}${withVersion && r.version ? `@${r.version}` : ""}`;
