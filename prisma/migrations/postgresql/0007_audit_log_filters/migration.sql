-- DropIndex
DROP INDEX "AuditEvent_organizationId_createdAt_idx";

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "environment" TEXT,
ADD COLUMN     "result" TEXT NOT NULL DEFAULT 'allowed';

-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_createdAt_id_idx" ON "AuditEvent"("organizationId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_actorId_createdAt_id_idx" ON "AuditEvent"("organizationId", "actorId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_action_createdAt_id_idx" ON "AuditEvent"("organizationId", "action", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_environment_createdAt_id_idx" ON "AuditEvent"("organizationId", "environment", "createdAt", "id");


-- Events recorded before this column named their environment only in the target, "<org>/<project>/<env>".
UPDATE "AuditEvent" SET "environment" = substring("target" from position('/' in "target") + 1) WHERE "target" LIKE '%/%/%' AND "target" NOT LIKE '%/%/%/%';
