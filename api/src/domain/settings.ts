// Organization settings: which buying roles each account tier must cover, when a thread counts as
// live, and the maximum points of each turnover-risk factor. They are stored as JSON on the
// organization; the defaults live here, in code, so an empty `{}` means "use the defaults".
//
// Rules:
// - Defaults. Required roles per tier: STRATEGIC = Champion, Economic Buyer, Executive Sponsor;
//   KEY = Champion, Economic Buyer; STANDARD = Champion. A thread is live when it is at least
//   MEDIUM and touched within the last 90 days (see relationships.ts). Risk weights: `defaultRiskWeights`
//   (documented in risk.ts).
// - Reading stored JSON (`parseSettings`) is lenient and never throws. Every part is read on its
//   own and falls back to its default when missing or invalid: the role list of each tier (invalid
//   when it is not an array, has more than 6 entries, or contains anything that is not a role; a
//   valid list is deduplicated, keeping the first occurrence; an empty list is valid and means that
//   nothing is required), `liveWithinDays` (an integer 1..730), `minimumLiveStrength` (WEAK, MEDIUM
//   or STRONG), each risk weight (a finite number 0..100), and each part of the digest schedule
//   (`dayOfWeek` MONDAY..SUNDAY, `hour` an integer 0..23, `timeZone` an IANA zone name such as
//   Europe/Berlin; default Monday 08:00 UTC), and `auditRetentionDays` (an integer 30..3650, default
//   365: audit-trail rows older than that are deleted in the background), the risk band cut-offs
//   (`riskBands`: yellow, amber, red; integers 1..100, strictly increasing; default 25 / 50 / 75;
//   read as one: if the stored three are not valid together, all three fall back to the defaults)
//   and the zone thresholds (`riskZones`: valueThreshold and exceptionalValue integers 0..16 with
//   valueThreshold < exceptionalValue, default 5 and 9; recoverabilityThreshold an integer 0..5,
//   default 2; significantSharePercent and criticalSharePercent numbers 0..100 with significant <
//   critical, default 2 and 5; each pair is read as one like the cut-offs). Unknown keys are ignored.
// - Updating (`settingsPatchSchema` + `mergeSettings`) is strict: the patch names only known keys,
//   each with a valid value (same bounds as above); every part that the patch names replaces the
//   current value, every part it leaves out is kept. A role list in a patch replaces the whole
//   list of that tier. Cut-offs and zone thresholds are checked once merged with the current
//   settings (`settingsIssues`): a patch naming only `red: 40` while amber is 50 is refused, and
//   nothing is saved.
// Imports: this module reads `defaultRiskWeights` from risk.ts at run time, so risk.ts and
// coverage.ts import only types from here (no import cycle at run time).
import { z } from 'zod';
import { defaultThreadSettings, type ThreadSettings } from './relationships.ts';
import {
  defaultRiskBands,
  defaultRiskWeights,
  defaultZoneRules,
  type RiskBands,
  type RiskWeights,
  type ZoneRules,
} from './risk.ts';

export type Tier = 'STRATEGIC' | 'KEY' | 'STANDARD';
export type Role =
  | 'CHAMPION'
  | 'ECONOMIC_BUYER'
  | 'EXECUTIVE_SPONSOR'
  | 'DECISION_MAKER'
  | 'TECHNICAL_EVALUATOR'
  | 'USER';

export const tiers: readonly Tier[] = ['STRATEGIC', 'KEY', 'STANDARD'];
export const roles: readonly Role[] = [
  'CHAMPION',
  'ECONOMIC_BUYER',
  'EXECUTIVE_SPONSOR',
  'DECISION_MAKER',
  'TECHNICAL_EVALUATOR',
  'USER',
];

export const weekdays = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type Weekday = (typeof weekdays)[number];

/** When the weekly digests go out: a weekday and an hour on the clock of a time zone. */
export interface DigestSchedule {
  dayOfWeek: Weekday;
  hour: number;
  timeZone: string;
}

