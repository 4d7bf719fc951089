import { describe, expect, it } from 'vitest';
import type { SignalKind } from '../../src/domain/account-signals.ts';
import { assessCoverage, type Coverage } from '../../src/domain/coverage.ts';
import {
  type AccountEvent,
  assessRisk,
  bandFor,
  defaultRiskWeights,
  defaultZoneRules,
  type OpenCaseFacts,
  portfolioSharePercent,
  type Risk,
  type RiskBand,
  type RiskInput,
  type RiskPerson,
  type RiskWeights,
  type Zone,
} from '../../src/domain/risk.ts';
import { defaultSettings } from '../../src/domain/settings.ts';

const NOW = new Date('2025-06-15T12:00:00Z');
const DAY_MS = 86_400_000;

function daysAgo(days: number): Date {
  return new Date(NOW.getTime() - days * DAY_MS);
}

/** Midnight UTC of the calendar day `offset` days from NOW (negative: in the past). */
function utcDay(offset: number): Date {
  return new Date(Date.UTC(2025, 5, 15 + offset));
}

const healthyCoverage: Coverage = {
  requiredRoles: ['CHAMPION', 'ECONOMIC_BUYER'],
  filledRoles: ['CHAMPION', 'ECONOMIC_BUYER'],
  missingRoles: [],
  coveragePercent: 100,
  liveThreadCount: 4,
  strongThreadCount: 2,
  staleThreadCount: 0,
  liveStakeholderCount: 2,
  liveMemberIds: ['m1', 'm2'],
  departments: ['Finance', 'IT'],
  uncoveredDepartments: [],
  singleThreaded: false,
  survivesStakeholderLoss: true,
  survivesMemberLoss: true,
  gaps: [],
};

const healthyAccount: RiskInput['account'] = {
  tier: 'KEY',
  arrMinor: 5_000_000n,
  renewalDate: utcDay(200),
  lifecycle: 'CUSTOMER',
  advocacy: 'NEUTRAL',
  referenceable: false,
  vocal: false,
  growthPotential: 'MEDIUM',
  strategicValue: 'MEDIUM',
  marketInfluence: 'MEDIUM',
};

interface Patch {
  account?: Partial<RiskInput['account']>;
  coverage?: Partial<Coverage>;
  people?: RiskPerson[];
  openCases?: OpenCaseFacts[];
  signals?: RiskInput['signals'];
  events?: AccountEvent[];
}

function riskInput(patch: Patch = {}): RiskInput {
  return {
    now: NOW,
    account: { ...healthyAccount, ...patch.account },
    coverage: { ...healthyCoverage, ...patch.coverage },
    people: patch.people ?? [
      { name: 'Dana Ruiz', status: 'ACTIVE', isMainContact: true, requiredRoles: ['CHAMPION'], replaced: false },
    ],
    openCases: patch.openCases ?? [],
    signals: patch.signals ?? {},
    events: patch.events ?? [],
  };
}

/** Later patches win; account, coverage and signals are merged key by key. */
function merge(...patches: Patch[]): Patch {
  let all: Patch = {};
  for (const patch of patches) {
    all = {
      ...all,
      ...patch,
      account: { ...all.account, ...patch.account },
      coverage: { ...all.coverage, ...patch.coverage },
      signals: { ...all.signals, ...patch.signals },
    };
  }
  return all;
}

const dana = (extra: Partial<RiskPerson> = {}): RiskPerson => ({
  name: 'Dana Ruiz',
  status: 'ACTIVE',
  isMainContact: true,
  requiredRoles: ['CHAMPION'],
  replaced: false,
  ...extra,
});
const lee = (extra: Partial<RiskPerson> = {}): RiskPerson => ({
  name: 'Lee Park',
  status: 'ACTIVE',
  isMainContact: false,
  requiredRoles: ['ECONOMIC_BUYER'],
  replaced: false,
  ...extra,
});
const openCase = (planCompletion: number, replacementFound = false, openedDaysAgo = 30): OpenCaseFacts => ({
  planCompletion,
  replacementFound,
  openedAt: daysAgo(openedDaysAgo),
});
const signal = (kind: SignalKind, value: number, ageDays = 30): Patch => ({
  signals: { [kind]: { value, observedAt: daysAgo(ageDays) } },
});
const OBSERVED = '(observed 2025-05-16)';

type FactorRow = [label: string, patch: Patch, points: number | null, explanation: string | null];

