// Random bytes for values that must never repeat but are not keys: AES-GCM nonces and row ids.
//
// Why: every open took three small randomBytes calls (a session id, an audit event id, a nonce),
// each a call into OpenSSL with a fresh allocation; under load (bench/api.ts, wrk -c50) they were
// 4.3% of the server's CPU. Here the system's CSPRNG fills 4 KiB at a time and each caller gets
// its own copy of the next unused bytes: the same generator and the same bytes, fewer calls. No
// byte is handed out twice, and a key never comes from here (keys use randomBytes directly, so
// no future key material sits in a long-lived buffer).
import "server-only";
import { randomBytes, randomFillSync } from "node:crypto";

const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafeSlow(POOL_SIZE);
let next = POOL_SIZE;

export function uniqueBytes(n: number): Buffer {
  if (n > POOL_SIZE / 8) return randomBytes(n);
  if (next + n > POOL_SIZE) {
    randomFillSync(pool);
    next = 0;
  }
  const out = Buffer.from(pool.subarray(next, next + n));
  next += n;
  return out;
}
