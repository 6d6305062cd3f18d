// The JSON lines Ferry's logger (lib/ops/log.ts) writes while a test runs, captured at its
// destination stream: what a log shipper would read, after redaction and the serializers.
import pino from "pino";
import { afterEach, beforeEach, vi } from "vitest";
import { log } from "../lib/ops/log";

export function captureLogLines(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  const stream = (log() as unknown as Record<symbol, { write(s: string): boolean }>)[pino.symbols.streamSym];
  vi.spyOn(stream, "write").mockImplementation((s: string) => {
    for (const line of s.split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
    return true;
  });
  return lines;
}

/** Lowers the logger's level to debug for each test of the file and restores it after. */
export function logAtDebugLevel(): void {
  let level: string;
  beforeEach(() => {
    level = log().level;
    log().level = "debug";
  });
  afterEach(() => {
    log().level = level;
    vi.restoreAllMocks();
  });
}
