// Host-facing interfaces: providers, rotators, environment loading and secret decryption.
// All I/O is async and supplied by the host; this module never touches the network or disk.

import type { EscValue } from "./export";
import type { Schema } from "./schema";

/** Execution context supplied by the host, e.g. `{pulumi: {user: {id: "..."}}}`. */
export type ExecContext = Record<string, unknown>;

export interface ProviderContext {
  /** the execution context as plain JSON, including currentEnvironment/rootEnvironment */
  context: Record<string, unknown>;
  /** aborted when the caller gives up on the evaluation */
  signal?: AbortSignal;
}

/** A `fn::open::<name>` provider. */
export interface Provider {
  name: string;
  inputSchema: Schema;
  outputSchema: Schema;
  /**
   * Called with the type-checked inputs (an object EscValue with per-leaf flags). Return an
   * EscValue; `secret: true` on the result makes every leaf secret. Throw to report an error
   * (the message becomes the diagnostic text).
   */
  open(inputs: EscValue, ctx: ProviderContext): Promise<EscValue>;
}

/** A `fn::rotate::<name>` rotator. */
export interface Rotator {
  name: string;
  inputSchema: Schema;
  stateSchema: Schema;
  outputSchema: Schema;
  /** Returns the current output for the given state. */
  open(inputs: EscValue, state: EscValue, ctx: ProviderContext): Promise<EscValue>;
  /** Produces the next state (written back into the document as a patch). */
  rotate(inputs: EscValue, state: EscValue, ctx: ProviderContext): Promise<EscValue>;
}

export interface ProviderLoader {
  /** Throws (or rejects) with the message to report, e.g. `unknown provider "x"`. */
  loadProvider(name: string): Promise<Provider> | Provider;
}

export interface RotatorLoader {
  loadRotator(name: string): Promise<Rotator> | Rotator;
}

/** Decrypts `fn::secret: {ciphertext}` payloads (the bytes inside the envelope). */
export interface Decrypter {
  decrypt(ciphertext: Uint8Array): Promise<Uint8Array> | Uint8Array;
}

/**
 * Thrown by a Decrypter that refuses a ciphertext as such (altered, or sealed for another
 * environment), as opposed to failing to decrypt at all: it is reported like a malformed
 * envelope, `invalid ciphertext: <message>`. Recognized by name, so it survives realms.
 */
export class InvalidCiphertextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidCiphertextError";
  }
}

export function isInvalidCiphertext(e: unknown): e is InvalidCiphertextError {
  return e instanceof Error && e.name === "InvalidCiphertextError";
}

export type LoadedEnvironment =
  | { text: string; decrypter?: Decrypter; error?: undefined }
  | { bytes: Uint8Array; decrypter?: Decrypter; error?: undefined }
  | { error: string };

/**
 * Loads imported or referenced environments. `name` is passed through unchanged: `proj/env`,
 * `env@tag`, `env@4` — the host resolves versions and tags.
 */
export interface EnvironmentLoader {
  load(name: string): Promise<LoadedEnvironment> | LoadedEnvironment;
}

/** Providers and rotators by name; the editor reads the schemas for completion. */
export interface ProviderRegistry extends ProviderLoader, RotatorLoader {
  providers: Map<string, Provider>;
  rotators: Map<string, Rotator>;
}

/** A registry backed by maps, with the reference's "unknown provider" errors. */
export function createProviderRegistry(providers: Provider[] = [], rotators: Rotator[] = []): ProviderRegistry {
  const p = new Map(providers.map((x) => [x.name, x]));
  const r = new Map(rotators.map((x) => [x.name, x]));
  return {
    providers: p,
    rotators: r,
    loadProvider(name) {
      const x = p.get(name);
      if (!x) throw new Error(`unknown provider "${name}"`);
      return x;
    },
    loadRotator(name) {
      const x = r.get(name);
      if (!x) throw new Error(`unknown rotator "${name}"`);
      return x;
    },
  };
}
