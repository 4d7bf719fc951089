import { describe, expect, it } from 'vitest';
import {
  assessCoverage,
  type Coverage,
  coverageInLifecycle,
  GAP_KIND_BITS,
  GAP_KIND_SETS,
  GAP_KINDS,
  GAP_SEVERITY,
  type Gap,
  type GapKind,
  gapExposure,
  gapKindBits,
  kindsOfBits,
  listInWords,
  type RelationshipRecord,
  roleLabel,
  roleWithArticle,
  type StakeholderFacts,
  worstGapKind,
} from '../../src/domain/coverage.ts';
import { defaultSettings, type OrganizationSettings, type Role, type Tier } from '../../src/domain/settings.ts';

const NOW = new Date('2025-06-15T12:00:00Z');
const DAY_MS = 86_400_000;

function daysAgo(days: number): Date {
  return new Date(NOW.getTime() - days * DAY_MS);
}

function person(id: string, buyingRoles: Role[] = [], extra: Partial<StakeholderFacts> = {}): StakeholderFacts {
  return { id, status: 'ACTIVE', buyingRoles, department: null, isMainContact: false, ...extra };
}

function thread(stakeholderId: string, memberId = 'm1', extra: Partial<RelationshipRecord> = {}): RelationshipRecord {
  return { stakeholderId, memberId, strength: 'MEDIUM', lastTouchAt: daysAgo(10), memberActive: true, ...extra };
}

function withSettings(parts: {
  requiredRoles?: Partial<Record<Tier, Role[]>>;
  threads?: Partial<OrganizationSettings['threads']>;
}): OrganizationSettings {
  return {
    ...defaultSettings,
    requiredRoles: { ...defaultSettings.requiredRoles, ...parts.requiredRoles },
    threads: { ...defaultSettings.threads, ...parts.threads },
  };
}

function assess(
  tier: Tier,
  stakeholders: StakeholderFacts[],
  threads: RelationshipRecord[],
  settings: OrganizationSettings = defaultSettings,
): Coverage {
  return assessCoverage({ tier, stakeholders, threads, now: NOW, settings });
}

const champion = person('champ', ['CHAMPION']);
const buyer = person('buyer', ['ECONOMIC_BUYER']);
const sponsor = person('sponsor', ['EXECUTIVE_SPONSOR']);

describe('wording helpers', () => {
  it.each<[Role, string, string]>([
    ['CHAMPION', 'Champion', 'a Champion'],
    ['ECONOMIC_BUYER', 'Economic Buyer', 'an Economic Buyer'],
    ['EXECUTIVE_SPONSOR', 'Executive Sponsor', 'an Executive Sponsor'],
    ['DECISION_MAKER', 'Decision Maker', 'a Decision Maker'],
    ['TECHNICAL_EVALUATOR', 'Technical Evaluator', 'a Technical Evaluator'],
    ['USER', 'User', 'a User'],
  ])('%s reads "%s" / "%s"', (role, label, withArticle) => {
    expect(roleLabel(role)).toBe(label);
    expect(roleWithArticle(role)).toBe(withArticle);
  });

  it.each<[string[], 'and' | 'or', string]>([
    [[], 'and', ''],
    [['A'], 'and', 'A'],
    [['A', 'B'], 'and', 'A and B'],
    [['A', 'B', 'C'], 'or', 'A, B or C'],
  ])('listInWords(%j, %s) = "%s"', (words, conjunction, expected) => {
    expect(listInWords(words, conjunction)).toBe(expected);
  });
});

