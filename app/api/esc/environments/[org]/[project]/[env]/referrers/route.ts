import { authenticate, endpoint, json } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { referrerPage } from "@/lib/api/paging";
import { listReferrers, pageOfReferrers } from "@/lib/environments/referrers";
import { AppError } from "@/lib/errors";

function flag(params: URLSearchParams, name: string): boolean {
  const raw = params.get(name);
  if (raw !== null && raw !== "true" && raw !== "false") throw new AppError("invalid_input", `${name} must be true or false.`);
  return raw === "true";
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<EnvContext>({
  /**
   * `{ referrers: { "<version imported>": [{ environment: { project, name, revision } }] }, continuationToken? }`;
   * `?allRevisions=true` reads every revision; `count` and `continuationToken` page.
   * `latestStackVersionOnly` is accepted as ESC's clients send it: Ferry has no stacks to filter.
   */
  GET: async (request, ctx) => {
    const params = new URL(request.url).searchParams;
    const allRevisions = flag(params, "allRevisions");
    flag(params, "latestStackVersionOnly");
    const page = referrerPage(request);
    return json(pageOfReferrers(await listReferrers(await authenticate(request), await envRef(ctx), { allRevisions }), page));
  },
});
