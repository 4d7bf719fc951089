// The demo portfolio judged as a CS manager would (seeds 001 and 004): a strategic or key account
// whose main contact left with nobody taking over is at least amber; a strategic account worth 3 %
// of the portfolio is worth saving when its champion leaves; the biggest single-threaded detractor
// is not left in yellow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { ensureDemoData } from '../../src/demo/demo.ts';
import { systemActor } from '../../src/services/events.ts';
import { portfolioArr, refreshAccountHealth } from '../../src/services/health.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase();
  await ensureDemoData(db.prisma);
}, 180_000);
afterAll(async () => {
  await db.close();
});

async function account(name: string) {
  return db.prisma.account.findFirstOrThrow({
    where: { name },
    include: { stakeholders: { include: { cases: true, replacements: true } } },
  });
}

describe('the demo portfolio', () => {
  it('has every strategic or key customer whose main contacts all left unreplaced at least amber', async () => {
    const accounts = await db.prisma.account.findMany({
      where: { tier: { in: ['STRATEGIC', 'KEY'] }, lifecycle: 'CUSTOMER' },
      include: { stakeholders: { where: { isMainContact: true }, include: { cases: true } } },
    });
    const orphaned = accounts.filter(
      (row) =>
        row.stakeholders.length > 0 &&
        row.stakeholders.every(
          (person) => person.status === 'DEPARTED' && person.cases.every((item) => item.replacementId === null),
        ),
    );
    expect(orphaned.length).toBeGreaterThanOrEqual(2);
    for (const row of orphaned)
      expect([row.name, row.riskBand]).toEqual([row.name, expect.stringMatching(/AMBER|RED/)]);
  });

  it('puts Riverbend Chemicals (key, main contact left, no replacement) in amber, not yellow', async () => {
    const riverbend = await account('Riverbend Chemicals');
    expect(riverbend.tier).toBe('KEY');
    expect(riverbend.riskBand).not.toBe('YELLOW');
    expect(['AMBER', 'RED']).toContain(riverbend.riskBand);
    expect(riverbend.riskZone).not.toBeNull();
  });

  it('puts Alder Foods (strategic, 5 % of the ARR, single-threaded detractor, main contact gone) in the Red Zone', async () => {
    const alder = await account('Alder Foods');
    expect(alder.tier).toBe('STRATEGIC');
    expect(['AMBER', 'RED']).toContain(alder.riskBand);
    expect(alder.riskZone).toBe('RED_ZONE');
    const total = await portfolioArr(db.prisma, alder.organizationId);
    expect(Number((alder.arrMinor * 1000n) / total) / 10).toBeGreaterThanOrEqual(5);
    const keys = (alder.riskFactors as Array<{ key: string }>).map((item) => item.key);
    // Its other factors already reach amber, so the main-contact top-up has nothing to add.
    expect(keys).toEqual(expect.arrayContaining(['singleThreaded', 'advocacyDrop', 'disengagedKeyContact']));
  });

  it('keeps Elmstead Systems (strategic, 3 % of the ARR) in the Red Zone when its champion leaves', async () => {
    const elmstead = await account('Elmstead Systems');
    const champion = elmstead.stakeholders.find(
      (person) => person.isMainContact && person.buyingRoles.includes('CHAMPION'),
    );
    expect(champion?.status).toBe('ACTIVE');
    await db.prisma.$transaction(async (tx) => {
      await tx.stakeholder.update({ where: { id: champion!.id }, data: { status: 'DEPARTED' } });
      await refreshAccountHealth(tx, elmstead.organizationId, [elmstead.id], { actor: systemActor });
    });
    const after = await account('Elmstead Systems');
    expect(['AMBER', 'RED']).toContain(after.riskBand);
    expect(after.riskZone).toBe('RED_ZONE');
    expect((after.zoneReasons as string[])[0]).toMatch(/of the portfolio's ARR/);
  });

  it('counts a negative key contact who has fallen silent', async () => {
    const riverbend = await account('Riverbend Chemicals');
    const buyer = riverbend.stakeholders.find(
      (person) => person.status === 'ACTIVE' && person.buyingRoles.includes('ECONOMIC_BUYER'),
    );
    expect(buyer).toBeDefined();
    const before = riverbend.riskScore;
    await db.prisma.$transaction(async (tx) => {
      await tx.stakeholder.update({
        where: { id: buyer!.id },
        data: { sentiment: 'NEGATIVE', lastEngagedAt: new Date(Date.now() - 200 * 86_400_000) },
      });
      await refreshAccountHealth(tx, riverbend.organizationId, [riverbend.id], { actor: systemActor });
    });
    const after = await account('Riverbend Chemicals');
    const factor = (after.riskFactors as Array<{ key: string; points: number; explanation: string }>).find(
      (item) => item.key === 'disengagedKeyContact',
    );
    expect(factor?.points).toBe(12);
    expect(factor?.explanation).toMatch(/negative about us and has been silent since/);
    expect(after.riskScore).toBeGreaterThan(before);
  });
});