const factorTables: Array<[keyof RiskWeights, FactorRow[]]> = [
  [
    'departedRoleHolder',
    [
      [
        'departed main contact',
        { people: [dana({ status: 'DEPARTED' })] },
        30,
        'The main contact, Dana Ruiz (Champion), has left and no replacement is known.',
      ],
      [
        'departed main contact without a role',
        { people: [dana({ status: 'DEPARTED', requiredRoles: [] })] },
        30,
        'The main contact, Dana Ruiz, has left and no replacement is known.',
      ],
      [
        'departed economic buyer',
        { people: [dana(), lee({ status: 'DEPARTED' })] },
        30,
        'The Economic Buyer, Lee Park, has left and no replacement is known.',
      ],
      [
        'two departures are capped at the weight and both named',
        { people: [dana({ status: 'DEPARTED' }), lee({ status: 'DEPARTED' })] },
        30,
        '2 key people have left and no replacement is known: Dana Ruiz (main contact, Champion) and Lee Park (Economic Buyer).',
      ],
      ['departed but replaced', { people: [dana({ status: 'DEPARTED', replaced: true })] }, null, null],
      ['still active', { people: [dana(), lee()] }, null, null],
      [
        'departed person who is neither main contact nor role holder',
        { people: [lee({ status: 'DEPARTED', requiredRoles: [] })] },
        null,
        null,
      ],
    ],
  ],
  [
    'suspectedDeparture',
    [
      [
        'suspected main contact counts half, like anyone',
        { people: [dana({ status: 'SUSPECTED_DEPARTURE' })] },
        8,
        'The main contact, Dana Ruiz (Champion), may be leaving (suspected departure).',
      ],
      [
        'suspected role holder counts half',
        { people: [dana(), lee({ status: 'SUSPECTED_DEPARTURE' })] },
        8,
        'The Economic Buyer, Lee Park, may be leaving (suspected departure).',
      ],
      [
        'two suspected role holders make full weight',
        {
          people: [
            lee({ status: 'SUSPECTED_DEPARTURE' }),
            lee({ name: 'Ana Wu', requiredRoles: ['EXECUTIVE_SPONSOR'], status: 'SUSPECTED_DEPARTURE' }),
          ],
        },
        15,
        '2 stakeholders may be leaving (suspected departures): Lee Park (Economic Buyer) and Ana Wu (Executive Sponsor).',
      ],
      [
        'suspected but already replaced',
        { people: [dana({ status: 'SUSPECTED_DEPARTURE', replaced: true })] },
        null,
        null,
      ],
      [
        'a suspected stakeholder with no required role counts the same',
        { people: [dana(), lee({ name: 'Ana Wu', requiredRoles: [], status: 'SUSPECTED_DEPARTURE' })] },
        8,
        'Ana Wu may be leaving (suspected departure).',
      ],
      ['nobody suspected', { people: [dana(), lee()] }, null, null],
    ],
  ],
  [
    'openCase',
    [
      [
        'one case, nothing done',
        { openCases: [openCase(0)] },
        15,
        'A departure case has been open for 30 days: its recovery plan is 0% complete and no replacement has been found yet.',
      ],
      [
        'one case, 60 % done',
        { openCases: [openCase(0.6)] },
        6,
        'A departure case has been open for 30 days: its recovery plan is 60% complete and no replacement has been found yet.',
      ],
      [
        'one case, 60 % done, replacement found',
        { openCases: [openCase(0.6, true, 1)] },
        3,
        'A departure case has been open for 1 day: its recovery plan is 60% complete and a replacement has been found.',
      ],
      [
        'two cases add up, capped at the weight',
        { openCases: [openCase(0.2, false, 45), openCase(0.6, true, 10)] },
        15,
        '2 departure cases are open (the oldest for 45 days): recovery plans are 40% complete on average and 1 of 2 have a replacement.',
      ],
      [
        'two cases below the cap',
        { openCases: [openCase(0.8), openCase(0.9, true)] },
        4,
        '2 departure cases are open (the oldest for 30 days): recovery plans are 85% complete on average and 1 of 2 have a replacement.',
      ],
      ['a finished plan', { openCases: [openCase(1)] }, null, null],
      ['completion above 1 is clamped', { openCases: [openCase(1.5)] }, null, null],
      ['completion below 0 is clamped', { openCases: [openCase(-0.5)] }, 15, null],
      ['no open case', { openCases: [] }, null, null],
    ],
  ],
  [
    'coverageGap',
    [
      ['full coverage', {}, null, null],
      [
        'one of three roles filled',
        {
          coverage: {
            requiredRoles: ['CHAMPION', 'ECONOMIC_BUYER', 'EXECUTIVE_SPONSOR'],
            filledRoles: ['CHAMPION'],
            missingRoles: ['ECONOMIC_BUYER', 'EXECUTIVE_SPONSOR'],
            coveragePercent: 33,
          },
        },
        13,
        'Coverage of the required roles is 33%: no live thread to an Economic Buyer or an Executive Sponsor.',
      ],
      [
        'two of three',
        {
          coverage: {
            filledRoles: ['CHAMPION', 'ECONOMIC_BUYER'],
            missingRoles: ['EXECUTIVE_SPONSOR'],
            coveragePercent: 67,
          },
        },
        7,
        'Coverage of the required roles is 67%: no live thread to an Executive Sponsor.',
      ],
      [
        'half',
        { coverage: { filledRoles: ['CHAMPION'], missingRoles: ['ECONOMIC_BUYER'], coveragePercent: 50 } },
        10,
        null,
      ],
      [
        'nothing filled',
        { coverage: { filledRoles: [], missingRoles: ['CHAMPION', 'ECONOMIC_BUYER'], coveragePercent: 0 } },
        20,
        'Coverage of the required roles is 0%: no live thread to a Champion or an Economic Buyer.',
      ],
    ],
  ],
  [
    'singleThreaded',
    [
      [
        'no live thread',
        { coverage: { singleThreaded: true, liveThreadCount: 0, survivesMemberLoss: false } },
        12,
        'No live thread is left to anyone at the account.',
      ],
      [
        'one live thread',
        { coverage: { singleThreaded: true, liveThreadCount: 1, survivesMemberLoss: false } },
        12,
        'The account is single-threaded: it hangs on one live thread.',
      ],
      ['two live threads', { coverage: { liveThreadCount: 2 } }, null, null],
    ],
  ],
  [
    'memberConcentration',
    [
      [
        'all required roles through one member',
        { coverage: { survivesMemberLoss: false, liveMemberIds: ['m1'] } },
        8,
        'Only one of our members holds live threads to the required roles (Champion and Economic Buyer); if that person leaves, no required role keeps a live thread.',
      ],
      [
        'nothing required, all live threads through one member',
        { coverage: { requiredRoles: [], filledRoles: [], survivesMemberLoss: false } },
        8,
        'All live threads are held by one of our members; if that person leaves, none is left.',
      ],
      ['survives the loss of a member', {}, null, null],
      [
        'single-threaded: counted as well, so adding a thread never raises the score',
        {
          coverage: { survivesMemberLoss: false, singleThreaded: true, liveThreadCount: 1, filledRoles: ['CHAMPION'] },
        },
        8,
        'Only one of our members holds live threads to the required roles (Champion); if that person leaves, no required role keeps a live thread.',
      ],
      [
        'no required role filled: counted as well',
        { coverage: { survivesMemberLoss: false, filledRoles: [], coveragePercent: 0 } },
        8,
        'No required role has a live thread from any of our members, so none would survive a handover.',
      ],
      [
        'no live thread at all',
        { coverage: { survivesMemberLoss: false, filledRoles: [], liveThreadCount: 0, singleThreaded: true } },
        8,
        'None of our members holds a live thread to the account, so there is no relationship to hand on.',
      ],
    ],
  ],
  [
    'staleThreads',
    [
      ['no stale thread', {}, null, null],
      [
        'one stale against three live',
        { coverage: { staleThreadCount: 1, liveThreadCount: 3 } },
        3,
        '1 thread has gone stale without a recent touch, against 3 live threads.',
      ],
      [
        'three stale against one live',
        { coverage: { staleThreadCount: 3, liveThreadCount: 1 } },
        8,
        '3 threads have gone stale without a recent touch, against 1 live thread.',
      ],
      ['all stale', { coverage: { staleThreadCount: 2, liveThreadCount: 0, singleThreaded: true } }, 10, null],
    ],
  ],
  [
    'engagementDrop',
    [
      ['down 19 %', signal('ENGAGEMENT_TREND', -19), null, null],
      [
        'down 20 % (threshold: half weight)',
        signal('ENGAGEMENT_TREND', -20),
        5,
        `Engagement is down 20% over the last period ${OBSERVED}.`,
      ],
      ['down 30 %', signal('ENGAGEMENT_TREND', -30), 8, `Engagement is down 30% over the last period ${OBSERVED}.`],
      ['down 40 % (full weight)', signal('ENGAGEMENT_TREND', -40), 10, null],
      ['down 80 %', signal('ENGAGEMENT_TREND', -80), 10, null],
      ['up 10 %', signal('ENGAGEMENT_TREND', 10), null, null],
      ['observed 180 days ago still counts', signal('ENGAGEMENT_TREND', -30, 180), 8, null],
      ['observed 181 days ago is ignored', signal('ENGAGEMENT_TREND', -30, 181), null, null],
      ['not a number', signal('ENGAGEMENT_TREND', Number.NaN), null, null],
    ],
  ],
  [
    'usageDrop',
    [
      ['down 19.9 %', signal('PRODUCT_USAGE', -19.9), null, null],
      ['down 20 %', signal('PRODUCT_USAGE', -20), 5, `Product usage is down 20% over the last period ${OBSERVED}.`],
      [
        'down 35.5 %',
        signal('PRODUCT_USAGE', -35.5),
        9,
        `Product usage is down 35.5% over the last period ${OBSERVED}.`,
      ],
      ['down 50 %', signal('PRODUCT_USAGE', -50), 10, null],
      ['old reading', signal('PRODUCT_USAGE', -50, 400), null, null],
    ],
  ],
  [
    'supportUptick',
    [
      ['up 29 %', signal('SUPPORT_TICKETS', 29), null, null],
      ['up 30 %', signal('SUPPORT_TICKETS', 30), 3, `Support tickets are up 30% over the last period ${OBSERVED}.`],
      ['up 45 %', signal('SUPPORT_TICKETS', 45), 5, null],
      ['up 60 %', signal('SUPPORT_TICKETS', 60), 6, null],
      ['down 50 %', signal('SUPPORT_TICKETS', -50), null, null],
    ],
  ],
  [
    'negativeSentiment',
    [
      ['NPS 0', signal('NPS', 0), null, null],
      ['NPS 10', signal('NPS', 10), null, null],
      ['NPS -1', signal('NPS', -1), 4, `The latest NPS is negative: -1 ${OBSERVED}.`],
      ['NPS -25', signal('NPS', -25), 6, `The latest NPS is negative: -25 ${OBSERVED}.`],
      ['NPS -50', signal('NPS', -50), 8, null],
      ['NPS -100', signal('NPS', -100), 8, null],
    ],
  ],
  [
    'arrDecline',
    [
      ['flat', signal('ARR_GROWTH', 0), null, null],
      ['growing', signal('ARR_GROWTH', 5), null, null],
      ['down 1 %', signal('ARR_GROWTH', -1), 4, `ARR is down 1% over the last period ${OBSERVED}.`],
      ['down 5 %', signal('ARR_GROWTH', -5), 6, null],
      ['down 10 %', signal('ARR_GROWTH', -10), 8, null],
    ],
  ],
  [
    'renewalResistance',
    [
      ['resisting', signal('RENEWAL_RESISTANCE', 1), 15, `The customer is resisting renewal talks ${OBSERVED}.`],
      ['not resisting', signal('RENEWAL_RESISTANCE', 0), null, null],
      ['0.99 is not 1', signal('RENEWAL_RESISTANCE', 0.99), null, null],
      ['old reading', signal('RENEWAL_RESISTANCE', 1, 200), null, null],
    ],
  ],
  [
    'advocacyDrop',
    [
      ['detractor', { account: { advocacy: 'DETRACTOR' } }, 6, 'The customer is a detractor.'],
      ['vocal detractor', { account: { advocacy: 'DETRACTOR', vocal: true } }, 6, 'The customer is a vocal detractor.'],
      ['promoter', { account: { advocacy: 'PROMOTER', vocal: true } }, null, null],
      ['referrals down 29 %', signal('REFERRALS', -29), null, null],
      ['referrals down 30 %', signal('REFERRALS', -30), 3, `Referrals are down 30% ${OBSERVED}.`],
      ['referrals down 60 %', signal('REFERRALS', -60), 6, null],
      [
        'both',
        merge({ account: { advocacy: 'DETRACTOR' } }, signal('REFERRALS', -30)),
        6,
        `The customer is a detractor and referrals are down 30% ${OBSERVED}.`,
      ],
    ],
  ],
  [
    'renewalProximity',
    [
      ['in 200 days', {}, null, null],
      ['in 91 days', { account: { renewalDate: utcDay(91) } }, null, null],
      [
        'in 90 days (a quarter)',
        { account: { renewalDate: utcDay(90) } },
        3,
        'The renewal is due in 90 days, on 2025-09-13.',
      ],
      ['in 60 days', { account: { renewalDate: utcDay(60) } }, 5, null],
      ['in 30 days', { account: { renewalDate: utcDay(30) } }, 8, 'The renewal is due in 30 days, on 2025-07-15.'],
      ['in 1 day', { account: { renewalDate: utcDay(1) } }, 10, 'The renewal is due in 1 day, on 2025-06-16.'],
      ['today', { account: { renewalDate: utcDay(0) } }, 10, 'The renewal is due today (2025-06-15).'],
      ['1 day overdue', { account: { renewalDate: utcDay(-1) } }, 10, 'The renewal was due on 2025-06-14, 1 day ago.'],
      [
        '40 days overdue',
        { account: { renewalDate: utcDay(-40) } },
        10,
        'The renewal was due on 2025-05-06, 40 days ago.',
      ],
      ['no renewal date', { account: { renewalDate: null } }, null, null],
      ['a prospect', { account: { renewalDate: utcDay(10), lifecycle: 'PROSPECT' } }, null, null],
    ],
  ],
  [
    'changeEvent',
    [
      [
        'one event',
        { events: [{ kind: 'NEW_EXECUTIVE', occurredOn: utcDay(-10) }] },
        5,
        '1 change event in the last 180 days: new executive (2025-06-05).',
      ],
      [
        'litigation or an investigation',
        { events: [{ kind: 'LITIGATION_INVESTIGATION', occurredOn: utcDay(-20) }] },
        5,
        '1 change event in the last 180 days: litigation or investigation (2025-05-26).',
      ],
      [
        'a product cancellation and litigation',
        {
          events: [
            { kind: 'PRODUCT_CANCELLATION', occurredOn: utcDay(-5) },
            { kind: 'LITIGATION_INVESTIGATION', occurredOn: utcDay(-20) },
          ],
        },
        8,
        '2 change events in the last 180 days: litigation or investigation (2025-05-26) and product cancellation (2025-06-10).',
      ],
      [
        'two events, listed by date',
        {
          events: [
            { kind: 'MERGER_ACQUISITION', occurredOn: utcDay(-10) },
            { kind: 'BUDGET_CUTS', occurredOn: utcDay(-75) },
          ],
        },
        8,
        '2 change events in the last 180 days: budget cuts (2025-04-01) and merger or acquisition (2025-06-05).',
      ],
      [
        'three events',
        {
          events: [
            { kind: 'RESTRUCTURING', occurredOn: utcDay(-3) },
            { kind: 'DIVESTITURE', occurredOn: utcDay(-50) },
            { kind: 'MARKET_SHIFT', occurredOn: utcDay(-100) },
          ],
        },
        10,
        '3 change events in the last 180 days: market shift (2025-03-07), divestiture (2025-04-26) and restructuring (2025-06-12).',
      ],
      [
        'the same event twice counts once',
        {
          events: [
            { kind: 'NEW_EXECUTIVE', occurredOn: utcDay(-10) },
            { kind: 'NEW_EXECUTIVE', occurredOn: utcDay(-10) },
          ],
        },
        5,
        '1 change event in the last 180 days: new executive (2025-06-05).',
      ],
      ['180 days ago', { events: [{ kind: 'BUDGET_CUTS', occurredOn: utcDay(-180) }] }, 5, null],
      ['181 days ago', { events: [{ kind: 'BUDGET_CUTS', occurredOn: utcDay(-181) }] }, null, null],
      ['announced for next month', { events: [{ kind: 'MERGER_ACQUISITION', occurredOn: utcDay(20) }] }, 5, null],
      [
        'only an account-manager change',
        { events: [{ kind: 'ACCOUNT_MANAGER_CHANGED', occurredOn: utcDay(-5) }] },
        null,
        null,
      ],
    ],
  ],
  [
    'accountManagerChanged',
    [
      [
        'changed last month',
        { events: [{ kind: 'ACCOUNT_MANAGER_CHANGED', occurredOn: utcDay(-45) }] },
        8,
        'Our account manager changed on 2025-05-01; a handover is a vulnerable time for the relationship.',
      ],
      [
        'changed twice: the latest is named',
        {
          events: [
            { kind: 'ACCOUNT_MANAGER_CHANGED', occurredOn: utcDay(-5) },
            { kind: 'ACCOUNT_MANAGER_CHANGED', occurredOn: utcDay(-45) },
          ],
        },
        8,
        'Our account manager changed on 2025-06-10; a handover is a vulnerable time for the relationship.',
      ],
      ['changed 181 days ago', { events: [{ kind: 'ACCOUNT_MANAGER_CHANGED', occurredOn: utcDay(-181) }] }, null, null],
      ['other events only', { events: [{ kind: 'NEW_EXECUTIVE', occurredOn: utcDay(-5) }] }, null, null],
    ],
  ],
  [
    'mainContactLost',
    [
      [
        'key account, main contact departed, nothing else: topped up to amber',
        { people: [dana({ status: 'DEPARTED' })] },
        20,
        'The main contact, Dana Ruiz (Champion), has left and nobody has taken over as main contact: a key account in this state is at least amber.',
      ],
      [
        'strategic account whose departure case was closed without a replacement',
        { account: { tier: 'STRATEGIC' }, people: [dana({ status: 'DEPARTED', caseClosed: true })] },
        50,
        'The main contact, Dana Ruiz (Champion), has left and nobody has taken over as main contact: a strategic account in this state is at least amber.',
      ],
      [
        'the other factors already reach amber',
        {
          people: [dana({ status: 'DEPARTED' })],
          openCases: [openCase(0)],
          coverage: { filledRoles: ['ECONOMIC_BUYER'], missingRoles: ['CHAMPION'], coveragePercent: 50 },
        },
        null,
        null,
      ],
      ['a standard account', { account: { tier: 'STANDARD' }, people: [dana({ status: 'DEPARTED' })] }, null, null],
      ['the main contact was replaced', { people: [dana({ status: 'DEPARTED', replaced: true })] }, null, null],
      [
        'another main contact is active',
        {
          people: [dana({ status: 'DEPARTED' }), lee({ isMainContact: true, name: 'Lee Park' })],
        },
        null,
        null,
      ],
      ['a suspected departure is not a loss', { people: [dana({ status: 'SUSPECTED_DEPARTURE' })] }, null, null],
      ['no main contact known', { people: [lee({ status: 'DEPARTED' })] }, null, null],
    ],
  ],
  [
    'unconfirmedDeparture',
    [
      [
        'main contact seen leaving, flag pending: half, like anyone',
        { people: [dana({ pendingDepartureFlag: true })] },
        4,
        'The main contact, Dana Ruiz (Champion), was seen leaving; the flag waits for review.',
      ],
      [
        'economic buyer seen leaving counts half',
        { people: [dana(), lee({ pendingDepartureFlag: true })] },
        4,
        'The Economic Buyer, Lee Park, was seen leaving; the flag waits for review.',
      ],
      [
        'two people',
        { people: [dana({ pendingDepartureFlag: true }), lee({ pendingDepartureFlag: true })] },
        8,
        '2 stakeholders were seen leaving; the flags wait for review: Dana Ruiz (main contact, Champion) and Lee Park (Economic Buyer).',
      ],
      ['no pending flag (rejected or never raised)', { people: [dana({ pendingDepartureFlag: false })] }, null, null],
      [
        'already a suspected departure: that factor counts instead',
        { people: [dana({ status: 'SUSPECTED_DEPARTURE', pendingDepartureFlag: true })] },
        null,
        null,
      ],
      ['a replacement is known', { people: [dana({ pendingDepartureFlag: true, replaced: true })] }, null, null],
    ],
  ],
  [
    'disengagedKeyContact',
    [
      [
        'a negative champion silent for months',
        { people: [dana({ sentiment: 'NEGATIVE', lastEngagedAt: daysAgo(150) })] },
        12,
        'Dana Ruiz (main contact, Champion) is negative about us and has been silent since 2025-01-16.',
      ],
      [
        'negative only',
        { people: [dana({ sentiment: 'NEGATIVE', lastEngagedAt: daysAgo(3) })] },
        6,
        'Dana Ruiz (main contact, Champion) is negative about us.',
      ],
      [
        'silent only, just past 90 days',
        { people: [dana({ lastEngagedAt: daysAgo(91) })] },
        6,
        'Dana Ruiz (main contact, Champion) has been silent since 2025-03-16.',
      ],
      ['engaged exactly 90 days ago is not silent', { people: [dana({ lastEngagedAt: daysAgo(90) })] }, null, null],
      [
        'two half-disengaged people do not add up: the most disengaged one counts',
        {
          people: [dana({ lastEngagedAt: daysAgo(100) }), lee({ sentiment: 'NEGATIVE' })],
        },
        6,
        'Dana Ruiz (main contact, Champion) has been silent since 2025-03-07 and Lee Park (Economic Buyer) is negative about us.',
      ],
      ['unknown last engagement never counts', { people: [dana({ lastEngagedAt: null })] }, null, null],
      ['positive and engaged', { people: [dana({ sentiment: 'POSITIVE', lastEngagedAt: daysAgo(5) })] }, null, null],
      [
        'a departed person is not counted here',
        { people: [dana({ status: 'DEPARTED', sentiment: 'NEGATIVE', lastEngagedAt: daysAgo(200) })] },
        null,
        null,
      ],
      [
        'someone who holds no role counts the same',
        { people: [dana({ isMainContact: false, requiredRoles: [], sentiment: 'NEGATIVE' })] },
        6,
        'Dana Ruiz is negative about us.',
      ],
    ],
  ],
];