export interface OrganizationSettings {
  requiredRoles: Record<Tier, Role[]>;
  threads: ThreadSettings;
  riskWeights: RiskWeights;
  riskBands: RiskBands;
  riskZones: ZoneRules;
  digestSchedule: DigestSchedule;
  /** How long the audit trail keeps its rows, in days. */
  auditRetentionDays: number;
}

export const MAX_REQUIRED_ROLES = 6;
export const MIN_LIVE_WITHIN_DAYS = 1;
export const MAX_LIVE_WITHIN_DAYS = 730;
export const MAX_RISK_WEIGHT = 100;
/** Highest value points an account can earn (see risk.ts). */
export const MAX_VALUE_POINTS = 16;
/** Highest recoverability points an account can earn (see risk.ts). */
export const MAX_RECOVERABILITY_POINTS = 5;
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;
export const MIN_AUDIT_RETENTION_DAYS = 30;
export const MAX_AUDIT_RETENTION_DAYS = 3650;

export const defaultSettings: OrganizationSettings = {
  requiredRoles: {
    STRATEGIC: ['CHAMPION', 'ECONOMIC_BUYER', 'EXECUTIVE_SPONSOR'],
    KEY: ['CHAMPION', 'ECONOMIC_BUYER'],
    STANDARD: ['CHAMPION'],
  },
  threads: { ...defaultThreadSettings },
  riskWeights: { ...defaultRiskWeights },
  riskBands: { ...defaultRiskBands },
  riskZones: { ...defaultZoneRules },
  digestSchedule: { dayOfWeek: 'MONDAY', hour: 8, timeZone: 'UTC' },
  auditRetentionDays: DEFAULT_AUDIT_RETENTION_DAYS,
};

const riskWeightKeys = Object.keys(defaultRiskWeights) as (keyof RiskWeights)[];

function dedupe<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

const roleSchema = z.enum(roles as [Role, ...Role[]]);
const roleListSchema = z
  .array(roleSchema)
  .max(MAX_REQUIRED_ROLES, `At most ${MAX_REQUIRED_ROLES} roles.`)
  .transform((list) => dedupe(list));
const liveWithinDaysSchema = z.number().int().min(MIN_LIVE_WITHIN_DAYS).max(MAX_LIVE_WITHIN_DAYS);
const strengthSchema = z.enum(['WEAK', 'MEDIUM', 'STRONG']);
const weightSchema = z.number().min(0).max(MAX_RISK_WEIGHT);
const weekdaySchema = z.enum(weekdays);
const hourSchema = z.number().int().min(0).max(23);
const cutOffSchema = z.number().int('A cut-off is a whole score.').min(1).max(100);
const valuePointsSchema = z.number().int().min(0).max(MAX_VALUE_POINTS);
const recoverabilitySchema = z.number().int().min(0).max(MAX_RECOVERABILITY_POINTS);
const sharePercentSchema = z.number().min(0).max(100);
const auditRetentionDaysSchema = z.number().int().min(MIN_AUDIT_RETENTION_DAYS).max(MAX_AUDIT_RETENTION_DAYS);

/** Whether the runtime knows the IANA time zone (`Europe/Berlin`, `UTC`); never throws. */
export function isTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
const timeZoneSchema = z.string().refine(isTimeZone, 'Not a known time zone (an IANA name such as Europe/Berlin).');

const riskWeightsPatchShape = Object.fromEntries(riskWeightKeys.map((key) => [key, weightSchema.optional()])) as {
  [K in keyof RiskWeights]: z.ZodOptional<typeof weightSchema>;
};

