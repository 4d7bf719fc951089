-- Every token expires. Live tokens made before tokens had an expiry (and the demo's) get the default
-- lifetime (TOKEN_LIFETIME_DAYS, 90 days) from now (in UTC, like every stored time): they keep
-- working until then. A revoked token stopped working when it was revoked: that is its expiry.
UPDATE "ApiToken" SET "expiresAt" = (CURRENT_TIMESTAMP AT TIME ZONE 'UTC') + INTERVAL '90 days'
WHERE "expiresAt" IS NULL AND "revokedAt" IS NULL;

UPDATE "ApiToken" SET "expiresAt" = "revokedAt"
WHERE "expiresAt" IS NULL;

-- AlterTable
ALTER TABLE "ApiToken" ALTER COLUMN "expiresAt" SET NOT NULL;