function factorOf(risk: Risk, key: keyof RiskWeights) {
  return risk.factors.find((item) => item.key === key);
}

describe('giving an existing stakeholder a role', () => {
  // Alice (main contact, Champion) covers the key account; Bob holds no required role.
  const alice = dana({ name: 'Alice Moss' });
  const bob = (extra: Partial<RiskPerson>) =>
    lee({ name: 'Bob Hale', requiredRoles: [], sentiment: 'NEGATIVE', lastEngagedAt: daysAgo(160), ...extra });

  it.each([
    ['suspected, negative and silent', { status: 'SUSPECTED_DEPARTURE' as const }],
    ['active and negative', { lastEngagedAt: daysAgo(2) }],
    ['seen leaving, flag pending', { pendingDepartureFlag: true }],
  ])('does not raise the score when the Champion role goes to a Bob who is %s', (_name, extra) => {
    const before = assessRisk(riskInput({ account: { tier: 'KEY' }, people: [alice, bob(extra)] }));
    const after = assessRisk(
      riskInput({ account: { tier: 'KEY' }, people: [alice, bob({ ...extra, requiredRoles: ['CHAMPION'] })] }),
    );
    const named = assessRisk(
      riskInput({ account: { tier: 'KEY' }, people: [alice, bob({ ...extra, isMainContact: true })] }),
    );
    expect(before.score).toBeGreaterThan(0);
    expect(after.score).toBe(before.score);
    expect(named.score).toBe(before.score);
  });
});

