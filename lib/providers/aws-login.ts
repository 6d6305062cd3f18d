// fn::open::aws-login (CLOUD_PROTOCOLS.md §1.1, §2). Server-only.
import { AssumeRoleWithWebIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { EscValue, Provider, ProviderContext } from "../esc";
import type { MintedToken, MintRequest } from "../oidc/tokens";
import { checkSubjectAttributes } from "../oidc/claims";
import type { CloudConfig } from "./cloud-config";
import { awsLoginInputSchema, awsLoginOutputSchema } from "./schemas";
import { asObject, asString, asStrings, out, plain } from "./inputs";
import { parseDuration } from "../esc/duration";
import { describeStsFailure } from "./aws-errors";

export type MintToken = (req: Omit<MintRequest, "issuer">) => Promise<MintedToken>;

/** Hosted ESC defaults to 2h, which fails on roles left at AWS's 1h maximum; Ferry uses 1h. */
export const DEFAULT_SESSION_SECONDS = 3600;
const MIN_SESSION_SECONDS = 900;
const MAX_SESSION_SECONDS = 12 * 3600;
/** The token is exchanged at once; STS only needs it for the request. */
const AWS_TOKEN_LIFETIME_SECONDS = 300;

export function createAwsLoginProvider(deps: { mintToken: MintToken; config: () => CloudConfig }): Provider {
  return {
    name: "aws-login",
    inputSchema: awsLoginInputSchema,
    outputSchema: awsLoginOutputSchema,
    async open(inputs: EscValue, ctx: ProviderContext): Promise<EscValue> {
      const args = asObject(plain(inputs)) ?? {};
      const oidc = asObject(args.oidc);
      const stat = asObject(args.static);
      if (oidc && stat) throw new Error("aws-login: give either `oidc` or `static`, not both");
      if (stat) return staticCredentials(stat);
      if (!oidc) throw new Error("aws-login: give `oidc` (assume a role with Ferry's OIDC token) or `static` (existing keys)");
      return assumeRole(oidc, ctx, deps);
    },
  };
}

function staticCredentials(stat: Record<string, unknown>): EscValue {
  const accessKeyId = asString(stat.accessKeyId as string);
  const secretAccessKey = asString(stat.secretAccessKey as string);
  if (!accessKeyId || !secretAccessKey) throw new Error("aws-login: static credentials need `accessKeyId` and `secretAccessKey`");
  const result: Record<string, EscValue> = { accessKeyId: out(accessKeyId), secretAccessKey: out(secretAccessKey, true) };
  const sessionToken = asString(stat.sessionToken as string);
  if (sessionToken) result.sessionToken = out(sessionToken, true);
  return { value: result };
}

async function assumeRole(oidc: Record<string, ReturnType<typeof plain>>, ctx: ProviderContext, deps: { mintToken: MintToken; config: () => CloudConfig }): Promise<EscValue> {
  const roleArn = asString(oidc.roleArn);
  const sessionName = asString(oidc.sessionName);
  if (!roleArn || !sessionName) throw new Error("aws-login: `oidc` needs `roleArn` and `sessionName`");
  const durationText = asString(oidc.duration);
  const durationSeconds = durationText === undefined ? DEFAULT_SESSION_SECONDS : parseDuration(durationText);
  if (durationSeconds === undefined) throw new Error(`aws-login: duration "${durationText}" is not a duration such as 1h, 45m or 1h30m`);
  if (durationSeconds < MIN_SESSION_SECONDS || durationSeconds > MAX_SESSION_SECONDS) {
    throw new Error(`aws-login: duration must be between 15m and 12h (STS DurationSeconds 900–43200), got ${durationText}`);
  }
  const subjectAttributes = asStrings(oidc.subjectAttributes);
  const bad = checkSubjectAttributes(subjectAttributes);
  if (bad) throw new Error(`aws-login: ${bad}`);
  const policyArns = asStrings(oidc.policyArns);

  const minted = await deps.mintToken({ platform: "aws", context: ctx.context, subjectAttributes, lifetimeSeconds: AWS_TOKEN_LIFETIME_SECONDS });
  const cfg = deps.config().aws;
  const client = new STSClient({ region: cfg.region, ...(cfg.stsEndpoint ? { endpoint: cfg.stsEndpoint } : {}), maxAttempts: 2 });
  try {
    const res = await client.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: roleArn,
        RoleSessionName: sessionName,
        WebIdentityToken: minted.token,
        DurationSeconds: durationSeconds,
        ...(policyArns.length ? { PolicyArns: policyArns.map((arn) => ({ arn })) } : {}),
      }),
      { abortSignal: ctx.signal },
    );
    const c = res.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error("aws-login: STS answered without credentials");
    const result: Record<string, EscValue> = {
      accessKeyId: out(c.AccessKeyId),
      secretAccessKey: out(c.SecretAccessKey, true),
      sessionToken: out(c.SessionToken, true),
    };
    if (c.Expiration) result.expiration = out(new Date(c.Expiration).toISOString().replace(/\.000Z$/, "Z"));
    return { value: result };
  } catch (e) {
    if ((e as Error)?.message?.startsWith("aws-login:")) throw e;
    throw new Error(describeStsFailure(e, { claims: minted.claims, roleArn, durationSeconds, endpoint: cfg.stsEndpoint ?? process.env.AWS_ENDPOINT_URL_STS ?? process.env.AWS_ENDPOINT_URL ?? `the ${cfg.region} STS endpoint` }));
  } finally {
    client.destroy();
  }
}
