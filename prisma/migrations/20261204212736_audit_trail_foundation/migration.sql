-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ChangeKind" ADD VALUE 'ORGANIZATION_CREATED';
ALTER TYPE "ChangeKind" ADD VALUE 'MEMBER_ADDED';
ALTER TYPE "ChangeKind" ADD VALUE 'MEMBER_INVITED';
ALTER TYPE "ChangeKind" ADD VALUE 'MEMBER_JOINED';
ALTER TYPE "ChangeKind" ADD VALUE 'MEMBER_ROLE_CHANGED';
ALTER TYPE "ChangeKind" ADD VALUE 'MEMBER_DEACTIVATED';
ALTER TYPE "ChangeKind" ADD VALUE 'MEMBER_REACTIVATED';
ALTER TYPE "ChangeKind" ADD VALUE 'TOKEN_CREATED';
ALTER TYPE "ChangeKind" ADD VALUE 'TOKEN_REVOKED';
ALTER TYPE "ChangeKind" ADD VALUE 'WEBHOOK_ENDPOINT_CREATED';
ALTER TYPE "ChangeKind" ADD VALUE 'WEBHOOK_ENDPOINT_CHANGED';
ALTER TYPE "ChangeKind" ADD VALUE 'WEBHOOK_SECRET_ROTATED';
ALTER TYPE "ChangeKind" ADD VALUE 'WEBHOOK_ENDPOINT_DELETED';
ALTER TYPE "ChangeKind" ADD VALUE 'REPORT_EXPORTED';
ALTER TYPE "ChangeKind" ADD VALUE 'AUDIT_LOG_EXPORTED';

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "clientAddress" TEXT,
ADD COLUMN     "requestId" TEXT;
