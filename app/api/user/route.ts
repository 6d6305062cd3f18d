import { authenticate, endpoint, json } from "@/lib/api/http";
import { describeUser } from "@/lib/api/user";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint({
  /** Who the token belongs to, in the shape of the Pulumi API's GET /api/user. */
  GET: async (request) => json(await describeUser(await authenticate(request))),
});
