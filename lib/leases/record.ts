// Recording leases during an open. evaluate() builds one recorder per open, bound to what it
// already authorized (the environment, revision, opener and how they came), and hands it to the
// provider registry as a capability: providers report credentials, never who or where.
import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "../db/client";
import { recordAudit } from "../audit/record";
import { sealServerData, sealedLabels } from "../crypto/server-data";
import type { LeaseHooks } from "../providers/registry";
import type { AzureSpLease, PendingAzureSpLease } from "../providers/azure-sp/provider";
import { subjectInputFromContext } from "../oidc/claims";
import type { StoredLogin } from "./cloud";
import type { LeaseVia } from "./schema";

export interface LeaseOpening {
  organizationId: string;
  environmentId: string;
  project: string;
  environment: string;
  revision: number;
  openedById: string;
  runTokenId?: string;
  via: LeaseVia;
  address?: string;
  userAgent?: string;
}

export function leaseRecorder(o: LeaseOpening): LeaseHooks {
  const base = () => ({
    organizationId: o.organizationId,
    environmentId: o.environmentId,
    project: o.project,
    environment: o.environment,
    revision: o.revision,
    openedById: o.openedById,
    runTokenId: o.runTokenId ?? null,
    via: o.via,
  });
  return {
    async recordIrrevocable(c) {
      const id = randomUUID();
      const now = new Date();
      await db().$transaction(async (tx) => {
        await tx.lease.create({
          data: { id, ...base(), provider: c.provider, issuedAt: now, expiresAt: new Date(c.expiresAt), renewable: false, revocable: false, notRevocableReason: c.reason, state: "active", externalIds: JSON.stringify(c.externalIds) },
        });
        await recordAudit({ organizationId: o.organizationId, actorId: o.openedById, action: "lease.issue", target: `${o.project}/${o.environment}`, detail: { lease: id, provider: c.provider, via: o.via, revocable: false, ...(o.runTokenId ? { runToken: o.runTokenId } : {}) }, address: o.address, userAgent: o.userAgent }, tx);
      });
    },
    pending: {
      async begin(p: PendingAzureSpLease, loginSecret, ctx) {
        // The assertion at revocation speaks for the environment holding the fn::open (maybe an import).
        const who = subjectInputFromContext(ctx.context);
        const login: StoredLogin = { ...p.login, org: who.org, environment: who.currentEnvironment };
        const sealed = loginSecret ? await sealServerData(loginSecret, { organizationId: o.organizationId }, sealedLabels.leaseLogin(p.leaseId)) : null;
        await db().lease.create({
          data: {
            id: p.leaseId,
            ...base(),
            provider: p.provider,
            issuedAt: new Date(p.issuedAt),
            expiresAt: new Date(p.expiresAt),
            maxExpiresAt: new Date(p.maxExpiresAt),
            renewable: p.renewable,
            revocable: p.revocable,
            state: "pending",
            externalIds: JSON.stringify(p.externalIds ?? {}),
            login: JSON.stringify(login),
            loginSecretSealed: sealed,
          },
        });
      },
      async progress(leaseId, ids) {
        await db().lease.update({ where: { id: leaseId }, data: { externalIds: JSON.stringify(ids) } });
      },
      async abandon(leaseId) {
        // The open failed and Azure holds nothing of it: there was never a credential to record.
        await db().lease.deleteMany({ where: { id: leaseId, state: "pending" } });
      },
    },
    async recordLease({ lease }: { lease: AzureSpLease }) {
      await db().$transaction(async (tx) => {
        const done = await tx.lease.updateMany({ where: { id: lease.leaseId, state: "pending" }, data: { state: "active", externalIds: JSON.stringify(lease.externalIds) } });
        // Not pending any more: the reaper took the open as abandoned (it ran past PENDING_GRACE),
        // so the provider deletes what it created instead of handing it out.
        if (done.count !== 1) throw new Error(`lease ${lease.leaseId} is no longer pending`);
        await recordAudit({ organizationId: o.organizationId, actorId: o.openedById, action: "lease.issue", target: `${o.project}/${o.environment}`, detail: { lease: lease.leaseId, provider: lease.provider, via: o.via, revocable: true, clientId: lease.externalIds.clientId, ...(o.runTokenId ? { runToken: o.runTokenId } : {}) }, address: o.address, userAgent: o.userAgent }, tx);
      });
    },
  };
}
