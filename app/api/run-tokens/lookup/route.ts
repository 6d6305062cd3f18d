import { bearerToken, json, route } from "@/lib/api/http";
import { lookupRunToken } from "@/lib/runs/run-tokens";

/** What a run token (in the Authorization header, never the URL) is for; does not use it. */
export const POST = route(async (request) => json(await lookupRunToken(bearerToken(request) ?? "")));
