// Every failure this module can report. Messages are written for the person editing the
// definition: they name the path and the problem, never echo a value (it may be a secret) and
// never carry a parser's internal text.

export type EditErrorCode =
  | "invalid-path" // the property path does not parse
  | "invalid-yaml" // the definition is not one valid YAML document
  | "type-mismatch" // the path goes through a scalar, or uses a key on an array / index on an object
  | "not-found" // deleteValue: nothing at that path
  | "out-of-range" // an index past the end of an array (appending at length is allowed)
  | "unsupported" // an alias, a complex key, or a layout we refuse to guess at
  | "invalid-value" // setValue got something that is not JSON-shaped
  | "crypto"; // an Encrypter/Decrypter failed or a ciphertext is malformed

export class EditError extends Error {
  readonly code: EditErrorCode;

  constructor(code: EditErrorCode, message: string) {
    super(message);
    this.name = "EditError";
    this.code = code;
  }
}

export function isEditError(e: unknown): e is EditError {
  return e instanceof EditError;
}
