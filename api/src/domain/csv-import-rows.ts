// Reads one CSV row into typed fields, or into the reasons it cannot be imported (row and column of
// each). Every cell is untrusted text: the same rules as the API's inputs apply. An empty cell means
// "no value", never "clear the field".
import type { ZodType } from 'zod';
import type { AccountField, ImportField, RelationshipField, StakeholderField } from './csv-import-columns.ts';
import * as rules from './input-rules.ts';
import { instantFromText } from './instants.ts';
import type { Role } from './settings.ts';

export type Tier = 'STRATEGIC' | 'KEY' | 'STANDARD';
export type Segment = 'ENTERPRISE' | 'MID_MARKET' | 'SMB';
export type Lifecycle = 'PROSPECT' | 'CUSTOMER' | 'CHURNED';
export type Seniority = 'EXECUTIVE' | 'VP' | 'DIRECTOR' | 'MANAGER' | 'INDIVIDUAL_CONTRIBUTOR';
export type Strength = 'STRONG' | 'MEDIUM' | 'WEAK';

export interface RowIssue {
  /** The file's header of the offending column; null when the row as a whole is wrong. */
  column: string | null;
  message: string;
}

export type Cell = { header: string; value: string };
/** A row's non-empty cells by field. */
export type Cells<F extends ImportField> = Partial<Record<F, Cell>>;

export interface AccountRow {
  crmId: string | null;
  name: string | null;
  domains: string[];
  companyUrl: string | null;
  arrMinor: bigint | null;
  tier: Tier | null;
  segment: Segment | null;
  lifecycle: Lifecycle | null;
  renewalDate: Date | null;
  owner: string | null;
}

export interface StakeholderRow {
  crmId: string | null;
  fullName: string;
  email: string | null;
  title: string | null;
  department: string | null;
  seniority: Seniority | null;
  profileUrl: string | null;
  buyingRoles: Role[] | null;
  isMainContact: boolean | null;
  accountCrmId: string | null;
  accountName: string | null;
}

export interface RelationshipRow {
  member: string;
  stakeholderCrmId: string | null;
  stakeholderEmail: string | null;
  stakeholderProfileUrl: string | null;
  strength: Strength | null;
  lastTouchAt: Date | null;
}

export type RowResult<T> = { ok: true; value: T } | { ok: false; issues: RowIssue[] };

/** Fields of a record by position, keeping only non-empty cells of imported columns. */
export function cellsOf<F extends ImportField>(
  record: readonly string[],
  fields: ReadonlyArray<F | null>,
  headers: readonly string[],
): Cells<F> {
  const cells: Cells<F> = {};
  fields.forEach((field, index) => {
    const value = (record[index] ?? '').trim();
    if (field && value !== '') cells[field] = { header: headers[index] ?? field, value };
  });
  return cells;
}

/** Collects the issues of one row while its cells are read. */
class RowReader<F extends ImportField> {
  readonly issues: RowIssue[] = [];
  constructor(readonly cells: Cells<F>) {}

  private fail(cell: Cell, message: string): null {
    this.issues.push({ column: cell.header, message: `${message} (got "${excerpt(cell.value)}")` });
    return null;
  }

  /** A cell through one of the API's input rules. */
  rule<T>(field: F, schema: ZodType<T>): T | null {
    const cell = this.cells[field];
    if (!cell) return null;
    const result = schema.safeParse(cell.value);
    if (result.success) return result.data;
    return this.fail(cell, result.error.issues[0]?.message ?? 'Is not valid.');
  }

  /** A cell through a parser that returns null for values it does not accept. */
  parse<T>(field: F, parser: (value: string) => T | null, expected: string): T | null {
    const cell = this.cells[field];
    if (!cell) return null;
    const value = parser(cell.value);
    return value === null ? this.fail(cell, expected) : value;
  }
}

function excerpt(value: string, max = 40): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : `${chars.slice(0, max).join('')}…`;
}

const wordKey = (value: string) =>
  value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

function lookup<T>(table: Record<string, T>): (value: string) => T | null {
  return (value) => table[wordKey(value)] ?? null;
}

export const parseTier = lookup<Tier>({ strategic: 'STRATEGIC', key: 'KEY', standard: 'STANDARD' });
export const parseSegment = lookup<Segment>({
  enterprise: 'ENTERPRISE',
  midmarket: 'MID_MARKET',
  mm: 'MID_MARKET',
  smb: 'SMB',
  smallbusiness: 'SMB',
});
export const parseSeniority = lookup<Seniority>({
  executive: 'EXECUTIVE',
  csuite: 'EXECUTIVE',
  clevel: 'EXECUTIVE',
  vp: 'VP',
  vicepresident: 'VP',
  director: 'DIRECTOR',
  manager: 'MANAGER',
  individualcontributor: 'INDIVIDUAL_CONTRIBUTOR',
  ic: 'INDIVIDUAL_CONTRIBUTOR',
  staff: 'INDIVIDUAL_CONTRIBUTOR',
});
export const parseStrength = lookup<Strength>({ strong: 'STRONG', medium: 'MEDIUM', weak: 'WEAK' });

