-- DropIndex
DROP INDEX "Account_organizationId_riskScore_idx";

-- CreateIndex
CREATE INDEX "Account_organizationId_riskBand_riskScore_idx" ON "Account"("organizationId", "riskBand", "riskScore" DESC);
