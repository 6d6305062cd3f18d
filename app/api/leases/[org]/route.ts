import { authenticate, endpoint, json } from "@/lib/api/http";
import { segment } from "@/lib/api/params";
import { listLeases } from "@/lib/leases/leases";

type Ctx = { params: Promise<{ org: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  /** ?environment=<project>/<env>&state=&provider=&openedBy=&continuationToken= → { leases, continuationToken } */
  GET: async (request, ctx) => {
    const q = new URL(request.url).searchParams;
    const filter = Object.fromEntries(["environment", "state", "provider", "openedBy", "continuationToken"].flatMap((k) => (q.has(k) ? [[k, q.get(k)]] : [])));
    return json(await listLeases(await authenticate(request), await segment(ctx, "org"), filter));
  },
});