/** Salesforce account types and HubSpot lifecycle stages, as customer, prospect or churned. */
export function parseLifecycle(value: string): Lifecycle | null {
  const key = wordKey(value);
  if (/former|churn|lost/.test(key)) return 'CHURNED';
  if (key.startsWith('customer') || key === 'evangelist') return 'CUSTOMER';
  const prospects = [
    'prospect',
    'lead',
    'subscriber',
    'marketingqualifiedlead',
    'salesqualifiedlead',
    'opportunity',
    'other',
    'partner',
  ];
  return prospects.includes(key) ? 'PROSPECT' : null;
}

/** Salesforce contact roles and HubSpot buying roles; labels we do not model are dropped. */
const roleLabels: Record<string, Role | 'none'> = {
  champion: 'CHAMPION',
  economicbuyer: 'ECONOMIC_BUYER',
  economicdecisionmaker: 'ECONOMIC_BUYER',
  budgetholder: 'ECONOMIC_BUYER',
  executivesponsor: 'EXECUTIVE_SPONSOR',
  decisionmaker: 'DECISION_MAKER',
  technicalbuyer: 'TECHNICAL_EVALUATOR',
  technicalevaluator: 'TECHNICAL_EVALUATOR',
  evaluator: 'TECHNICAL_EVALUATOR',
  user: 'USER',
  businessuser: 'USER',
  enduser: 'USER',
  influencer: 'none',
  blocker: 'none',
  legalandcompliance: 'none',
  legalcompliance: 'none',
  other: 'none',
};

/** "Champion; Economic Buyer" → both roles. Separators: ; , | (HubSpot multi-select uses ;). */
export function parseBuyingRoles(value: string): Role[] | null {
  const roles = new Set<Role>();
  for (const part of value.split(/[;,|]/)) {
    if (part.trim() === '') continue;
    const role = roleLabels[wordKey(part)];
    if (!role) return null;
    if (role !== 'none') roles.add(role);
  }
  return [...roles];
}

export function parseBoolean(value: string): boolean | null {
  const key = wordKey(value);
  if (['true', 'yes', 'y', '1', 'x'].includes(key)) return true;
  if (['false', 'no', 'n', '0'].includes(key)) return false;
  return null;
}

/**
 * An amount in major units ("125000", "125,000.50", "$ 125 000", "USD 1200") as minor units of a
 * currency with `fractionDigits` decimals. Commas and spaces group thousands; a dot is the decimal point.
 */
export function parseAmount(value: string, fractionDigits: number): bigint | null {
  const text = value.replace(/^[A-Za-z]{3}\s*|\s*[A-Za-z]{3}$/g, '').replace(/[$€£¥\s\u00a0,']/g, '');
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > fractionDigits && /[1-9]/.test(fraction.slice(fractionDigits))) return null;
  const minor = `${match[1]}${fraction.slice(0, fractionDigits).padEnd(fractionDigits, '0')}`;
  return BigInt(minor);
}

/** `2026-03-31` (a time after it is ignored) or `3/31/2026` (month/day/year, as US CRM exports write it). */
export function parseDate(value: string): Date | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+[\d:]+(?:\s*[AaPp][Mm])?)?$/.exec(value);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : us
      ? [Number(us[3]), Number(us[1]), Number(us[2])]
      : [0, 0, 0];
  if (year < 1900 || year > 2200) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

/**
 * A date and time: ISO 8601 (read as UTC without an offset, as the API's DateTime would refuse it), or
 * any date `parseDate` accepts (then midnight UTC).
 */
export function parseDateTime(value: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value)) return instantFromText(value, 'utc');
  return parseDate(value);
}

/** "acme.com", "https://www.acme.com/about", "acme.com; acme.io" → domains. */
function parseDomains(reader: RowReader<AccountField>): string[] {
  const cell = reader.cells.domain;
  if (!cell) return [];
  const parts = cell.value.split(/[;,\s]+/).filter((part) => part !== '');
  const result = rules.webDomains.safeParse(parts);
  if (result.success) return result.data;
  reader.issues.push({
    column: cell.header,
    message: `${result.error.issues[0]?.message ?? 'Is not a domain.'} (got "${excerpt(cell.value)}")`,
  });
  return [];
}

