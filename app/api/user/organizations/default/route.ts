import { authenticate, endpoint, json } from "@/lib/api/http";
import { defaultOrganization } from "@/lib/api/user";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint({
  /** `{ gitHubLogin }`: the organization the esc CLI uses when none is named. */
  GET: async (request) => json(await defaultOrganization(await authenticate(request))),
});
