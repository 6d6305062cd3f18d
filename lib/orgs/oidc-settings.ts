// The organization's OIDC settings: the subject format its tokens carry. Members read them;
// admins change them.
import "server-only";
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit/record";
import { SUBJECT_FORMATS, type SubjectFormat } from "../oidc/claims";
import { issuerUrl } from "../oidc/issuer";
import { organizationSubjectFormat } from "../oidc/tokens";
import { requireAdmin, requireMembership } from "./access";

export const ZOidcSettings = z.object({
  subjectFormat: z.enum(SUBJECT_FORMATS, { message: `Choose one of: ${SUBJECT_FORMATS.join(", ")}.` }),
});
export type TOidcSettings = z.infer<typeof ZOidcSettings>;

export async function getOidcSettings(actor: Actor, org: string): Promise<{ org: string; subjectFormat: SubjectFormat; canChange: boolean; issuer: string }> {
  const access = await requireMembership(actor, org);
  return { org: access.org.name, subjectFormat: await organizationSubjectFormat(access.org.name), canChange: access.role === "admin", issuer: issuerUrl() };
}

export async function setOidcSubjectFormat(actor: Actor, org: string, input: unknown): Promise<TOidcSettings> {
  const access = await requireAdmin(actor, org);
  const parsed = ZOidcSettings.safeParse(input);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Choose a subject format.", { subjectFormat: parsed.error.issues[0]?.message ?? "Invalid." });
  }
  await db().$transaction(async (tx) => {
    await tx.organization.update({ where: { id: access.org.id }, data: { oidcSubjectFormat: parsed.data.subjectFormat } });
    await recordAudit({ organizationId: access.org.id, actorId: actor.userId, action: "organization.oidc-subject-format", target: access.org.name, detail: { subjectFormat: parsed.data.subjectFormat } }, tx);
  });
  return parsed.data;
}
