-- CreateEnum
CREATE TYPE "RiskBand" AS ENUM ('GREEN', 'YELLOW', 'AMBER', 'RED');

-- CreateEnum
CREATE TYPE "RiskZone" AS ENUM ('RED_ZONE', 'DEAD_ZONE');

-- CreateEnum
CREATE TYPE "JobChangeKind" AS ENUM ('LEFT_COMPANY', 'INTERNAL_MOVE', 'PROMOTION', 'LEAVING_SOON');

-- CreateEnum
CREATE TYPE "FlagMatch" AS ENUM ('PROFILE_URL', 'NAME_AND_COMPANY', 'MANUAL_LINK');

-- CreateEnum
CREATE TYPE "FlagStatus" AS ENUM ('PENDING', 'CONFIRMED', 'REJECTED');

-- CreateEnum
CREATE TYPE "CaseCause" AS ENUM ('MAIN_CONTACT_TURNOVER', 'ROLE_HOLDER_TURNOVER', 'OUR_REP_LEFT', 'EXECUTIVE_CHANGE');

-- CreateEnum
CREATE TYPE "LearnedWhen" AS ENUM ('BEFORE_DEPARTURE', 'AFTER_DEPARTURE');

-- CreateEnum
CREATE TYPE "Destination" AS ENUM ('INTERNAL', 'EXTERNAL', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "RoleDisposition" AS ENUM ('REPLACED', 'MERGED', 'ELIMINATED', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "ReplacementOrigin" AS ENUM ('INTERNAL', 'EXTERNAL_NEW_TO_FUNCTION', 'EXTERNAL_FROM_COMPETITOR');

-- CreateEnum
CREATE TYPE "CaseOutcome" AS ENUM ('SAVED', 'CHURNED');

-- CreateEnum
CREATE TYPE "SignalKind" AS ENUM ('ENGAGEMENT_TREND', 'SUPPORT_TICKETS', 'PRODUCT_USAGE', 'ARR_GROWTH', 'NPS', 'RENEWAL_RESISTANCE', 'REFERRALS');

-- CreateEnum
CREATE TYPE "EventKind" AS ENUM ('NEW_EXECUTIVE', 'MERGER_ACQUISITION', 'RESTRUCTURING', 'DIVESTITURE', 'BUDGET_CUTS', 'MARKET_SHIFT', 'ACCOUNT_MANAGER_CHANGED');

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "coverage" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "coveragePercent" INTEGER NOT NULL DEFAULT 100,
ADD COLUMN     "gapCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "healthUpdatedAt" TIMESTAMP(3),
ADD COLUMN     "liveThreadCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "riskBand" "RiskBand" NOT NULL DEFAULT 'GREEN',
ADD COLUMN     "riskFactors" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "riskScore" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "riskZone" "RiskZone",
ADD COLUMN     "zoneReasons" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "Stakeholder" ADD COLUMN     "creationKey" TEXT;

-- CreateTable
CREATE TABLE "JobChangeFlag" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "stakeholderId" UUID NOT NULL,
    "kind" "JobChangeKind" NOT NULL,
    "status" "FlagStatus" NOT NULL DEFAULT 'PENDING',
    "matchedBy" "FlagMatch" NOT NULL,
    "observedName" TEXT,
    "observedTitle" TEXT,
    "observedCompany" TEXT,
    "observedCompanyUrl" TEXT,
    "pageUrl" TEXT,
    "observedAt" TIMESTAMP(3) NOT NULL,
    "flaggedById" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "reviewedById" UUID,
    "reviewedAt" TIMESTAMP(3),
    "reviewNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobChangeFlag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DepartureCase" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "stakeholderId" UUID,
    "openFor" UUID,
    "cause" "CaseCause" NOT NULL,
    "learned" "LearnedWhen" NOT NULL,
    "coverageAtOpen" INTEGER NOT NULL,
    "destination" "Destination" NOT NULL DEFAULT 'UNKNOWN',
    "destinationCompany" TEXT,
    "destinationAccountId" UUID,
    "roleDisposition" "RoleDisposition" NOT NULL DEFAULT 'UNKNOWN',
    "replacementId" UUID,
    "replacementOrigin" "ReplacementOrigin",
    "arrAtRiskMinor" BIGINT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),
    "outcome" "CaseOutcome",
    "playbookName" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DepartureCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseStep" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "phase" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "ownerId" UUID,
    "dueOn" DATE,
    "doneAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlaybookTemplate" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "cause" "CaseCause" NOT NULL,
    "segment" "AccountSegment",
    "name" TEXT NOT NULL,
    "steps" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlaybookTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountEvent" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "kind" "EventKind" NOT NULL,
    "occurredOn" DATE NOT NULL,
    "note" TEXT,
    "recordedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccountEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountSignal" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "kind" "SignalKind" NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "observedAt" TIMESTAMP(3) NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccountSignal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JobChangeFlag_organizationId_status_createdAt_idx" ON "JobChangeFlag"("organizationId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "JobChangeFlag_organizationId_stakeholderId_idx" ON "JobChangeFlag"("organizationId", "stakeholderId");

-- CreateIndex
CREATE UNIQUE INDEX "JobChangeFlag_organizationId_id_key" ON "JobChangeFlag"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "JobChangeFlag_organizationId_idempotencyKey_key" ON "JobChangeFlag"("organizationId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "DepartureCase_organizationId_closedAt_idx" ON "DepartureCase"("organizationId", "closedAt");

-- CreateIndex
CREATE INDEX "DepartureCase_organizationId_accountId_idx" ON "DepartureCase"("organizationId", "accountId");

-- CreateIndex
CREATE UNIQUE INDEX "DepartureCase_organizationId_id_key" ON "DepartureCase"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "DepartureCase_organizationId_openFor_key" ON "DepartureCase"("organizationId", "openFor");

-- CreateIndex
CREATE INDEX "CaseStep_organizationId_caseId_position_idx" ON "CaseStep"("organizationId", "caseId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "CaseStep_organizationId_id_key" ON "CaseStep"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "PlaybookTemplate_organizationId_id_key" ON "PlaybookTemplate"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "PlaybookTemplate_organizationId_cause_segment_key" ON "PlaybookTemplate"("organizationId", "cause", "segment");

-- CreateIndex
CREATE INDEX "AccountEvent_organizationId_accountId_occurredOn_idx" ON "AccountEvent"("organizationId", "accountId", "occurredOn");

-- CreateIndex
CREATE UNIQUE INDEX "AccountEvent_organizationId_id_key" ON "AccountEvent"("organizationId", "id");

-- CreateIndex
CREATE INDEX "AccountSignal_organizationId_accountId_kind_observedAt_idx" ON "AccountSignal"("organizationId", "accountId", "kind", "observedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "AccountSignal_organizationId_id_key" ON "AccountSignal"("organizationId", "id");

-- CreateIndex
CREATE INDEX "Account_organizationId_riskScore_idx" ON "Account"("organizationId", "riskScore" DESC);

-- CreateIndex
CREATE INDEX "Account_organizationId_gapCount_arrMinor_idx" ON "Account"("organizationId", "gapCount", "arrMinor" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Stakeholder_organizationId_creationKey_key" ON "Stakeholder"("organizationId", "creationKey");

-- AddForeignKey
ALTER TABLE "JobChangeFlag" ADD CONSTRAINT "JobChangeFlag_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobChangeFlag" ADD CONSTRAINT "JobChangeFlag_organizationId_stakeholderId_fkey" FOREIGN KEY ("organizationId", "stakeholderId") REFERENCES "Stakeholder"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobChangeFlag" ADD CONSTRAINT "JobChangeFlag_organizationId_flaggedById_fkey" FOREIGN KEY ("organizationId", "flaggedById") REFERENCES "Member"("organizationId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DepartureCase" ADD CONSTRAINT "DepartureCase_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DepartureCase" ADD CONSTRAINT "DepartureCase_organizationId_accountId_fkey" FOREIGN KEY ("organizationId", "accountId") REFERENCES "Account"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DepartureCase" ADD CONSTRAINT "DepartureCase_stakeholderId_fkey" FOREIGN KEY ("stakeholderId") REFERENCES "Stakeholder"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DepartureCase" ADD CONSTRAINT "DepartureCase_destinationAccountId_fkey" FOREIGN KEY ("destinationAccountId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DepartureCase" ADD CONSTRAINT "DepartureCase_replacementId_fkey" FOREIGN KEY ("replacementId") REFERENCES "Stakeholder"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseStep" ADD CONSTRAINT "CaseStep_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseStep" ADD CONSTRAINT "CaseStep_organizationId_caseId_fkey" FOREIGN KEY ("organizationId", "caseId") REFERENCES "DepartureCase"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseStep" ADD CONSTRAINT "CaseStep_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlaybookTemplate" ADD CONSTRAINT "PlaybookTemplate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountEvent" ADD CONSTRAINT "AccountEvent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountEvent" ADD CONSTRAINT "AccountEvent_organizationId_accountId_fkey" FOREIGN KEY ("organizationId", "accountId") REFERENCES "Account"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountSignal" ADD CONSTRAINT "AccountSignal_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountSignal" ADD CONSTRAINT "AccountSignal_organizationId_accountId_fkey" FOREIGN KEY ("organizationId", "accountId") REFERENCES "Account"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
