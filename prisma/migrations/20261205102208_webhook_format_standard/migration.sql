-- AlterEnum
ALTER TYPE "WebhookFormat" ADD VALUE 'STANDARD';
