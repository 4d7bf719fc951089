-- DropIndex
DROP INDEX "Event_organizationId_occurredAt_seq_idx";

-- CreateIndex
CREATE INDEX "Event_organizationId_occurredAt_seq_accountId_importance_ki_idx" ON "Event"("organizationId", "occurredAt", "seq", "accountId", "importance", "kind");
