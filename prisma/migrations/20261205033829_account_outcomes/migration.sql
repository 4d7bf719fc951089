-- CreateEnum
CREATE TYPE "AccountOutcomeKind" AS ENUM ('CHURNED', 'RENEWED', 'EXPANDED');

-- CreateTable
CREATE TABLE "AccountOutcome" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "kind" "AccountOutcomeKind" NOT NULL,
    "occurredOn" DATE NOT NULL,
    "arrMinor" BIGINT NOT NULL,
    "note" TEXT,
    "recordedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AccountOutcome_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AccountOutcome_organizationId_occurredOn_idx" ON "AccountOutcome"("organizationId", "occurredOn");

-- CreateIndex
CREATE UNIQUE INDEX "AccountOutcome_organizationId_id_key" ON "AccountOutcome"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "AccountOutcome_organizationId_accountId_kind_occurredOn_key" ON "AccountOutcome"("organizationId", "accountId", "kind", "occurredOn");

-- AddForeignKey
ALTER TABLE "AccountOutcome" ADD CONSTRAINT "AccountOutcome_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountOutcome" ADD CONSTRAINT "AccountOutcome_organizationId_accountId_fkey" FOREIGN KEY ("organizationId", "accountId") REFERENCES "Account"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
