-- AlterTable
ALTER TABLE "Revision" ADD COLUMN "retractedAt" DATETIME;
ALTER TABLE "Revision" ADD COLUMN "retractedBy" TEXT;
ALTER TABLE "Revision" ADD COLUMN "retractedReason" TEXT;
ALTER TABLE "Revision" ADD COLUMN "retractedReplacement" INTEGER;

-- CreateTable
CREATE TABLE "EnvironmentTag" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "environmentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "editorLogin" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "EnvironmentTag_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Environment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "project" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "headRevision" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletionProtected" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Environment_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Environment" ("createdAt", "headRevision", "id", "name", "organizationId", "project", "updatedAt") SELECT "createdAt", "headRevision", "id", "name", "organizationId", "project", "updatedAt" FROM "Environment";
DROP TABLE "Environment";
ALTER TABLE "new_Environment" RENAME TO "Environment";
CREATE UNIQUE INDEX "Environment_organizationId_project_name_key" ON "Environment"("organizationId", "project", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "EnvironmentTag_environmentId_name_key" ON "EnvironmentTag"("environmentId", "name");