describe('a healthy account', () => {
  it('has no factor and scores 0', () => {
    expect(assessRisk(riskInput())).toEqual({ score: 0, band: 'GREEN', factors: [], zone: null, zoneReasons: [] });
  });
});

describe.each(factorTables)('factor %s', (key, rows) => {
  it.each(rows)('%s', (_label, patch, points, explanation) => {
    const found = factorOf(assessRisk(riskInput(patch)), key);
    expect(found?.points ?? null).toBe(points);
    if (explanation !== null) expect(found?.explanation).toBe(explanation);
  });
});

it('every factor of the weights has a table', () => {
  expect(factorTables.map(([key]) => key).sort()).toEqual(Object.keys(defaultRiskWeights).sort());
});

describe('bandFor', () => {
  it.each<[number, RiskBand]>([
    [0, 'GREEN'],
    [24, 'GREEN'],
    [25, 'YELLOW'],
    [49, 'YELLOW'],
    [50, 'AMBER'],
    [74, 'AMBER'],
    [75, 'RED'],
    [100, 'RED'],
  ])('%i is %s', (score, band) => {
    expect(bandFor(score)).toBe(band);
  });

  it.each<[number, RiskBand]>([
    [9, 'GREEN'],
    [10, 'YELLOW'],
    [29, 'YELLOW'],
    [30, 'AMBER'],
    [59, 'AMBER'],
    [60, 'RED'],
  ])('with cut-offs 10 / 30 / 60, %i is %s', (score, band) => {
    expect(bandFor(score, { yellow: 10, amber: 30, red: 60 })).toBe(band);
  });
});