/** A partial update of the settings: every key is optional, unknown keys are refused. */
export const settingsPatchSchema = z.strictObject({
  requiredRoles: z
    .strictObject({
      STRATEGIC: roleListSchema.optional(),
      KEY: roleListSchema.optional(),
      STANDARD: roleListSchema.optional(),
    })
    .optional(),
  threads: z
    .strictObject({
      liveWithinDays: liveWithinDaysSchema.optional(),
      minimumLiveStrength: strengthSchema.optional(),
    })
    .optional(),
  riskWeights: z.strictObject(riskWeightsPatchShape).optional(),
  riskBands: z
    .strictObject({
      yellow: cutOffSchema.optional(),
      amber: cutOffSchema.optional(),
      red: cutOffSchema.optional(),
    })
    .optional(),
  riskZones: z
    .strictObject({
      valueThreshold: valuePointsSchema.optional(),
      exceptionalValue: valuePointsSchema.optional(),
      recoverabilityThreshold: recoverabilitySchema.optional(),
      significantSharePercent: sharePercentSchema.optional(),
      criticalSharePercent: sharePercentSchema.optional(),
    })
    .optional(),
  digestSchedule: z
    .strictObject({
      dayOfWeek: weekdaySchema.optional(),
      hour: hourSchema.optional(),
      timeZone: timeZoneSchema.optional(),
    })
    .optional(),
  auditRetentionDays: auditRetentionDaysSchema.optional(),
});

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parsed value when it passes the schema, else the fallback. */
function valueOr<T>(schema: z.ZodType<T>, value: unknown, fallback: T): T {
  const result = schema.safeParse(value);
  return result.success ? result.data : fallback;
}

function parseRequiredRoles(value: unknown): Record<Tier, Role[]> {
  const stored = isRecord(value) ? value : {};
  const entries = tiers.map((tier) => [
    tier,
    valueOr(roleListSchema, stored[tier], [...defaultSettings.requiredRoles[tier]]),
  ]);
  return Object.fromEntries(entries) as Record<Tier, Role[]>;
}

function parseThreads(value: unknown): ThreadSettings {
  const stored = isRecord(value) ? value : {};
  return {
    liveWithinDays: valueOr(liveWithinDaysSchema, stored.liveWithinDays, defaultSettings.threads.liveWithinDays),
    minimumLiveStrength: valueOr(
      strengthSchema,
      stored.minimumLiveStrength,
      defaultSettings.threads.minimumLiveStrength,
    ),
  };
}

function parseRiskWeights(value: unknown): RiskWeights {
  const stored = isRecord(value) ? value : {};
  const weights = { ...defaultSettings.riskWeights };
  for (const key of riskWeightKeys) weights[key] = valueOr(weightSchema, stored[key], weights[key]);
  return weights;
}

export interface SettingsIssue {
  path: string[];
  message: string;
}

/** What is wrong with the cut-offs and zone thresholds taken together (empty when they hold). */
export function settingsIssues(settings: Pick<OrganizationSettings, 'riskBands' | 'riskZones'>): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const { yellow, amber, red } = settings.riskBands;
  if (!(yellow < amber && amber < red)) {
    issues.push({
      path: ['riskBands'],
      message: `Band cut-offs must increase strictly (yellow < amber < red); they would be ${yellow}, ${amber}, ${red}.`,
    });
  }
  const zones = settings.riskZones;
  if (!(zones.valueThreshold < zones.exceptionalValue)) {
    issues.push({
      path: ['riskZones', 'exceptionalValue'],
      message: `The exceptional value must be above the value threshold; they would be ${zones.exceptionalValue} and ${zones.valueThreshold}.`,
    });
  }
  if (!(zones.significantSharePercent < zones.criticalSharePercent)) {
    issues.push({
      path: ['riskZones', 'criticalSharePercent'],
      message: `The critical share of the portfolio must be above the significant share; they would be ${zones.criticalSharePercent}% and ${zones.significantSharePercent}%.`,
    });
  }
  return issues;
}

