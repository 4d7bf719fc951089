import { describe, expect, it } from 'vitest';
import {
  accountSummarySentence,
  type Band,
  type ChangeKind,
  type ChangePayload,
  type ChangeView,
  changeImportance,
  changeOnlyKind,
  changeSentence,
  diffFactors,
  factorWords,
  isAdministrationKind,
  isFeedKind,
  rangeProblem,
  summarizeAccount,
} from '../../src/domain/changes.ts';

const view = (kind: ChangeKind, payload: ChangePayload, extra: Partial<ChangeView> = {}): ChangeView => ({
  kind,
  payload,
  accountName: 'Acme',
  actorName: 'Ann',
  actorKind: 'MEMBER',
  ...extra,
});

describe('changeSentence', () => {
  it.each<[string, ChangeView, string]>([
    [
      'flag raised',
      view('FLAG_RAISED', { person: 'Dana', flagKind: 'LEFT_COMPANY' }),
      'Acme: Dana flagged as left company (by Ann).',
    ],
    [
      'flag raised by an import',
      view('FLAG_RAISED', { person: 'Dana', flagKind: 'INTERNAL_MOVE' }, { actorKind: 'IMPORT' }),
      'Acme: Dana flagged as internal move (import by Ann).',
    ],
    [
      'flag rejected, person erased',
      view('FLAG_REJECTED', { person: null }),
      'Acme: flag on an erased person rejected (by Ann).',
    ],
    [
      'stakeholder changed',
      view('STAKEHOLDER_CHANGED', { person: 'Dana', fields: ['sentiment', 'title'] }),
      'Acme: Dana updated (sentiment, title) (by Ann).',
    ],
    [
      'thread went stale (system)',
      view('THREAD_WENT_STALE', { person: 'Dana', member: 'Bo' }, { actorKind: 'SYSTEM', actorName: null }),
      'Acme: thread from Bo to Dana went stale.',
    ],
    [
      'case opened in euros',
      view(
        'CASE_OPENED',
        { person: 'Dana', cause: 'MAIN_CONTACT_TURNOVER', arrAtRiskMinor: 12_345_600 },
        { actorKind: 'SYSTEM' },
      ),
      'Acme: departure case opened (main contact turnover: Dana), EUR 123,456 at risk.',
    ],
    ['case closed', view('CASE_CLOSED', { outcome: 'SAVED' }), 'Acme: departure case closed: saved (by Ann).'],
    [
      'owner changed to nobody',
      view('OWNER_CHANGED', { fromOwner: 'Bo', toOwner: null }),
      'Acme: owner Bo → nobody (by Ann).',
    ],
    [
      'handover (organization-wide)',
      view('HANDOVER', { fromOwner: 'Bo', toOwner: 'Cy', accounts: 1 }, { accountName: null }),
      '1 account handed over from Bo to Cy (by Ann).',
    ],
    [
      'settings',
      view('SETTINGS_CHANGED', { keys: ['riskWeights'] }, { accountName: null }),
      'Settings changed (riskWeights) (by Ann).',
    ],
    [
      'import finished',
      view(
        'IMPORT_FINISHED',
        { fileName: 'a.csv', created: 2, updated: 1, failed: 0 },
        { accountName: null, actorKind: 'IMPORT' },
      ),
      'Import of a.csv finished: 2 created, 1 updated, 0 failed (import by Ann).',
    ],
    [
      'risk up a band into the red zone',
      view(
        'RISK_MOVED',
        { from: { score: 40, band: 'YELLOW', zone: null }, to: { score: 61, band: 'AMBER', zone: 'RED_ZONE' } },
        { actorKind: 'SYSTEM' },
      ),
      'Acme: risk yellow → amber, score 40 → 61, now in the red zone.',
    ],
    [
      'risk out of a zone',
      view(
        'RISK_MOVED',
        { from: { score: 61, band: 'AMBER', zone: 'DEAD_ZONE' }, to: { score: 60, band: 'AMBER', zone: null } },
        { actorKind: 'SYSTEM' },
      ),
      'Acme: risk stays amber, score 61 → 60, out of the dead zone.',
    ],
    [
      'risk moved by a member’s write: no cause, as before',
      view('RISK_MOVED', {
        from: { score: 20, band: 'GREEN', zone: null },
        to: { score: 30, band: 'YELLOW', zone: null },
      }),
      'Acme: risk green → yellow, score 20 → 30.',
    ],
    [
      'risk moved by a settings change',
      view('RISK_MOVED', {
        from: { score: 40, band: 'YELLOW', zone: null },
        to: { score: 61, band: 'AMBER', zone: 'RED_ZONE' },
        bulkCause: { kind: 'SETTINGS_CHANGED', keys: ['requiredRoles', 'riskWeights'] },
      }),
      'Acme: risk yellow → amber, score 40 → 61, now in the red zone, after Ann changed the settings (required roles and risk weights).',
    ],
    [
      'risk moved by a settings change of a member since deleted',
      view(
        'RISK_MOVED',
        {
          from: { score: 40, band: 'YELLOW', zone: null },
          to: { score: 45, band: 'YELLOW', zone: null },
          bulkCause: { kind: 'SETTINGS_CHANGED', keys: ['threads'] },
        },
        { actorName: null },
      ),
      'Acme: risk stays yellow, score 40 → 45, after a settings change (thread freshness).',
    ],
    [
      'risk moved by new risk rules',
      view(
        'RISK_MOVED',
        {
          from: { score: 40, band: 'YELLOW', zone: null },
          to: { score: 30, band: 'YELLOW', zone: null },
          bulkCause: { kind: 'RULES_CHANGED', rulesVersion: 4 },
        },
        { actorKind: 'SYSTEM', actorName: null },
      ),
      'Acme: risk stays yellow, score 40 → 30, after a new version of the risk rules.',
    ],
    [
      'risk moved by an import',
      view(
        'RISK_MOVED',
        {
          from: { score: 10, band: 'GREEN', zone: null },
          to: { score: 55, band: 'AMBER', zone: null },
          bulkCause: { kind: 'IMPORT', fileName: 'stakeholders.csv' },
        },
        { actorKind: 'IMPORT' },
      ),
      'Acme: risk green → amber, score 10 → 55, after the import of stakeholders.csv by Ann.',
    ],
    [
      'risk moved by a handover',
      view('RISK_MOVED', {
        from: { score: 30, band: 'YELLOW', zone: null },
        to: { score: 50, band: 'AMBER', zone: null },
        bulkCause: { kind: 'HANDOVER', fromOwner: 'Bo', toOwner: null },
      }),
      'Acme: risk yellow → amber, score 30 → 50, after the handover from Bo to nobody by Ann.',
    ],
    [
      'note on a person',
      view('NOTE_ADDED', { on: 'STAKEHOLDER', person: 'Dana' }),
      'Acme: note added on Dana (by Ann).',
    ],
    [
      'note on an erased person',
      view('NOTE_ADDED', { on: 'STAKEHOLDER', person: null }),
      'Acme: note added on an erased person (by Ann).',
    ],
    [
      'a lead linked by an import',
      view('LEAD_LINKED', { person: 'Dana', formerAccount: 'Globex' }, { actorKind: 'IMPORT' }),
      'Acme: Dana, who left Globex, now counts as a warm lead here (import by Ann).',
    ],
    [
      'a lead linked, the person erased since',
      view('LEAD_LINKED', { person: null, formerAccount: 'Globex' }),
      'Acme: an erased person, who left Globex, now counts as a warm lead here (by Ann).',
    ],
    [
      'member invited',
      view('MEMBER_INVITED', { member: 'Cy', role: 'CSM' }, { accountName: null }),
      'Cy invited as csm (by Ann).',
    ],
    [
      'role changed',
      view('MEMBER_ROLE_CHANGED', { member: 'Cy', fromRole: 'CSM', toRole: 'MANAGER' }, { accountName: null }),
      "Cy's role csm → manager (by Ann).",
    ],
    [
      'token revoked by an admin',
      view('TOKEN_REVOKED', { member: 'Cy', token: 'laptop' }, { accountName: null }),
      'Token "laptop" of Cy revoked (by Ann).',
    ],
    [
      'endpoint changed',
      view('WEBHOOK_ENDPOINT_CHANGED', { endpoint: 'hooks.example.com', fields: ['url', 'events'] }),
      'Webhook endpoint hooks.example.com changed (url, events) (by Ann).',
    ],
    [
      'report exported',
      view('REPORT_EXPORTED', { format: 'CSV' }, { accountName: null }),
      'Turnover report exported as CSV (by Ann).',
    ],
    [
      'notification issued (webhook outbox only)',
      view('NOTIFICATION', {}, { accountName: null, actorKind: 'SYSTEM', actorName: null }),
      'Notification issued.',
    ],
    [
      'a hostile name stays text',
      view('STAKEHOLDER_ADDED', { person: '<img src=x onerror=alert(1)>' }),
      'Acme: <img src=x onerror=alert(1)> added as a stakeholder (by Ann).',
    ],
  ])('%s', (_name, change, expected) => {
    expect(changeSentence(change, expected.includes('EUR') ? 'EUR' : 'USD')).toBe(expected);
  });
});