describe('score', () => {
  const departed: Patch = { people: [dana({ status: 'DEPARTED' })] };
  const halfCovered: Patch = {
    coverage: { filledRoles: ['ECONOMIC_BUYER'], missingRoles: ['CHAMPION'], coveragePercent: 50 },
  };

  it.each<[string, Patch, number, RiskBand, Array<[keyof RiskWeights, number]>]>([
    [
      'a departed main contact alone: a key account is topped up to amber',
      departed,
      50,
      'AMBER',
      [
        ['departedRoleHolder', 30],
        ['mainContactLost', 20],
      ],
    ],
    [
      'departure, half coverage and an engagement drop reach amber without a top-up',
      merge(departed, halfCovered, signal('ENGAGEMENT_TREND', -40)),
      50,
      'AMBER',
      [
        ['departedRoleHolder', 30],
        ['coverageGap', 10],
        ['engagementDrop', 10],
      ],
    ],
    [
      'equal points are ordered by key',
      merge(signal('PRODUCT_USAGE', -40), signal('ENGAGEMENT_TREND', -40), {
        coverage: { singleThreaded: true, liveThreadCount: 1 },
      }),
      32,
      'YELLOW',
      [
        ['singleThreaded', 12],
        ['engagementDrop', 10],
        ['usageDrop', 10],
      ],
    ],
    [
      'a main contact gone with an open case',
      merge(
        departed,
        halfCovered,
        { openCases: [openCase(0)] },
        { coverage: { singleThreaded: true, liveThreadCount: 1 } },
      ),
      67,
      'AMBER',
      [
        ['departedRoleHolder', 30],
        ['openCase', 15],
        ['singleThreaded', 12],
        ['coverageGap', 10],
      ],
    ],
    [
      'resisting renewal on top',
      merge(departed, { openCases: [openCase(0)] }, signal('RENEWAL_RESISTANCE', 1), {
        account: { renewalDate: utcDay(30) },
      }),
      68,
      'AMBER',
      [
        ['departedRoleHolder', 30],
        ['openCase', 15],
        ['renewalResistance', 15],
        ['renewalProximity', 8],
      ],
    ],
    [
      'at exactly 75 the band is red',
      merge(departed, { openCases: [openCase(0)] }, signal('RENEWAL_RESISTANCE', 1), signal('SUPPORT_TICKETS', 45), {
        account: { renewalDate: utcDay(0) },
      }),
      75,
      'RED',
      [
        ['departedRoleHolder', 30],
        ['openCase', 15],
        ['renewalResistance', 15],
        ['renewalProximity', 10],
        ['supportUptick', 5],
      ],
    ],
  ])('%s', (_label, patch, score, band, factors) => {
    const risk = assessRisk(riskInput(patch));
    expect(risk.score).toBe(score);
    expect(risk.band).toBe(band);
    expect(risk.factors.map((item) => [item.key, item.points])).toEqual(factors);
    expect(risk.factors.reduce((sum, item) => sum + item.points, 0)).toBe(score);
  });

  it('is capped at 100 while every factor keeps its points', () => {
    const everything = merge(
      { people: [dana({ status: 'DEPARTED' }), lee({ status: 'SUSPECTED_DEPARTURE' })] },
      { openCases: [openCase(0)] },
      {
        coverage: {
          filledRoles: [],
          missingRoles: ['CHAMPION', 'ECONOMIC_BUYER'],
          coveragePercent: 0,
          singleThreaded: true,
          liveThreadCount: 0,
          staleThreadCount: 3,
          survivesMemberLoss: false,
          survivesStakeholderLoss: false,
        },
      },
      signal('ENGAGEMENT_TREND', -60),
      signal('RENEWAL_RESISTANCE', 1),
      { account: { renewalDate: utcDay(-3), advocacy: 'DETRACTOR' } },
      { events: [{ kind: 'BUDGET_CUTS', occurredOn: utcDay(-20) }] },
    );
    const risk = assessRisk(riskInput(everything));
    expect(risk.score).toBe(100);
    expect(risk.band).toBe('RED');
    expect(risk.factors.map((item) => [item.key, item.points])).toEqual([
      ['departedRoleHolder', 30],
      ['coverageGap', 20],
      ['openCase', 15],
      ['renewalResistance', 15],
      ['singleThreaded', 12],
      ['engagementDrop', 10],
      ['renewalProximity', 10],
      ['staleThreads', 10],
      ['memberConcentration', 8],
      ['suspectedDeparture', 8],
      ['advocacyDrop', 6],
      ['changeEvent', 5],
    ]);
    expect(risk.factors.reduce((sum, item) => sum + item.points, 0)).toBe(149);
  });

  it.each<[string, Partial<RiskWeights>, Patch, Array<[keyof RiskWeights, number]>]>([
    ['a heavier weight', { departedRoleHolder: 50 }, departed, [['departedRoleHolder', 50]]],
    [
      'a zero weight drops the factor (the top-up to amber then grows)',
      { departedRoleHolder: 0 },
      merge(departed, halfCovered),
      [
        ['mainContactLost', 40],
        ['coverageGap', 10],
      ],
    ],
    [
      'a zero top-up weight leaves the score as the others make it',
      { mainContactLost: 0 },
      departed,
      [['departedRoleHolder', 30]],
    ],
    ['fractional weights are rounded', { coverageGap: 7.5 }, halfCovered, [['coverageGap', 4]]],
    ['a weight rounding to 0 drops the factor', { coverageGap: 0.9 }, halfCovered, []],
  ])('custom weights: %s', (_label, weights, patch, factors) => {
    const risk = assessRisk(riskInput(patch), { ...defaultRiskWeights, ...weights });
    expect(risk.factors.map((item) => [item.key, item.points])).toEqual(factors);
  });

  it('gives integer points above 0 and a sentence for every factor', () => {
    const risk = assessRisk(
      riskInput(merge({ openCases: [openCase(0.33), openCase(0.71, true)] }, signal('PRODUCT_USAGE', -27.3))),
    );
    expect(risk.factors.length).toBeGreaterThan(0);
    for (const item of risk.factors) {
      expect(Number.isInteger(item.points)).toBe(true);
      expect(item.points).toBeGreaterThan(0);
      expect(item.explanation).toMatch(/^[A-Z0-9].*\.$/);
    }
  });
});

