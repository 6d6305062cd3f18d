-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OpenSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "environmentId" TEXT,
    "organizationId" TEXT,
    "revision" INTEGER NOT NULL,
    "userId" TEXT,
    "valuesEncrypted" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "OpenSession_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OpenSession_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OpenSession" ("createdAt", "environmentId", "expiresAt", "id", "revision", "userId", "valuesEncrypted") SELECT "createdAt", "environmentId", "expiresAt", "id", "revision", "userId", "valuesEncrypted" FROM "OpenSession";
DROP TABLE "OpenSession";
ALTER TABLE "new_OpenSession" RENAME TO "OpenSession";
CREATE INDEX "OpenSession_expiresAt_idx" ON "OpenSession"("expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

