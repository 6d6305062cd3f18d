// Layout-preserving edits of ESC environment definitions: secrets at rest and property-path
// edits. Pure: runs in the browser and on the server.

export { EditError, isEditError, type EditErrorCode } from "./errors";
export { formatPropertyPath, parsePropertyPath, type PathSegment, type PropertyPath } from "./property-path";
export type { EditValue } from "./render-value";
export { deleteValue, setValue, type EditOptions } from "./edit-value";
export type { LayoutOptions } from "./canonical";
export {
  decryptSecrets,
  encryptSecrets,
  listSecrets,
  secretValue,
  type Decrypter,
  type Encrypter,
  type SecretLocation,
  type TextPosition,
  type TextRange,
} from "./secrets";
export { rot128 } from "./rot128";