describe('required roles and coverage percent', () => {
  it.each<[string, Tier, StakeholderFacts[], RelationshipRecord[], OrganizationSettings, Role[], Role[], number]>([
    [
      'strategic, champion only',
      'STRATEGIC',
      [champion, buyer],
      [thread('champ')],
      defaultSettings,
      ['CHAMPION'],
      ['ECONOMIC_BUYER', 'EXECUTIVE_SPONSOR'],
      33,
    ],
    [
      'strategic, champion and buyer',
      'STRATEGIC',
      [champion, buyer],
      [thread('champ'), thread('buyer')],
      defaultSettings,
      ['CHAMPION', 'ECONOMIC_BUYER'],
      ['EXECUTIVE_SPONSOR'],
      67,
    ],
    [
      'strategic, all three',
      'STRATEGIC',
      [champion, buyer, sponsor],
      [thread('champ'), thread('buyer'), thread('sponsor')],
      defaultSettings,
      ['CHAMPION', 'ECONOMIC_BUYER', 'EXECUTIVE_SPONSOR'],
      [],
      100,
    ],
    [
      'key, buyer only',
      'KEY',
      [champion, buyer],
      [thread('buyer')],
      defaultSettings,
      ['ECONOMIC_BUYER'],
      ['CHAMPION'],
      50,
    ],
    ['standard, champion', 'STANDARD', [champion], [thread('champ')], defaultSettings, ['CHAMPION'], [], 100],
    [
      'one person holding two roles fills both',
      'KEY',
      [person('both', ['ECONOMIC_BUYER', 'CHAMPION'])],
      [thread('both')],
      defaultSettings,
      ['CHAMPION', 'ECONOMIC_BUYER'],
      [],
      100,
    ],
    [
      'a weak thread does not fill',
      'STANDARD',
      [champion],
      [thread('champ', 'm1', { strength: 'WEAK' })],
      defaultSettings,
      [],
      ['CHAMPION'],
      0,
    ],
    [
      'touched exactly 90 days ago still fills',
      'STANDARD',
      [champion],
      [thread('champ', 'm1', { lastTouchAt: daysAgo(90) })],
      defaultSettings,
      ['CHAMPION'],
      [],
      100,
    ],
    [
      'touched 90 days and a minute ago does not',
      'STANDARD',
      [champion],
      [thread('champ', 'm1', { lastTouchAt: new Date(daysAgo(90).getTime() - 60_000) })],
      defaultSettings,
      [],
      ['CHAMPION'],
      0,
    ],
    [
      'never touched does not fill',
      'STANDARD',
      [champion],
      [thread('champ', 'm1', { lastTouchAt: null })],
      defaultSettings,
      [],
      ['CHAMPION'],
      0,
    ],
    [
      'a thread of a member who left does not fill',
      'STANDARD',
      [champion],
      [thread('champ', 'm1', { memberActive: false })],
      defaultSettings,
      [],
      ['CHAMPION'],
      0,
    ],
    [
      'a departed holder does not fill',
      'STANDARD',
      [{ ...champion, status: 'DEPARTED' }],
      [thread('champ')],
      defaultSettings,
      [],
      ['CHAMPION'],
      0,
    ],
    [
      'a suspected departure still fills',
      'STANDARD',
      [{ ...champion, status: 'SUSPECTED_DEPARTURE' }],
      [thread('champ')],
      defaultSettings,
      ['CHAMPION'],
      [],
      100,
    ],
    [
      'a thread to an unknown stakeholder is ignored',
      'STANDARD',
      [champion],
      [thread('ghost')],
      defaultSettings,
      [],
      ['CHAMPION'],
      0,
    ],
    [
      'a role nobody requires does not count',
      'STANDARD',
      [person('u', ['USER'])],
      [thread('u')],
      defaultSettings,
      [],
      ['CHAMPION'],
      0,
    ],
    ['nothing required is 100 %', 'STANDARD', [], [], withSettings({ requiredRoles: { STANDARD: [] } }), [], [], 100],
    [
      'weak threads count when the minimum is WEAK',
      'STANDARD',
      [champion],
      [thread('champ', 'm1', { strength: 'WEAK' })],
      withSettings({ threads: { minimumLiveStrength: 'WEAK' } }),
      ['CHAMPION'],
      [],
      100,
    ],
    [
      'a 45-day-old thread is not live in a 30-day window',
      'STANDARD',
      [champion],
      [thread('champ', 'm1', { lastTouchAt: daysAgo(45) })],
      withSettings({ threads: { liveWithinDays: 30 } }),
      [],
      ['CHAMPION'],
      0,
    ],
    [
      'required roles keep the settings order',
      'KEY',
      [champion, buyer],
      [thread('champ'), thread('buyer')],
      withSettings({ requiredRoles: { KEY: ['ECONOMIC_BUYER', 'CHAMPION', 'ECONOMIC_BUYER'] } }),
      ['ECONOMIC_BUYER', 'CHAMPION'],
      [],
      100,
    ],
  ])('%s', (_label, tier, stakeholders, threads, settings, filled, missing, percent) => {
    const coverage = assess(tier, stakeholders, threads, settings);
    expect(coverage.filledRoles).toEqual(filled);
    expect(coverage.missingRoles).toEqual(missing);
    expect(coverage.coveragePercent).toBe(percent);
    expect([...coverage.requiredRoles].sort()).toEqual([...filled, ...missing].sort());
  });
});

