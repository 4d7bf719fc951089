-- AlterEnum
ALTER TYPE "WebhookEventType" ADD VALUE 'WEEKLY_DIGEST';

-- CreateTable
CREATE TABLE "WeeklyDigestSend" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "weekStart" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WeeklyDigestSend_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WeeklyDigestSend_organizationId_scope_weekStart_key" ON "WeeklyDigestSend"("organizationId", "scope", "weekStart");
