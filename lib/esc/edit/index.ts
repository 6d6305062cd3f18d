// Layout-preserving edits of ESC environment definitions: secrets at rest and property-path
// edits. Pure (only the `yaml` package): runs in the browser and on the server.
//
//   setValue(text, 'values.db["host.name"]', "x")         -> new text; only that value changes
//   setValue(text, "values.pw", secretValue("hunter2"))   -> `pw: {fn::secret: hunter2}` in block style
//   deleteValue(text, "values.list[0]")
//   await encryptSecrets(text, encrypter)                 -> every plaintext fn::secret sealed in place
//   await decryptSecrets(text, decrypter)                 -> ciphertexts under `values` opened in place
//   listSecrets(text)                                     -> paths, states and editor ranges
//
// Every failure is an EditError with a `code` and a message fit to show the user. The default
// layout keeps the author's text outside the edited value; `{ layout: "canonical" }` re-encodes
// the whole document like the reference (go-yaml) does.

export { EditError, isEditError, type EditErrorCode } from "./errors";
export { formatPropertyPath, parsePropertyPath, type PathSegment, type PropertyPath } from "./property-path";
export type { EditValue } from "./render-value";
export { deleteValue, setValue, type EditOptions } from "./edit-value";
export type { LayoutOptions } from "./canonical";
export {
  decryptSecrets,
  encryptSecrets,
  listSecrets,
  resealSecrets,
  secretValue,
  type Decrypter,
  type Encrypter,
  type SecretLocation,
  type TextPosition,
  type TextRange,
} from "./secrets";
export { rot128 } from "./rot128";
