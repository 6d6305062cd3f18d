import { authenticate, endpoint, json } from "@/lib/api/http";
import { escListAllEnvironments } from "@/lib/api/environments";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint({
  /** Every environment the caller can see, in all their organizations; `?continuationToken=` pages. */
  GET: async (request) => {
    const token = new URL(request.url).searchParams.get("continuationToken") ?? undefined;
    return json(await escListAllEnvironments(await authenticate(request), token));
  },
});
