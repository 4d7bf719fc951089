// Generated accounts for property-based tests of the turnover risk (fast-check arbitraries).
//
// A scenario holds the raw facts a CS team records (stakeholders with roles, status, sentiment and
// last engagement; threads from our members; open cases; signals; change events), and
// `riskInputOf` turns it into a RiskInput the way the health service does: coverage through
// assessCoverage, people's required roles through heldRequiredRoles. Changes that "do the right thing"
// (`improvements`) are applied to the facts, so the coverage after the change is computed, never
// guessed. Reuse them wherever a test needs realistic risk inputs.
import fc from 'fast-check';
import {
  EVENT_KINDS,
  type EventKind,
  SIGNAL_KINDS,
  SIGNALS,
  type SignalKind,
} from '../../src/domain/account-signals.ts';
import { assessCoverage, type RelationshipRecord, type StakeholderFacts } from '../../src/domain/coverage.ts';
import { heldRequiredRoles } from '../../src/domain/departure-cases.ts';
import {
  type AccountEvent,
  defaultRiskWeights,
  type OpenCaseFacts,
  type RiskBands,
  type RiskInput,
  type RiskWeights,
  type SentimentValue,
  type SignalReading,
} from '../../src/domain/risk.ts';
import { defaultSettings, type OrganizationSettings, type Role, roles, tiers } from '../../src/domain/settings.ts';

export const SCENARIO_NOW = new Date('2026-06-15T12:00:00Z');
const DAY_MS = 86_400_000;
const MEMBERS = ['m1', 'm2', 'm3'] as const;

export interface ScenarioPerson extends StakeholderFacts {
  name: string;
  sentiment: SentimentValue;
  lastEngagedAt: Date | null;
  pendingDepartureFlag: boolean;
  replaced: boolean;
  caseClosed: boolean;
}

export interface RiskScenario {
  now: Date;
  account: RiskInput['account'];
  portfolioArrMinor: bigint;
  people: ScenarioPerson[];
  threads: RelationshipRecord[];
  openCases: OpenCaseFacts[];
  signals: RiskInput['signals'];
  events: AccountEvent[];
}

