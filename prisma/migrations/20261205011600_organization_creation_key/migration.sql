-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "creationKey" TEXT,
ADD COLUMN     "creationRequestHash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Organization_creationKey_key" ON "Organization"("creationKey");
