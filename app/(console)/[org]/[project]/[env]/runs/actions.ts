"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/session";
import { clientAddress } from "@/lib/auth/client-address";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import type { EnvironmentRef } from "@/lib/environments/schema";
import { createRunToken, revokeRunToken } from "@/lib/runs/run-tokens";
import { runCommandLine, splitCommand } from "@/lib/runs/command-line";
import { runAction, type ActionState } from "@/lib/actions/action-state";

export interface RunLineDto {
  line: string;
  revision: number;
  expiresAt: string;
  maxUses: number;
}

const runsPath = (ref: EnvironmentRef) => `/${ref.org}/${ref.project}/${ref.name}/runs`;

export async function createRunCommandAction(ref: EnvironmentRef, _prev: ActionState<RunLineDto>, form: FormData): Promise<ActionState<RunLineDto>> {
  const actor = await requireActor();
  const h = await headers();
  const result = await runAction(async () => {
    let command: string[] | undefined;
    try {
      command = splitCommand(String(form.get("runCommand") ?? ""));
    } catch (e) {
      throw new AppError("invalid_input", `Check the command: ${(e as Error).message}.`, { command: (e as Error).message });
    }
    const created = await createRunToken(
      actor,
      ref,
      { version: form.get("runVersion") ?? undefined, ttlSeconds: form.get("runTtl") ?? undefined, uses: form.get("runUses") || undefined, command: command.length ? command : undefined },
      { address: clientAddress(h), userAgent: h.get("user-agent") ?? undefined },
    );
    const line = runCommandLine({ baseUrl: config().url, token: created.token, environment: created.environment, command: created.command ?? undefined });
    return { line, revision: created.revision, expiresAt: created.expiresAt, maxUses: created.maxUses };
  });
  if (result.status === "ok") revalidatePath(runsPath(ref));
  return result;
}

export async function revokeRunTokenAction(ref: EnvironmentRef, id: string): Promise<ActionState<undefined>> {
  const actor = await requireActor();
  const result = await runAction(async () => {
    await revokeRunToken(actor, ref, id);
    return undefined;
  }, "Run command revoked.");
  revalidatePath(runsPath(ref));
  return result;
}
