// Recovery playbooks: the steps a case starts with, per scenario and segment, and the onboarding a
// replacement needs by origin (seed 002). Shipped here as data; an organization may override any
// template (stored as PlaybookTemplate rows), so the defaults are only where a team starts.
import { z } from 'zod';

export type Cause = 'MAIN_CONTACT_TURNOVER' | 'ROLE_HOLDER_TURNOVER' | 'OUR_REP_LEFT' | 'EXECUTIVE_CHANGE';
export type Segment = 'ENTERPRISE' | 'MID_MARKET' | 'SMB';
export type Origin = 'INTERNAL' | 'EXTERNAL_NEW_TO_FUNCTION' | 'EXTERNAL_FROM_COMPETITOR';
export type OwnerRole = 'ACCOUNT_OWNER' | 'MANAGER';

export interface PlaybookStep {
  phase: string;
  title: string;
  /** Who takes the step when the case opens. */
  ownerRole: OwnerRole;
  /** Due this many days after the case opens (or after the replacement is known, for onboarding). */
  dueInDays: number;
}

export interface Playbook {
  name: string;
  steps: PlaybookStep[];
  /** Steps added once the replacement's origin is known. */
  onboarding: Record<Origin, PlaybookStep[]>;
}

const step = (
  phase: string,
  title: string,
  dueInDays: number,
  ownerRole: OwnerRole = 'ACCOUNT_OWNER',
): PlaybookStep => ({
  phase,
  title,
  ownerRole,
  dueInDays,
});

const onboarding: Record<Origin, PlaybookStep[]> = {
  INTERNAL: [
    step('Onboarding', 'Limited onboarding: walk the new contact through what they inherit', 14),
    step('Onboarding', 'Capture the product value data the new contact cares about', 21),
  ],
  EXTERNAL_NEW_TO_FUNCTION: [
    step('Onboarding', 'Full onboarding for a contact new to the function', 21),
    step('Onboarding', 'Capture and present product value data', 30),
    step('Onboarding', 'Confirm the new contact’s intentions for our product', 45),
  ],
  EXTERNAL_FROM_COMPETITOR: [
    step('Onboarding', 'Full onboarding tailored to the competitor’s strengths and weaknesses', 21),
    step('Onboarding', 'Show value against the competitor the contact used before', 30),
    step('Onboarding', 'Confirm the new contact’s intentions for our product', 45),
  ],
};

export const defaultPlaybooks: Record<Cause, Playbook> = {
  MAIN_CONTACT_TURNOVER: {
    name: 'Main contact turnover',
    steps: [
      step('Interim', 'Reach the main contact’s boss or the champion (or HR when coverage is 0%)', 2),
      step('Interim', 'Ask where the contact is going and keep them as a lead', 5),
      step('Interim', 'Agree an interim plan until the role is filled', 7),
      step('Replacement', 'Identify the replacement and record their origin', 30),
      step('Replacement', 'Introduce yourself to the replacement', 35),
    ],
    onboarding,
  },
  ROLE_HOLDER_TURNOVER: {
    name: 'Role holder turnover',
    steps: [
      step('Interim', 'Find out what happens to the role: replaced, merged or eliminated', 5),
      step('Interim', 'Strengthen a second thread at the account', 10),
      step('Replacement', 'Identify the replacement and record their origin', 30),
    ],
    onboarding,
  },
  OUR_REP_LEFT: {
    name: 'Our account manager left',
    steps: [
      step('Handover', 'Assign a new account owner', 2, 'MANAGER'),
      step('Handover', 'Warm introduction of the new owner to every stakeholder', 10),
      step('Handover', 'Review open commitments and the renewal plan', 14),
    ],
    onboarding,
  },
  EXECUTIVE_CHANGE: {
    name: 'New executive at the account',
    steps: [
      step('Engage', 'Learn the new executive’s priorities and prior vendors', 7),
      step('Engage', 'Executive-to-executive meeting', 21, 'MANAGER'),
      step('Engage', 'Refresh the value case for the new leadership', 30),
    ],
    onboarding,
  },
};

/** Enterprise accounts get an executive sponsor call on top of the default steps. */
const segmentExtras: Partial<Record<Segment, PlaybookStep[]>> = {
  ENTERPRISE: [step('Interim', 'Executive sponsor call from our side', 10, 'MANAGER')],
};

export function defaultPlaybook(cause: Cause, segment: Segment): Playbook {
  const base = defaultPlaybooks[cause];
  const extras = cause === 'OUR_REP_LEFT' ? [] : (segmentExtras[segment] ?? []);
  return { ...base, steps: [...base.steps, ...extras] };
}

const stepSchema = z.object({
  phase: z.string().trim().min(1).max(40),
  title: z.string().trim().min(1).max(200),
  ownerRole: z.enum(['ACCOUNT_OWNER', 'MANAGER']),
  dueInDays: z.int().min(0).max(365),
});

/** What an organization may store as its own version of a playbook. */
export const playbookSchema = z.object({
  name: z.string().trim().min(1).max(100),
  steps: z.array(stepSchema).min(1).max(30),
  onboarding: z.object({
    INTERNAL: z.array(stepSchema).max(15),
    EXTERNAL_NEW_TO_FUNCTION: z.array(stepSchema).max(15),
    EXTERNAL_FROM_COMPETITOR: z.array(stepSchema).max(15),
  }),
});

/** Reads a stored playbook; null when it is not a valid one (the default then applies). */
export function parsePlaybook(json: unknown): Playbook | null {
  const result = playbookSchema.safeParse(json);
  return result.success ? result.data : null;
}

/** % complete of a plan: done steps over all steps, 0 for an empty plan. */
export function planCompletion(steps: ReadonlyArray<{ doneAt: Date | null }>): number {
  if (steps.length === 0) return 0;
  return steps.filter((item) => item.doneAt !== null).length / steps.length;
}
