import { authenticate, endpoint } from "@/lib/api/http";
import { segment } from "@/lib/api/params";
import { exportAuditEvents } from "@/lib/audit/log";
import { exportFormat, exportResponse, filterFromQuery } from "@/lib/audit/export-response";

type Ctx = { params: Promise<{ org: string }> };

/** ?format=jsonl|csv and the audit page's filters (actor, environment, action, result, from, to) */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  GET: async (request, ctx) => {
    const actor = await authenticate(request);
    const q = new URL(request.url).searchParams;
    const format = exportFormat(q.get("format"));
    const org = await segment(ctx, "org");
    return exportResponse(org, format, await exportAuditEvents(actor, org, filterFromQuery(q)));
  },
});
