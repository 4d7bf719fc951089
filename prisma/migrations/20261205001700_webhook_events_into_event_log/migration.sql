-- The webhook outbox reads the event log: every WebhookEvent becomes an Event of kind NOTIFICATION
-- (the value added by the previous migration, usable now that it is committed). Ids are kept, so a
-- receiver deduplicating on an event's id sees the same id for it.
INSERT INTO "Event" ("id", "organizationId", "kind", "actorKind", "stakeholderId", "importance", "occurredAt", "notificationType", "notificationPayload")
SELECT "id", "organizationId", 'NOTIFICATION', 'SYSTEM', "stakeholderId", 0, "occurredAt", "type", "payload"
FROM "WebhookEvent"
ORDER BY "occurredAt", "id";

-- DropForeignKey
ALTER TABLE "WebhookDelivery" DROP CONSTRAINT "WebhookDelivery_organizationId_eventId_fkey";

-- DropForeignKey
ALTER TABLE "WebhookEvent" DROP CONSTRAINT "WebhookEvent_organizationId_fkey";

-- DropTable
DROP TABLE "WebhookEvent";

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_organizationId_eventId_fkey" FOREIGN KEY ("organizationId", "eventId") REFERENCES "Event"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
