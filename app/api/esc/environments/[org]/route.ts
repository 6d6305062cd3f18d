import { authenticate, endpoint, json, readJson } from "@/lib/api/http";
import { segment } from "@/lib/api/params";
import { escCreateEnvironment, escListEnvironments } from "@/lib/api/environments";

type Ctx = { params: Promise<{ org: string }> };

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<Ctx>({
  GET: async (request, ctx) => json(await escListEnvironments(await authenticate(request), await segment(ctx, "org"))),

  POST: async (request, ctx) => {
    const actor = await authenticate(request);
    const ref = await escCreateEnvironment(actor, await segment(ctx, "org"), await readJson(request));
    // 200, not 201: the ESC SDK treats any other status as a failure
    return json({ organization: ref.org, project: ref.project, name: ref.name });
  },
});