describe('thread counts', () => {
  const people = [
    person('a', ['CHAMPION']),
    person('b'),
    person('c'),
    person('d', ['ECONOMIC_BUYER'], { status: 'DEPARTED' }),
    person('e'),
    person('f'),
  ];
  type Counts = Pick<
    Coverage,
    'liveThreadCount' | 'strongThreadCount' | 'staleThreadCount' | 'liveStakeholderCount' | 'liveMemberIds'
  >;

  it.each<[string, RelationshipRecord[], Counts]>([
    [
      'no threads',
      [],
      { liveThreadCount: 0, strongThreadCount: 0, staleThreadCount: 0, liveStakeholderCount: 0, liveMemberIds: [] },
    ],
    [
      'two live threads to one person, one strong',
      [thread('a', 'm2', { strength: 'STRONG' }), thread('a', 'm1')],
      {
        liveThreadCount: 2,
        strongThreadCount: 1,
        staleThreadCount: 0,
        liveStakeholderCount: 1,
        liveMemberIds: ['m1', 'm2'],
      },
    ],
    [
      'weak and member-gone threads are neither live nor stale',
      [thread('b', 'm1', { strength: 'WEAK' }), thread('f', 'm4', { memberActive: false })],
      { liveThreadCount: 0, strongThreadCount: 0, staleThreadCount: 0, liveStakeholderCount: 0, liveMemberIds: [] },
    ],
    [
      'old and never-touched threads are stale, whatever their strength or member',
      [
        thread('c', 'm3', { lastTouchAt: daysAgo(200) }),
        thread('e', 'm1', { lastTouchAt: null, strength: 'WEAK' }),
        thread('f', 'm4', { lastTouchAt: daysAgo(91), memberActive: false }),
      ],
      { liveThreadCount: 0, strongThreadCount: 0, staleThreadCount: 3, liveStakeholderCount: 0, liveMemberIds: [] },
    ],
    [
      'threads of a departed stakeholder count for nothing',
      [thread('d', 'm1', { strength: 'STRONG' }), thread('d', 'm2', { lastTouchAt: null })],
      { liveThreadCount: 0, strongThreadCount: 0, staleThreadCount: 0, liveStakeholderCount: 0, liveMemberIds: [] },
    ],
    [
      'a mix',
      [
        thread('a', 'm1', { strength: 'STRONG' }),
        thread('a', 'm2'),
        thread('b', 'm1', { strength: 'WEAK' }),
        thread('c', 'm3', { lastTouchAt: daysAgo(200) }),
        thread('c', 'm9', { strength: 'STRONG' }),
        thread('d', 'm1', { strength: 'STRONG' }),
        thread('e', 'm1', { lastTouchAt: null }),
      ],
      {
        liveThreadCount: 3,
        strongThreadCount: 2,
        staleThreadCount: 2,
        liveStakeholderCount: 2,
        liveMemberIds: ['m1', 'm2', 'm9'],
      },
    ],
  ])('%s', (_label, threads, expected) => {
    const coverage = assess('STANDARD', people, threads);
    expect({
      liveThreadCount: coverage.liveThreadCount,
      strongThreadCount: coverage.strongThreadCount,
      staleThreadCount: coverage.staleThreadCount,
      liveStakeholderCount: coverage.liveStakeholderCount,
      liveMemberIds: coverage.liveMemberIds,
    }).toEqual(expected);
  });
});

