// The reference's ciphertext envelope (LANGUAGE.md §8): base64("escx" ‖ uint32be(1) ‖
// ciphertext ‖ uint32be(crc32-IEEE of everything before)). The cipher itself is pluggable.

import { crc32, sealEnvelope } from "../envelope";
import { EditError } from "./errors";

const MAGIC = [0x65, 0x73, 0x63, 0x78]; // "escx"
const VERSION = 1;

// Sealing and the checksum are the evaluator's; opening differs only in its error reporting
// (EditError naming the problem) and in accepting envelopes shorter than 16 bytes.
export { crc32, sealEnvelope };

/** The ciphertext inside an envelope; EditError("crypto") names what is wrong, as the reference does. */
export function openEnvelope(b64: string): Uint8Array {
  const bytes = fromBase64(b64);
  // The reference rejects envelopes under 16 bytes, so it cannot open secrets of 1-3 bytes that
  // it wrote itself; we accept anything holding a header and a checksum.
  if (bytes.length < 12) throw invalid("it is too short");
  if (MAGIC.some((m, i) => bytes[i] !== m)) throw invalid("invalid header");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sum = view.getUint32(bytes.length - 4);
  if (crc32(bytes.subarray(0, bytes.length - 4)) !== sum) throw invalid("invalid checksum");
  if (view.getUint32(4) !== VERSION) throw invalid("unsupported version");
  return bytes.slice(8, bytes.length - 4);
}

function invalid(why: string): EditError {
  return new EditError("crypto", `invalid ciphertext: ${why}`);
}

function fromBase64(s: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) throw invalid("it is not valid base64");
  let bin: string;
  try {
    bin = atob(s);
  } catch {
    throw invalid("it is not valid base64");
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
