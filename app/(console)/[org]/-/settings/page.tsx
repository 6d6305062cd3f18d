import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { getOidcSettings } from "@/lib/orgs/oidc-settings";
import { orNotFound } from "@/lib/next/page-data";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { SubjectFormatForm } from "@/components/trust/subject-format-form";
import { ActionForm } from "@/components/ui/action-form";
import { getDefaultPermission } from "@/lib/access/grants";
import { getAuditRetention, MAX_RETENTION_DAYS } from "@/lib/audit/retention";
import { setAuditRetentionAction, setDefaultPermissionAction, setSubjectFormatAction } from "./actions";

const DEFAULTS = [
  ["none", "None: members see only environments granted to them"],
  ["read", "Read: see definitions, not secrets"],
  ["open", "Open: also resolve values and reveal secrets"],
  ["write", "Write: also save, tag and roll back (ESC's default)"],
] as const;

export const metadata: Metadata = { title: "Organization settings" };

export default async function OrganizationSettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const actor = await requireActor();
  const settings = await orNotFound(getOidcSettings(actor, (await params).org));
  const [defaultPermission, retention] = await Promise.all([getDefaultPermission(actor, settings.org), getAuditRetention(actor, settings.org)]);
  return (
    <>
      <PageHeader title="Settings" description={`Settings of ${settings.org}.`} />
      <div className="max-w-2xl space-y-6">
        <Card
          title="Default environment permission"
          description="What members may do with an environment where no grant names them (directly or through a team). A grant on an environment or project replaces it there, so it can narrow as well as widen. Admins can always do everything."
        >
          <ActionForm action={setDefaultPermissionAction.bind(null, settings.org)} submit="Save">
            <label className="sr-only" htmlFor="default-permission">Default permission</label>
            <select id="default-permission" name="permission" defaultValue={defaultPermission} disabled={!settings.canChange} className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm">
              {DEFAULTS.map(([value, label]) => (
                <option key={value} value={value}>{label}</option>
              ))}
            </select>
          </ActionForm>
        </Card>
        <Card
          title="Audit log retention"
          description="How long the audit log keeps events. Leave it empty to keep them forever (the default). Older events are removed when the operator prunes the log (npm run admin -- prune-audit); the hash chain stays verifiable."
        >
          <ActionForm action={setAuditRetentionAction.bind(null, settings.org)} submit="Save">
            <label className="flex min-w-0 flex-1 items-center gap-2 text-sm">
              <span>Keep events for</span>
              <input
                name="days"
                inputMode="numeric"
                aria-label="Days to keep audit events"
                defaultValue={retention.days ?? ""}
                placeholder="forever"
                disabled={!retention.canChange}
                maxLength={6}
                className="w-28 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm"
              />
              <span>days (1 to {MAX_RETENTION_DAYS})</span>
            </label>
          </ActionForm>
        </Card>
        <Card
          title="OIDC subject format"
          description={`The sub claim of tokens Ferry's issuer (${settings.issuer}) signs for cloud logins. Choose Pulumi ESC's format to keep trust policies written for hosted ESC working. Changing it changes what clouds must trust.`}
        >
          <SubjectFormatForm action={setSubjectFormatAction.bind(null, settings.org)} org={settings.org} current={settings.subjectFormat} canChange={settings.canChange} />
        </Card>
      </div>
    </>
  );
}
