/** How the dashboard names a departure case's outlook. */
import type { CaseOutlook } from '@/api/generated/graphql';

export const OUTLOOK_LABELS: Record<CaseOutlook, string> = {
  LIKELY_SAVED: 'Likely saved',
  AT_RISK: 'At risk',
  HIGH_RISK: 'High risk of churn',
};
