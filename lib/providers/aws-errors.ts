// STS AssumeRoleWithWebIdentity failures → one diagnostic message: the cloud's code and message,
// what Ferry presented, and the most likely fix. Codes and messages: CLOUD_PROTOCOLS.md §2.3.
import type { EnvironmentClaims } from "../oidc/claims";
import { networkFailure, presented, sentence, unreachable } from "./presented";

export interface StsAttempt {
  claims: Pick<EnvironmentClaims, "iss" | "sub" | "aud">;
  roleArn: string;
  durationSeconds: number;
  endpoint: string;
}

const hostPath = (iss: string) => iss.replace(/^https?:\/\//, "");

export function describeStsFailure(e: unknown, at: StsAttempt): string {
  const err = e as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const net = networkFailure(e);
  if (net) return unreachable("aws-login", "AWS STS", at.claims, `could not reach STS at ${at.endpoint} (${net}: ${err?.message ?? ""}). Check FERRY_AWS_STS_ENDPOINT / AWS_ENDPOINT_URL_STS and FERRY_AWS_REGION.`);
  const code = (err?.Code ?? err?.name ?? "Error").replace(/Exception$/, "");
  const message = (err?.message ?? String(e)).trim();
  const { iss, aud, sub } = at.claims;
  const host = hostPath(iss);
  let fix: string;
  if (code === "InvalidIdentityToken" && /No OpenIDConnect provider found/i.test(message)) {
    fix = `The AWS account has no IAM OIDC identity provider for this issuer: create one with URL "${iss}" and audience "${aud}" (the issuer must match exactly, including scheme and path).`;
  } else if (code === "InvalidIdentityToken" && /audience/i.test(message)) {
    fix = `Add "${aud}" to the audiences (client IDs) of the IAM OIDC identity provider for ${host}.`;
  } else if (code === "InvalidIdentityToken" && /verification key|retrieve/i.test(message)) {
    fix = `AWS could not fetch ${iss}/.well-known/openid-configuration and its key set: Ferry's issuer must be reachable from AWS over https (check FERRY_URL).`;
  } else if (code === "InvalidIdentityToken" && /claim: aud/i.test(message)) {
    fix = `The token must carry an audience; the IAM provider for ${host} should list "${aud}".`;
  } else if (code === "ExpiredToken" || /expired/i.test(message)) {
    fix = "The token was already expired when STS checked it: check that Ferry's and AWS's clocks agree.";
  } else if (code === "AccessDenied") {
    fix = `The trust policy of ${at.roleArn} does not accept this token. Its statement must federate arn:aws:iam::<account>:oidc-provider/${host} and allow exactly "${host}:aud" = "${aud}" and "${host}:sub" = "${sub}" (see the environment's Cloud trust tab for a ready-made policy).`;
  } else if (/DurationSeconds|MaxSessionDuration/i.test(message)) {
    fix = `The requested duration (${at.durationSeconds}s) is above the role's maximum session duration: lower \`duration\` (the default is 1h) or raise the role's MaxSessionDuration.`;
  } else if (code === "IDPRejectedClaim") {
    fix = `The identity provider for ${host} rejected a claim; check its audiences and thumbprints.`;
  } else if (code === "RegionDisabled") {
    fix = "STS is not activated in this region: set FERRY_AWS_REGION to an activated region.";
  } else if (code === "IDPCommunicationError") {
    fix = `AWS could not reach ${iss} in time; try again and check that the issuer answers quickly over https.`;
  } else {
    fix = `Check the role ARN ${at.roleArn} and its trust policy.`;
  }
  return `aws-login: AssumeRoleWithWebIdentity for ${at.roleArn} failed: ${code}: ${sentence(message)} ${presented(at.claims)} Likely fix: ${fix}`;
}
