-- CreateTable
CREATE TABLE "Lease" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "project" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "openedById" TEXT,
    "runTokenId" TEXT,
    "via" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "maxExpiresAt" TIMESTAMP(3),
    "renewable" BOOLEAN NOT NULL,
    "revocable" BOOLEAN NOT NULL,
    "notRevocableReason" TEXT,
    "state" TEXT NOT NULL,
    "externalIds" TEXT NOT NULL DEFAULT '{}',
    "login" TEXT,
    "loginSecretSealed" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "claimedBy" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lease_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Lease_organizationId_issuedAt_idx" ON "Lease"("organizationId", "issuedAt");

-- CreateIndex
CREATE INDEX "Lease_environmentId_issuedAt_idx" ON "Lease"("environmentId", "issuedAt");

-- CreateIndex
CREATE INDEX "Lease_state_expiresAt_idx" ON "Lease"("state", "expiresAt");