describe('isAdministrationKind', () => {
  it.each<[ChangeKind, boolean]>([
    ['TOKEN_CREATED', true],
    ['MEMBER_DEACTIVATED', true],
    ['AUDIT_LOG_EXPORTED', true],
    ['SETTINGS_CHANGED', false],
    ['FLAG_RAISED', false],
    ['RISK_MOVED', false],
  ])('%s → %s', (kind, expected) => {
    expect(isAdministrationKind(kind)).toBe(expected);
    expect(changeImportance(kind, {}) === 0).toBe(expected);
  });
});

describe('isFeedKind', () => {
  it.each<[ChangeKind, boolean, number]>([
    ['FLAG_RAISED', true, 55],
    ['RISK_MOVED', true, 20],
    ['SETTINGS_CHANGED', true, 25],
    ['TOKEN_CREATED', false, 0],
    ['AUDIT_LOG_EXPORTED', false, 0],
    ['NOTIFICATION', false, 0],
  ])('%s → %s (importance %i)', (kind, expected, importance) => {
    expect(isFeedKind(kind)).toBe(expected);
    expect(changeImportance(kind, {})).toBe(importance);
  });

  it('takes a notification for no change', () => {
    expect(changeOnlyKind('CASE_OPENED')).toBe('CASE_OPENED');
    expect(() => changeOnlyKind('NOTIFICATION')).toThrow(/notification/);
  });
});

