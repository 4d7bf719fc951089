-- CreateIndex
CREATE INDEX "Event_organizationId_importance_occurredAt_accountId_kind_idx" ON "Event"("organizationId", "importance", "occurredAt", "accountId", "kind");
