// The demo seed on an in-memory PGlite: team and portfolio shape, people and their uniqueness rules,
// the deliberate risk scenarios, determinism across databases, and refusal to seed a slug twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/database.js';
import { hasDemoData, type SeedResult, seedDemo } from '../src/seed.js';

const NOW = new Date('2026-11-20T09:30:00Z');
const LIVE_MS = 90 * 86_400_000;
const ACCOUNTS = 150;

async function freshDatabase(): Promise<Database> {
  const db = await openDatabase({ kind: 'pglite', dataDir: null });
  await db.migrate();
  return db;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** What the test compares between two seeded databases: names, ARR and people, in a stable order. */
async function portfolioSnapshot(db: Database) {
  const accounts = await db.prisma.account.findMany({
    orderBy: { crmId: 'asc' },
    select: { id: true, name: true, arrMinor: true, tier: true, renewalDate: true },
  });
  const stakeholders = await db.prisma.stakeholder.findMany({
    orderBy: { profileUrl: 'asc' },
    select: { fullName: true, title: true, profileUrl: true, buyingRoles: true, lastEngagedAt: true },
  });
  return { accounts, stakeholders };
}

describe('seedDemo', () => {
  let db: Database;
  let result: SeedResult;
  const progress: Array<[number, number]> = [];

  beforeAll(async () => {
    db = await freshDatabase();
    result = await seedDemo(db.prisma, { now: NOW, onProgress: (done, total) => progress.push([done, total]) });
  }, 60_000);

  afterAll(async () => {
    await db?.close();
  });

  it('creates the team: 1 admin, 2 managers, 3 CSMs, 3 reps at northwind.example', async () => {
    const members = await db.prisma.member.findMany({ select: { role: true, email: true } });
    expect(members).toHaveLength(9);
    expect(Object.fromEntries(countBy(members, (member) => member.role))).toEqual({
      ADMIN: 1,
      MANAGER: 2,
      CSM: 3,
      REP: 3,
    });
    for (const { email } of members) expect(email).toMatch(/^[a-z]+\.[a-z]+@northwind\.example$/);
    expect(result.memberIds).toHaveLength(9);
  });

  it('reports what it wrote and its progress', async () => {
    const organization = await db.prisma.organization.findUniqueOrThrow({ where: { slug: 'demo' } });
    expect(organization.name).toBe('Northwind Analytics');
    expect(result.organizationId).toBe(organization.id);
    expect(result.accounts).toBe(ACCOUNTS);
    expect(await db.prisma.account.count()).toBe(ACCOUNTS);
    expect(await db.prisma.stakeholder.count()).toBe(result.stakeholders);
    expect(await db.prisma.employment.count()).toBe(result.employments);
    expect(await db.prisma.relationship.count()).toBe(result.relationships);
    expect(await hasDemoData(db.prisma)).toBe(true);
    expect(await hasDemoData(db.prisma, 'nobody')).toBe(false);
    const dones = progress.map(([done]) => done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(progress.at(-1)?.[0]).toBe(progress.at(-1)?.[1]);
  });

  it('builds a plausible portfolio: unique names, domains and profile URLs; ARR scaled by tier', async () => {
    const accounts = await db.prisma.account.findMany();
    expect(new Set(accounts.map((account) => account.name)).size).toBe(ACCOUNTS);
    expect(new Set(accounts.map((account) => account.crmId)).size).toBe(ACCOUNTS);
    for (const account of accounts) {
      expect(account.companyUrl).toMatch(/^linkedin\.com\/company\/[a-z0-9-]+$/);
      expect(account.crmId).toMatch(/^SF-\d{7}$/);
      expect(account.domains[0]).toMatch(/^[a-z0-9]+\.example$/);
      expect(account.ownerId).not.toBeNull();
    }
    const tiers = countBy(accounts, (account) => account.tier);
    expect(tiers.get('STRATEGIC')).toBe(15);
    expect(tiers.get('KEY')).toBe(38);
    const strategicArr = accounts
      .filter((account) => account.tier === 'STRATEGIC' && account.lifecycle === 'CUSTOMER')
      .map((account) => account.arrMinor);
    expect(strategicArr.length).toBeGreaterThan(0);
    for (const arr of strategicArr) {
      expect(arr).toBeGreaterThanOrEqual(25_000_000n);
      expect(arr).toBeLessThanOrEqual(200_000_000n);
    }
    const lifecycles = countBy(accounts, (account) => account.lifecycle);
    expect(lifecycles.get('CUSTOMER')).toBeGreaterThan(ACCOUNTS * 0.8);
    expect(lifecycles.get('PROSPECT')).toBeGreaterThan(0);
    expect(lifecycles.get('CHURNED')).toBeGreaterThan(0);
  });

  it('gives every account 5–15 stakeholders and every customer exactly one main contact', async () => {
    const perAccount = await db.prisma.stakeholder.groupBy({ by: ['accountId'], _count: { _all: true } });
    expect(perAccount).toHaveLength(ACCOUNTS);
    for (const group of perAccount) {
      expect(group._count._all).toBeGreaterThanOrEqual(5);
      expect(group._count._all).toBeLessThanOrEqual(15);
    }
    const customers = await db.prisma.account.findMany({
      where: { lifecycle: 'CUSTOMER' },
      select: { _count: { select: { stakeholders: { where: { isMainContact: true } } } } },
    });
    expect(customers.length).toBeGreaterThan(100);
    for (const customer of customers) expect(customer._count.stakeholders).toBe(1);
  });

  it('normalizes profile URLs and e-mails, unique across the organization', async () => {
    const people = await db.prisma.stakeholder.findMany({ select: { profileUrl: true, email: true, fullName: true } });
    for (const { profileUrl, email } of people) {
      expect(profileUrl).toMatch(/^linkedin\.com\/in\/[a-z0-9-]+$/);
      expect(email).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+@[a-z0-9-]+\.example$/);
    }
    expect(new Set(people.map((person) => person.profileUrl)).size).toBe(people.length);
    expect(new Set(people.map((person) => person.email)).size).toBe(people.length);
    expect(people.some((person) => /[^ -~]/.test(person.fullName))).toBe(true);
  });

  it('keeps employment history: a current job at the account for everyone, past jobs for some', async () => {
    const people = await db.prisma.stakeholder.findMany({
      select: { accountId: true, status: true, employments: { select: { accountId: true, endedOn: true } } },
    });
    for (const person of people) {
      const atAccount = person.employments.filter((job) => job.accountId === person.accountId);
      expect(atAccount.length).toBeGreaterThanOrEqual(1);
      if (person.status !== 'DEPARTED') expect(atAccount.some((job) => job.endedOn === null)).toBe(true);
    }
    const withHistory = people.filter((person) => person.employments.some((job) => job.accountId !== person.accountId));
    expect(withHistory.length / people.length).toBeGreaterThan(0.3);
    expect(withHistory.length / people.length).toBeLessThan(0.5);
  });

  it('has single-threaded accounts: exactly one live thread', async () => {
    const threads = await db.prisma.relationship.findMany({
      select: { strength: true, lastTouchAt: true, stakeholder: { select: { accountId: true } } },
    });
    const live = threads.filter(
      (thread) =>
        thread.strength !== 'WEAK' &&
        thread.lastTouchAt !== null &&
        NOW.getTime() - thread.lastTouchAt.getTime() <= LIVE_MS,
    );
    const livePerAccount = countBy(live, (thread) => thread.stakeholder.accountId);
    const singleThreaded = [...livePerAccount.values()].filter((count) => count === 1).length;
    expect(singleThreaded).toBeGreaterThanOrEqual(15);
    expect(livePerAccount.size).toBeGreaterThan(ACCOUNTS / 2);
    const pairs = await db.prisma.relationship.groupBy({ by: ['memberId', 'stakeholderId'], _count: { _all: true } });
    expect(pairs.every((pair) => pair._count._all === 1)).toBe(true);
  });

  it('has departed champions who left the account and started elsewhere', async () => {
    // Filtered here: pglite-prisma-adapter 0.7.2 rejects `buyingRoles: { has: … }` ("malformed array literal").
    const leavers = await db.prisma.stakeholder.findMany({
      where: { status: 'DEPARTED' },
      select: { accountId: true, buyingRoles: true, employments: { select: { accountId: true, endedOn: true } } },
    });
    const departed = leavers.filter((person) => person.buyingRoles.includes('CHAMPION'));
    expect(new Set(departed.map((person) => person.accountId)).size).toBe(12);
    for (const person of departed) {
      const atAccount = person.employments.filter((job) => job.accountId === person.accountId);
      expect(atAccount.every((job) => job.endedOn !== null)).toBe(true);
      const elsewhere = person.employments.filter((job) => job.accountId !== person.accountId && job.endedOn === null);
      expect(elsewhere).toHaveLength(1);
    }
    expect(await db.prisma.stakeholder.count({ where: { status: 'SUSPECTED_DEPARTURE' } })).toBeGreaterThan(0);
  });

  it('has strategic accounts with no executive sponsor', async () => {
    const accounts = await db.prisma.account.findMany({
      select: { tier: true, stakeholders: { select: { buyingRoles: true } } },
    });
    const sponsored = (account: (typeof accounts)[number]) =>
      account.stakeholders.some((person) => person.buyingRoles.includes('EXECUTIVE_SPONSOR'));
    const strategic = accounts.filter((account) => account.tier === 'STRATEGIC');
    expect(strategic.filter((account) => !sponsored(account)).length).toBeGreaterThanOrEqual(1);
    expect(strategic.filter(sponsored).length).toBeGreaterThanOrEqual(1);
    expect(accounts.filter(sponsored).length).toBeGreaterThan(ACCOUNTS * 0.8);
  });

  it('is deterministic: a second database seeded with the same now holds the same data', async () => {
    const other = await freshDatabase();
    try {
      const again = await seedDemo(other.prisma, { now: NOW });
      expect(again).toEqual(result);
      const [first, second] = [await portfolioSnapshot(db), await portfolioSnapshot(other)];
      expect(second.accounts).toEqual(first.accounts);
      expect(second.stakeholders).toEqual(first.stakeholders);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('refuses to seed an existing slug, and leaves the data alone', async () => {
    const before = await db.prisma.stakeholder.count();
    await expect(seedDemo(db.prisma, { now: NOW, accounts: 5 })).rejects.toThrow(/slug "demo" already exists/);
    expect(await db.prisma.stakeholder.count()).toBe(before);
    expect(await db.prisma.organization.count()).toBe(1);
  });
});
