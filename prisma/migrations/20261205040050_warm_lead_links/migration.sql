-- AlterEnum
ALTER TYPE "ChangeKind" ADD VALUE 'LEAD_LINKED';
