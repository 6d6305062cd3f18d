import { authenticate, endpoint, json } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { escListRevisions } from "@/lib/api/environments";
import { revisionPage } from "@/lib/api/paging";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<EnvContext>({
  /** Newest first; ?before=<n>&count=<n> pages backwards as the esc CLI does. */
  GET: async (request, ctx) => json(await escListRevisions(await authenticate(request), await envRef(ctx), revisionPage(request))),
});
