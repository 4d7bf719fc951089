-- DropIndex
DROP INDEX "Account_organizationId_riskBand_riskScore_idx";

-- CreateIndex
CREATE INDEX "Account_organizationId_riskBand_riskScore_arrMinor_id_idx" ON "Account"("organizationId", "riskBand", "riskScore" DESC, "arrMinor" DESC, "id");
