-- AlterTable
ALTER TABLE "Stakeholder" ADD COLUMN     "creationRequestHash" TEXT;
