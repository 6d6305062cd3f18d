// The audit page's Export: the same download as the REST export, for the signed-in session.
import { getActor } from "@/lib/auth/session";
import { endpoint } from "@/lib/api/http";
import { exportAuditEvents } from "@/lib/audit/log";
import { exportFormat, exportResponse, filterFromQuery } from "@/lib/audit/export-response";
import { AppError } from "@/lib/errors";

type Ctx = { params: Promise<{ org: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  GET: async (request, ctx) => {
    const actor = await getActor();
    if (!actor) throw new AppError("unauthenticated", "Sign in again: your session has ended.");
    const q = new URL(request.url).searchParams;
    const format = exportFormat(q.get("format"));
    const { org } = await ctx.params;
    return exportResponse(org, format, await exportAuditEvents(actor, org, filterFromQuery(q)));
  },
});
