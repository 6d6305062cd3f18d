import { authenticate, endpoint, json, readText } from "@/lib/api/http";
import { segment } from "@/lib/api/params";
import { escCheckYaml } from "@/lib/api/environments";
import { MAX_DEFINITION_BYTES } from "@/lib/environments/schema";

type Ctx = { params: Promise<{ org: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  /** Checks a definition that belongs to no environment, in the organization's context (ESC's `yaml/check`). */
  POST: async (request, ctx) => {
    const actor = await authenticate(request);
    const org = await segment(ctx, "org");
    const { status, body } = await escCheckYaml(actor, org, await readText(request, MAX_DEFINITION_BYTES));
    return json(body, { status });
  },
});
