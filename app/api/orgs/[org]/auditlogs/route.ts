// The audit log in the shape of Pulumi Cloud's `GET /api/orgs/{org}/auditlogs`: `auditLogEvents`
// (timestamp in Unix seconds, sourceIP, event, description, user) and a `continuationToken`.
// Pulumi's startTime/endTime (Unix seconds), userFilter and eventFilter narrow it, as do Ferry's
// own environment and result.
import { authenticate, endpoint, json } from "@/lib/api/http";
import { segment } from "@/lib/api/params";
import { listAuditEvents } from "@/lib/audit/log";
import { AppError } from "@/lib/errors";

type Ctx = { params: Promise<{ org: string }> };

function unixTime(q: URLSearchParams, name: string): string | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  if (!/^\d{1,12}$/.test(v)) throw new AppError("invalid_input", `${name} is a time in Unix seconds.`);
  return new Date(Number(v) * 1000).toISOString();
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  GET: async (request, ctx) => {
    const actor = await authenticate(request);
    const q = new URL(request.url).searchParams;
    const filter = {
      actor: q.get("userFilter") ?? undefined,
      action: q.get("eventFilter") ?? undefined,
      environment: q.get("environment") ?? undefined,
      result: q.get("result") ?? undefined,
      from: unixTime(q, "startTime"),
      to: unixTime(q, "endTime"),
    };
    const size = q.get("pageSize");
    if (size !== null && !/^\d{1,4}$/.test(size)) throw new AppError("invalid_input", "pageSize is a whole number up to 500.");
    const page = await listAuditEvents(actor, await segment(ctx, "org"), filter, q.get("continuationToken") ?? undefined, size ? Number(size) : undefined);
    return json({
      auditLogEvents: page.events.map((e) => ({
        timestamp: Math.floor(Date.parse(e.at) / 1000),
        sourceIP: e.address ?? "",
        event: e.action,
        description: `${e.result === "refused" ? "Refused: " : ""}${e.action} ${e.target}`,
        user: { name: e.actor ?? "", githubLogin: e.actor ?? "", avatarUrl: "" },
        // Ferry's additions
        id: e.id,
        target: e.target,
        environment: e.environment,
        result: e.result,
        userAgent: e.userAgent,
        detail: e.detail,
      })),
      ...(page.next ? { continuationToken: page.next } : {}),
    });
  },
});