describe('departments', () => {
  it.each<[string, StakeholderFacts[], RelationshipRecord[], string[], string[]]>([
    ['none known', [person('a'), person('b', [], { department: '   ' })], [thread('a')], [], []],
    [
      'case-insensitive, first spelling kept, trimmed',
      [
        person('a', [], { department: 'Finance' }),
        person('b', [], { department: ' finance ' }),
        person('c', [], { department: 'IT' }),
      ],
      [thread('b')],
      ['Finance', 'IT'],
      ['IT'],
    ],
    [
      'sorted alphabetically regardless of case',
      [person('a', [], { department: 'sales' }), person('b', [], { department: 'Engineering' })],
      [],
      ['Engineering', 'sales'],
      ['Engineering', 'sales'],
    ],
    [
      'departed people bring no department',
      [person('a', [], { department: 'Legal', status: 'DEPARTED' }), person('b', [], { department: 'IT' })],
      [thread('a'), thread('b')],
      ['IT'],
      [],
    ],
    [
      'a stale thread does not cover a department',
      [person('a', [], { department: 'Procurement' })],
      [thread('a', 'm1', { lastTouchAt: daysAgo(120) })],
      ['Procurement'],
      ['Procurement'],
    ],
  ])('%s', (_label, stakeholders, threads, departments, uncovered) => {
    const coverage = assess('STANDARD', stakeholders, threads);
    expect(coverage.departments).toEqual(departments);
    expect(coverage.uncoveredDepartments).toEqual(uncovered);
  });
});

describe('multi-threading', () => {
  const user = person('user', ['USER']);

  it.each<[string, Tier, StakeholderFacts[], RelationshipRecord[], OrganizationSettings, boolean, boolean, boolean]>([
    ['no live thread', 'KEY', [champion, buyer], [], defaultSettings, true, false, false],
    [
      'one thread to the champion',
      'KEY',
      [champion, buyer],
      [thread('champ', 'm1')],
      defaultSettings,
      true,
      false,
      false,
    ],
    [
      'champion reached by two members',
      'KEY',
      [champion],
      [thread('champ', 'm1'), thread('champ', 'm2')],
      defaultSettings,
      false,
      false,
      true,
    ],
    [
      'champion and buyer, both through m1',
      'KEY',
      [champion, buyer],
      [thread('champ', 'm1'), thread('buyer', 'm1')],
      defaultSettings,
      false,
      true,
      false,
    ],
    [
      'champion through m1, buyer through m2',
      'KEY',
      [champion, buyer],
      [thread('champ', 'm1'), thread('buyer', 'm2')],
      defaultSettings,
      false,
      true,
      true,
    ],
    [
      'the second thread goes to a role nobody requires',
      'KEY',
      [champion, user],
      [thread('champ', 'm1'), thread('user', 'm2')],
      defaultSettings,
      false,
      false,
      false,
    ],
    [
      'two champions through two members',
      'STANDARD',
      [champion, person('champ2', ['CHAMPION'])],
      [thread('champ', 'm1'), thread('champ2', 'm2')],
      defaultSettings,
      false,
      true,
      true,
    ],
    [
      'a live thread to a departed holder is no backup',
      'KEY',
      [champion, { ...buyer, status: 'DEPARTED' }],
      [thread('champ', 'm1'), thread('buyer', 'm2')],
      defaultSettings,
      true,
      false,
      false,
    ],
    [
      'nothing required: two independent live threads survive',
      'STANDARD',
      [user, person('other')],
      [thread('user', 'm1'), thread('other', 'm2')],
      withSettings({ requiredRoles: { STANDARD: [] } }),
      false,
      true,
      true,
    ],
    [
      'nothing required: one live thread does not',
      'STANDARD',
      [user],
      [thread('user', 'm1')],
      withSettings({ requiredRoles: { STANDARD: [] } }),
      true,
      false,
      false,
    ],
  ])('%s', (_label, tier, stakeholders, threads, settings, singleThreaded, survivesStakeholder, survivesMember) => {
    const coverage = assess(tier, stakeholders, threads, settings);
    expect(coverage.singleThreaded).toBe(singleThreaded);
    expect(coverage.survivesStakeholderLoss).toBe(survivesStakeholder);
    expect(coverage.survivesMemberLoss).toBe(survivesMember);
  });
});

