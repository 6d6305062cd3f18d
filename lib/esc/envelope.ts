// The ciphertext envelope: base64("escx" ‖ uint32be(1) ‖ ciphertext ‖ uint32be(crc32)).
// Error texts match the reference (eval/crypt.go, LANGUAGE.md §8) so diagnostics compare.

let crcTable: Uint32Array | undefined;

export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** ASCII code → 6-bit value; -2 for "=", -1 for anything else. */
const B64_VALUE = Int8Array.from({ length: 128 }, (_, c) => (c === 61 ? -2 : B64.indexOf(String.fromCharCode(c))));

export function encodeBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : "=";
    out += i + 2 < bytes.length ? B64[n & 63] : "=";
  }
  return out;
}

/** Strict std-encoding decode; errors mimic Go's `illegal base64 data at input byte N`. */
export function decodeBase64(s: string): Uint8Array {
  const clean = s.replace(/[\r\n]/g, "");
  const out: number[] = [];
  // ASCII input (the normal case) maps through a table; otherwise each quad is split by code
  // point, as before, so the error offsets for odd input stay the same
  const ascii = !/[^\x00-\x7f]/.test(clean);
  const v = [0, 0, 0, 0];
  let i = 0;
  for (; i + 4 <= clean.length; i += 4) {
    if (ascii) for (let j = 0; j < 4; j++) v[j] = B64_VALUE[clean.charCodeAt(i + j)];
    else {
      const w = [...clean.slice(i, i + 4)].map((ch) => (ch === "=" ? -2 : B64.indexOf(ch)));
      for (let j = 0; j < 4; j++) v[j] = w[j];
    }
    for (let j = 0; j < 4; j++) {
      if (v[j] === -1) throw new Error(`illegal base64 data at input byte ${i + j}`);
      if (v[j] === -2 && (j < 2 || i + 4 !== clean.length || (j === 2 && v[3] !== -2))) {
        throw new Error(`illegal base64 data at input byte ${i + j}`);
      }
    }
    const n = (v[0] << 18) | (v[1] << 12) | (Math.max(v[2], 0) << 6) | Math.max(v[3], 0);
    out.push((n >> 16) & 255);
    if (v[2] !== -2) out.push((n >> 8) & 255);
    if (v[3] !== -2) out.push(n & 255);
  }
  if (i < clean.length) {
    const bad = [...clean.slice(i)].findIndex((ch) => B64.indexOf(ch) < 0);
    throw new Error(`illegal base64 data at input byte ${bad >= 0 ? i + bad : clean.length}`);
  }
  return new Uint8Array(out);
}

/** Returns the inner ciphertext or throws with the reference's error text. */
export function openEnvelope(b64: string): Uint8Array {
  const data = decodeBase64(b64);
  if (data.length < 16) throw new Error("EOF");
  if (data[0] !== 0x65 || data[1] !== 0x73 || data[2] !== 0x63 || data[3] !== 0x78) throw new Error("invalid header");
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const sum = view.getUint32(data.length - 4);
  if (crc32(data.subarray(0, data.length - 4)) !== sum) throw new Error("invalid checksum");
  if (view.getUint32(4) !== 1) throw new Error("unsupported version");
  return data.slice(8, data.length - 4);
}

export function sealEnvelope(ciphertext: Uint8Array): string {
  const data = new Uint8Array(ciphertext.length + 12);
  data.set([0x65, 0x73, 0x63, 0x78, 0, 0, 0, 1]);
  data.set(ciphertext, 8);
  const view = new DataView(data.buffer);
  view.setUint32(data.length - 4, crc32(data.subarray(0, data.length - 4)));
  return encodeBase64(data);
}
