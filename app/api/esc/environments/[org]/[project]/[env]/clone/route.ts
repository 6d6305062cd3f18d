import { authenticate, endpoint, readJson } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { cloneEnvironment } from "@/lib/environments/clone";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<EnvContext>({
  /**
   * { project?, name, version?, preserveHistory?, preserveAccess?, preserveEnvironmentTags?, preserveRevisionTags? }.
   * 204, as ESC's API answers: the TypeScript SDK's cloneEnvironment fails on any other status.
   */
  POST: async (request, ctx) => {
    await cloneEnvironment(await authenticate(request), await envRef(ctx), await readJson(request));
    return new Response(null, { status: 204 });
  },
});
