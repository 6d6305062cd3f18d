"use server";

import { z } from "zod";
import { headers } from "next/headers";
import { clientAddress } from "@/lib/auth/client-address";
import { revealComparisonAs } from "@/lib/environments/compare";
import type { EnvironmentRef } from "@/lib/environments/schema";
import { parseInput } from "@/lib/validation/form";
import type { ActionState } from "@/lib/actions/action-state";
import { authedAction } from "@/lib/actions/authed-action";
import { diffValues, type ValueChange } from "@/components/revisions/value-diff";

const ZReveal = z.object({
  ref: z.object({ org: z.string().max(100), project: z.string().max(100), name: z.string().max(100) }),
  revisions: z.tuple([z.number().int().positive(), z.number().int().positive()]),
});

/** The compare page's "Show secrets": a POST, audited once per click. */
export async function revealComparisonAction(ref: EnvironmentRef, revisions: [number, number]): Promise<ActionState<ValueChange[]>> {
  return authedAction(async (actor) => {
    const input = parseInput(ZReveal, { ref, revisions });
    const h = await headers();
    const audit = { via: "console" as const, address: clientAddress(h), userAgent: h.get("user-agent") ?? undefined };
    const [a, b] = await revealComparisonAs(actor, input.ref, [String(input.revisions[0]), String(input.revisions[1])], audit);
    return diffValues(a.properties, b.properties, true);
  });
}