function parseRiskBands(value: unknown): RiskBands {
  const stored = isRecord(value) ? value : {};
  const bands = {
    yellow: valueOr(cutOffSchema, stored.yellow, defaultRiskBands.yellow),
    amber: valueOr(cutOffSchema, stored.amber, defaultRiskBands.amber),
    red: valueOr(cutOffSchema, stored.red, defaultRiskBands.red),
  };
  return bands.yellow < bands.amber && bands.amber < bands.red ? bands : { ...defaultRiskBands };
}

function parseRiskZones(value: unknown): ZoneRules {
  const stored = isRecord(value) ? value : {};
  const fallback = defaultZoneRules;
  let values = {
    valueThreshold: valueOr(valuePointsSchema, stored.valueThreshold, fallback.valueThreshold),
    exceptionalValue: valueOr(valuePointsSchema, stored.exceptionalValue, fallback.exceptionalValue),
  };
  if (values.valueThreshold >= values.exceptionalValue)
    values = { valueThreshold: fallback.valueThreshold, exceptionalValue: fallback.exceptionalValue };
  let shares = {
    significantSharePercent: valueOr(
      sharePercentSchema,
      stored.significantSharePercent,
      fallback.significantSharePercent,
    ),
    criticalSharePercent: valueOr(sharePercentSchema, stored.criticalSharePercent, fallback.criticalSharePercent),
  };
  if (shares.significantSharePercent >= shares.criticalSharePercent)
    shares = {
      significantSharePercent: fallback.significantSharePercent,
      criticalSharePercent: fallback.criticalSharePercent,
    };
  return {
    ...values,
    recoverabilityThreshold: valueOr(
      recoverabilitySchema,
      stored.recoverabilityThreshold,
      fallback.recoverabilityThreshold,
    ),
    ...shares,
  };
}

function parseDigestSchedule(value: unknown): DigestSchedule {
  const stored = isRecord(value) ? value : {};
  const fallback = defaultSettings.digestSchedule;
  return {
    dayOfWeek: valueOr(weekdaySchema, stored.dayOfWeek, fallback.dayOfWeek),
    hour: valueOr(hourSchema, stored.hour, fallback.hour),
    timeZone: valueOr(timeZoneSchema, stored.timeZone, fallback.timeZone),
  };
}

/** Reads stored settings JSON; missing or invalid parts fall back to the defaults. Never throws. */
export function parseSettings(json: unknown): OrganizationSettings {
  const stored = isRecord(json) ? json : {};
  return {
    requiredRoles: parseRequiredRoles(stored.requiredRoles),
    threads: parseThreads(stored.threads),
    riskWeights: parseRiskWeights(stored.riskWeights),
    riskBands: parseRiskBands(stored.riskBands),
    riskZones: parseRiskZones(stored.riskZones),
    digestSchedule: parseDigestSchedule(stored.digestSchedule),
    auditRetentionDays: valueOr(
      auditRetentionDaysSchema,
      stored.auditRetentionDays,
      defaultSettings.auditRetentionDays,
    ),
  };
}

function definedEntries<T extends object>(patch: T | undefined): Partial<T> {
  if (!patch) return {};
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** The settings with every part named in the (validated) patch replaced; nothing is mutated. */
export function mergeSettings(current: OrganizationSettings, patch: SettingsPatch): OrganizationSettings {
  const requiredRoles = { ...current.requiredRoles, ...definedEntries(patch.requiredRoles) };
  return {
    requiredRoles: Object.fromEntries(tiers.map((tier) => [tier, [...requiredRoles[tier]]])) as Record<Tier, Role[]>,
    threads: { ...current.threads, ...definedEntries(patch.threads) },
    riskWeights: { ...current.riskWeights, ...definedEntries(patch.riskWeights) },
    riskBands: { ...current.riskBands, ...definedEntries(patch.riskBands) },
    riskZones: { ...current.riskZones, ...definedEntries(patch.riskZones) },
    digestSchedule: { ...current.digestSchedule, ...definedEntries(patch.digestSchedule) },
    auditRetentionDays: patch.auditRetentionDays ?? current.auditRetentionDays,
  };
}
