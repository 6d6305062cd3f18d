-- AlterTable
ALTER TABLE "Environment" ADD COLUMN     "deletionProtected" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Revision" ADD COLUMN     "retractedAt" TIMESTAMP(3),
ADD COLUMN     "retractedBy" TEXT,
ADD COLUMN     "retractedReason" TEXT,
ADD COLUMN     "retractedReplacement" INTEGER;

-- CreateTable
CREATE TABLE "EnvironmentTag" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "editorLogin" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EnvironmentTag_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EnvironmentTag_environmentId_name_key" ON "EnvironmentTag"("environmentId", "name");

-- AddForeignKey
ALTER TABLE "EnvironmentTag" ADD CONSTRAINT "EnvironmentTag_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

