// Results of evaluations that called no provider, kept briefly and reused when nothing they
// depended on changed.
//
// Why: opening the API bench's environment (50 values, 3 imports, a secret) costs ~5 ms of CPU
// in the worker round trips alone (the job, one load per import, one decrypt; bench/api.ts
// profile), while everything that decides its result can be checked with a few indexed reads.
// Without providers an evaluation is a pure function of: the mode, the environment (its id binds
// the ciphertexts), its definition text, the execution context (who opens, in which
// organization), and the text and environment each import resolved to. That is the key: the
// definition texts are compared by hash, not by revision number, because a retracted revision
// serves its replacement's text under its own number.
//
// What a hit still does, every time: the caller has authorized the environment itself; every
// import is loaded again through the same loader, which checks the actor's right on it and
// resolves its version now. A revoked member, a moved tag, a new revision of an import or a
// deleted environment all miss. Results with errors, failed imports or any provider call
// (credentials, OIDC tokens, leases: never reusable) are never kept.
//
// Plaintext secrets sit here for at most 1.25 × TTL_MS, in the process that holds the data keys anyway;
// entries are frozen, so a caller that tried to change a shared result would fail loudly.
import "server-only";
import { createHash } from "node:crypto";
import type { EvaluationMode, EvaluationOutput } from "../evaluation/protocol";

const TTL_MS = 60_000;
const MAX_ENTRIES = 512;
/**
 * Definitions bigger than this (the root and its imports together) are evaluated every time, and
 * all kept entries together stay under TOTAL_TEXT_BYTES of definitions: a result (with its
 * expressions and schema) takes some tens of times its text's size in memory, so this bounds the
 * cache to some tens of MiB whatever the documents.
 */
const MAX_TEXT_BYTES = 64 * 1024;
const TOTAL_TEXT_BYTES = 2 * 1024 * 1024;

/** An import as the evaluation saw it: the name it asked for and what that resolved to. */
export interface ResolvedImport {
  name: string;
  environmentId: string;
  textHash: string;
}

interface Entry {
  imports: ResolvedImport[];
  textBytes: number;
  output: EvaluationOutput;
  expires: number;
}

const entries = new Map<string, Entry>();
let totalTextBytes = 0;

let sweeper: ReturnType<typeof setInterval> | undefined;

/** Drops expired entries, so no plaintext outlives its TTL by more than a sweep's interval. */
function sweep(): void {
  const now = Date.now();
  for (const [key, e] of entries) if (e.expires <= now) forget(key);
  if (entries.size === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

function forget(key: string): void {
  const e = entries.get(key);
  if (!e) return;
  entries.delete(key);
  totalTextBytes -= e.textBytes;
}

export const textHash = (text: string) => createHash("sha256").update(text).digest("base64url");

export function evaluationKey(mode: EvaluationMode, environmentId: string, yaml: string, context: unknown): string {
  return createHash("sha256").update(JSON.stringify([mode, environmentId, textHash(yaml), context])).digest("base64url");
}

/**
 * Watches one evaluation: the imports it loaded (through `observe`, which the loader calls) and
 * whether it touched a provider, so `remember` knows if its result may be kept.
 */
export class EvaluationTrace {
  readonly imports: ResolvedImport[] = [];
  reusable = true;
  textBytes = 0;

  constructor(rootText: string) {
    this.textBytes = rootText.length;
  }

  observe = (name: string, environmentId: string, text: string) => {
    this.imports.push({ name, environmentId, textHash: textHash(text) });
    this.textBytes += text.length;
  };

  /** a load that failed, a provider or rotator used: the result depends on more than texts */
  notReusable = () => {
    this.reusable = false;
  };
}

export function remember(key: string, trace: EvaluationTrace, output: EvaluationOutput): void {
  if (!trace.reusable || trace.textBytes > MAX_TEXT_BYTES || output.diagnostics.some((d) => d.severity === "error")) return;
  forget(key);
  entries.set(key, { imports: trace.imports, textBytes: trace.textBytes, output: deepFreeze(output), expires: Date.now() + TTL_MS });
  totalTextBytes += trace.textBytes;
  // unref'd: a kept result never holds the process open
  sweeper ??= setInterval(sweep, TTL_MS / 4).unref();
  // a Map iterates in insertion order and hits re-insert: the first key is the least recently used
  while (entries.size > MAX_ENTRIES || totalTextBytes > TOTAL_TEXT_BYTES) forget(entries.keys().next().value!);
}

/**
 * The kept result for `key` if every import, loaded again now through `loadAll` (which checks the
 * actor's rights and answers what each name resolves to, in the order asked, all at once so a
 * database can answer them in one read), is the same environment and text as when it was kept.
 */
export async function recall(key: string, loadAll: (names: string[]) => Promise<({ environmentId: string; text: string } | undefined)[]>): Promise<EvaluationOutput | undefined> {
  const entry = entries.get(key);
  if (!entry) return undefined;
  if (entry.expires <= Date.now()) {
    forget(key);
    return undefined;
  }
  if (entry.imports.length) {
    const now = await loadAll(entry.imports.map((imp) => imp.name));
    for (const [i, imp] of entry.imports.entries()) {
      const current = now[i];
      if (!current || current.environmentId !== imp.environmentId || textHash(current.text) !== imp.textHash) return undefined;
    }
  }
  entries.delete(key);
  entries.set(key, entry);
  return entry.output;
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !ArrayBuffer.isView(v) && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const child of Object.values(v)) deepFreeze(child);
  }
  return v;
}
