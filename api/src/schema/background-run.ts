// What every background run answers: its status and how far it got. See services/background-runs.ts.
import { BackgroundRunStatus } from '@threadwatch/db/client';
import { builder } from '../builder.ts';

export const BackgroundRunStatusEnum = builder.enumType(BackgroundRunStatus, {
  name: 'BackgroundRunStatus',
  description:
    'QUEUED: waiting for a process. RUNNING: claimed (or interrupted and waiting to resume). SUCCEEDED, FAILED: finished.',
});