describe('zones', () => {
  /** 30 (departed main contact) + 15 (open case) + 10 (half coverage) + 12 (single-threaded) + 8 (one member) = 75, RED. */
  const troubled: Patch = {
    people: [dana({ status: 'DEPARTED' }), lee()],
    openCases: [openCase(0)],
    coverage: {
      filledRoles: ['ECONOMIC_BUYER'],
      missingRoles: ['CHAMPION'],
      coveragePercent: 50,
      liveThreadCount: 1,
      singleThreaded: true,
      survivesStakeholderLoss: false,
      survivesMemberLoss: false,
    },
  };
  const noLiveThread: Patch = { coverage: { liveThreadCount: 0, filledRoles: [], coveragePercent: 0 } };
  const lowValue: Patch = {
    account: {
      tier: 'STANDARD',
      arrMinor: 1_000_000n,
      growthPotential: 'LOW',
      strategicValue: 'LOW',
      marketInfluence: 'LOW',
    },
  };

  it.each<[string, Patch, RiskBand, Zone, string[]]>([
    [
      'key account with a live thread left',
      troubled,
      'RED',
      'RED_ZONE',
      [
        'High value (6 points, 5 needed): key tier, mid-size ARR, medium growth potential, medium strategic value and medium market influence.',
        'Recoverable (2 points, 2 needed).',
        '1 live thread left.',
        'No replacement found yet.',
        'Recovery plans are 0% complete on average.',
        'Red Zone: worth saving; escalate and work the recovery plan.',
      ],
    ],
    [
      'low value',
      merge(troubled, lowValue),
      'RED',
      'DEAD_ZONE',
      [
        'Low value (0 points, 5 needed): nothing beyond a small contract.',
        'Recoverable (2 points, 2 needed).',
        '1 live thread left.',
        'No replacement found yet.',
        'Recovery plans are 0% complete on average.',
        'Dead Zone: let the account go gracefully and hold an exit interview.',
      ],
    ],
    [
      'a small vocal detractor with influence is worth turning',
      merge(troubled, {
        account: { tier: 'STANDARD', arrMinor: 100_000n, advocacy: 'DETRACTOR', vocal: true, marketInfluence: 'HIGH' },
      }),
      'RED',
      'RED_ZONE',
      [
        'High value (6 points, 5 needed): medium growth potential, medium strategic value, high market influence and a vocal detractor worth turning.',
        'Recoverable (2 points, 2 needed).',
        '1 live thread left.',
        'No replacement found yet.',
        'Recovery plans are 0% complete on average.',
        'Red Zone: worth saving; escalate and work the recovery plan.',
      ],
    ],
    [
      'value exactly at the threshold',
      merge(troubled, { account: { marketInfluence: 'LOW' } }),
      'RED',
      'RED_ZONE',
      [
        'High value (5 points, 5 needed): key tier, mid-size ARR, medium growth potential and medium strategic value.',
        'Recoverable (2 points, 2 needed).',
        '1 live thread left.',
        'No replacement found yet.',
        'Recovery plans are 0% complete on average.',
        'Red Zone: worth saving; escalate and work the recovery plan.',
      ],
    ],
    [
      'value one below the threshold',
      merge(troubled, { account: { marketInfluence: 'LOW', arrMinor: 2_499_999n } }),
      'RED',
      'DEAD_ZONE',
      [
        'Low value (4 points, 5 needed): key tier, medium growth potential and medium strategic value.',
        'Recoverable (2 points, 2 needed).',
        '1 live thread left.',
        'No replacement found yet.',
        'Recovery plans are 0% complete on average.',
        'Dead Zone: let the account go gracefully and hold an exit interview.',
      ],
    ],
    [
      'no live thread left',
      merge(troubled, noLiveThread),
      'RED',
      'DEAD_ZONE',
      [
        'High value (6 points, 5 needed): key tier, mid-size ARR, medium growth potential, medium strategic value and medium market influence.',
        'Hard to recover (0 points, 2 needed).',
        'No live thread left.',
        'No replacement found yet.',
        'Recovery plans are 0% complete on average.',
        'Dead Zone: let the account go gracefully and hold an exit interview.',
      ],
    ],
    [
      'no live thread, but a replacement and a plan past half-way',
      merge(troubled, noLiveThread, { openCases: [openCase(0.6, true)] }, signal('RENEWAL_RESISTANCE', 1)),
      'RED',
      'RED_ZONE',
      [
        'High value (6 points, 5 needed): key tier, mid-size ARR, medium growth potential, medium strategic value and medium market influence.',
        'Recoverable (2 points, 2 needed).',
        'No live thread left.',
        'A replacement has been found.',
        'Recovery plans are 60% complete on average.',
        'Red Zone: worth saving; escalate and work the recovery plan.',
      ],
    ],
    [
      'no live thread and only a replacement',
      merge(troubled, noLiveThread, { openCases: [openCase(0, true)] }, signal('RENEWAL_RESISTANCE', 1)),
      'RED',
      'DEAD_ZONE',
      [
        'High value (6 points, 5 needed): key tier, mid-size ARR, medium growth potential, medium strategic value and medium market influence.',
        'Hard to recover (1 point, 2 needed).',
        'No live thread left.',
        'A replacement has been found.',
        'Recovery plans are 0% complete on average.',
        'Dead Zone: let the account go gracefully and hold an exit interview.',
      ],
    ],
    [
      'a departed key person marked replaced counts as a replacement',
      merge(
        troubled,
        noLiveThread,
        { people: [dana({ status: 'DEPARTED', replaced: true })], openCases: [openCase(0.6)] },
        signal('RENEWAL_RESISTANCE', 1),
        signal('PRODUCT_USAGE', -40),
        signal('ENGAGEMENT_TREND', -40),
      ),
      'RED',
      'RED_ZONE',
      [
        'High value (6 points, 5 needed): key tier, mid-size ARR, medium growth potential, medium strategic value and medium market influence.',
        'Recoverable (2 points, 2 needed).',
        'No live thread left.',
        'A replacement has been found.',
        'Recovery plans are 60% complete on average.',
        'Red Zone: worth saving; escalate and work the recovery plan.',
      ],
    ],
    [
      'exceptional value is worth rebuilding from scratch',
      merge(troubled, noLiveThread, {
        account: {
          tier: 'STRATEGIC',
          arrMinor: 10_000_000n,
          growthPotential: 'HIGH',
          strategicValue: 'HIGH',
          marketInfluence: 'HIGH',
        },
      }),
      'RED',
      'RED_ZONE',
      [
        'Exceptional value (11 points, 5 needed): strategic tier, large ARR, high growth potential, high strategic value and high market influence.',
        'Hard to recover (0 points, 2 needed).',
        'No live thread left.',
        'No replacement found yet.',
        'Recovery plans are 0% complete on average.',
        'Red Zone: the value justifies rebuilding the relationship from scratch.',
      ],
    ],
    [
      'well threaded, referenceable promoter, red band from signals',
      merge(
        { account: { advocacy: 'PROMOTER', vocal: true, referenceable: true } },
        signal('RENEWAL_RESISTANCE', 1),
        signal('PRODUCT_USAGE', -50),
        signal('ENGAGEMENT_TREND', -50),
        signal('SUPPORT_TICKETS', 80),
        signal('NPS', -60),
        signal('ARR_GROWTH', -20),
        {
          account: { renewalDate: utcDay(-10) },
          events: [{ kind: 'ACCOUNT_MANAGER_CHANGED', occurredOn: utcDay(-9) }],
        },
      ),
      'RED',
      'RED_ZONE',
      [
        'High value (8 points, 5 needed): key tier, mid-size ARR, medium growth potential, medium strategic value, medium market influence, a vocal promoter and a referenceable customer.',
        'Recoverable (3 points, 2 needed).',
        '4 live threads left.',
        'The account survives the loss of any one stakeholder.',
        'Red Zone: worth saving; escalate and work the recovery plan.',
      ],
    ],
  ])('%s', (_label, patch, band, zone, reasons) => {
    const risk = assessRisk(riskInput(patch));
    expect(risk.band).toBe(band);
    expect(risk.zone).toBe(zone);
    expect(risk.zoneReasons).toEqual(reasons);
  });

  it.each<[string, Patch, RiskBand]>([
    ['green', {}, 'GREEN'],
    ['yellow', { people: [dana({ status: 'DEPARTED' })] }, 'YELLOW'],
    [
      'yellow at 49',
      merge({ people: [dana({ status: 'DEPARTED' })], openCases: [openCase(0)] }, signal('NPS', -1)),
      'YELLOW',
    ],
  ])('no zone when the band is %s', (_label, patch, band) => {
    const risk = assessRisk(riskInput(merge(patch, lowValue)));
    expect(risk.band).toBe(band);
    expect(risk.zone).toBeNull();
    expect(risk.zoneReasons).toEqual([]);
  });
});

