import { bearerToken, endpoint, json, requestInfo } from "@/lib/api/http";
import { redeemRunToken } from "@/lib/runs/redeem";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint({
  /** Uses a run token (Authorization: Bearer fry_run_…) and returns the projection to inject. */
  POST: async (request) => json(await redeemRunToken(bearerToken(request) ?? "", requestInfo(request))),
});
