-- CreateTable
CREATE TABLE "DataKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT,
    "wrappedKey" TEXT NOT NULL,
    "wrappedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DataKey_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KeyringState" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "wrappedBy" TEXT NOT NULL,
    "legacyRetiredAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "DataKey_organizationId_key" ON "DataKey"("organizationId");