describe('gaps', () => {
  const gap = (kind: Gap['kind'], message: string, extra: Partial<Gap> = {}): Gap => ({
    kind,
    role: null,
    department: null,
    stakeholderId: null,
    message,
    ...extra,
  });

  it.each<[string, Tier, StakeholderFacts[], RelationshipRecord[], Gap[]]>([
    [
      'no thread at all',
      'KEY',
      [champion],
      [],
      [
        gap('UNFILLED_ROLE', 'No live thread to a Champion.', { role: 'CHAMPION' }),
        gap('UNFILLED_ROLE', 'No live thread to an Economic Buyer.', { role: 'ECONOMIC_BUYER' }),
        gap('NO_LIVE_THREAD', 'No live thread to anyone at this account.'),
      ],
    ],
    [
      'a typical strategic account',
      'STRATEGIC',
      [
        person('champ', ['CHAMPION'], { isMainContact: true, department: 'IT' }),
        person('buyer', ['ECONOMIC_BUYER'], { department: 'Finance' }),
      ],
      [thread('champ', 'm1', { strength: 'STRONG' }), thread('buyer', 'm1', { lastTouchAt: daysAgo(150) })],
      [
        gap('UNFILLED_ROLE', 'No live thread to an Economic Buyer.', { role: 'ECONOMIC_BUYER' }),
        gap('UNFILLED_ROLE', 'No live thread to an Executive Sponsor.', { role: 'EXECUTIVE_SPONSOR' }),
        gap('SINGLE_THREADED', 'Single-threaded: the whole account hangs on one live thread.', {
          stakeholderId: 'champ',
        }),
        gap('STALE_THREAD', 'The only thread to the Economic Buyer is stale: no touch in the last 90 days.', {
          role: 'ECONOMIC_BUYER',
          stakeholderId: 'buyer',
        }),
        gap('UNCOVERED_DEPARTMENT', 'No live thread to anyone in Finance, where the Economic Buyer works.', {
          department: 'Finance',
          stakeholderId: 'buyer',
        }),
      ],
    ],
    [
      'a main contact without a role, all threads stale',
      'STANDARD',
      [champion, person('main', [], { isMainContact: true })],
      [
        thread('champ', 'm1'),
        thread('champ', 'm2'),
        thread('main', 'm1', { lastTouchAt: null }),
        thread('main', 'm2', { lastTouchAt: daysAgo(100) }),
      ],
      [
        gap('STALE_THREAD', 'All 2 threads to the main contact are stale: no touch in the last 90 days.', {
          stakeholderId: 'main',
        }),
      ],
    ],
    [
      'a main contact holding two required roles',
      'KEY',
      [
        person('main', ['ECONOMIC_BUYER', 'CHAMPION'], { isMainContact: true }),
        person('x', ['CHAMPION', 'ECONOMIC_BUYER']),
      ],
      [thread('x', 'm1'), thread('x', 'm2'), thread('main', 'm1', { lastTouchAt: daysAgo(91) })],
      [
        gap(
          'STALE_THREAD',
          'The only thread to the main contact (Champion and Economic Buyer) is stale: no touch in the last 90 days.',
          {
            role: 'CHAMPION',
            stakeholderId: 'main',
          },
        ),
      ],
    ],
    [
      'stale threads to someone who matters little are no gap',
      'STANDARD',
      [champion, person('user', ['USER'])],
      [thread('champ', 'm1'), thread('champ', 'm2'), thread('user', 'm1', { lastTouchAt: null })],
      [],
    ],
    [
      'one stale and one fresh weak thread: not all stale',
      'STANDARD',
      [champion, person('champ2', ['CHAMPION'])],
      [
        thread('champ', 'm1'),
        thread('champ', 'm2'),
        thread('champ2', 'm1', { lastTouchAt: null }),
        thread('champ2', 'm2', { strength: 'WEAK' }),
      ],
      [],
    ],
    [
      'a departed main contact with stale threads is no stale gap',
      'STANDARD',
      [champion, person('gone', ['CHAMPION'], { isMainContact: true, status: 'DEPARTED' })],
      [thread('champ', 'm1'), thread('champ', 'm2'), thread('gone', 'm1', { lastTouchAt: null })],
      [],
    ],
    [
      'fully covered and multi-threaded',
      'KEY',
      [person('champ', ['CHAMPION'], { department: 'IT' }), person('buyer', ['ECONOMIC_BUYER'], { department: 'it' })],
      [thread('champ', 'm1'), thread('buyer', 'm2')],
      [],
    ],
  ])('%s', (_label, tier, stakeholders, threads, gaps) => {
    expect(assess(tier, stakeholders, threads).gaps).toEqual(gaps);
  });

  it('uses the configured window in stale-thread messages', () => {
    const coverage = assess(
      'STANDARD',
      [person('champ', ['CHAMPION'], { isMainContact: true })],
      [thread('champ', 'm1', { lastTouchAt: daysAgo(31) })],
      withSettings({ threads: { liveWithinDays: 30 } }),
    );
    expect(coverage.gaps.map((item) => item.message)).toEqual([
      'No live thread to a Champion.',
      'No live thread to anyone at this account.',
      'The only thread to the main contact (Champion) is stale: no touch in the last 30 days.',
    ]);
  });
});

