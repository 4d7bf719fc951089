-- The coverage-gap list's ranking, stored: the kinds of each account's stored gaps as bits, and the
-- exposure the list sorts by. The database generates both from the columns they depend on (the stored
-- coverage snapshot and the ARR), so every write of those (a health refresh, an ARR edit, an import,
-- a churn, by any process) moves them in the same statement, and existing rows are filled as the
-- columns are added. Prisma sees columns with a database default that it never writes.

-- DropIndex (the list no longer reads it: its order is the exposure index below)
DROP INDEX "Account_organizationId_gapCount_arrMinor_idx";

-- The kinds of coverage.gaps, one bit each, most severe the lowest: GAP_KIND_BITS in
-- api/src/domain/coverage.ts (a test holds the two to each other). Churned accounts are stored
-- without gaps, and accounts not assessed yet without a gap list: both 0.
ALTER TABLE "Account" ADD COLUMN     "gapKinds" INTEGER NOT NULL GENERATED ALWAYS AS (
    (CASE WHEN ("coverage" -> 'gaps') @> '[{"kind":"UNFILLED_ROLE"}]'::jsonb THEN 1 ELSE 0 END)
  | (CASE WHEN ("coverage" -> 'gaps') @> '[{"kind":"NO_LIVE_THREAD"}]'::jsonb THEN 2 ELSE 0 END)
  | (CASE WHEN ("coverage" -> 'gaps') @> '[{"kind":"SINGLE_THREADED"}]'::jsonb THEN 4 ELSE 0 END)
  | (CASE WHEN ("coverage" -> 'gaps') @> '[{"kind":"STALE_THREAD"}]'::jsonb THEN 8 ELSE 0 END)
  | (CASE WHEN ("coverage" -> 'gaps') @> '[{"kind":"UNCOVERED_DEPARTMENT"}]'::jsonb THEN 16 ELSE 0 END)
) STORED;

-- ARR × the weight of the most severe gap (GAP_SEVERITY: 5, 4, 3, 2, 1), NULL without a gap. A
-- generated column cannot read another one, so this reads the gap list itself, most severe first.
ALTER TABLE "Account" ADD COLUMN     "gapExposure" BIGINT GENERATED ALWAYS AS ("arrMinor" * (CASE
    WHEN ("coverage" -> 'gaps') @> '[{"kind":"UNFILLED_ROLE"}]'::jsonb THEN 5
    WHEN ("coverage" -> 'gaps') @> '[{"kind":"NO_LIVE_THREAD"}]'::jsonb THEN 4
    WHEN ("coverage" -> 'gaps') @> '[{"kind":"SINGLE_THREADED"}]'::jsonb THEN 3
    WHEN ("coverage" -> 'gaps') @> '[{"kind":"STALE_THREAD"}]'::jsonb THEN 2
    WHEN ("coverage" -> 'gaps') @> '[{"kind":"UNCOVERED_DEPARTMENT"}]'::jsonb THEN 1
  END)::bigint) STORED;

-- CreateIndex
CREATE INDEX "Account_organizationId_gapExposure_arrMinor_id_idx" ON "Account"("organizationId", "gapExposure" DESC, "arrMinor" DESC, "id");

-- CreateIndex
CREATE INDEX "Account_organizationId_gapKinds_arrMinor_id_idx" ON "Account"("organizationId", "gapKinds", "arrMinor" DESC, "id");
