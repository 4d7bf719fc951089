// Deterministic demo data for Threadwatch: the vendor "Northwind Analytics", its team, a B2B SaaS
// portfolio of accounts, the people at those accounts with their employment histories, and the threads
// between our members and those people. Deliberate risk scenarios are mixed in by quota: single-threaded
// accounts, departed champions (with their new employer), suspected departures, strategic accounts with
// no executive sponsor.
//
// Determinism: all content comes from seeded sfc32 generators, never from Math.random or the clock.
// Account-level values come from one portfolio stream; each account's people come from a stream of
// their own (seeded with the account's position). Ids are UUID v4-shaped values from a stream seeded
// with the organization slug, so the same options always give the same rows, ids included, and two
// demo organizations in one database never clash. Every date is an offset from `options.now`.
//
// Scale: accounts are planned up front (they are light); people are generated and written per chunk
// of accounts in bulk `INSERT … SELECT FROM unnest(…)` batches (see seed/write.ts for why not createMany),
// so 10,000 accounts (~80k stakeholders, ~120k employments) run in bounded memory.
import type { PrismaClient } from '../generated/client/client.js';
import { generateAccountRows } from './seed/account-rows.ts';
import { daysAgo } from './seed/dates.ts';
import type { PeopleContext } from './seed/people.ts';
import { planPortfolio } from './seed/portfolio.ts';
import { CONTENT_SEED, Random } from './seed/random.ts';
import { buildMembers } from './seed/team.ts';
import {
  ACCOUNT_TABLE,
  type AccountRows,
  BATCH_ROWS,
  bulkInsert,
  type Counts,
  writeAccountChunk,
} from './seed/write.ts';

export interface SeedOptions {
  accounts?: number;
  organizationSlug?: string;
  organizationName?: string;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  organizationId: string;
  memberIds: string[];
  accounts: number;
  stakeholders: number;
  relationships: number;
  employments: number;
}

export const DEFAULT_ORGANIZATION_SLUG = 'demo';
export const DEFAULT_ORGANIZATION_NAME = 'Northwind Analytics';
export const DEFAULT_ACCOUNT_COUNT = 150;

/** Thrown when the organization slug is taken: the seed never adds to or duplicates existing data. */
export class SeedConflictError extends Error {
  override name = 'SeedConflictError';
}

const ACCOUNTS_PER_CHUNK = 250;

interface Settings {
  readonly accounts: number;
  readonly slug: string;
  readonly name: string;
  readonly now: Date;
  readonly onProgress: (done: number, total: number) => void;
}

function resolveOptions(options: SeedOptions): Settings {
  const accounts = options.accounts ?? DEFAULT_ACCOUNT_COUNT;
  if (!Number.isInteger(accounts) || accounts < 1) {
    throw new RangeError(`seedDemo: accounts must be a positive integer, got ${accounts}.`);
  }
  const now = options.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new RangeError('seedDemo: now is not a valid date.');
  return {
    accounts,
    slug: options.organizationSlug ?? DEFAULT_ORGANIZATION_SLUG,
    name: options.organizationName ?? DEFAULT_ORGANIZATION_NAME,
    now,
    onProgress: options.onProgress ?? (() => {}),
  };
}

function conflict(slug: string): SeedConflictError {
  return new SeedConflictError(
    `An organization with slug "${slug}" already exists; refusing to seed demo data into it. ` +
      'Pick another slug or delete that organization first.',
  );
}

async function createOrganization(prisma: PrismaClient, settings: Settings, id: string): Promise<void> {
  try {
    await prisma.organization.create({
      data: { id, name: settings.name, slug: settings.slug, createdAt: daysAgo(settings.now, 1200) },
    });
  } catch (error) {
    if (await hasDemoData(prisma, settings.slug)) throw conflict(settings.slug);
    throw error;
  }
}

async function populate(prisma: PrismaClient, settings: Settings, organizationId: string, ids: Random) {
  const { accounts: count, now, onProgress } = settings;
  const total = count * 2;
  const members = buildMembers(ids, organizationId, now);
  await prisma.member.createMany({ data: members });
  const memberIds = members.map((member) => member.id);
  const rng = new Random(`${CONTENT_SEED}/portfolio`);
  const portfolio = planPortfolio({ rng, ids, organizationId, memberIds, count, now });
  let done = 0;
  for (let start = 0; start < count; start += BATCH_ROWS) {
    const batch = portfolio.rows.slice(start, start + BATCH_ROWS);
    await bulkInsert(prisma, ACCOUNT_TABLE, batch);
    done += batch.length;
    onProgress(done, total);
  }
  const ctx: PeopleContext = { organizationId, now, ids, memberIds, plans: portfolio.plans, profileSlugs: new Set() };
  const counts: Counts = { stakeholders: 0, employments: 0, relationships: 0 };
  for (let start = 0; start < count; start += ACCOUNTS_PER_CHUNK) {
    const chunk = portfolio.plans.slice(start, start + ACCOUNTS_PER_CHUNK);
    const rows: AccountRows = { stakeholders: [], employments: [], relationships: [] };
    for (const plan of chunk) generateAccountRows(ctx, plan, rows);
    await writeAccountChunk(prisma, rows, counts);
    done += chunk.length;
    onProgress(done, total);
  }
  return { memberIds, ...counts };
}

/**
 * Seeds the demo organization: 9 members, `accounts` accounts (default 150) with their stakeholders,
 * employment histories and threads. Throws SeedConflictError when the slug is taken. On failure the
 * partly written organization is removed again, so a retry starts clean.
 */
export async function seedDemo(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedResult> {
  const settings = resolveOptions(options);
  if (await hasDemoData(prisma, settings.slug)) throw conflict(settings.slug);
  const ids = new Random(`${CONTENT_SEED}/ids/${settings.slug}`);
  const organizationId = ids.uuid();
  await createOrganization(prisma, settings, organizationId);
  try {
    const written = await populate(prisma, settings, organizationId, ids);
    // A bulk load leaves the planner's statistics behind; refresh them so queries pick indexes.
    await prisma.$executeRawUnsafe('ANALYZE');
    return { organizationId, accounts: settings.accounts, ...written };
  } catch (error) {
    await prisma.organization.delete({ where: { id: organizationId } }).catch(() => undefined);
    throw error;
  }
}

/** Whether an organization with that slug (default `demo`) exists. */
export async function hasDemoData(
  prisma: PrismaClient,
  organizationSlug: string = DEFAULT_ORGANIZATION_SLUG,
): Promise<boolean> {
  const organization = await prisma.organization.findUnique({
    where: { slug: organizationSlug },
    select: { id: true },
  });
  return organization !== null;
}
