// Public API of the ESC language core. Pure: no I/O; runs in the browser and on the server.

export { loadEnvironment, type LoadResult } from "./load";
export {
  checkEnvironment,
  evalEnvironment,
  rotateEnvironment,
  type Environment,
  type EvaluateOptions,
  type EvaluateResult,
  type RotateResult,
  type Patch,
  type Rotation,
} from "./environment";
export { getEnvironmentVariables, getTemporaryFiles, getPulumiConfig, type ProjectedValue } from "./projections";
export {
  escValueToJson,
  propertiesToJson,
  escValueToString,
  type EscValue,
  type EscRange,
  type EscPos,
  type EscTrace,
} from "./export";
export type { Diagnostic, Range, Pos, Severity } from "./diagnostics";
export type { EnvironmentDecl, Expr } from "./ast";
export type { ExprJson } from "./expr-json";
export type {
  Provider,
  Rotator,
  ProviderLoader,
  RotatorLoader,
  ProviderRegistry,
  ProviderContext,
  EnvironmentLoader,
  LoadedEnvironment,
  Decrypter,
  ExecContext,
} from "./types";
export { createProviderRegistry, InvalidCiphertextError, isInvalidCiphertext } from "./types";
export type { Schema, SchemaObject, Json } from "./schema";
export * as schema from "./schema-builders";
export { openEnvelope, sealEnvelope } from "./envelope";
export * from "./limits";

import type { Environment } from "./environment";
import { propertiesToJson } from "./export";
import type { Json } from "./schema";

/** Plain JSON of an environment's properties; `redact` replaces secrets with "[secret]". */
export function environmentToJson(env: Environment | undefined, redact: boolean): Record<string, Json> {
  return propertiesToJson(env?.properties, redact);
}