const TIERS = 'strategic, key or standard';

export function readAccountRow(cells: Cells<AccountField>, fractionDigits: number): RowResult<AccountRow> {
  const reader = new RowReader(cells);
  const value: AccountRow = {
    crmId: reader.rule('crmId', rules.crmId),
    name: reader.rule('name', rules.companyName),
    domains: parseDomains(reader),
    companyUrl: reader.rule('companyUrl', rules.companyUrl),
    arrMinor: reader.parse('arr', (text) => parseAmount(text, fractionDigits), 'Must be an amount such as 125000.00'),
    tier: reader.parse('tier', parseTier, `Must be ${TIERS}`),
    segment: reader.parse('segment', parseSegment, 'Must be enterprise, mid-market or SMB'),
    lifecycle: reader.parse(
      'lifecycle',
      parseLifecycle,
      'Must be a customer type, a prospect stage or former customer',
    ),
    renewalDate: reader.parse('renewalDate', parseDate, 'Must be a date such as 2026-03-31 or 3/31/2026'),
    owner: reader.rule('owner', rules.text(254)),
  };
  if (!value.crmId && !value.name && reader.issues.length === 0) {
    reader.issues.push({ column: null, message: 'The row has neither an account name nor a CRM id.' });
  }
  return reader.issues.length ? { ok: false, issues: reader.issues } : { ok: true, value };
}

/** The name from "Full Name", or from "First Name" and "Last Name". */
function personNameOf(reader: RowReader<StakeholderField>): string | null {
  const { fullName, firstName, lastName } = reader.cells;
  if (fullName) return reader.rule('fullName', rules.personName);
  if (!firstName && !lastName) {
    reader.issues.push({ column: null, message: 'The row has no name for the person.' });
    return null;
  }
  const joined = [firstName?.value, lastName?.value].filter(Boolean).join(' ');
  const result = rules.personName.safeParse(joined);
  if (result.success) return result.data;
  reader.issues.push({
    column: (firstName ?? lastName)?.header ?? null,
    message: `${result.error.issues[0]?.message ?? 'Is not a name.'} (got "${excerpt(joined)}")`,
  });
  return null;
}

export function readStakeholderRow(cells: Cells<StakeholderField>): RowResult<StakeholderRow> {
  const reader = new RowReader(cells);
  const fullName = personNameOf(reader);
  const value = {
    crmId: reader.rule('crmId', rules.crmId),
    fullName,
    email: reader.rule('email', rules.email),
    title: reader.rule('title', rules.title),
    department: reader.rule('department', rules.department),
    seniority: reader.parse(
      'seniority',
      parseSeniority,
      'Must be executive, VP, director, manager or individual contributor',
    ),
    profileUrl: reader.rule('profileUrl', rules.profileUrl),
    buyingRoles: reader.parse(
      'buyingRoles',
      parseBuyingRoles,
      'Must be buying roles such as Champion; Economic Buyer; Executive Sponsor; Decision Maker; Technical Evaluator; User',
    ),
    isMainContact: reader.parse('isMainContact', parseBoolean, 'Must be yes or no'),
    accountCrmId: reader.rule('accountCrmId', rules.crmId),
    accountName: reader.rule('accountName', rules.companyName),
  };
  if (!cells.accountCrmId && !cells.accountName) {
    reader.issues.push({ column: null, message: 'The row names no account (CRM id or name).' });
  }
  if (reader.issues.length || fullName === null) return { ok: false, issues: reader.issues };
  return { ok: true, value: { ...value, fullName } };
}

export function readRelationshipRow(cells: Cells<RelationshipField>): RowResult<RelationshipRow> {
  const reader = new RowReader(cells);
  const member = reader.rule('member', rules.text(254));
  const value = {
    stakeholderCrmId: reader.rule('stakeholderCrmId', rules.crmId),
    stakeholderEmail: reader.rule('stakeholderEmail', rules.email),
    stakeholderProfileUrl: reader.rule('stakeholderProfileUrl', rules.profileUrl),
    strength: reader.parse('strength', parseStrength, 'Must be strong, medium or weak'),
    lastTouchAt: reader.parse('lastTouchAt', parseDateTime, 'Must be a date such as 2026-03-31 or 3/31/2026'),
  };
  if (!cells.member) reader.issues.push({ column: null, message: 'The row names no member of our team.' });
  if (!cells.stakeholderCrmId && !cells.stakeholderEmail && !cells.stakeholderProfileUrl) {
    reader.issues.push({ column: null, message: 'The row names no stakeholder (CRM id, e-mail or profile URL).' });
  }
  if (reader.issues.length || member === null) return { ok: false, issues: reader.issues };
  return { ok: true, value: { ...value, member } };
}
