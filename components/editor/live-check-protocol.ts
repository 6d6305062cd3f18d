// Messages between the editor page and its live-check Web Worker (check-worker.ts).
import type { Diagnostic, EscValue, LoadedEnvironment, Schema } from "@/lib/esc";

export interface LiveCheck {
  properties: Record<string, EscValue>;
  schema?: Schema;
  diagnostics: Diagnostic[];
  ms: number;
}

export interface CheckRequest {
  t: "check";
  id: number;
  name: string;
  text: string;
  context: Record<string, unknown>;
}

export type ToCheckWorker = CheckRequest | { t: "loaded"; call: number; def: LoadedEnvironment };

export type FromCheckWorker = { t: "load"; id: number; call: number; name: string } | { t: "done"; id: number; check: LiveCheck };
