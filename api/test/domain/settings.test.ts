import type {
  AccountTier,
  BuyingRole,
  StakeholderStatus as DbStakeholderStatus,
  RelationshipStrength,
} from '@threadwatch/db/client';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { StakeholderStatus } from '../../src/domain/coverage.ts';
import { defaultRiskWeights, type RiskWeights } from '../../src/domain/risk.ts';
import {
  defaultSettings,
  mergeSettings,
  type OrganizationSettings,
  parseSettings,
  type Role,
  type SettingsPatch,
  settingsIssues,
  settingsPatchSchema,
  type Tier,
} from '../../src/domain/settings.ts';

/** The defaults with some parts replaced. */
function settingsWith(parts: {
  requiredRoles?: Partial<Record<Tier, Role[]>>;
  threads?: Partial<OrganizationSettings['threads']>;
  riskWeights?: Partial<RiskWeights>;
  riskBands?: Partial<OrganizationSettings['riskBands']>;
  riskZones?: Partial<OrganizationSettings['riskZones']>;
  digestSchedule?: Partial<OrganizationSettings['digestSchedule']>;
  auditRetentionDays?: number;
}): OrganizationSettings {
  return {
    requiredRoles: { ...defaultSettings.requiredRoles, ...parts.requiredRoles },
    threads: { ...defaultSettings.threads, ...parts.threads },
    riskWeights: { ...defaultSettings.riskWeights, ...parts.riskWeights },
    riskBands: { ...defaultSettings.riskBands, ...parts.riskBands },
    riskZones: { ...defaultSettings.riskZones, ...parts.riskZones },
    digestSchedule: { ...defaultSettings.digestSchedule, ...parts.digestSchedule },
    auditRetentionDays: parts.auditRetentionDays ?? defaultSettings.auditRetentionDays,
  };
}

describe('string-literal unions match the database enums', () => {
  it('Tier, Role, strength and status are the Prisma enum types', () => {
    expectTypeOf<Tier>().toEqualTypeOf<AccountTier>();
    expectTypeOf<Role>().toEqualTypeOf<BuyingRole>();
    expectTypeOf<OrganizationSettings['threads']['minimumLiveStrength']>().toEqualTypeOf<RelationshipStrength>();
    expectTypeOf<StakeholderStatus>().toEqualTypeOf<DbStakeholderStatus>();
  });
});

describe('defaultSettings', () => {
  it.each<[Tier, Role[]]>([
    ['STRATEGIC', ['CHAMPION', 'ECONOMIC_BUYER', 'EXECUTIVE_SPONSOR']],
    ['KEY', ['CHAMPION', 'ECONOMIC_BUYER']],
    ['STANDARD', ['CHAMPION']],
  ])('requires these roles of a %s account', (tier, roles) => {
    expect(defaultSettings.requiredRoles[tier]).toEqual(roles);
  });

  it.each([
    ['liveWithinDays', 90],
    ['minimumLiveStrength', 'MEDIUM'],
  ] as const)('threads.%s defaults to %s', (key, value) => {
    expect(defaultSettings.threads[key]).toBe(value);
  });

  it('uses the default risk weights', () => {
    expect(defaultSettings.riskWeights).toEqual(defaultRiskWeights);
  });
});