describe("zones weigh the account's share of the portfolio's ARR", () => {
  /** A strategic account whose only live thread was its main contact, who left: no recoverability. */
  const lostChampion: Patch = {
    account: { tier: 'STRATEGIC', arrMinor: 46_000_000n, growthPotential: 'LOW', strategicValue: 'HIGH' },
    people: [dana({ status: 'DEPARTED' })],
    coverage: {
      filledRoles: [],
      missingRoles: ['CHAMPION', 'ECONOMIC_BUYER'],
      coveragePercent: 0,
      liveThreadCount: 0,
      singleThreaded: true,
      survivesStakeholderLoss: false,
      survivesMemberLoss: false,
    },
  };
  const withPortfolio = (portfolioArrMinor: bigint | undefined, patch: Patch = lostChampion): RiskInput => ({
    ...riskInput(patch),
    ...(portfolioArrMinor === undefined ? {} : { portfolioArrMinor }),
  });

  it.each<[string, bigint | undefined, Zone, string, string]>([
    [
      'portfolio unknown: value 8 with no recoverability is the Dead Zone',
      undefined,
      'DEAD_ZONE',
      'High value (8 points, 5 needed): strategic tier, large ARR, high strategic value and medium market influence.',
      'Dead Zone: let the account go gracefully and hold an exit interview.',
    ],
    [
      'a 1 % share earns nothing',
      4_600_000_000n,
      'DEAD_ZONE',
      'High value (8 points, 5 needed): strategic tier, large ARR, high strategic value and medium market influence.',
      'Dead Zone: let the account go gracefully and hold an exit interview.',
    ],
    [
      'a 3 % share (Elmstead Systems in the demo) makes the value exceptional',
      1_512_850_000n,
      'RED_ZONE',
      "Exceptional value (10 points, 5 needed): strategic tier, large ARR, 3% of the portfolio's ARR, high strategic value and medium market influence.",
      'Red Zone: the value justifies rebuilding the relationship from scratch.',
    ],
    [
      'exactly the significant share, 2 %',
      2_300_000_000n,
      'RED_ZONE',
      "Exceptional value (10 points, 5 needed): strategic tier, large ARR, 2% of the portfolio's ARR, high strategic value and medium market influence.",
      'Red Zone: the value justifies rebuilding the relationship from scratch.',
    ],
  ])('%s', (_label, portfolio, zone, value, decision) => {
    const risk = assessRisk(withPortfolio(portfolio));
    expect(risk.band).toBe('AMBER');
    expect(risk.zone).toBe(zone);
    expect(risk.zoneReasons[0]).toBe(value);
    expect(risk.zoneReasons.at(-1)).toBe(decision);
  });

  it('a critical share makes the Red Zone even for a low-value account', () => {
    const small = merge(lostChampion, {
      account: { tier: 'STANDARD', arrMinor: 600_000n, strategicValue: 'LOW', marketInfluence: 'LOW' },
    });
    const withoutShare = assessRisk(withPortfolio(undefined, small));
    expect(withoutShare.zone).toBe('DEAD_ZONE');
    const risk = assessRisk(withPortfolio(10_000_000n, small));
    expect(risk.zone).toBe('RED_ZONE');
    expect(risk.zoneReasons.at(-1)).toBe("Red Zone: 6% of the portfolio's ARR (5% or more) is too much to let go.");
  });

  it('follows the organization’s zone thresholds', () => {
    const zones = { ...defaultZoneRules, exceptionalValue: 11 };
    expect(assessRisk(withPortfolio(1_512_850_000n), defaultRiskWeights, { zones }).zone).toBe('DEAD_ZONE');
    const lenient = { ...defaultZoneRules, recoverabilityThreshold: 0 };
    const risk = assessRisk(withPortfolio(undefined), defaultRiskWeights, { zones: lenient });
    expect(risk.zone).toBe('RED_ZONE');
    expect(risk.zoneReasons[1]).toBe('Recoverable (0 points, 0 needed).');
  });

  it('follows the organization’s band cut-offs, and tops up to their amber', () => {
    const bands = { yellow: 20, amber: 60, red: 90 };
    const risk = assessRisk(riskInput({ people: [dana({ status: 'DEPARTED' })] }), defaultRiskWeights, { bands });
    expect(risk.score).toBe(60);
    expect(risk.band).toBe('AMBER');
    expect(risk.factors.map((item) => [item.key, item.points])).toEqual([
      ['departedRoleHolder', 30],
      ['mainContactLost', 30],
    ]);
  });

  it('handles ARR beyond double precision exactly', () => {
    expect(
      portfolioSharePercent({ account: { ...riskInput().account, arrMinor: 2n ** 60n }, portfolioArrMinor: 2n ** 62n }),
    ).toBe(25);
    expect(portfolioSharePercent({ account: riskInput().account, portfolioArrMinor: 0n })).toBeNull();
  });
});

