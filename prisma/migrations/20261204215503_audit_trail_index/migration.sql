-- CreateIndex
CREATE INDEX "Event_organizationId_kind_occurredAt_idx" ON "Event"("organizationId", "kind", "occurredAt");
