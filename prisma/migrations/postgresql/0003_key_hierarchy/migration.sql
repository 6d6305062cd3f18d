-- CreateTable
CREATE TABLE "DataKey" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT,
    "wrappedKey" TEXT NOT NULL,
    "wrappedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KeyringState" (
    "id" TEXT NOT NULL,
    "wrappedBy" TEXT NOT NULL,
    "legacyRetiredAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KeyringState_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DataKey_organizationId_key" ON "DataKey"("organizationId");

-- AddForeignKey
ALTER TABLE "DataKey" ADD CONSTRAINT "DataKey_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

