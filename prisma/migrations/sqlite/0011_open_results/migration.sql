-- CreateTable
CREATE TABLE "OpenResult" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "environmentId" TEXT NOT NULL,
    "valuesEncrypted" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "OpenResult_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OpenSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "environmentId" TEXT,
    "organizationId" TEXT,
    "revision" INTEGER NOT NULL,
    "userId" TEXT,
    "valuesEncrypted" TEXT,
    "resultId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "OpenSession_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OpenSession_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OpenSession_resultId_fkey" FOREIGN KEY ("resultId") REFERENCES "OpenResult" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OpenSession" ("createdAt", "environmentId", "expiresAt", "id", "organizationId", "revision", "userId", "valuesEncrypted") SELECT "createdAt", "environmentId", "expiresAt", "id", "organizationId", "revision", "userId", "valuesEncrypted" FROM "OpenSession";
DROP TABLE "OpenSession";
ALTER TABLE "new_OpenSession" RENAME TO "OpenSession";
CREATE INDEX "OpenSession_expiresAt_idx" ON "OpenSession"("expiresAt");
CREATE INDEX "OpenSession_resultId_idx" ON "OpenSession"("resultId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "OpenResult_expiresAt_idx" ON "OpenResult"("expiresAt");

