// What a cloud must trust for an environment's logins (the Cloud trust panel), and the
// organization's subject-format setting. Every function authorizes the actor itself.
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import type { Actor } from "../auth/actor";
import { recordAudit } from "../audit/record";
import { requireAdmin, requireMembership } from "../orgs/access";
import { requireEnvironment } from "../environments/access";
import type { EnvironmentRef } from "../environments/schema";
import { audienceFor, subjectFor, SUBJECT_FORMATS, type SubjectFormat } from "./claims";
import { issuerUrl, issuerWarnings } from "./issuer";

export { issuerWarnings };
import { organizationSubjectFormat } from "./tokens";

export interface CloudTrustDto {
  issuer: string;
  subjectFormat: SubjectFormat;
  canChangeFormat: boolean;
  /** why real clouds would refuse this issuer (CLOUD_PROTOCOLS.md §1.4), if they would */
  issuerWarnings: string[];
  aws: { audience: string; subject: string; providerHost: string; trustPolicy: string };
  azure: { issuer: string; subject: string; audience: string; credentialName: string };
}

/** The IAM provider and its condition keys are named by the issuer URL without its scheme. */
export const issuerHostPath = (issuer: string) => issuer.replace(/^https?:\/\//, "");

export function awsTrustPolicy(issuer: string, audience: string, subject: string, accountId = "<ACCOUNT_ID>"): string {
  const host = issuerHostPath(issuer);
  return JSON.stringify(
    {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: `arn:aws:iam::${accountId}:oidc-provider/${host}` },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringEquals: { [`${host}:aud`]: audience, [`${host}:sub`]: subject } },
        },
      ],
    },
    null,
    2,
  );
}

/** Readers may see what to trust: it reveals nothing an opener's token would not. */
export async function describeCloudTrust(actor: Actor, ref: EnvironmentRef): Promise<CloudTrustDto> {
  const access = await requireEnvironment(actor, ref, "reader");
  const { role } = await requireMembership(actor, ref.org);
  const format = await organizationSubjectFormat(access.org.name);
  const env = `${access.env.project}/${access.env.name}`;
  const who = { org: access.org.name, currentEnvironment: env, rootEnvironment: env, userLogin: "" };
  const issuer = issuerUrl();
  const subject = subjectFor(format, who);
  const awsAud = audienceFor("aws", access.org.name, env);
  const azureAud = audienceFor("azure", access.org.name, env);
  return {
    issuer,
    subjectFormat: format,
    canChangeFormat: role === "admin",
    issuerWarnings: issuerWarnings(issuer),
    aws: { audience: awsAud, subject, providerHost: issuerHostPath(issuer), trustPolicy: awsTrustPolicy(issuer, awsAud, subject) },
    azure: { issuer, subject, audience: azureAud, credentialName: `ferry-${access.org.name}-${access.env.project}-${access.env.name}`.slice(0, 120) },
  };
}

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
