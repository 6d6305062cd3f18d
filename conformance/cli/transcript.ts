// The esc CLI's transcript tests (pulumi/esc cmd/esc/cli/testdata/*.yaml, ESC_CONFORMANCE.md §2):
// a YAML header (`run:` script, `environments:` …), then the expected stdout and stderr, the
// three parts separated by "\n---\n".
import YAML, { isMap, type Document, type Node } from "yaml";

export interface SeedRevision {
  /** the definition's text, comments kept as the transcript wrote them */
  yaml: string;
  tags: string[];
  retracted?: { replacement?: number; reason?: string };
}

export interface SeedEnvironment {
  org: string;
  project: string;
  name: string;
  /** revisions 2…n (revision 1 is the empty definition every environment starts with) */
  revisions: SeedRevision[];
  /** environment (key/value) tags */
  tags: Record<string, string>;
  /** header keys the runner cannot seed (webhooks, schedules, referrers …) */
  unsupported: string[];
}

export interface Transcript {
  name: string;
  run: string;
  parent?: string;
  error?: string;
  process?: unknown;
  environments: SeedEnvironment[];
  stdout: string;
  stderr: string;
  /** the header's raw text, for feature detection (fn::open, ciphertexts …) */
  header: string;
}

const text = (doc: Document, node: Node | null | undefined): string => (node ? new YAML.Document(node, { keepSourceTokens: false }).toString({ lineWidth: 0 }) : "{}\n");

export function parseTranscript(name: string, source: string): Transcript {
  const parts = source.split("\n---\n");
  if (parts.length < 3) throw new Error(`${name}: expected a header, stdout and stderr separated by ---`);
  const [header, stdout, ...rest] = parts;
  const doc = YAML.parseDocument(header);
  const head = doc.toJS() as Record<string, unknown>;
  if (typeof head.run !== "string") throw new Error(`${name}: no run: script`);
  const envs = doc.get("environments", true);
  const environments: SeedEnvironment[] = [];
  if (isMap(envs)) {
    for (const item of envs.items) {
      const key = String((item.key as { value?: unknown }).value ?? item.key);
      const [org, project, ...envName] = key.split("/");
      const value = item.value as Node | null;
      const js = value ? (value as unknown as { toJSON(): unknown }).toJSON() : null;
      const env: SeedEnvironment = { org, project, name: envName.join("/"), revisions: [], tags: {}, unsupported: [] };
      // as the Go harness decodes an entry (cli_test.go): `revisions:` when present, else the
      // whole entry is revision 2's definition; `tags:` (a string map) are environment tags
      const o = (js && typeof js === "object" ? js : {}) as Record<string, unknown>;
      const revs = isMap(value) ? (value.get("revisions", true) as unknown as { items?: Node[] } | undefined) : undefined;
      if (revs?.items?.length) {
        revs.items.forEach((r, i) => {
          const rj = (o.revisions as Record<string, unknown>[])[i];
          const yamlNode = isMap(r) ? (r.get("yaml", true) as Node | undefined) : undefined;
          env.revisions.push({ yaml: text(doc, yamlNode), tags: (rj.tags as string[]) ?? [], ...(rj.retracted ? { retracted: rj.retracted as SeedRevision["retracted"] } : {}) });
        });
      } else if (isMap(value)) {
        // a scalar entry (`env: true`) is an environment with no definition of its own
        env.revisions.push({ yaml: text(doc, value), tags: [] });
      }
      if (o.tags && typeof o.tags === "object" && !Array.isArray(o.tags)) {
        for (const [k, v] of Object.entries(o.tags as Record<string, unknown>)) env.tags[k] = String(v);
      }
      for (const k of ["webhooks", "schedules", "referrers"]) if (k in o) env.unsupported.push(k);
      environments.push(env);
    }
  }
  return {
    name,
    run: head.run,
    parent: typeof head.parent === "string" ? head.parent : undefined,
    error: typeof head.error === "string" ? head.error : undefined,
    process: head.process,
    environments,
    stdout: stdout.replace(/^\n/, ""),
    stderr: rest.join("\n---\n").replace(/^\n/, ""),
    header,
  };
}
