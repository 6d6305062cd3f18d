// What the suites must cover, found rather than listed: every route handler under app/ and every
// server action the production build registered. A route or action added later is covered
// automatically, and one without cases fails the suites (see endpoints.ts and actions.ts).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../paths";

export interface DiscoveredRoute {
  /** source file, relative to the repository */
  file: string;
  /** URL template with the file system's segments, route groups removed: /api/esc/environments/[org] */
  template: string;
}

function walk(dir: string, file: RegExp, out: string[]) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, file, out);
    else if (file.test(entry.name)) out.push(p);
  }
}

function discover(file: RegExp): DiscoveredRoute[] {
  const files: string[] = [];
  walk(path.join(ROOT, "app"), file, files);
  return files
    .map((f) => {
      const rel = path.relative(path.join(ROOT, "app"), path.dirname(f));
      const segments = rel.split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
      return { file: path.relative(ROOT, f), template: "/" + segments.join("/") };
    })
    .sort((a, b) => a.template.localeCompare(b.template));
}

/** Every route handler (route.ts) under app/. */
export const discoverRoutes = () => discover(/^route\.(ts|tsx|js)$/);

/** Every page (page.tsx) under app/. */
export const discoverPages = () => discover(/^page\.(tsx|ts|jsx|js)$/);

/** The dynamic segments of a template, in order: [org], [[...path]] → org, path */
export const templateParams = (template: string) => [...template.matchAll(/\[\[?(?:\.\.\.)?([^\]]+)\]\]?/g)].map((m) => m[1]);

/** Fills a template's segments; each value is inserted as given (already percent-encoded). */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\[\[?(?:\.\.\.)?([^\]]+)\]\]?/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for [${name}] in ${template}`);
    return values[name];
  });
}

export interface DiscoveredAction {
  id: string;
  /** source module and export: app/(console)/orgs/new/actions.ts#createOrganizationAction */
  key: string;
  /** URL templates of the pages whose bundles include the action */
  pages: string[];
}

interface ReferenceManifest {
  node: Record<string, { filename?: string; exportedName?: string; workers: Record<string, unknown> }>;
}

export function discoverActions(): DiscoveredAction[] {
  const file = path.join(ROOT, ".next/server/server-reference-manifest.json");
  if (!existsSync(file)) throw new Error(`${file} is missing: the suites run against the production build`);
  const manifest = JSON.parse(readFileSync(file, "utf8")) as ReferenceManifest;
  return Object.entries(manifest.node)
    .map(([id, entry]) => ({
      id,
      key: `${entry.filename}#${entry.exportedName}`,
      pages: Object.keys(entry.workers)
        .filter((w) => w.startsWith("app/") && w.endsWith("/page"))
        .map((w) => "/" + w.slice("app/".length, -"/page".length).split("/").filter((s) => !/^\(.*\)$/.test(s)).join("/")),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Exported functions of every 'use server' module, found by reading the sources. */
export function serverActionExports(): string[] {
  const files: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(p);
      else if (/\.tsx?$/.test(entry.name) && /^\s*["']use server["']/.test(readFileSync(p, "utf8"))) files.push(p);
    }
  };
  visit(path.join(ROOT, "app"));
  return files.flatMap((f) =>
    [...readFileSync(f, "utf8").matchAll(/^export\s+async\s+function\s+(\w+)/gm)].map((m) => `${path.relative(ROOT, f)}#${m[1]}`),
  );
}