describe('live thread count: none and one are different gaps', () => {
  it.each<[string, Tier, StakeholderFacts[], RelationshipRecord[], OrganizationSettings, GapKind | null, boolean]>([
    ['no stakeholder at all', 'STANDARD', [], [], defaultSettings, 'NO_LIVE_THREAD', true],
    [
      'only stale threads',
      'STANDARD',
      [champion],
      [thread('champ', 'm1', { lastTouchAt: null })],
      defaultSettings,
      'NO_LIVE_THREAD',
      true,
    ],
    [
      'only a weak thread',
      'STANDARD',
      [champion],
      [thread('champ', 'm1', { strength: 'WEAK' })],
      defaultSettings,
      'NO_LIVE_THREAD',
      true,
    ],
    ['one live thread', 'STANDARD', [champion], [thread('champ', 'm1')], defaultSettings, 'SINGLE_THREADED', true],
    [
      'two live threads to one person',
      'STANDARD',
      [champion],
      [thread('champ', 'm1'), thread('champ', 'm2')],
      defaultSettings,
      null,
      false,
    ],
    [
      'nothing required and no thread: the only gap',
      'STANDARD',
      [person('x')],
      [],
      withSettings({ requiredRoles: { STANDARD: [] } }),
      'NO_LIVE_THREAD',
      true,
    ],
  ])('%s', (_label, tier, stakeholders, threads, settings, kind, atMostOne) => {
    const coverage = assess(tier, stakeholders, threads, settings);
    const counted = coverage.gaps.filter((gap) => gap.kind === 'NO_LIVE_THREAD' || gap.kind === 'SINGLE_THREADED');
    expect(counted.map((gap) => gap.kind)).toEqual(kind ? [kind] : []);
    expect(coverage.singleThreaded).toBe(atMostOne);
    if (kind === 'NO_LIVE_THREAD') expect(counted[0]?.message).toBe('No live thread to anyone at this account.');
    if (kind === 'SINGLE_THREADED') expect(counted[0]?.message).not.toMatch(/no live thread/i);
  });
});

