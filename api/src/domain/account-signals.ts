// Measured signals and change events at an account (seeds 000, 001 and 004): the one catalogue
// the data model, the API and the risk score read. Each kind is written here once, with what it
// means, the range of its value and the words a risk factor uses for it; the GraphQL enums, the
// input checks and the factors' sentences are derived from these entries.
//
// A new kind: one entry here and the same value in prisma/schema.prisma's SignalKind or EventKind
// (then `pnpm db:migration <name>` and `pnpm schema:print`); data-model-values.test.ts checks the
// two agree. A signal feeds the score only once a factor of risk.ts reads it.

/** Clock skew allowed for a reading's time: a signal observed a few minutes "ahead" is accepted. */
export const SIGNAL_CLOCK_SKEW_MS = 5 * 60_000;

interface SignalSpec {
  /** What the value measures, as the API describes it. */
  readonly description: string;
  /** The lowest and highest value a reading may have. */
  readonly range: readonly [number, number];
}

const PERCENT_CHANGE = [-100, 1000] as const;

/** Measured signals, in the order the API lists them. */
export const SIGNALS = {
  ENGAGEMENT_TREND: {
    description: 'Percent change in meetings, calls, e-mails and visits (-30 = down 30 %).',
    range: PERCENT_CHANGE,
  },
  SUPPORT_TICKETS: { description: 'Percent change in support tickets and complaints.', range: PERCENT_CHANGE },
  PRODUCT_USAGE: { description: 'Percent change in product adoption and usage.', range: PERCENT_CHANGE },
  ARR_GROWTH: { description: 'Percent change in ARR over the last year.', range: PERCENT_CHANGE },
  NPS: { description: 'Net promoter score, -100 to 100.', range: [-100, 100] },
  RENEWAL_RESISTANCE: { description: '1 when the account avoids renewal talks, 0 when not.', range: [0, 1] },
  REFERRALS: { description: 'Percent change in referrals and advocacy.', range: PERCENT_CHANGE },
} as const satisfies Record<string, SignalSpec>;

export type SignalKind = keyof typeof SIGNALS;
export const SIGNAL_KINDS = Object.keys(SIGNALS) as SignalKind[];

interface EventSpec {
  /** What happened, as the API describes it (none: the name says it). */
  readonly description?: string;
  /** The words a risk factor's sentence uses for it. */
  readonly label: string;
}

/** Change events, in the order the API lists them (forms, filters and exports use the same order). */
export const EVENTS = {
  NEW_EXECUTIVE: { description: 'A new CEO or senior executive.', label: 'new executive' },
  MERGER_ACQUISITION: { description: 'A merger or acquisition.', label: 'merger or acquisition' },
  RESTRUCTURING: { label: 'restructuring' },
  DIVESTITURE: { label: 'divestiture' },
  BUDGET_CUTS: { description: 'Budget cuts or financial trouble.', label: 'budget cuts' },
  MARKET_SHIFT: { description: 'A major shift in the account’s market.', label: 'market shift' },
  PRODUCT_CANCELLATION: {
    description: 'The account cancels one of its own products or product lines.',
    label: 'product cancellation',
  },
  LITIGATION_INVESTIGATION: {
    description: 'Litigation, or a consumer or government investigation.',
    label: 'litigation or investigation',
  },
  ACCOUNT_MANAGER_CHANGED: {
    description: 'Our account manager for the account changed.',
    label: 'account manager changed',
  },
} as const satisfies Record<string, EventSpec>;

export type EventKind = keyof typeof EVENTS;
export const EVENT_KINDS = Object.keys(EVENTS) as EventKind[];

/** The API's description of each kind, for the GraphQL enums. */
export function kindDescriptions<K extends string>(
  catalogue: Record<K, SignalSpec | EventSpec>,
): Partial<Record<K, string>> {
  const described: Partial<Record<K, string>> = {};
  for (const [kind, spec] of Object.entries(catalogue) as [K, SignalSpec | EventSpec][]) {
    if (spec.description !== undefined) described[kind] = spec.description;
  }
  return described;
}

/** Why a reading is refused, per input field, or an empty list. */
export function signalReadingProblems(
  reading: { kind: SignalKind; value: number; observedAt: Date },
  now: Date,
): { field: 'value' | 'observedAt'; message: string }[] {
  const problems: { field: 'value' | 'observedAt'; message: string }[] = [];
  const [low, high] = SIGNALS[reading.kind].range;
  if (!(reading.value >= low && reading.value <= high)) {
    problems.push({ field: 'value', message: `A ${reading.kind} value must be between ${low} and ${high}.` });
  }
  if (reading.observedAt.getTime() > now.getTime() + SIGNAL_CLOCK_SKEW_MS) {
    problems.push({ field: 'observedAt', message: 'Must not be in the future.' });
  }
  return problems;
}
