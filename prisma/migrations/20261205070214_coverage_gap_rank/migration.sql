-- The coverage-gap list's ranking, stored: the kinds of each account's stored gaps as bits, and the
-- exposure the list sorts by, which the database generates from them and the ARR.

-- DropIndex (the list no longer reads it: its order is the exposure index below)
DROP INDEX "Account_organizationId_gapCount_arrMinor_idx";

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "gapKinds" INTEGER NOT NULL DEFAULT 0;

-- Backfill from the stored coverage snapshot, the same gaps the list read before (churned accounts
-- are stored without gaps). Bits, most severe first, as GAP_KIND_BITS in api/src/domain/coverage.ts.
UPDATE "Account" SET "gapKinds" =
    (CASE WHEN ("coverage" -> 'gaps') @> '[{"kind":"UNFILLED_ROLE"}]'::jsonb THEN 1 ELSE 0 END)
  | (CASE WHEN ("coverage" -> 'gaps') @> '[{"kind":"NO_LIVE_THREAD"}]'::jsonb THEN 2 ELSE 0 END)
  | (CASE WHEN ("coverage" -> 'gaps') @> '[{"kind":"SINGLE_THREADED"}]'::jsonb THEN 4 ELSE 0 END)
  | (CASE WHEN ("coverage" -> 'gaps') @> '[{"kind":"STALE_THREAD"}]'::jsonb THEN 8 ELSE 0 END)
  | (CASE WHEN ("coverage" -> 'gaps') @> '[{"kind":"UNCOVERED_DEPARTMENT"}]'::jsonb THEN 16 ELSE 0 END)
WHERE "gapCount" > 0;

-- ARR × the weight of the most severe kind (GAP_SEVERITY: 5, 4, 3, 2, 1), NULL without a gap.
-- Generated, so every write of arrMinor or gapKinds (an edit, an import, a health refresh) moves it
-- in the same statement. Prisma sees a nullable column it never writes.
ALTER TABLE "Account" ADD COLUMN     "gapExposure" BIGINT GENERATED ALWAYS AS ("arrMinor" * (CASE
    WHEN "gapKinds" & 1 <> 0 THEN 5
    WHEN "gapKinds" & 2 <> 0 THEN 4
    WHEN "gapKinds" & 4 <> 0 THEN 3
    WHEN "gapKinds" & 8 <> 0 THEN 2
    WHEN "gapKinds" & 16 <> 0 THEN 1
  END)::bigint) STORED;

-- CreateIndex
CREATE INDEX "Account_organizationId_gapExposure_arrMinor_id_idx" ON "Account"("organizationId", "gapExposure" DESC, "arrMinor" DESC, "id");

-- CreateIndex
CREATE INDEX "Account_organizationId_gapKinds_arrMinor_id_idx" ON "Account"("organizationId", "gapKinds", "arrMinor" DESC, "id");
