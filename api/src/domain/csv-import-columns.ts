// Which column of a CRM export holds which field. Salesforce and HubSpot export headers are
// recognized; anything else is mapped by the user (column=field). Headers are compared without case,
// spaces or punctuation, so "Account Name", "account_name" and "AccountName" are the same column.

export type ImportKind = 'ACCOUNTS' | 'STAKEHOLDERS' | 'RELATIONSHIPS';

export const accountFields = [
  'crmId',
  'name',
  'domain',
  'companyUrl',
  'arr',
  'tier',
  'segment',
  'lifecycle',
  'renewalDate',
  'owner',
] as const;

export const stakeholderFields = [
  'crmId',
  'fullName',
  'firstName',
  'lastName',
  'email',
  'title',
  'department',
  'seniority',
  'profileUrl',
  'buyingRoles',
  'isMainContact',
  'accountCrmId',
  'accountName',
] as const;

export const relationshipFields = [
  'member',
  'stakeholderCrmId',
  'stakeholderEmail',
  'stakeholderProfileUrl',
  'strength',
  'lastTouchAt',
] as const;

export type AccountField = (typeof accountFields)[number];
export type StakeholderField = (typeof stakeholderFields)[number];
export type RelationshipField = (typeof relationshipFields)[number];
export type ImportField = AccountField | StakeholderField | RelationshipField;

/** A mapping target that tells the import to leave a column alone. */
export const IGNORE = 'ignore';

export const fieldsOf: Record<ImportKind, readonly ImportField[]> = {
  ACCOUNTS: accountFields,
  STAKEHOLDERS: stakeholderFields,
  RELATIONSHIPS: relationshipFields,
};

/** Header names CRMs export, per field (Salesforce first, then HubSpot, then common spellings). */
const aliases: Record<ImportKind, Partial<Record<ImportField, readonly string[]>>> = {
  ACCOUNTS: {
    crmId: ['Account ID', 'Id', 'Record ID', 'Company ID', 'CRM ID'],
    name: ['Account Name', 'Name', 'Company name', 'Company'],
    domain: ['Website', 'Company Domain Name', 'Website URL', 'Domain'],
    companyUrl: ['LinkedIn Company Page', 'LinkedIn URL', 'LinkedIn Company URL', 'LinkedIn'],
    arr: ['ARR', 'Annual Recurring Revenue'],
    tier: ['Tier', 'Account Tier'],
    segment: ['Segment', 'Account Segment'],
    lifecycle: ['Type', 'Account Type', 'Lifecycle Stage', 'Lifecycle'],
    renewalDate: ['Renewal Date', 'Contract End Date'],
    owner: ['Account Owner', 'Company owner', 'Owner', 'Owner Email', 'Account Owner Email'],
  },
  STAKEHOLDERS: {
    crmId: ['Contact ID', 'Record ID', 'Id', 'CRM ID'],
    fullName: ['Full Name', 'Name', 'Contact Name'],
    firstName: ['First Name'],
    lastName: ['Last Name'],
    email: ['Email', 'Email Address', 'E-mail'],
    title: ['Title', 'Job Title'],
    department: ['Department'],
    seniority: ['Seniority'],
    profileUrl: ['LinkedIn URL', 'LinkedIn Profile', 'LinkedIn Profile URL', 'LinkedIn'],
    buyingRoles: ['Buying Role', 'Buying Roles', 'Contact Role', 'Role'],
    isMainContact: ['Main Contact', 'Primary Contact', 'Primary'],
    accountCrmId: ['Account ID', 'Associated Company ID', 'Associated Company IDs', 'Company ID'],
    accountName: ['Account Name', 'Associated Company', 'Company name', 'Company'],
  },
  RELATIONSHIPS: {
    member: ['Member Email', 'Owner Email', 'Contact Owner', 'Owner', 'Member'],
    stakeholderCrmId: ['Contact ID', 'Record ID', 'Id', 'CRM ID'],
    stakeholderEmail: ['Email', 'Contact Email', 'Email Address'],
    stakeholderProfileUrl: ['LinkedIn URL', 'LinkedIn Profile', 'LinkedIn'],
    strength: ['Strength', 'Relationship Strength'],
    lastTouchAt: ['Last Activity', 'Last Activity Date', 'Last Contacted', 'Last Touch'],
  },
};

/** "Account Name", "account_name", " AccountName " → "accountname". */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** The field a header names, for headers as CRMs export them (or as the field itself is spelled). */
export function recognizeHeader(kind: ImportKind, header: string): ImportField | null {
  const key = normalizeHeader(header);
  if (key === '') return null;
  for (const field of fieldsOf[kind]) {
    if (normalizeHeader(field) === key) return field;
    if (aliases[kind][field]?.some((alias) => normalizeHeader(alias) === key)) return field;
  }
  return null;
}

