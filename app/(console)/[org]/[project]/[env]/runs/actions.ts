"use server";

import { headers } from "next/headers";
import { clientAddress } from "@/lib/auth/client-address";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import type { EnvironmentRef } from "@/lib/environments/schema";
import { createRunToken, revokeRunToken } from "@/lib/runs/run-tokens";
import type { RunLineDto } from "@/lib/runs/schema";
import { runCommandLine, splitCommand } from "@/lib/common/command-line";
import { formFields, type ActionState } from "@/lib/actions/action-state";
import { authedAction } from "@/lib/actions/authed-action";

const runsPath = (ref: EnvironmentRef) => `/${ref.org}/${ref.project}/${ref.name}/runs`;

export async function createRunCommandAction(ref: EnvironmentRef, _prev: ActionState<RunLineDto>, form: FormData): Promise<ActionState<RunLineDto>> {
  return authedAction(
    async (actor) => {
      const h = await headers();
      const fields = formFields(form);
      let command: string[] | undefined;
      try {
        command = splitCommand(fields.runCommand ?? "");
      } catch (e) {
        throw new AppError("invalid_input", `Check the command: ${(e as Error).message}.`, { command: (e as Error).message });
      }
      const created = await createRunToken(
        actor,
        ref,
        { version: fields.runVersion, ttlSeconds: fields.runTtl, uses: fields.runUses || undefined, command: command.length ? command : undefined },
        { address: clientAddress(h), userAgent: h.get("user-agent") ?? undefined },
      );
      const line = runCommandLine({ baseUrl: config().url, token: created.token, environment: created.environment, command: created.command ?? undefined });
      return { line, revision: created.revision, expiresAt: created.expiresAt, maxUses: created.maxUses };
    },
    { revalidate: () => runsPath(ref) },
  );
}

export async function revokeRunTokenAction(ref: EnvironmentRef, id: string): Promise<ActionState<undefined>> {
  return authedAction(
    async (actor) => {
      await revokeRunToken(actor, ref, id);
      return undefined;
    },
    { message: "Run command revoked.", revalidate: () => runsPath(ref) },
  );
}
