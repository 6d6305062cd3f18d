// The editor's Open and Show secrets. A route handler rather than a server action so that the
// browser can cancel: the request's signal reaches the providers.
import { z } from "zod";
import { getActor } from "@/lib/auth/session";
import { openEnvironmentAs, revealEnvironmentAs } from "@/lib/environments/evaluate";
import { ZDefinition } from "@/lib/environments/schema";
import { clientAddress } from "@/lib/auth/client-address";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation/form";
import { assertSameOriginJson } from "@/lib/next/same-origin";
import { config } from "@/lib/config";
import { endpoint, json, readJson } from "@/lib/api/http";
import { environmentRefFrom, type EnvironmentParams } from "@/lib/next/params";

const ZRequest = z.object({
  mode: z.enum(["open", "reveal"]),
  yaml: ZDefinition.optional(),
  version: z.string().max(80).optional(),
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<{ params: EnvironmentParams }>({
  POST: async (req, { params }) => {
    const actor = await getActor();
    if (!actor) throw new AppError("unauthenticated", "Sign in again: your session has ended.");
    // the session cookie rides along on cross-site requests too
    assertSameOriginJson(req, config().url);
    const ref = await environmentRefFrom(params);
    // A draft is at most 1 MiB of YAML; JSON-escaped it can grow, hence the 2 MiB cap.
    const body = parseInput(ZRequest, await readJson(req, 2 * 1024 * 1024));
    const audit = { via: "console" as const, address: clientAddress(req.headers), userAgent: req.headers.get("user-agent") ?? undefined };
    const run = body.mode === "open" ? openEnvironmentAs : revealEnvironmentAs;
    const result = await run(actor, ref, { yaml: body.yaml, version: body.version, signal: req.signal }, audit);
    return json(result);
  },
});
