import { authenticate, endpoint, json, readJson, requestInfo } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { createRunToken, listRunTokens } from "@/lib/runs/run-tokens";
import { runCommandLine } from "@/lib/common/command-line";
import { config } from "@/lib/config";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = endpoint<EnvContext>({
  /** Ferry extension: the environment's one-shot run commands. */
  GET: async (request, ctx) => json({ runTokens: await listRunTokens(await authenticate(request), await envRef(ctx)) }),

  /** { version?, ttlSeconds?, uses?, command? } → the token (shown once) and the line to paste */
  POST: async (request, ctx) => {
    const created = await createRunToken(await authenticate(request), await envRef(ctx), await readJson(request), requestInfo(request));
    const line = runCommandLine({ baseUrl: config().url, token: created.token, environment: created.environment, command: created.command ?? undefined });
    return json({ ...created, line }, { status: 201 });
  },
});