export interface ColumnMappingEntry {
  column: string;
  field: string;
}

export interface ColumnProblem {
  column: string | null;
  message: string;
}

export interface ResolvedColumns {
  /** For each column of the file, by position: the field it holds, or null when it is not imported. */
  fields: Array<ImportField | null>;
  /** Headers that are not imported (not recognized, repeated, or mapped to `ignore`). */
  ignored: string[];
}

const requiredColumns: Record<ImportKind, Array<{ anyOf: ImportField[]; what: string }>> = {
  ACCOUNTS: [{ anyOf: ['name', 'crmId'], what: 'the account (its name or CRM id)' }],
  STAKEHOLDERS: [
    { anyOf: ['fullName', 'firstName', 'lastName'], what: "the person's name" },
    { anyOf: ['accountCrmId', 'accountName'], what: 'the account (its CRM id or name)' },
  ],
  RELATIONSHIPS: [
    { anyOf: ['member'], what: 'our member (e-mail or name)' },
    {
      anyOf: ['stakeholderCrmId', 'stakeholderEmail', 'stakeholderProfileUrl'],
      what: 'the stakeholder (CRM id, e-mail or profile URL)',
    },
  ],
};

function headersFor(kind: ImportKind, fields: readonly ImportField[]): string {
  return fields
    .flatMap((field) => aliases[kind][field]?.slice(0, 2) ?? [field])
    .map((header) => `"${header}"`)
    .join(', ');
}

/**
 * Decides which column holds which field: the user's mapping first, then recognized headers (the
 * first column wins when two name the same field). Problems are about the whole file: nothing is
 * imported while there are any.
 */
export function resolveColumns(
  kind: ImportKind,
  headers: readonly string[],
  mapping: readonly ColumnMappingEntry[] = [],
): { ok: true; columns: ResolvedColumns } | { ok: false; problems: ColumnProblem[] } {
  const problems: ColumnProblem[] = [];
  const known = new Set<string>(fieldsOf[kind]);
  const byHeader = new Map<string, number[]>();
  headers.forEach((header, index) => {
    const key = normalizeHeader(header);
    byHeader.set(key, [...(byHeader.get(key) ?? []), index]);
  });

  const mapped = new Map<number, ImportField | typeof IGNORE>();
  const mappedFields = new Map<string, string>();
  for (const entry of mapping) {
    const positions = byHeader.get(normalizeHeader(entry.column));
    if (!positions) {
      problems.push({ column: entry.column, message: `The mapping names a column the file does not have.` });
      continue;
    }
    if (entry.field !== IGNORE && !known.has(entry.field)) {
      problems.push({
        column: entry.column,
        message: `Unknown field "${entry.field}": use one of ${[...fieldsOf[kind], IGNORE].join(', ')}.`,
      });
      continue;
    }
    const earlier = mappedFields.get(entry.field);
    if (entry.field !== IGNORE && earlier !== undefined) {
      problems.push({
        column: entry.column,
        message: `The mapping sends both "${earlier}" and "${entry.column}" to ${entry.field}.`,
      });
      continue;
    }
    mappedFields.set(entry.field, entry.column);
    for (const position of positions) mapped.set(position, entry.field as ImportField | typeof IGNORE);
  }

  const taken = new Set<ImportField>([...mapped.values()].filter((field): field is ImportField => field !== IGNORE));
  const fields: Array<ImportField | null> = [];
  const ignored: string[] = [];
  headers.forEach((header, index) => {
    const explicit = mapped.get(index);
    if (explicit === IGNORE) {
      fields.push(null);
      ignored.push(header);
      return;
    }
    if (explicit) {
      fields.push(explicit);
      return;
    }
    const field = recognizeHeader(kind, header);
    if (!field || taken.has(field)) {
      fields.push(null);
      ignored.push(header);
      return;
    }
    taken.add(field);
    fields.push(field);
  });

  for (const rule of requiredColumns[kind]) {
    if (!rule.anyOf.some((field) => taken.has(field))) {
      problems.push({
        column: null,
        message: `No column for ${rule.what}: expected a header such as ${headersFor(kind, rule.anyOf)}, or a mapping to ${rule.anyOf.join(' or ')}.`,
      });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, columns: { fields, ignored } };
}

/** Reads a mapping written as `Column A=field,Column B=field` (the command line's form). */
export function parseMappingSpec(
  spec: string,
): { ok: true; mapping: ColumnMappingEntry[] } | { ok: false; message: string } {
  const mapping: ColumnMappingEntry[] = [];
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const at = part.lastIndexOf('=');
    const column = part.slice(0, Math.max(at, 0)).trim();
    const field = part.slice(at + 1).trim();
    if (at < 0 || column === '' || field === '') {
      return { ok: false, message: `"${part.trim()}" is not column=field.` };
    }
    mapping.push({ column, field });
  }
  return { ok: true, mapping };
}
