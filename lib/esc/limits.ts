// Resource limits that keep hostile documents from exhausting time, stack or memory.
// Documented in LIMITS.md; every limit that trips produces a diagnostic, never an exception.

/** Largest accepted document, in UTF-16 code units of the YAML text (about bytes for ASCII). */
export const MAX_DOCUMENT_SIZE = 4 * 1024 * 1024;
/** Deepest nesting of YAML mappings/sequences accepted by the decoder. */
export const MAX_NESTING_DEPTH = 200;
/** Deepest chain of nested evaluations (references to references, builtin arguments ...). */
export const MAX_EVAL_DEPTH = 400;
/** Imports listed by one environment. */
export const MAX_IMPORTS_PER_ENVIRONMENT = 200;
/** Distinct environments loaded during one evaluation (imports and inline references). */
export const MAX_ENVIRONMENTS_PER_EVALUATION = 1000;
/** YAML aliases are rejected by the language, so no alias is ever expanded. */
export const MAX_ALIAS_EXPANSION = 0;
/** Interpolations inside one string. */
export const MAX_INTERPOLATIONS_PER_STRING = 10_000;
/** Value nodes created by references/copies during one evaluation (stops reference "laughs"). */
export const MAX_VALUE_NODES = 500_000;
/** Longest string an interpolation or builtin may produce, in UTF-16 code units. */
export const MAX_STRING_LENGTH = 4 * 1024 * 1024;
