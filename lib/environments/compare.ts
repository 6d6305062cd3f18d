// Revealing two revisions side by side (the compare page's "Show secrets"): both are evaluated
// with ciphertexts decrypted (no provider calls), under the open right, and the reveal is one
// audit event naming both revisions. A POST-only action calls this, never a page render, so a
// link or a prefetch cannot reveal or audit anything.
import "server-only";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit/record";
import { requireEnvironment } from "./access";
import { evaluate, type EvaluationDto, type OpenAuditInfo } from "./evaluate";
import { formatRef, type EnvironmentRef } from "./schema";

export async function revealComparisonAs(
  actor: Actor,
  ref: EnvironmentRef,
  versions: [string, string],
  audit: OpenAuditInfo,
): Promise<[EvaluationDto, EvaluationDto]> {
  const access = await requireEnvironment(actor, ref, "opener");
  const [a, b] = await Promise.all(versions.map((version) => evaluate("reveal", actor, access, { version })));
  await recordAudit({
    organizationId: access.org.id,
    actorId: actor.userId,
    action: "environment.reveal",
    target: formatRef(ref),
    detail: { revisions: [a.revision, b.revision], via: audit.via, compare: true },
    address: audit.address,
    userAgent: audit.userAgent,
  });
  return [a, b];
}
