-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "MemberRole" AS ENUM ('ADMIN', 'MANAGER', 'CSM', 'REP');

-- CreateEnum
CREATE TYPE "TokenScope" AS ENUM ('READ_ONLY', 'FLAGGING', 'FULL');

-- CreateEnum
CREATE TYPE "AccountTier" AS ENUM ('STRATEGIC', 'KEY', 'STANDARD');

-- CreateEnum
CREATE TYPE "AccountSegment" AS ENUM ('ENTERPRISE', 'MID_MARKET', 'SMB');

-- CreateEnum
CREATE TYPE "AccountLifecycle" AS ENUM ('PROSPECT', 'CUSTOMER', 'CHURNED');

-- CreateEnum
CREATE TYPE "Level" AS ENUM ('LOW', 'MEDIUM', 'HIGH');

-- CreateEnum
CREATE TYPE "Advocacy" AS ENUM ('PROMOTER', 'NEUTRAL', 'DETRACTOR');

-- CreateEnum
CREATE TYPE "BuyingRole" AS ENUM ('CHAMPION', 'ECONOMIC_BUYER', 'EXECUTIVE_SPONSOR', 'DECISION_MAKER', 'TECHNICAL_EVALUATOR', 'USER');

-- CreateEnum
CREATE TYPE "Seniority" AS ENUM ('EXECUTIVE', 'VP', 'DIRECTOR', 'MANAGER', 'INDIVIDUAL_CONTRIBUTOR');

-- CreateEnum
CREATE TYPE "Sentiment" AS ENUM ('POSITIVE', 'NEUTRAL', 'NEGATIVE');

-- CreateEnum
CREATE TYPE "StakeholderStatus" AS ENUM ('ACTIVE', 'SUSPECTED_DEPARTURE', 'DEPARTED');

-- CreateEnum
CREATE TYPE "RelationshipStrength" AS ENUM ('STRONG', 'MEDIUM', 'WEAK');

-- CreateEnum
CREATE TYPE "EmploymentSource" AS ENUM ('MANUAL', 'IMPORT', 'FLAG', 'SEED');