describe('parseSettings', () => {
  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', '{"threads":{"liveWithinDays":30}}'],
    ['an array', [{ threads: { liveWithinDays: 30 } }]],
    ['an empty object', {}],
    ['parts of the wrong type', { requiredRoles: 'CHAMPION', threads: [], riskWeights: 7 }],
    ['unknown keys only', { colour: 'blue', version: 3 }],
  ])('falls back to every default for %s', (_label, json) => {
    expect(parseSettings(json)).toEqual(defaultSettings);
  });

  it.each<[string, unknown, OrganizationSettings]>([
    [
      'a valid role list replaces that tier only',
      { requiredRoles: { KEY: ['DECISION_MAKER', 'USER'] } },
      settingsWith({ requiredRoles: { KEY: ['DECISION_MAKER', 'USER'] } }),
    ],
    [
      'duplicate roles are dropped, first occurrence kept',
      { requiredRoles: { STRATEGIC: ['ECONOMIC_BUYER', 'CHAMPION', 'ECONOMIC_BUYER'] } },
      settingsWith({ requiredRoles: { STRATEGIC: ['ECONOMIC_BUYER', 'CHAMPION'] } }),
    ],
    [
      'an empty list is kept (nothing required)',
      { requiredRoles: { STANDARD: [] } },
      settingsWith({ requiredRoles: { STANDARD: [] } }),
    ],
    [
      'a list with an unknown role falls back for that tier only',
      { requiredRoles: { KEY: ['CHAMPION', 'BOSS'], STANDARD: ['USER'] } },
      settingsWith({ requiredRoles: { STANDARD: ['USER'] } }),
    ],
    ['a list with lower-case roles falls back', { requiredRoles: { STANDARD: ['champion'] } }, settingsWith({})],
    [
      'a list of more than 6 entries falls back',
      { requiredRoles: { STANDARD: ['USER', 'USER', 'USER', 'USER', 'USER', 'USER', 'USER'] } },
      settingsWith({}),
    ],
    [
      'a list of exactly 6 entries is read',
      { requiredRoles: { STANDARD: ['USER', 'USER', 'USER', 'USER', 'USER', 'CHAMPION'] } },
      settingsWith({ requiredRoles: { STANDARD: ['USER', 'CHAMPION'] } }),
    ],
    ['a role list that is not an array falls back', { requiredRoles: { KEY: 'CHAMPION' } }, settingsWith({})],
    [
      'liveWithinDays 1 (lower bound)',
      { threads: { liveWithinDays: 1 } },
      settingsWith({ threads: { liveWithinDays: 1 } }),
    ],
    [
      'liveWithinDays 730 (upper bound)',
      { threads: { liveWithinDays: 730 } },
      settingsWith({ threads: { liveWithinDays: 730 } }),
    ],
    ['liveWithinDays 0 falls back', { threads: { liveWithinDays: 0 } }, settingsWith({})],
    ['liveWithinDays 731 falls back', { threads: { liveWithinDays: 731 } }, settingsWith({})],
    ['liveWithinDays 1.5 falls back', { threads: { liveWithinDays: 1.5 } }, settingsWith({})],
    ['liveWithinDays "30" falls back', { threads: { liveWithinDays: '30' } }, settingsWith({})],
    [
      'minimumLiveStrength WEAK',
      { threads: { minimumLiveStrength: 'WEAK' } },
      settingsWith({ threads: { minimumLiveStrength: 'WEAK' } }),
    ],
    [
      'an unknown strength falls back, the valid window is kept',
      { threads: { liveWithinDays: 30, minimumLiveStrength: 'strong' } },
      settingsWith({ threads: { liveWithinDays: 30 } }),
    ],
    [
      'valid weights are read, others fall back one by one',
      { riskWeights: { openCase: 0, coverageGap: 100, singleThreaded: 12.5, usageDrop: -1, advocacyDrop: 101 } },
      settingsWith({ riskWeights: { openCase: 0, coverageGap: 100, singleThreaded: 12.5 } }),
    ],
    [
      'non-numeric and non-finite weights fall back',
      { riskWeights: { openCase: '10', coverageGap: null, staleThreads: Number.NaN, arrDecline: Infinity } },
      settingsWith({}),
    ],
    [
      'unknown weights are ignored',
      { riskWeights: { charisma: 50, departedRoleHolder: 40 } },
      settingsWith({ riskWeights: { departedRoleHolder: 40 } }),
    ],
    [
      'a digest schedule is read',
      { digestSchedule: { dayOfWeek: 'FRIDAY', hour: 16, timeZone: 'Europe/Berlin' } },
      settingsWith({ digestSchedule: { dayOfWeek: 'FRIDAY', hour: 16, timeZone: 'Europe/Berlin' } }),
    ],
    ['hour 0 and 23 are read', { digestSchedule: { hour: 23 } }, settingsWith({ digestSchedule: { hour: 23 } })],
    [
      'an unknown zone, hour 24 and a lower-case day fall back one by one',
      { digestSchedule: { dayOfWeek: 'friday', hour: 24, timeZone: 'Mars/Olympus_Mons' } },
      settingsWith({}),
    ],
    [
      'an hour as text or a fraction falls back, a valid zone is kept',
      { digestSchedule: { hour: '8', timeZone: 'America/New_York' } },
      settingsWith({ digestSchedule: { timeZone: 'America/New_York' } }),
    ],
    ['audit retention of 30 days (lower bound)', { auditRetentionDays: 30 }, settingsWith({ auditRetentionDays: 30 })],
    [
      'audit retention of 3650 days (upper bound)',
      { auditRetentionDays: 3650 },
      settingsWith({ auditRetentionDays: 3650 }),
    ],
    ['audit retention of 29 days falls back to 365', { auditRetentionDays: 29 }, settingsWith({})],
    ['audit retention as text falls back', { auditRetentionDays: '90' }, settingsWith({})],
    [
      'band cut-offs are read',
      { riskBands: { yellow: 20, amber: 40, red: 60 } },
      settingsWith({ riskBands: { yellow: 20, amber: 40, red: 60 } }),
    ],
    [
      'one cut-off is read with the other defaults',
      { riskBands: { red: 90 } },
      settingsWith({ riskBands: { red: 90 } }),
    ],
    [
      'cut-offs that do not increase all fall back',
      { riskBands: { yellow: 60, amber: 50, red: 75 } },
      settingsWith({}),
    ],
    ['a cut-off of 0 or a fraction falls back', { riskBands: { yellow: 0, amber: 50.5 } }, settingsWith({})],
    [
      'zone thresholds are read',
      { riskZones: { valueThreshold: 4, exceptionalValue: 10, recoverabilityThreshold: 1, criticalSharePercent: 8 } },
      settingsWith({
        riskZones: { valueThreshold: 4, exceptionalValue: 10, recoverabilityThreshold: 1, criticalSharePercent: 8 },
      }),
    ],
    [
      'a value pair out of order falls back as a pair, the rest is kept',
      { riskZones: { valueThreshold: 9, exceptionalValue: 9, significantSharePercent: 1 } },
      settingsWith({ riskZones: { significantSharePercent: 1 } }),
    ],
    [
      'shares out of order or out of range fall back',
      { riskZones: { significantSharePercent: 6, recoverabilityThreshold: 6 } },
      settingsWith({}),
    ],
  ])('%s', (_label, json, expected) => {
    expect(parseSettings(json)).toEqual(expected);
  });

  it('returns fresh arrays: changing the result leaves the defaults alone', () => {
    const settings = parseSettings({});
    settings.requiredRoles.STANDARD.push('USER');
    settings.riskWeights.openCase = 1;
    settings.threads.liveWithinDays = 5;
    expect(defaultSettings.requiredRoles.STANDARD).toEqual(['CHAMPION']);
    expect(defaultSettings.riskWeights.openCase).toBe(defaultRiskWeights.openCase);
    expect(defaultSettings.threads.liveWithinDays).toBe(90);
  });
});