describe('diffFactors', () => {
  it.each([
    [[], [], { appeared: [], grew: [], shrank: [], vanished: [] }],
    [
      [
        { key: 'a', points: 5 },
        { key: 'b', points: 10 },
        { key: 'c', points: 3 },
      ],
      [
        { key: 'b', points: 12 },
        { key: 'c', points: 1 },
        { key: 'd', points: 7 },
      ],
      {
        appeared: [{ key: 'd', points: 7 }],
        grew: [{ key: 'b', from: 10, to: 12 }],
        shrank: [{ key: 'c', from: 3, to: 1 }],
        vanished: [{ key: 'a', points: 5 }],
      },
    ],
    [[{ key: 'a', points: 5 }], [{ key: 'a', points: 5 }], { appeared: [], grew: [], shrank: [], vanished: [] }],
  ])('%j → %j', (before, after, expected) => {
    expect(diffFactors(before, after)).toEqual(expected);
  });
});

describe('changeImportance', () => {
  const risk = (from: string, to: string, a = 10, b = 10) =>
    changeImportance('RISK_MOVED', {
      from: { score: a, band: from as 'GREEN', zone: null },
      to: { score: b, band: to as 'GREEN', zone: null },
    });
  it('ranks a band going up above one going down above a score drift', () => {
    expect(risk('GREEN', 'RED')).toBeGreaterThan(risk('GREEN', 'AMBER'));
    expect(risk('GREEN', 'AMBER')).toBeGreaterThan(risk('AMBER', 'GREEN'));
    expect(risk('AMBER', 'GREEN')).toBeGreaterThan(risk('AMBER', 'AMBER', 40, 45));
    expect(changeImportance('CASE_OPENED', {})).toBeGreaterThan(changeImportance('STAKEHOLDER_CHANGED', {}));
  });
});