describe('departments without a thread', () => {
  const it_ = person('it', [], { department: 'IT' });
  it.each<[string, Tier, StakeholderFacts[], RelationshipRecord[], Array<[string, string | null, string]>]>([
    [
      'a fully covered account with unreached departments of people who matter little has no gap',
      'KEY',
      [
        person('champ', ['CHAMPION'], { department: 'IT', isMainContact: true }),
        person('buyer', ['ECONOMIC_BUYER'], { department: 'Finance' }),
        person('u1', ['USER'], { department: 'Sales' }),
        person('u2', ['DECISION_MAKER'], { department: 'Procurement' }),
        person('u3', [], { department: 'Marketing' }),
      ],
      [thread('champ', 'm1'), thread('buyer', 'm2')],
      [],
    ],
    [
      'the main contact’s department without a live thread',
      'STANDARD',
      [champion, person('main', [], { department: 'Operations', isMainContact: true })],
      [thread('champ', 'm1'), thread('champ', 'm2'), thread('main', 'm1', { strength: 'WEAK' })],
      [['Operations', 'main', 'No live thread to anyone in Operations, where the main contact works.']],
    ],
    [
      'a second required-role holder in an unreached department',
      'STANDARD',
      [person('champ', ['CHAMPION'], { department: 'IT' }), person('champ2', ['CHAMPION'], { department: 'Sales' })],
      [thread('champ', 'm1'), thread('champ', 'm2')],
      [['Sales', 'champ2', 'No live thread to anyone in Sales, where the Champion works.']],
    ],
    [
      'a colleague’s live thread covers the key person’s department',
      'STANDARD',
      [champion, person('champ2', ['CHAMPION'], { department: 'IT' }), it_],
      [thread('champ', 'm1'), thread('champ', 'm2'), thread('it', 'm1')],
      [],
    ],
    [
      'several key people in one department, sorted departments',
      'KEY',
      [
        person('x', ['CHAMPION'], { department: 'IT' }),
        person('y', ['ECONOMIC_BUYER'], { department: 'Finance' }),
        person('z', ['CHAMPION'], { department: 'finance', isMainContact: true }),
        person('w', ['USER']),
      ],
      [thread('w', 'm1'), thread('w', 'm2')],
      [
        [
          'Finance',
          'y',
          'No live thread to anyone in Finance, where the Economic Buyer and the main contact (Champion) work.',
        ],
        ['IT', 'x', 'No live thread to anyone in IT, where the Champion works.'],
      ],
    ],
    [
      'no live thread at all: no department gap besides it',
      'STANDARD',
      [person('champ', ['CHAMPION'], { department: 'IT', isMainContact: true })],
      [thread('champ', 'm1', { lastTouchAt: null })],
      [],
    ],
    [
      'a departed key person brings no department gap',
      'STANDARD',
      [champion, person('gone', ['CHAMPION'], { department: 'Legal', status: 'DEPARTED' })],
      [thread('champ', 'm1'), thread('champ', 'm2')],
      [],
    ],
  ])('%s', (_label, tier, stakeholders, threads, expected) => {
    const gaps = assess(tier, stakeholders, threads).gaps.filter((gap) => gap.kind === 'UNCOVERED_DEPARTMENT');
    expect(gaps.map((gap) => [gap.department, gap.stakeholderId, gap.message])).toEqual(expected);
  });
});