-- CreateTable
CREATE TABLE "Organization" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "settings" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "MemberRole" NOT NULL,
    "deactivatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scope" "TokenScope" NOT NULL DEFAULT 'FULL',
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "domains" TEXT[],
    "companyUrl" TEXT,
    "crmId" TEXT,
    "arrMinor" BIGINT NOT NULL DEFAULT 0,
    "tier" "AccountTier" NOT NULL DEFAULT 'STANDARD',
    "segment" "AccountSegment" NOT NULL DEFAULT 'MID_MARKET',
    "lifecycle" "AccountLifecycle" NOT NULL DEFAULT 'CUSTOMER',
    "renewalDate" DATE,
    "ownerId" UUID,
    "growthPotential" "Level" NOT NULL DEFAULT 'MEDIUM',
    "strategicValue" "Level" NOT NULL DEFAULT 'MEDIUM',
    "marketInfluence" "Level" NOT NULL DEFAULT 'MEDIUM',
    "advocacy" "Advocacy" NOT NULL DEFAULT 'NEUTRAL',
    "referenceable" BOOLEAN NOT NULL DEFAULT false,
    "vocal" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Stakeholder" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "fullName" TEXT NOT NULL,
    "title" TEXT,
    "department" TEXT,
    "seniority" "Seniority",
    "buyingRoles" "BuyingRole"[],
    "isMainContact" BOOLEAN NOT NULL DEFAULT false,
    "influence" "Level" NOT NULL DEFAULT 'MEDIUM',
    "sentiment" "Sentiment" NOT NULL DEFAULT 'NEUTRAL',
    "profileUrl" TEXT,
    "email" TEXT,
    "crmId" TEXT,
    "lastEngagedAt" TIMESTAMP(3),
    "status" "StakeholderStatus" NOT NULL DEFAULT 'ACTIVE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Stakeholder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Employment" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "stakeholderId" UUID NOT NULL,
    "companyName" TEXT NOT NULL,
    "companyUrl" TEXT,
    "accountId" UUID,
    "title" TEXT,
    "startedOn" DATE,
    "endedOn" DATE,
    "source" "EmploymentSource" NOT NULL DEFAULT 'MANUAL',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Employment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Relationship" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "stakeholderId" UUID NOT NULL,
    "strength" "RelationshipStrength" NOT NULL,
    "lastTouchAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Relationship_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ErasureTombstone" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "profileUrlHash" TEXT,
    "emailHash" TEXT,
    "erasedById" UUID,
    "erasedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ErasureTombstone_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Organization_slug_key" ON "Organization"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Member_organizationId_email_key" ON "Member"("organizationId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Member_organizationId_id_key" ON "Member"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_organizationId_memberId_idx" ON "ApiToken"("organizationId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_organizationId_id_key" ON "ApiToken"("organizationId", "id");

-- CreateIndex
CREATE INDEX "Account_organizationId_name_idx" ON "Account"("organizationId", "name");

-- CreateIndex
CREATE INDEX "Account_organizationId_arrMinor_idx" ON "Account"("organizationId", "arrMinor");

-- CreateIndex
CREATE INDEX "Account_organizationId_renewalDate_idx" ON "Account"("organizationId", "renewalDate");

-- CreateIndex
CREATE INDEX "Account_organizationId_ownerId_idx" ON "Account"("organizationId", "ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "Account_organizationId_id_key" ON "Account"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Account_organizationId_companyUrl_key" ON "Account"("organizationId", "companyUrl");

-- CreateIndex
CREATE UNIQUE INDEX "Account_organizationId_crmId_key" ON "Account"("organizationId", "crmId");

-- CreateIndex
CREATE INDEX "Stakeholder_organizationId_accountId_idx" ON "Stakeholder"("organizationId", "accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Stakeholder_organizationId_id_key" ON "Stakeholder"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Stakeholder_organizationId_profileUrl_key" ON "Stakeholder"("organizationId", "profileUrl");

-- CreateIndex
CREATE UNIQUE INDEX "Stakeholder_organizationId_email_key" ON "Stakeholder"("organizationId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Stakeholder_organizationId_crmId_key" ON "Stakeholder"("organizationId", "crmId");

-- CreateIndex
CREATE INDEX "Employment_organizationId_stakeholderId_idx" ON "Employment"("organizationId", "stakeholderId");

-- CreateIndex
CREATE INDEX "Employment_organizationId_accountId_idx" ON "Employment"("organizationId", "accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Employment_organizationId_id_key" ON "Employment"("organizationId", "id");

-- CreateIndex
CREATE INDEX "Relationship_organizationId_stakeholderId_idx" ON "Relationship"("organizationId", "stakeholderId");

-- CreateIndex
CREATE UNIQUE INDEX "Relationship_organizationId_id_key" ON "Relationship"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Relationship_organizationId_memberId_stakeholderId_key" ON "Relationship"("organizationId", "memberId", "stakeholderId");

-- CreateIndex
CREATE INDEX "ErasureTombstone_organizationId_profileUrlHash_idx" ON "ErasureTombstone"("organizationId", "profileUrlHash");

-- CreateIndex
CREATE INDEX "ErasureTombstone_organizationId_emailHash_idx" ON "ErasureTombstone"("organizationId", "emailHash");

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_organizationId_memberId_fkey" FOREIGN KEY ("organizationId", "memberId") REFERENCES "Member"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_organizationId_ownerId_fkey" FOREIGN KEY ("organizationId", "ownerId") REFERENCES "Member"("organizationId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stakeholder" ADD CONSTRAINT "Stakeholder_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stakeholder" ADD CONSTRAINT "Stakeholder_organizationId_accountId_fkey" FOREIGN KEY ("organizationId", "accountId") REFERENCES "Account"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Employment" ADD CONSTRAINT "Employment_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Employment" ADD CONSTRAINT "Employment_organizationId_stakeholderId_fkey" FOREIGN KEY ("organizationId", "stakeholderId") REFERENCES "Stakeholder"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Employment" ADD CONSTRAINT "Employment_organizationId_accountId_fkey" FOREIGN KEY ("organizationId", "accountId") REFERENCES "Account"("organizationId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Relationship" ADD CONSTRAINT "Relationship_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Relationship" ADD CONSTRAINT "Relationship_organizationId_memberId_fkey" FOREIGN KEY ("organizationId", "memberId") REFERENCES "Member"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Relationship" ADD CONSTRAINT "Relationship_organizationId_stakeholderId_fkey" FOREIGN KEY ("organizationId", "stakeholderId") REFERENCES "Stakeholder"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ErasureTombstone" ADD CONSTRAINT "ErasureTombstone_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