describe('summarizeAccount', () => {
  const at = (day: number) => new Date(Date.UTC(2026, 0, day));
  it('takes the first and last risk and nets factors out over the period', () => {
    const summary = summarizeAccount([
      {
        kind: 'RISK_MOVED',
        occurredAt: at(3),
        payload: {
          from: { score: 50, band: 'AMBER', zone: null },
          to: { score: 30, band: 'YELLOW', zone: null },
          factors: { appeared: [], grew: [], shrank: [], vanished: [{ key: 'openCase', points: 20 }] },
        },
      },
      {
        kind: 'RISK_MOVED',
        occurredAt: at(1),
        payload: {
          from: { score: 20, band: 'GREEN', zone: null },
          to: { score: 50, band: 'AMBER', zone: null },
          factors: {
            appeared: [
              { key: 'openCase', points: 20 },
              { key: 'staleThreads', points: 10 },
            ],
            grew: [],
            shrank: [],
            vanished: [],
          },
        },
      },
      { kind: 'CASE_OPENED', occurredAt: at(1), payload: {} },
      { kind: 'CASE_CLOSED', occurredAt: at(3), payload: {} },
      { kind: 'THREAD_WENT_STALE', occurredAt: at(2), payload: {} },
    ]);
    expect(summary).toMatchObject({
      bandFrom: 'GREEN',
      bandTo: 'YELLOW',
      scoreFrom: 20,
      scoreTo: 30,
      factorsGained: ['staleThreads'],
      factorsLost: [],
      casesOpened: 1,
      casesClosed: 1,
      threadsLost: 1,
      changeCount: 5,
    });
    expect(accountSummarySentence('Acme', 12_000_000, summary, 'GBP')).toBe(
      'Acme (GBP 120,000): green → yellow, score 20 → 30; gained stale threads; 1 case opened; 1 case closed; 1 thread lost.',
    );
  });

  // The executive report says how many customers were saved and lost: a closed case says which.
  it.each([
    [['SAVED'], '1 case closed (saved)'],
    [['CHURNED'], '1 case closed (churned)'],
    [['SAVED', 'CHURNED', 'SAVED'], '3 cases closed (2 saved, 1 churned)'],
    [['SAVED', 'SAVED'], '2 cases closed (saved)'],
    [[null], '1 case closed'],
    [['SAVED', null], '2 cases closed (1 saved)'],
  ])('says how closed cases ended: %j', (outcomes, words) => {
    const summary = summarizeAccount(
      outcomes.map((outcome, index) => ({
        kind: 'CASE_CLOSED' as const,
        occurredAt: at(index + 1),
        payload: outcome ? { outcome } : {},
      })),
    );
    expect(accountSummarySentence('Acme', 0, summary)).toBe(`Acme (USD 0): ${words}.`);
  });

  it.each<[string, Array<[string, string, ChangePayload['bulkCause']]>, number]>([
    ['no settings change', [['GREEN', 'AMBER', undefined]], 0],
    ['a settings change raised it', [['GREEN', 'YELLOW', { kind: 'SETTINGS_CHANGED', keys: ['riskWeights'] }]], 1],
    [
      'new rules lowered it two bands, an import raised it one',
      [
        ['RED', 'YELLOW', { kind: 'RULES_CHANGED', rulesVersion: 3 }],
        ['YELLOW', 'AMBER', { kind: 'IMPORT', fileName: 'a.csv' }],
      ],
      -2,
    ],
    [
      'a handover is a change to the account, not to the settings',
      [['GREEN', 'RED', { kind: 'HANDOVER', fromOwner: 'Bo', toOwner: 'Cy' }]],
      0,
    ],
  ])('counts the bands settings changes moved: %s', (_name, moves, steps) => {
    const summary = summarizeAccount(
      moves.map(([from, to, bulkCause], index) => ({
        kind: 'RISK_MOVED' as const,
        occurredAt: at(index + 1),
        payload: {
          from: { score: 0, band: from as Band, zone: null },
          to: { score: 0, band: to as Band, zone: null },
          ...(bulkCause ? { bulkCause } : {}),
        },
      })),
    );
    expect(summary.bandStepsBySettings).toBe(steps);
  });

  it.each<[string, Array<[string, string, ChangePayload['bulkCause']]>, string]>([
    ['its own changes alone', [['GREEN', 'AMBER', undefined]], 'Acme (USD 0): green → amber, score 10 → 20.'],
    [
      'a settings change alone',
      [['GREEN', 'YELLOW', { kind: 'SETTINGS_CHANGED', keys: ['riskWeights'] }]],
      'Acme (USD 0): green → yellow, score 10 → 20; risk raised 1 band by a change of settings or risk rules.',
    ],
    [
      'new rules lowered it two bands, its own changes raised it back one',
      [
        ['RED', 'YELLOW', { kind: 'RULES_CHANGED', rulesVersion: 3 }],
        ['YELLOW', 'AMBER', undefined],
      ],
      'Acme (USD 0): red → amber, score 10 → 20; risk lowered 2 bands by a change of settings or risk rules.',
    ],
  ])('says what a settings change did to the band: %s', (_name, moves, sentence) => {
    const summary = summarizeAccount(
      moves.map(([from, to, bulkCause], index) => ({
        kind: 'RISK_MOVED' as const,
        occurredAt: at(index + 1),
        payload: {
          from: { score: 10, band: from as Band, zone: null },
          to: { score: 20, band: to as Band, zone: null },
          ...(bulkCause ? { bulkCause } : {}),
        },
      })),
    );
    expect(accountSummarySentence('Acme', 0, summary)).toBe(sentence);
  });

  it('counts changes when nothing moved the risk', () => {
    const summary = summarizeAccount([{ kind: 'STAKEHOLDER_ADDED', occurredAt: at(1), payload: {} }]);
    expect(accountSummarySentence('Acme', 0, summary)).toBe('Acme (USD 0): 1 change.');
    expect(factorWords('departedRoleHolder')).toBe('departed role holder');
  });
});

describe('rangeProblem', () => {
  const d = (iso: string) => new Date(iso);
  it.each([
    [d('2026-01-01'), d('2026-01-08'), null],
    [d('2026-01-08'), d('2026-01-01'), 'from'],
    [d('2025-01-01'), d('2026-01-02'), null],
    [d('2025-01-01'), d('2026-01-03'), 'to'],
    [d('invalid'), d('2026-01-03'), 'from'],
    [null, d('2026-01-03'), null],
    [d('2026-01-03'), d('2026-01-03'), null],
  ])('%s .. %s → %s', (from, to, field) => {
    expect(rangeProblem(from, to)?.field ?? null).toBe(field);
  });
});
