import { bearerToken, json, requestInfo, route } from "@/lib/api/http";
import { redeemRunToken } from "@/lib/runs/run-tokens";

/** Uses a run token (Authorization: Bearer fry_run_…) and returns the projection to inject. */
export const POST = route(async (request) => json(await redeemRunToken(bearerToken(request) ?? "", requestInfo(request))));
