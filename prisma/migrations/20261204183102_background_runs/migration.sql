-- CreateEnum
CREATE TYPE "BackgroundRunKind" AS ENUM ('IMPORT', 'HEALTH_RECOMPUTE');

-- CreateEnum
CREATE TYPE "BackgroundRunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "healthRulesVersion" INTEGER,
ADD COLUMN     "healthSettingsVersion" INTEGER;

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "settingsVersion" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "BackgroundRun" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "kind" "BackgroundRunKind" NOT NULL,
    "status" "BackgroundRunStatus" NOT NULL DEFAULT 'QUEUED',
    "memberId" UUID,
    "idempotencyKey" TEXT,
    "payloadHash" TEXT,
    "input" JSONB NOT NULL DEFAULT '{}',
    "content" TEXT,
    "total" INTEGER,
    "done" INTEGER NOT NULL DEFAULT 0,
    "cursor" TEXT,
    "progress" JSONB NOT NULL DEFAULT '{}',
    "problems" JSONB NOT NULL DEFAULT '[]',
    "problemCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BackgroundRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BackgroundRun_status_leaseExpiresAt_idx" ON "BackgroundRun"("status", "leaseExpiresAt");

-- CreateIndex
CREATE INDEX "BackgroundRun_organizationId_kind_createdAt_idx" ON "BackgroundRun"("organizationId", "kind", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "BackgroundRun_organizationId_id_key" ON "BackgroundRun"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "BackgroundRun_organizationId_kind_idempotencyKey_key" ON "BackgroundRun"("organizationId", "kind", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "BackgroundRun" ADD CONSTRAINT "BackgroundRun_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
