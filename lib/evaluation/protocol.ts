// Messages between the evaluation pool (main thread) and its workers. Everything here crosses a
// structured clone, so it is plain data: errors travel as {name, message} and are rebuilt on the
// other side with the same name (lib/esc recognizes InvalidCiphertextError by name).

import type { Diagnostic, Environment, EscValue, ExecContext, ProjectedValue, Schema } from "../esc";

export type EvaluationMode = "check" | "reveal" | "open";

export interface EvaluationJob {
  mode: EvaluationMode;
  /** the environment's name, `project/env` */
  name: string;
  yaml: string;
  context: ExecContext;
}

export interface EvaluationOutput {
  properties: Record<string, EscValue>;
  diagnostics: Diagnostic[];
  environmentVariables: Record<string, ProjectedValue>;
  files: Record<string, ProjectedValue>;
  /** the whole result in ESC's Environment shape (exprs, schema, executionContext), for the API */
  environment?: Environment;
}

export interface WireError {
  name: string;
  message: string;
}

/** A decrypter stays on the main thread; the worker names it by a number (0: the root's). */
export type HostCall =
  | { op: "load"; name: string }
  | { op: "decrypt"; decrypter: number; ciphertext: Uint8Array }
  | { op: "provider" | "rotator"; name: string }
  | { op: "open"; kind: "provider" | "rotator"; fn: "open" | "rotate"; name: string; inputs: EscValue; state?: EscValue; context: Record<string, unknown> };

export type HostReply =
  | { op: "load"; text?: string; bytes?: Uint8Array; error?: string; decrypter?: number }
  | { op: "decrypt"; plaintext: Uint8Array }
  | { op: "provider" | "rotator"; name: string; inputSchema: Schema; outputSchema: Schema; stateSchema?: Schema }
  | { op: "open"; value: EscValue };

export type ToWorker =
  | { t: "eval"; id: number; job: EvaluationJob }
  | { t: "reply"; id: number; call: number; ok: true; value: HostReply }
  | { t: "reply"; id: number; call: number; ok: false; error: WireError }
  | { t: "abort"; id: number };

export type FromWorker =
  | { t: "ready" }
  | { t: "call"; id: number; call: number; request: HostCall }
  | { t: "done"; id: number; output: EvaluationOutput };

export function toWire(e: unknown): WireError {
  return e instanceof Error ? { name: e.name, message: e.message } : { name: "Error", message: String(e) };
}

export function fromWire(w: WireError): Error {
  const e = new Error(w.message);
  e.name = w.name;
  return e;
}
