-- AlterEnum
ALTER TYPE "ChangeKind" ADD VALUE 'NOTIFICATION';

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "notificationPayload" JSONB,
ADD COLUMN     "notificationType" "WebhookEventType";
