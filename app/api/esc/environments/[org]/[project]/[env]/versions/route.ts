import { authenticate, json, route } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { escListRevisions } from "@/lib/api/environments";

export const GET = route<EnvContext>(async (request, ctx) => json(await escListRevisions(await authenticate(request), await envRef(ctx))));
