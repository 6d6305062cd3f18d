// The filtered audit log as a download (JSON lines or CSV), streamed page by page so a large
// export never sits in memory whole.
import "server-only";
import type { AuditEventDto } from "./log";
import { csvHeader, csvLine, jsonLine } from "./log";
import { AppError } from "../errors";

export type ExportFormat = "jsonl" | "csv";

export function exportFormat(value: string | null): ExportFormat {
  if (value === null || value === "jsonl" || value === "json") return "jsonl";
  if (value === "csv") return "csv";
  throw new AppError("invalid_input", "Choose format=jsonl or format=csv.");
}

export function exportResponse(org: string, format: ExportFormat, events: AsyncGenerator<AuditEventDto>): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      if (format === "csv") controller.enqueue(encoder.encode(csvHeader()));
    },
    async pull(controller) {
      const next = await events.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(format === "csv" ? csvLine(next.value) : jsonLine(next.value)));
    },
    async cancel() {
      await events.return(undefined);
    },
  });
  const type = format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
  return new Response(stream, {
    headers: { "content-type": type, "cache-control": "no-store", "content-disposition": `attachment; filename="${org}-audit.${format}"` },
  });
}

/** The filter fields of a query string (the same names the audit page's form uses). */
export function filterFromQuery(q: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ["actor", "environment", "action", "result", "from", "to"]) {
    const v = q.get(k);
    if (v !== null) out[k] = v;
  }
  return out;
}