/** The RiskInput of a scenario, derived as the health service derives it from stored rows. */
export function riskInputOf(scenario: RiskScenario, settings: OrganizationSettings = defaultSettings): RiskInput {
  const coverage = assessCoverage({
    tier: scenario.account.tier,
    stakeholders: scenario.people.map(({ id, status, buyingRoles, department, isMainContact }) => ({
      id,
      status,
      buyingRoles,
      department,
      isMainContact,
    })),
    threads: scenario.threads,
    now: scenario.now,
    settings,
  });
  const required = settings.requiredRoles[scenario.account.tier];
  const people = scenario.people.map((person) => ({
    name: person.name,
    status: person.status,
    isMainContact: person.isMainContact,
    requiredRoles: heldRequiredRoles(person, required),
    replaced: person.replaced,
    sentiment: person.sentiment,
    lastEngagedAt: person.lastEngagedAt,
    pendingDepartureFlag: person.pendingDepartureFlag,
    caseClosed: person.status === 'DEPARTED' && person.caseClosed,
  }));
  return {
    now: scenario.now,
    account: scenario.account,
    portfolioArrMinor: scenario.portfolioArrMinor,
    coverage,
    people,
    openCases: scenario.openCases,
    signals: scenario.signals,
    events: scenario.events,
  };
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

const levelArb = fc.constantFrom('LOW' as const, 'MEDIUM' as const, 'HIGH' as const);

export const accountArbitrary: fc.Arbitrary<RiskInput['account']> = fc.record({
  tier: fc.constantFrom(...tiers),
  arrMinor: fc.bigInt({ min: 0n, max: 200_000_000n }),
  renewalDate: fc.option(
    fc.integer({ min: -30, max: 400 }).map((days) => daysBefore(SCENARIO_NOW, -days)),
    { nil: null },
  ),
  lifecycle: fc.constantFrom('PROSPECT' as const, 'CUSTOMER' as const, 'CUSTOMER' as const),
  advocacy: fc.constantFrom('PROMOTER' as const, 'NEUTRAL' as const, 'DETRACTOR' as const),
  referenceable: fc.boolean(),
  vocal: fc.boolean(),
  growthPotential: levelArb,
  strategicValue: levelArb,
  marketInfluence: levelArb,
});

const personArbitrary = (index: number): fc.Arbitrary<ScenarioPerson> =>
  fc
    .record({
      status: fc.constantFrom(
        'ACTIVE' as const,
        'ACTIVE' as const,
        'SUSPECTED_DEPARTURE' as const,
        'DEPARTED' as const,
      ),
      buyingRoles: fc.subarray([...roles], { maxLength: 2 }),
      department: fc.constantFrom('IT', 'Finance', 'Operations', null),
      isMainContact: fc.integer({ min: 0, max: 9 }).map((n) => n < (index === 0 ? 8 : 1)),
      sentiment: fc.constantFrom('POSITIVE' as const, 'NEUTRAL' as const, 'NEGATIVE' as const),
      lastEngagedAt: fc.option(
        fc.integer({ min: 0, max: 300 }).map((days) => daysBefore(SCENARIO_NOW, days)),
        { nil: null },
      ),
      pendingDepartureFlag: fc.boolean(),
      replaced: fc.boolean(),
      caseClosed: fc.boolean(),
    })
    .map((facts) => ({ ...facts, id: `p${index}`, name: `Person ${index}` }));

const threadArbitrary = (peopleCount: number): fc.Arbitrary<RelationshipRecord> =>
  fc.record({
    stakeholderId: fc.integer({ min: 0, max: Math.max(0, peopleCount - 1) }).map((i) => `p${i}`),
    memberId: fc.constantFrom(...MEMBERS),
    strength: fc.constantFrom('WEAK' as const, 'MEDIUM' as const, 'STRONG' as const),
    lastTouchAt: fc.option(
      fc.integer({ min: 0, max: 200 }).map((days) => daysBefore(SCENARIO_NOW, days)),
      { nil: null },
    ),
    memberActive: fc.integer({ min: 0, max: 9 }).map((n) => n < 9),
  });

const caseArbitrary: fc.Arbitrary<OpenCaseFacts> = fc.record({
  planCompletion: fc.constantFrom(0, 0.2, 0.25, 0.5, 0.6, 0.75, 1),
  replacementFound: fc.boolean(),
  openedAt: fc.integer({ min: 0, max: 120 }).map((days) => daysBefore(SCENARIO_NOW, days)),
});

const readingArbitrary = (kind: SignalKind): fc.Arbitrary<SignalReading> =>
  fc.record({
    // Any value the API accepts for the kind; percent changes up to +150 %, where the factors' interest ends.
    value: fc.integer({ min: SIGNALS[kind].range[0], max: Math.min(SIGNALS[kind].range[1], 150) }),
    observedAt: fc.integer({ min: 0, max: 200 }).map((days) => daysBefore(SCENARIO_NOW, days)),
  });

const signalsArbitrary: fc.Arbitrary<RiskInput['signals']> = fc
  .record(
    Object.fromEntries(SIGNAL_KINDS.map((kind) => [kind, readingArbitrary(kind)])) as Record<
      SignalKind,
      fc.Arbitrary<SignalReading>
    >,
    { requiredKeys: [] },
  )
  .map((signals) => signals as RiskInput['signals']);

const eventArbitrary: fc.Arbitrary<AccountEvent> = fc.record({
  kind: fc.constantFrom<EventKind>(...EVENT_KINDS),
  occurredOn: fc.integer({ min: -20, max: 250 }).map((days) => daysBefore(SCENARIO_NOW, days)),
});

/** An account with up to 6 people, 8 threads, 2 open cases, any signals and up to 3 events. */
export const scenarioArbitrary: fc.Arbitrary<RiskScenario> = fc
  .integer({ min: 0, max: 6 })
  .chain((count) =>
    fc.record({
      now: fc.constant(SCENARIO_NOW),
      account: accountArbitrary,
      portfolioArrMinor: fc.bigInt({ min: 0n, max: 5_000_000_000n }),
      people: fc.tuple(...Array.from({ length: count }, (_, i) => personArbitrary(i))),
      threads: count === 0 ? fc.constant<RelationshipRecord[]>([]) : fc.array(threadArbitrary(count), { maxLength: 8 }),
      openCases: fc.array(caseArbitrary, { maxLength: 2 }),
      signals: signalsArbitrary,
      events: fc.array(eventArbitrary, { maxLength: 3 }),
    }),
  )
  .map((scenario) => ({ ...scenario, people: [...scenario.people] }));

/** Any weights an organization may set (0..100 each, fractions included). */
export const riskWeightsArbitrary: fc.Arbitrary<RiskWeights> = fc.record(
  Object.fromEntries(
    Object.keys(defaultRiskWeights).map((key) => [
      key,
      fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true })),
    ]),
  ) as Record<keyof RiskWeights, fc.Arbitrary<number>>,
);

