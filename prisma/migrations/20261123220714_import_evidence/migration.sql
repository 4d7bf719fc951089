-- CreateEnum
CREATE TYPE "FlagSource" AS ENUM ('PAGE', 'IMPORT');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "FlagMatch" ADD VALUE 'CRM_ID';
ALTER TYPE "FlagMatch" ADD VALUE 'EMAIL';

-- AlterTable
ALTER TABLE "JobChangeFlag" ADD COLUMN     "importFileName" TEXT,
ADD COLUMN     "importRowNumber" INTEGER,
ADD COLUMN     "source" "FlagSource" NOT NULL DEFAULT 'PAGE';
