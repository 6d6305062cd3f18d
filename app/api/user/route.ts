import { authenticate, json, route } from "@/lib/api/http";
import { describeUser } from "@/lib/api/user";

/** Who the token belongs to, in the shape of the Pulumi API's GET /api/user. */
export const GET = route(async (request) => json(await describeUser(await authenticate(request))));