describe('churned accounts', () => {
  it.each<[string, Patch]>([
    ['healthy before', {}],
    [
      'troubled before',
      merge({ people: [dana({ status: 'DEPARTED' })], openCases: [openCase(0)] }, signal('RENEWAL_RESISTANCE', 1), {
        account: { renewalDate: utcDay(-30) },
        coverage: { singleThreaded: true, liveThreadCount: 0 },
      }),
    ],
  ])('score 0, GREEN, no factors, no zone (%s)', (_label, patch) => {
    const risk = assessRisk(riskInput(merge(patch, { account: { lifecycle: 'CHURNED' } })));
    expect(risk).toEqual({ score: 0, band: 'GREEN', factors: [], zone: null, zoneReasons: [] });
  });
});

describe('determinism', () => {
  const events: AccountEvent[] = [
    { kind: 'NEW_EXECUTIVE', occurredOn: utcDay(-12) },
    { kind: 'ACCOUNT_MANAGER_CHANGED', occurredOn: utcDay(-40) },
    { kind: 'BUDGET_CUTS', occurredOn: utcDay(-12) },
    { kind: 'RESTRUCTURING', occurredOn: utcDay(-90) },
  ];
  const patch = merge(
    { people: [dana({ status: 'SUSPECTED_DEPARTURE' }), lee({ status: 'DEPARTED' })], openCases: [openCase(0.25)] },
    signal('ENGAGEMENT_TREND', -33),
    signal('NPS', -12),
  );

  it.each<[string, AccountEvent[]]>([
    ['given order', events],
    ['reversed', [...events].reverse()],
    ['shuffled', [events[2], events[0], events[3], events[1]].flatMap((event) => (event ? [event] : []))],
  ])('the same facts give the same risk (%s events)', (_label, order) => {
    const expected = assessRisk(riskInput({ ...patch, events }));
    const risk = assessRisk(riskInput({ ...patch, events: order }));
    expect(risk).toEqual(expected);
    expect(assessRisk(riskInput({ ...patch, events: order }))).toEqual(risk);
    expect(factorOf(risk, 'changeEvent')?.explanation).toBe(
      '3 change events in the last 180 days: restructuring (2025-03-17), budget cuts (2025-06-03) and new executive (2025-06-03).',
    );
  });
});

describe('with a coverage from assessCoverage', () => {
  it('does not rise when a strong thread is added to the new champion (it used to go from amber 73 to red 75)', () => {
    const stakeholders = [
      {
        id: 'dana',
        status: 'DEPARTED' as const,
        buyingRoles: ['CHAMPION' as const],
        department: 'IT',
        isMainContact: true,
      },
      {
        id: 'kim',
        status: 'ACTIVE' as const,
        buyingRoles: ['CHAMPION' as const],
        department: 'IT',
        isMainContact: false,
      },
      { id: 'ola', status: 'ACTIVE' as const, buyingRoles: [], department: 'Finance', isMainContact: false },
      { id: 'ira', status: 'ACTIVE' as const, buyingRoles: [], department: 'Finance', isMainContact: false },
    ];
    const thread = (stakeholderId: string) => ({
      stakeholderId,
      memberId: 'm1',
      strength: 'STRONG' as const,
      lastTouchAt: daysAgo(3),
      memberActive: true,
    });
    const assess = (threads: ReturnType<typeof thread>[]) =>
      assessRisk(
        riskInput({
          coverage: assessCoverage({ tier: 'KEY', now: NOW, settings: defaultSettings, stakeholders, threads }),
          people: [dana({ status: 'DEPARTED' }), { ...lee(), name: 'Kim Lo', requiredRoles: ['CHAMPION'] }],
          openCases: [openCase(0)],
          signals: { RENEWAL_RESISTANCE: { value: 1, observedAt: daysAgo(10) } },
        }),
      );
    const before = assess([thread('ola'), thread('ira')]);
    const after = assess([thread('ola'), thread('ira'), thread('kim')]);
    expect(after.score).toBeLessThanOrEqual(before.score);
    expect(after.factors.find((item) => item.key === 'coverageGap')?.points).toBeLessThan(
      before.factors.find((item) => item.key === 'coverageGap')?.points ?? 0,
    );
    expect(after.factors.find((item) => item.key === 'memberConcentration')?.points).toBe(
      before.factors.find((item) => item.key === 'memberConcentration')?.points,
    );
  });

  it('scores a strategic account whose main contact left', () => {
    const coverage = assessCoverage({
      tier: 'STRATEGIC',
      now: NOW,
      settings: defaultSettings,
      stakeholders: [
        { id: 'dana', status: 'DEPARTED', buyingRoles: ['CHAMPION'], department: 'IT', isMainContact: true },
        { id: 'lee', status: 'ACTIVE', buyingRoles: ['ECONOMIC_BUYER'], department: 'Finance', isMainContact: false },
      ],
      threads: [
        { stakeholderId: 'dana', memberId: 'm1', strength: 'STRONG', lastTouchAt: daysAgo(5), memberActive: true },
        { stakeholderId: 'lee', memberId: 'm1', strength: 'MEDIUM', lastTouchAt: daysAgo(120), memberActive: true },
      ],
    });
    const risk = assessRisk(
      riskInput({
        account: { tier: 'STRATEGIC', arrMinor: 12_000_000n, growthPotential: 'HIGH' },
        coverage,
        people: [dana({ status: 'DEPARTED' }), lee()],
        openCases: [openCase(0.2, false, 12)],
      }),
    );
    expect(risk.factors.map((item) => [item.key, item.points])).toEqual([
      ['departedRoleHolder', 30],
      ['coverageGap', 20],
      ['openCase', 12],
      ['singleThreaded', 12],
      ['staleThreads', 10],
      ['memberConcentration', 8],
    ]);
    expect(risk.score).toBe(92);
    expect(risk.band).toBe('RED');
    expect(risk.zone).toBe('RED_ZONE');
    expect(risk.zoneReasons.at(-1)).toBe('Red Zone: the value justifies rebuilding the relationship from scratch.');
  });
});