describe('severity', () => {
  it('ranks the kinds: unfilled role, no live thread, single-threaded, stale key thread, department', () => {
    expect(GAP_KINDS).toEqual([
      'UNFILLED_ROLE',
      'NO_LIVE_THREAD',
      'SINGLE_THREADED',
      'STALE_THREAD',
      'UNCOVERED_DEPARTMENT',
    ]);
    expect(GAP_KINDS.map((kind) => GAP_SEVERITY[kind].severity)).toEqual([
      'CRITICAL',
      'HIGH',
      'MEDIUM',
      'LOW',
      'MINOR',
    ]);
    expect(GAP_KINDS.map((kind) => GAP_SEVERITY[kind].rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('lists an account’s gaps most severe first', () => {
    const coverage = assess(
      'STRATEGIC',
      [
        person('champ', ['CHAMPION'], { isMainContact: true, department: 'IT' }),
        person('buyer', ['ECONOMIC_BUYER'], { department: 'Finance' }),
      ],
      [thread('champ', 'm1', { strength: 'STRONG' }), thread('buyer', 'm1', { lastTouchAt: daysAgo(150) })],
    );
    const ranks = coverage.gaps.map((gap) => GAP_SEVERITY[gap.kind].rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(worstGapKind(coverage.gaps)).toBe('UNFILLED_ROLE');
  });

  const kinds = (...list: GapKind[]) => list.map((kind) => ({ kind }));
  it.each<[string, bigint, Array<{ kind: GapKind }>, GapKind[] | undefined, bigint]>([
    ['no gap', 1_000n, [], undefined, 0n],
    ['the worst gap weighs', 1_000n, kinds('UNCOVERED_DEPARTMENT', 'UNFILLED_ROLE'), undefined, 5_000n],
    ['no live thread', 1_000n, kinds('NO_LIVE_THREAD'), undefined, 4_000n],
    ['single-threaded', 1_000n, kinds('SINGLE_THREADED', 'STALE_THREAD'), undefined, 3_000n],
    ['stale key thread', 1_000n, kinds('STALE_THREAD'), undefined, 2_000n],
    ['department only', 1_000n, kinds('UNCOVERED_DEPARTMENT'), undefined, 1_000n],
    ['only the kinds asked for count', 1_000n, kinds('UNFILLED_ROLE', 'STALE_THREAD'), ['STALE_THREAD'], 2_000n],
    ['none of the kinds asked for', 1_000n, kinds('UNFILLED_ROLE'), ['STALE_THREAD'], 0n],
    ['no ARR, no exposure', 0n, kinds('UNFILLED_ROLE'), undefined, 0n],
  ])('exposure: %s', (_label, arr, gaps, only, exposure) => {
    expect(gapExposure(arr, gaps, only)).toBe(exposure);
  });

  it('a missing required role on a smaller account outranks a department gap on a larger one', () => {
    expect(gapExposure(200_000n, kinds('UNFILLED_ROLE'))).toBeGreaterThan(
      gapExposure(900_000n, kinds('UNCOVERED_DEPARTMENT')),
    );
  });
});

describe('gap kinds as bits (what Account.gapKinds stores)', () => {
  it('gives each kind its own bit, the most severe the lowest', () => {
    expect(GAP_KINDS.map((kind) => GAP_KIND_BITS[kind])).toEqual([1, 2, 4, 8, 16]);
    expect(GAP_KIND_SETS).toHaveLength(31);
  });

  it('stores a list of gaps as the set of their kinds, and reads the set back most severe first', () => {
    expect(gapKindBits([])).toBe(0);
    const gaps = [
      { kind: 'UNCOVERED_DEPARTMENT' as const },
      { kind: 'UNFILLED_ROLE' as const },
      { kind: 'UNFILLED_ROLE' as const },
    ];
    expect(gapKindBits(gaps)).toBe(17);
    expect(kindsOfBits(17)).toEqual(['UNFILLED_ROLE', 'UNCOVERED_DEPARTMENT']);
    expect(kindsOfBits(0)).toEqual([]);
  });

  it('keeps every exposure: the set of kinds weighs what the gaps weigh, for any kinds asked for', () => {
    for (const bits of GAP_KIND_SETS) {
      const gaps = kindsOfBits(bits).map((kind) => ({ kind }));
      expect(gapKindBits(gaps)).toBe(bits);
      for (const asked of GAP_KIND_SETS) {
        const only = kindsOfBits(asked);
        expect(
          gapExposure(
            7n,
            kindsOfBits(gapKindBits(gaps)).map((kind) => ({ kind })),
            only,
          ),
        ).toBe(gapExposure(7n, gaps, only));
      }
    }
  });
});

describe("coverage in the account's lifecycle", () => {
  // A strategic account with only a champion: two required roles unfilled, so it has gaps.
  const coverage = assess('STRATEGIC', [champion], [thread('champ')]);

  it.each([
    ['PROSPECT', coverage.gaps.length],
    ['CUSTOMER', coverage.gaps.length],
    ['CHURNED', 0],
  ] as const)('a %s account shows %i gaps', (lifecycle, gaps) => {
    expect(coverage.gaps.length).toBeGreaterThan(0);
    const shown = coverageInLifecycle(coverage, lifecycle);
    expect(shown.gaps).toHaveLength(gaps);
    expect({ ...shown, gaps: [] }).toEqual({ ...coverage, gaps: [] });
  });
});
