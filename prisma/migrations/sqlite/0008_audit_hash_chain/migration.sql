-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "auditRetentionDays" INTEGER;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "hash" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "prevHash" TEXT;

-- CreateTable
CREATE TABLE "AuditChainHead" (
    "organizationId" TEXT NOT NULL PRIMARY KEY,
    "lastHash" TEXT NOT NULL DEFAULT '',
    "lastAt" DATETIME,
    "anchorHash" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "AuditChainHead_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AuditEvent_hash_idx" ON "AuditEvent"("hash");