describe('settingsIssues', () => {
  it.each<[string, Parameters<typeof settingsWith>[0], string[][]]>([
    ['the defaults hold', {}, []],
    ['strictly increasing cut-offs hold', { riskBands: { yellow: 1, amber: 2, red: 100 } }, []],
    ['equal cut-offs', { riskBands: { yellow: 50, amber: 50 } }, [['riskBands']]],
    ['red below amber', { riskBands: { red: 40 } }, [['riskBands']]],
    ['exceptional value at the threshold', { riskZones: { exceptionalValue: 5 } }, [['riskZones', 'exceptionalValue']]],
    [
      'critical share below significant share, and bands out of order',
      { riskZones: { criticalSharePercent: 1 }, riskBands: { yellow: 80 } },
      [['riskBands'], ['riskZones', 'criticalSharePercent']],
    ],
  ])('%s', (_label, parts, paths) => {
    const issues = settingsIssues(settingsWith(parts));
    expect(issues.map((issue) => issue.path)).toEqual(paths);
    for (const issue of issues) expect(issue.message).toMatch(/must/);
  });
});

describe('settingsPatchSchema', () => {
  it.each<[string, unknown, SettingsPatch]>([
    ['an empty patch', {}, {}],
    [
      'role lists are deduplicated',
      { requiredRoles: { KEY: ['CHAMPION', 'CHAMPION', 'USER'] } },
      { requiredRoles: { KEY: ['CHAMPION', 'USER'] } },
    ],
    ['an empty role list', { requiredRoles: { STANDARD: [] } }, { requiredRoles: { STANDARD: [] } }],
    [
      'six roles',
      {
        requiredRoles: {
          STRATEGIC: [
            'CHAMPION',
            'ECONOMIC_BUYER',
            'EXECUTIVE_SPONSOR',
            'DECISION_MAKER',
            'TECHNICAL_EVALUATOR',
            'USER',
          ],
        },
      },
      {
        requiredRoles: {
          STRATEGIC: [
            'CHAMPION',
            'ECONOMIC_BUYER',
            'EXECUTIVE_SPONSOR',
            'DECISION_MAKER',
            'TECHNICAL_EVALUATOR',
            'USER',
          ],
        },
      },
    ],
    ['liveWithinDays 1', { threads: { liveWithinDays: 1 } }, { threads: { liveWithinDays: 1 } }],
    ['liveWithinDays 730', { threads: { liveWithinDays: 730 } }, { threads: { liveWithinDays: 730 } }],
    ['a strength', { threads: { minimumLiveStrength: 'STRONG' } }, { threads: { minimumLiveStrength: 'STRONG' } }],
    [
      'weights 0, 100 and fractions',
      { riskWeights: { openCase: 0, coverageGap: 100, staleThreads: 2.5 } },
      { riskWeights: { openCase: 0, coverageGap: 100, staleThreads: 2.5 } },
    ],
    [
      'a digest schedule',
      { digestSchedule: { dayOfWeek: 'SUNDAY', hour: 0, timeZone: 'Asia/Kolkata' } },
      { digestSchedule: { dayOfWeek: 'SUNDAY', hour: 0, timeZone: 'Asia/Kolkata' } },
    ],
    ['an audit retention', { auditRetentionDays: 90 }, { auditRetentionDays: 90 }],
    ['cut-offs 1 and 100', { riskBands: { yellow: 1, red: 100 } }, { riskBands: { yellow: 1, red: 100 } }],
    [
      'zone thresholds',
      { riskZones: { valueThreshold: 0, exceptionalValue: 16, criticalSharePercent: 12.5 } },
      { riskZones: { valueThreshold: 0, exceptionalValue: 16, criticalSharePercent: 12.5 } },
    ],
  ])('accepts %s', (_label, input, expected) => {
    expect(settingsPatchSchema.parse(input)).toEqual(expected);
  });

  it.each<[string, unknown, string]>([
    ['an unknown role', { requiredRoles: { KEY: ['CHAMPION', 'BOSS'] } }, 'requiredRoles.KEY.1'],
    ['seven roles', { requiredRoles: { KEY: Array(7).fill('USER') } }, 'requiredRoles.KEY'],
    ['an unknown tier', { requiredRoles: { PLATINUM: ['USER'] } }, 'requiredRoles'],
    ['a role list that is not an array', { requiredRoles: { KEY: 'USER' } }, 'requiredRoles.KEY'],
    ['liveWithinDays 0', { threads: { liveWithinDays: 0 } }, 'threads.liveWithinDays'],
    ['liveWithinDays 731', { threads: { liveWithinDays: 731 } }, 'threads.liveWithinDays'],
    ['liveWithinDays 7.5', { threads: { liveWithinDays: 7.5 } }, 'threads.liveWithinDays'],
    ['an unknown strength', { threads: { minimumLiveStrength: 'NONE' } }, 'threads.minimumLiveStrength'],
    ['a negative weight', { riskWeights: { openCase: -1 } }, 'riskWeights.openCase'],
    ['a weight above 100', { riskWeights: { openCase: 100.5 } }, 'riskWeights.openCase'],
    ['a weight as text', { riskWeights: { openCase: '10' } }, 'riskWeights.openCase'],
    ['an unknown weight', { riskWeights: { charisma: 5 } }, 'riskWeights'],
    ['an unknown top-level key', { theme: 'dark' }, ''],
    ['an unknown weekday', { digestSchedule: { dayOfWeek: 'FUNDAY' } }, 'digestSchedule.dayOfWeek'],
    ['hour 24', { digestSchedule: { hour: 24 } }, 'digestSchedule.hour'],
    ['hour -1', { digestSchedule: { hour: -1 } }, 'digestSchedule.hour'],
    ['hour 8.5', { digestSchedule: { hour: 8.5 } }, 'digestSchedule.hour'],
    ['an unknown time zone', { digestSchedule: { timeZone: 'Mars/Olympus_Mons' } }, 'digestSchedule.timeZone'],
    ['an empty time zone', { digestSchedule: { timeZone: '' } }, 'digestSchedule.timeZone'],
    ['a time zone with markup', { digestSchedule: { timeZone: '<script>' } }, 'digestSchedule.timeZone'],
    ['an unknown schedule key', { digestSchedule: { minute: 5 } }, 'digestSchedule'],
    ['audit retention of 29 days', { auditRetentionDays: 29 }, 'auditRetentionDays'],
    ['audit retention of 3651 days', { auditRetentionDays: 3651 }, 'auditRetentionDays'],
    ['audit retention of 90.5 days', { auditRetentionDays: 90.5 }, 'auditRetentionDays'],
    ['a cut-off of 0', { riskBands: { yellow: 0 } }, 'riskBands.yellow'],
    ['a cut-off of 101', { riskBands: { red: 101 } }, 'riskBands.red'],
    ['a fractional cut-off', { riskBands: { amber: 49.5 } }, 'riskBands.amber'],
    ['an unknown band', { riskBands: { orange: 60 } }, 'riskBands'],
    ['a value threshold above 16', { riskZones: { valueThreshold: 17 } }, 'riskZones.valueThreshold'],
    [
      'a recoverability threshold of 6',
      { riskZones: { recoverabilityThreshold: 6 } },
      'riskZones.recoverabilityThreshold',
    ],
    ['a share above 100 %', { riskZones: { criticalSharePercent: 101 } }, 'riskZones.criticalSharePercent'],
    ['a negative share', { riskZones: { significantSharePercent: -1 } }, 'riskZones.significantSharePercent'],
  ])('refuses %s (at %s)', (_label, input, path) => {
    const result = settingsPatchSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});

describe('mergeSettings', () => {
  const current = settingsWith({
    requiredRoles: { KEY: ['CHAMPION', 'DECISION_MAKER'] },
    threads: { liveWithinDays: 60 },
    riskWeights: { openCase: 20 },
  });

  it.each<[string, SettingsPatch, OrganizationSettings]>([
    ['an empty patch keeps everything', {}, current],
    [
      'a role list replaces that tier only',
      { requiredRoles: { STANDARD: ['USER'] } },
      settingsWith({
        requiredRoles: { KEY: ['CHAMPION', 'DECISION_MAKER'], STANDARD: ['USER'] },
        threads: { liveWithinDays: 60 },
        riskWeights: { openCase: 20 },
      }),
    ],
    [
      'an empty role list clears the tier',
      { requiredRoles: { KEY: [] } },
      settingsWith({ requiredRoles: { KEY: [] }, threads: { liveWithinDays: 60 }, riskWeights: { openCase: 20 } }),
    ],
    [
      'one thread setting keeps the other',
      { threads: { minimumLiveStrength: 'STRONG' } },
      settingsWith({
        requiredRoles: { KEY: ['CHAMPION', 'DECISION_MAKER'] },
        threads: { liveWithinDays: 60, minimumLiveStrength: 'STRONG' },
        riskWeights: { openCase: 20 },
      }),
    ],
    [
      'weights are merged key by key',
      { riskWeights: { coverageGap: 0, departedRoleHolder: 45 } },
      settingsWith({
        requiredRoles: { KEY: ['CHAMPION', 'DECISION_MAKER'] },
        threads: { liveWithinDays: 60 },
        riskWeights: { openCase: 20, coverageGap: 0, departedRoleHolder: 45 },
      }),
    ],
    [
      'every part at once',
      { requiredRoles: { STRATEGIC: ['CHAMPION'] }, threads: { liveWithinDays: 30 }, riskWeights: { openCase: 5 } },
      settingsWith({
        requiredRoles: { STRATEGIC: ['CHAMPION'], KEY: ['CHAMPION', 'DECISION_MAKER'] },
        threads: { liveWithinDays: 30 },
        riskWeights: { openCase: 5 },
      }),
    ],
  ])('%s', (_label, patch, expected) => {
    const before = structuredClone(current);
    expect(mergeSettings(current, patch)).toEqual(expected);
    expect(current).toEqual(before);
  });

  it('a validated patch round-trips through parseSettings', () => {
    const patch = settingsPatchSchema.parse({
      requiredRoles: { KEY: ['USER', 'USER'] },
      threads: { liveWithinDays: 14 },
    });
    const merged = mergeSettings(defaultSettings, patch);
    expect(parseSettings(JSON.parse(JSON.stringify(merged)))).toEqual(
      settingsWith({ requiredRoles: { KEY: ['USER'] }, threads: { liveWithinDays: 14 } }),
    );
  });
});
