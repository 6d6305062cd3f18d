-- AlterTable
ALTER TABLE "OpenSession" ADD COLUMN     "resultId" TEXT,
ALTER COLUMN "valuesEncrypted" DROP NOT NULL;

-- CreateTable
CREATE TABLE "OpenResult" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "valuesEncrypted" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OpenResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OpenResult_expiresAt_idx" ON "OpenResult"("expiresAt");

-- CreateIndex
CREATE INDEX "OpenSession_resultId_idx" ON "OpenSession"("resultId");

-- AddForeignKey
ALTER TABLE "OpenSession" ADD CONSTRAINT "OpenSession_resultId_fkey" FOREIGN KEY ("resultId") REFERENCES "OpenResult"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenResult" ADD CONSTRAINT "OpenResult_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

