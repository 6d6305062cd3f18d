import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { describeCloudTrust } from "@/lib/environments/cloud-trust";
import { orNotFound } from "@/lib/next/page-data";
import { Alert, Card } from "@/components/ui/card";
import { TrustBlock, TrustValue } from "@/components/trust/trust-value";
import { environmentRefFrom, type EnvironmentParams } from "@/lib/next/params";

export const metadata: Metadata = { title: "Cloud trust" };

export default async function CloudTrustPage({ params }: { params: EnvironmentParams }) {
  const ref = await environmentRefFrom(params);
  const actor = await requireActor();
  const trust = await orNotFound(describeCloudTrust(actor, ref));
  return (
    <div className="max-w-4xl space-y-6">
      <p className="text-sm text-zinc-600">
        When this environment opens <code className="font-mono">fn::open::aws-login</code> or <code className="font-mono">fn::open::azure-login</code> with OIDC, Ferry signs
        a short-lived token with these claims. Configure your cloud to trust exactly these values.{" "}
        {trust.canChangeFormat ? (
          <>
            Subjects use the <strong>{trust.subjectFormat}</strong> format (<Link className="text-brand-700 underline" href={`/${ref.org}/-/settings`}>organization settings</Link>).
          </>
        ) : (
          <>
            Subjects use the <strong>{trust.subjectFormat}</strong> format, set by the organization&apos;s admins.
          </>
        )}
      </p>

      <p className="text-xs text-zinc-500">
        With <code className="font-mono">subjectAttributes</code> in a login, the subject becomes{" "}
        <code className="font-mono">{trust.subjectFormat}:environments:pulumi.organization.login:{ref.org}</code> followed by{" "}
        <code className="font-mono">:&lt;attribute&gt;:&lt;value&gt;</code> for each attribute listed. A login in an imported environment presents that environment&apos;s subject.
      </p>

      <Card title="Issuer" description="Register this URL as an OpenID Connect identity provider. It must be reachable from the cloud over https.">
        <div className="space-y-3">
          <TrustValue label="Issuer URL" value={trust.issuer} copyLabel="issuer URL" />
          {trust.issuerWarnings.length > 0 && (
            <Alert tone="info">
              {trust.issuerWarnings.map((w) => (
                <span key={w} className="block">{w}</span>
              ))}
            </Alert>
          )}
        </div>
      </Card>

      <Card title="AWS" description="IAM → Identity providers → Add provider (OpenID Connect), then a role with this trust policy.">
        <div className="space-y-4">
          <TrustValue label="Provider URL" value={trust.issuer} copyLabel="AWS provider URL" />
          <TrustValue label="Audience (aud)" value={trust.aws.audience} copyLabel="AWS audience" />
          <TrustValue label="Subject (sub)" value={trust.aws.subject} copyLabel="AWS subject" />
          <TrustBlock
            label={trust.aws.accountId ? `Role trust policy (account ${trust.aws.accountId}, from the definition's roleArn)` : "Role trust policy (replace <ACCOUNT_ID>)"}
            value={trust.aws.trustPolicy}
            copyLabel="AWS trust policy"
          />
        </div>
      </Card>

      <Card title="Azure" description="App registration (or managed identity) → Certificates & secrets → Federated credentials → Other issuer.">
        <div className="space-y-4">
          <TrustValue label="Issuer" value={trust.azure.issuer} copyLabel="Azure issuer" />
          <TrustValue label="Subject identifier" value={trust.azure.subject} copyLabel="Azure subject" />
          <TrustValue label="Audience" value={trust.azure.audience} copyLabel="Azure audience" />
          <TrustValue label="Name (suggested)" value={trust.azure.credentialName} copyLabel="Azure credential name" />
          {trust.azure.issuer.startsWith("http://") && (
            <Alert tone="info">Entra ID accepts only https:// issuers: a federated credential for this http:// issuer cannot be saved or matched. Serve Ferry over https (set FERRY_URL) first.</Alert>
          )}
        </div>
      </Card>
    </div>
  );
}
