// The key-encryption step of the hierarchy. Today one implementation: the local master key. A
// KMS (AWS KMS Encrypt/Decrypt with an EncryptionContext, Azure Key Vault wrapKey/unwrapKey)
// would be a second implementation of the same interface; nothing else would change.
import "server-only";
import { AeadError, openAead, sealAead } from "./aead";
import { MasterKeyError, masterKeyId } from "./master-key";

export interface KeyWrapper {
  /**
   * Names the key-encryption key, stored beside every data key it wraps ("local:mk_…", or a KMS
   * key's ARN): an instance compares it with the database's to tell a rotation from a wrong key.
   */
  readonly id: string;
  /** `context` names the data key; the wrapped bytes only unwrap under the same context. */
  wrap(dataKey: Uint8Array, context: string): Promise<Uint8Array>;
  /** Throws MasterKeyError when the bytes were not wrapped by this key under this context. */
  unwrap(wrapped: Uint8Array, context: string): Promise<Uint8Array>;
}

const WRAP_FORMAT = 2;
const wrapAad = (context: string) => Buffer.from(`ferry/data-key/v2/${context}`);

export class LocalKeyWrapper implements KeyWrapper {
  readonly id: string;
  readonly #key: Buffer;

  constructor(masterKey: Buffer) {
    this.#key = masterKey;
    this.id = `local:${masterKeyId(masterKey)}`;
  }

  async wrap(dataKey: Uint8Array, context: string): Promise<Uint8Array> {
    return sealAead(this.#key, WRAP_FORMAT, dataKey, wrapAad(context));
  }

  async unwrap(wrapped: Uint8Array, context: string): Promise<Uint8Array> {
    try {
      return openAead(this.#key, WRAP_FORMAT, wrapped, wrapAad(context));
    } catch (e) {
      if (e instanceof AeadError) throw new MasterKeyError(`data key ${context} was not wrapped by master key ${this.id}`);
      throw e;
    }
  }
}
