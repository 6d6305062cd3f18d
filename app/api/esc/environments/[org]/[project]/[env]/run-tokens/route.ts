import { authenticate, json, readJson, requestInfo, route } from "@/lib/api/http";
import { envRef, type EnvContext } from "@/lib/api/params";
import { createRunToken, listRunTokens } from "@/lib/runs/run-tokens";
import { runCommandLine } from "@/lib/runs/command-line";
import { config } from "@/lib/config";

/** Ferry extension: the environment's one-shot run commands. */
export const GET = route<EnvContext>(async (request, ctx) => json({ runTokens: await listRunTokens(await authenticate(request), await envRef(ctx)) }));

/** { version?, ttlSeconds?, uses?, command? } → the token (shown once) and the line to paste */
export const POST = route<EnvContext>(async (request, ctx) => {
  const created = await createRunToken(await authenticate(request), await envRef(ctx), await readJson(request), requestInfo(request));
  const line = runCommandLine({ baseUrl: config().url, token: created.token, environment: created.environment, command: created.command ?? undefined });
  return json({ ...created, line }, { status: 201 });
});
