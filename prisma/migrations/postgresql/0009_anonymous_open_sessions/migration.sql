-- AlterTable
ALTER TABLE "OpenSession" ADD COLUMN     "organizationId" TEXT,
ALTER COLUMN "environmentId" DROP NOT NULL;

-- AddForeignKey
ALTER TABLE "OpenSession" ADD CONSTRAINT "OpenSession_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

