-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN     "ownerId" UUID;
