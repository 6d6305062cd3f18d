-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "detail" TEXT,
    "address" TEXT,
    "userAgent" TEXT,
    "result" TEXT NOT NULL DEFAULT 'allowed',
    "environment" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_AuditEvent" ("action", "actorId", "address", "createdAt", "detail", "id", "organizationId", "target", "userAgent") SELECT "action", "actorId", "address", "createdAt", "detail", "id", "organizationId", "target", "userAgent" FROM "AuditEvent";
DROP TABLE "AuditEvent";
ALTER TABLE "new_AuditEvent" RENAME TO "AuditEvent";
CREATE INDEX "AuditEvent_organizationId_createdAt_id_idx" ON "AuditEvent"("organizationId", "createdAt", "id");
CREATE INDEX "AuditEvent_organizationId_actorId_createdAt_id_idx" ON "AuditEvent"("organizationId", "actorId", "createdAt", "id");
CREATE INDEX "AuditEvent_organizationId_action_createdAt_id_idx" ON "AuditEvent"("organizationId", "action", "createdAt", "id");
CREATE INDEX "AuditEvent_organizationId_environment_createdAt_id_idx" ON "AuditEvent"("organizationId", "environment", "createdAt", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Events recorded before this column named their environment only in the target, "<org>/<project>/<env>".
UPDATE "AuditEvent" SET "environment" = substr("target", instr("target", '/') + 1) WHERE "target" LIKE '%/%/%' AND "target" NOT LIKE '%/%/%/%';
