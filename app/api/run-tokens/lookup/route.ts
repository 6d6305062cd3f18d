import { bearerToken, endpoint, json } from "@/lib/api/http";
import { lookupRunToken } from "@/lib/runs/redeem";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint({
  /** What a run token (in the Authorization header, never the URL) is for; does not use it. */
  POST: async (request) => json(await lookupRunToken(bearerToken(request) ?? "")),
});
