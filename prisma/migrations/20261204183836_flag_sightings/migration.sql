-- CreateTable
CREATE TABLE "FlagSighting" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "flagId" UUID NOT NULL,
    "observedName" TEXT,
    "observedTitle" TEXT,
    "observedCompany" TEXT,
    "observedCompanyUrl" TEXT,
    "pageUrl" TEXT,
    "observedAt" TIMESTAMP(3) NOT NULL,
    "flaggedById" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FlagSighting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FlagSighting_flagId_createdAt_idx" ON "FlagSighting"("flagId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "FlagSighting_organizationId_idempotencyKey_key" ON "FlagSighting"("organizationId", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "FlagSighting" ADD CONSTRAINT "FlagSighting_organizationId_flagId_fkey" FOREIGN KEY ("organizationId", "flagId") REFERENCES "JobChangeFlag"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FlagSighting" ADD CONSTRAINT "FlagSighting_organizationId_flaggedById_fkey" FOREIGN KEY ("organizationId", "flaggedById") REFERENCES "Member"("organizationId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;