/** Any valid band cut-offs: three strictly increasing integers in 1..100. */
export const riskBandsArbitrary: fc.Arbitrary<RiskBands> = fc
  .uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 3, maxLength: 3 })
  .map((values) => {
    const [yellow, amber, red] = [...values].sort((a, b) => a - b) as [number, number, number];
    return { yellow, amber, red };
  });

// ---------------------------------------------------------------- improvements

/** A change that does the right thing; `apply` returns the improved scenario, or null when it does not apply. */
export interface Improvement {
  name: string;
  apply(scenario: RiskScenario, pick: number): RiskScenario | null;
}

const recentTouch = (scenario: RiskScenario) => daysBefore(scenario.now, 1);

function nth<T>(items: readonly T[], pick: number): T | undefined {
  return items.length === 0 ? undefined : items[pick % items.length];
}

/** Every improvement the properties cover. */
export const improvements: Improvement[] = [
  {
    name: 'adding a live thread',
    apply(scenario, pick) {
      const person = nth(
        scenario.people.filter((p) => p.status !== 'DEPARTED'),
        pick,
      );
      if (!person) return null;
      const memberId = MEMBERS[pick % MEMBERS.length] ?? 'm1';
      const thread: RelationshipRecord = {
        stakeholderId: person.id,
        memberId,
        strength: 'STRONG',
        lastTouchAt: recentTouch(scenario),
        memberActive: true,
      };
      return { ...scenario, threads: [...scenario.threads, thread] };
    },
  },
  {
    name: 'refreshing a stale thread',
    apply(scenario, pick) {
      const index = pick % Math.max(1, scenario.threads.length);
      const thread = scenario.threads[index];
      if (!thread) return null;
      const threads = scenario.threads.map((t, i) =>
        i === index ? { ...t, lastTouchAt: recentTouch(scenario), strength: 'STRONG' as const } : t,
      );
      return { ...scenario, threads };
    },
  },
  {
    name: 'filling a required role',
    apply(scenario, pick) {
      const required = defaultSettings.requiredRoles[scenario.account.tier];
      const role: Role | undefined = nth(required, pick);
      if (!role) return null;
      const id = `p${scenario.people.length}`;
      const person: ScenarioPerson = {
        id,
        name: `Person ${scenario.people.length}`,
        status: 'ACTIVE',
        buyingRoles: [role],
        department: null,
        isMainContact: false,
        sentiment: 'POSITIVE',
        lastEngagedAt: recentTouch(scenario),
        pendingDepartureFlag: false,
        replaced: false,
        caseClosed: false,
      };
      const thread: RelationshipRecord = {
        stakeholderId: id,
        memberId: MEMBERS[pick % MEMBERS.length] ?? 'm1',
        strength: 'STRONG',
        lastTouchAt: recentTouch(scenario),
        memberActive: true,
      };
      return { ...scenario, people: [...scenario.people, person], threads: [...scenario.threads, thread] };
    },
  },
  {
    name: 'finding a replacement for a departed person',
    apply(scenario, pick) {
      const person = nth(
        scenario.people.filter((p) => p.status === 'DEPARTED' && !p.replaced),
        pick,
      );
      if (!person) return null;
      return { ...scenario, people: scenario.people.map((p) => (p === person ? { ...p, replaced: true } : p)) };
    },
  },
  {
    name: 'finding a replacement in an open case',
    apply(scenario, pick) {
      const index = pick % Math.max(1, scenario.openCases.length);
      const item = scenario.openCases[index];
      if (!item || item.replacementFound) return null;
      const openCases = scenario.openCases.map((c, i) => (i === index ? { ...c, replacementFound: true } : c));
      return { ...scenario, openCases };
    },
  },
  {
    name: 'finishing a recovery-plan step',
    apply(scenario, pick) {
      const index = pick % Math.max(1, scenario.openCases.length);
      const item = scenario.openCases[index];
      if (!item || item.planCompletion >= 1) return null;
      const openCases = scenario.openCases.map((c, i) =>
        i === index ? { ...c, planCompletion: Math.min(1, c.planCompletion + 0.25) } : c,
      );
      return { ...scenario, openCases };
    },
  },
  {
    name: 'a better signal reading',
    apply(scenario, pick) {
      const kind = nth(
        SIGNAL_KINDS.filter((k) => scenario.signals[k]),
        pick,
      );
      const reading = kind ? scenario.signals[kind] : undefined;
      if (!kind || !reading) return null;
      // Up is better except for support tickets and renewal resistance.
      const worseWhenHigher = kind === 'SUPPORT_TICKETS' || kind === 'RENEWAL_RESISTANCE';
      const step = kind === 'RENEWAL_RESISTANCE' ? 1 : 1 + (pick % 40);
      const value = kind === 'RENEWAL_RESISTANCE' ? 0 : reading.value + (worseWhenHigher ? -step : step);
      return { ...scenario, signals: { ...scenario.signals, [kind]: { ...reading, value } } };
    },
  },
  {
    name: 'a key contact warming up',
    apply(scenario, pick) {
      const person = nth(
        scenario.people.filter((p) => p.sentiment !== 'POSITIVE'),
        pick,
      );
      if (!person) return null;
      const sentiment: SentimentValue = person.sentiment === 'NEGATIVE' ? 'NEUTRAL' : 'POSITIVE';
      return { ...scenario, people: scenario.people.map((p) => (p === person ? { ...p, sentiment } : p)) };
    },
  },
  {
    name: 'a key contact engaging again',
    apply(scenario, pick) {
      const person = nth(scenario.people, pick);
      if (!person) return null;
      const lastEngagedAt = recentTouch(scenario);
      return { ...scenario, people: scenario.people.map((p) => (p === person ? { ...p, lastEngagedAt } : p)) };
    },
  },
  {
    name: 'a departure flag rejected',
    apply(scenario, pick) {
      const person = nth(
        scenario.people.filter((p) => p.pendingDepartureFlag),
        pick,
      );
      if (!person) return null;
      return {
        ...scenario,
        people: scenario.people.map((p) => (p === person ? { ...p, pendingDepartureFlag: false } : p)),
      };
    },
  },
  {
    name: 'giving an existing stakeholder a required role',
    apply(scenario, pick) {
      // Any non-departed person, whatever their status, sentiment, engagement or flags. A departed
      // person fills no role: recording the role they held is recording a loss (departedRoleHolder).
      const required = defaultSettings.requiredRoles[scenario.account.tier];
      const person = nth(
        scenario.people.filter((p) => p.status !== 'DEPARTED' && required.some((r) => !p.buyingRoles.includes(r))),
        pick,
      );
      if (!person) return null;
      const role = nth(
        required.filter((r) => !person.buyingRoles.includes(r)),
        Math.floor(pick / 7),
      );
      if (!role) return null;
      return {
        ...scenario,
        people: scenario.people.map((p) => (p === person ? { ...p, buyingRoles: [...p.buyingRoles, role] } : p)),
      };
    },
  },
  {
    name: 'naming an existing stakeholder main contact',
    apply(scenario, pick) {
      const person = nth(
        scenario.people.filter((p) => p.status !== 'DEPARTED' && !p.isMainContact),
        pick,
      );
      if (!person) return null;
      return {
        ...scenario,
        people: scenario.people.map((p) => (p === person ? { ...p, isMainContact: true } : p)),
      };
    },
  },
];
