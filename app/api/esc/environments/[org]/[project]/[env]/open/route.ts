import { authenticate, json, route } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { openFromRequest } from "@/lib/api/open-route";

export const POST = route<EnvContext>(async (request, ctx) => json(await openFromRequest(request, await authenticate(request), await envRef(ctx))));
