-- CreateEnum
CREATE TYPE "CaseOutlook" AS ENUM ('LIKELY_SAVED', 'AT_RISK', 'HIGH_RISK');

-- CreateEnum
CREATE TYPE "SaveReason" AS ENUM ('ONBOARDING_COMPLETE', 'NEW_CONTACT_ENGAGED');

-- CreateEnum
CREATE TYPE "StepAssigneeRole" AS ENUM ('ACCOUNT_OWNER', 'MANAGER');

-- AlterTable
ALTER TABLE "CaseStep" ADD COLUMN     "assigneeRole" "StepAssigneeRole" NOT NULL DEFAULT 'ACCOUNT_OWNER',
ADD COLUMN     "onboarding" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "DepartureCase" ADD COLUMN     "closeNote" TEXT,
ADD COLUMN     "departedOn" DATE,
ADD COLUMN     "learnedOn" DATE NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "outlookNote" TEXT,
ADD COLUMN     "outlookOverriddenAt" TIMESTAMP(3),
ADD COLUMN     "outlookOverriddenById" UUID,
ADD COLUMN     "outlookOverride" "CaseOutlook",
ADD COLUMN     "saveReasons" "SaveReason"[];

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "locale" TEXT NOT NULL DEFAULT 'en-US';

-- Existing cases: learned when they opened, and a post-departure case keeps the start its clock had
UPDATE "DepartureCase" SET "learnedOn" = "openedAt"::date;
UPDATE "DepartureCase" SET "departedOn" = "openedAt"::date WHERE "learned" = 'AFTER_DEPARTURE';
UPDATE "CaseStep" SET "onboarding" = true WHERE "phase" = 'Onboarding';
