-- CreateEnum
CREATE TYPE "ChangeKind" AS ENUM ('FLAG_RAISED', 'FLAG_CONFIRMED', 'FLAG_REJECTED', 'STAKEHOLDER_ADDED', 'STAKEHOLDER_CHANGED', 'STAKEHOLDER_DEPARTED', 'STAKEHOLDER_ERASED', 'THREAD_CREATED', 'THREAD_CHANGED', 'THREAD_WENT_STALE', 'CASE_OPENED', 'CASE_STEP_DONE', 'CASE_CLOSED', 'SIGNAL_RECORDED', 'ACCOUNT_EVENT_RECORDED', 'OWNER_CHANGED', 'HANDOVER', 'SETTINGS_CHANGED', 'IMPORT_FINISHED', 'RISK_MOVED');

-- CreateEnum
CREATE TYPE "ActorKind" AS ENUM ('MEMBER', 'IMPORT', 'SYSTEM');

-- CreateEnum
CREATE TYPE "RiskPointCause" AS ENUM ('CHANGE', 'DRIFT', 'BACKFILL');

-- CreateTable
CREATE TABLE "Event" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "kind" "ChangeKind" NOT NULL,
    "actorKind" "ActorKind" NOT NULL,
    "actorId" UUID,
    "accountId" UUID,
    "subjectType" TEXT,
    "subjectId" UUID,
    "stakeholderId" UUID,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "importance" INTEGER NOT NULL DEFAULT 0,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seq" BIGSERIAL NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskPoint" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "score" INTEGER NOT NULL,
    "band" "RiskBand" NOT NULL,
    "zone" "RiskZone",
    "factors" JSONB NOT NULL DEFAULT '[]',
    "cause" "RiskPointCause" NOT NULL,

    CONSTRAINT "RiskPoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Event_organizationId_occurredAt_seq_idx" ON "Event"("organizationId", "occurredAt", "seq");

-- CreateIndex
CREATE INDEX "Event_organizationId_accountId_occurredAt_idx" ON "Event"("organizationId", "accountId", "occurredAt");

-- CreateIndex
CREATE INDEX "Event_organizationId_subjectId_occurredAt_idx" ON "Event"("organizationId", "subjectId", "occurredAt");

-- CreateIndex
CREATE INDEX "Event_organizationId_stakeholderId_idx" ON "Event"("organizationId", "stakeholderId");

-- CreateIndex
CREATE UNIQUE INDEX "Event_organizationId_id_key" ON "Event"("organizationId", "id");

-- CreateIndex
CREATE INDEX "RiskPoint_organizationId_accountId_at_idx" ON "RiskPoint"("organizationId", "accountId", "at");

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_organizationId_accountId_fkey" FOREIGN KEY ("organizationId", "accountId") REFERENCES "Account"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskPoint" ADD CONSTRAINT "RiskPoint_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskPoint" ADD CONSTRAINT "RiskPoint_organizationId_accountId_fkey" FOREIGN KEY ("organizationId", "accountId") REFERENCES "Account"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: one risk point per existing account, its stored risk as of its last assessment.
INSERT INTO "RiskPoint" ("id", "organizationId", "accountId", "at", "score", "band", "zone", "factors", "cause")
SELECT
    gen_random_uuid(), a."organizationId", a."id", COALESCE(a."healthUpdatedAt", a."createdAt"),
    a."riskScore", a."riskBand", a."riskZone",
    COALESCE(
        (SELECT jsonb_agg(jsonb_build_object('key', f->>'key', 'points', (f->>'points')::int))
         FROM jsonb_array_elements(a."riskFactors") AS f),
        '[]'::jsonb),
    'BACKFILL'
FROM "Account" AS a;
