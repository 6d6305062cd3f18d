// Replaces secret values in a byte stream with "[secret]", including secrets split across
// chunks: a tail that could be the start of a secret is held back until the next chunk (or the
// end) decides. Works on latin1 strings, which map bytes 1:1, so binary output passes through
// unchanged and multi-byte secrets are matched byte for byte.

export const MASK = "[secret]";
/** As the reference: shorter values would mask ordinary text ("1", "on"). */
export const MIN_SECRET_LENGTH = 3;

export class SecretMasker {
  private readonly secrets: string[];
  private readonly maxLen: number;
  private pending = "";

  constructor(secrets: Iterable<string>) {
    const set = new Set<string>();
    for (const s of secrets) {
      const bytes = Buffer.from(s, "utf8").toString("latin1");
      if (bytes.length >= MIN_SECRET_LENGTH) set.add(bytes);
    }
    // Longest first: where two secrets match at the same place, the longer one wins.
    this.secrets = [...set].sort((a, b) => b.length - a.length);
    this.maxLen = this.secrets[0]?.length ?? 0;
  }

  get active(): boolean {
    return this.secrets.length > 0;
  }

  /** Masks a chunk; returns what can be written now. */
  push(chunk: Buffer): Buffer {
    if (!this.active) return chunk;
    const text = this.pending + chunk.toString("latin1");
    const { out, keepFrom } = this.scan(text, false);
    this.pending = text.slice(keepFrom);
    return Buffer.from(out, "latin1");
  }

  /** The end of the stream: whatever was held back, masked. */
  flush(): Buffer {
    const text = this.pending;
    this.pending = "";
    return Buffer.from(this.scan(text, true).out, "latin1");
  }

  private scan(text: string, final: boolean): { out: string; keepFrom: number } {
    let out = "";
    let pos = 0;
    for (;;) {
      let best = -1;
      let bestLen = 0;
      for (const s of this.secrets) {
        const at = text.indexOf(s, pos);
        if (at !== -1 && (best === -1 || at < best || (at === best && s.length > bestLen))) {
          best = at;
          bestLen = s.length;
        }
      }
      if (best === -1) break;
      // A longer secret may still be completing from here: decide when more output arrives.
      if (!final && this.couldGrow(text.slice(best), bestLen)) return { out: out + text.slice(pos, best), keepFrom: best };
      out += text.slice(pos, best) + MASK;
      pos = best + bestLen;
    }
    if (final) return { out: out + text.slice(pos), keepFrom: text.length };
    const hold = this.heldTail(text, pos);
    return { out: out + text.slice(pos, text.length - hold), keepFrom: text.length - hold };
  }

  private couldGrow(tail: string, matchedLen: number): boolean {
    return this.secrets.some((s) => s.length > matchedLen && s.length > tail.length && s.startsWith(tail));
  }

  /** Length of the longest suffix of text[from..] that is a proper prefix of some secret. */
  private heldTail(text: string, from: number): number {
    const max = Math.min(this.maxLen - 1, text.length - from);
    for (let k = max; k > 0; k--) {
      const suffix = text.slice(text.length - k);
      if (this.secrets.some((s) => s.length > k && s.startsWith(suffix))) return k;
    }
    return 0;
  }
}
