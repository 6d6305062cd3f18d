import { authenticate, endpoint, json } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { listReferrers } from "@/lib/environments/referrers";
import { AppError } from "@/lib/errors";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<EnvContext>({
  /** `{ referrers: { "<version imported>": [{ environment: { project, name, revision } }] } }`; `?allRevisions=true` reads every revision. */
  GET: async (request, ctx) => {
    const all = new URL(request.url).searchParams.get("allRevisions");
    if (all !== null && all !== "true" && all !== "false") throw new AppError("invalid_input", "allRevisions must be true or false.");
    return json({ referrers: await listReferrers(await authenticate(request), await envRef(ctx), { allRevisions: all === "true" }) });
  },
});
