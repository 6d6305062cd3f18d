import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { getOidcSettings } from "@/lib/oidc/trust";
import { orNotFound } from "@/lib/next/page-data";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { SubjectFormatForm } from "@/components/trust/subject-format-form";

export const metadata: Metadata = { title: "Organization settings" };

export default async function OrganizationSettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const actor = await requireActor();
  const settings = await orNotFound(getOidcSettings(actor, decodeURIComponent((await params).org)));
  return (
    <>
      <PageHeader title="Settings" description={`Settings of ${settings.org}.`} />
      <div className="max-w-2xl space-y-6">
        <Card
          title="OIDC subject format"
          description={`The sub claim of tokens Ferry's issuer (${settings.issuer}) signs for cloud logins. Choose Pulumi ESC's format to keep trust policies written for hosted ESC working. Changing it changes what clouds must trust.`}
        >
          <SubjectFormatForm org={settings.org} current={settings.subjectFormat} canChange={settings.canChange} />
        </Card>
      </div>
    </>
  );
}
