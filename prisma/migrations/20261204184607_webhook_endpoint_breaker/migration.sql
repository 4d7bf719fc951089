-- AlterEnum
ALTER TYPE "WebhookEventType" ADD VALUE 'WEBHOOK_ENDPOINT_PAUSED';

-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN     "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "nextProbeAt" TIMESTAMP(3),
ADD COLUMN     "pausedAt" TIMESTAMP(3),
ADD COLUMN     "pausedReason" TEXT;

-- Failed attempts no longer keep the start of the receiver's answer: keep only "HTTP <status>".
UPDATE "WebhookAttempt" SET "error" = substring("error" from '^HTTP [0-9]{3}') WHERE "error" ~ '^HTTP [0-9]{3}: ';
UPDATE "WebhookDelivery" SET "lastError" = substring("lastError" from '^HTTP [0-9]{3}') WHERE "lastError" ~ '^HTTP [0-9]{3}: ';
