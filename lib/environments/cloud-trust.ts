// What a cloud must trust for an environment's logins (the Cloud trust panel). Readers may see
// it: it reveals nothing an opener's token would not.
import "server-only";
import { db } from "../db/client";
import type { Actor } from "../auth/actor";
import { requireMembership } from "../orgs/access";
import { audienceFor, subjectFor } from "../oidc/claims";
import { issuerUrl, issuerWarnings } from "../oidc/issuer";
import { organizationSubjectFormat } from "../oidc/tokens";
import type { SubjectFormat } from "../oidc/claims";
import { requireEnvironment } from "./access";
import type { EnvironmentRef } from "./schema";

export interface CloudTrustDto {
  issuer: string;
  subjectFormat: SubjectFormat;
  canChangeFormat: boolean;
  /** why real clouds would refuse this issuer (CLOUD_PROTOCOLS.md §1.4), if they would */
  issuerWarnings: string[];
  /** accountId: the one AWS account the definition's role ARNs name, filled into the policy */
  aws: { audience: string; subject: string; providerHost: string; trustPolicy: string; accountId?: string };
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

/** The AWS account the definition's `roleArn`s name, when they all name the same one. */
export function accountFromDefinition(yaml: string): string | undefined {
  const accounts = new Set(Array.from(yaml.matchAll(/arn:aws[a-z-]*:iam::(\d{12}):role\//g), (m) => m[1]));
  return accounts.size === 1 ? [...accounts][0] : undefined;
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
  const head = await db().revision.findUnique({
    where: { environmentId_number: { environmentId: access.env.id, number: access.env.headRevision } },
    select: { yaml: true },
  });
  const accountId = head ? accountFromDefinition(head.yaml) : undefined;
  return {
    issuer,
    subjectFormat: format,
    canChangeFormat: role === "admin",
    issuerWarnings: issuerWarnings(issuer),
    aws: { audience: awsAud, subject, providerHost: issuerHostPath(issuer), trustPolicy: awsTrustPolicy(issuer, awsAud, subject, accountId), accountId },
    azure: { issuer, subject, audience: azureAud, credentialName: `ferry-${access.org.name}-${access.env.project}-${access.env.name}`.slice(0, 120) },
  };
}
