// The migration that moves the webhook outbox onto the event log: a database holding webhook events
// and their deliveries from before it keeps every event (same id, type, data, time and person) as a
// NOTIFICATION in the event log, and every delivery and attempt, still pointing at its event.
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDatabase, type TestDatabase } from '../../test/support/database.ts';
import { applyMigrations, migrationsDir } from '../src/migrate.ts';

const MOVE = '20261205001700_webhook_events_into_event_log';

let db: TestDatabase;
let before: string;

beforeAll(async () => {
  db = await emptyDatabase();
  // The migrations folder as it was just before the move.
  before = await mkdtemp(join(tmpdir(), 'threadwatch-migrations-'));
  const names = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && entry.name < MOVE)
    .map((entry) => entry.name);
  for (const name of names) await cp(join(migrationsDir, name), join(before, name), { recursive: true });
  await cp(join(migrationsDir, 'migration_lock.toml'), join(before, 'migration_lock.toml'));
});
afterAll(async () => {
  await db.close();
  await rm(before, { recursive: true, force: true });
});

describe('moving webhook events into the event log', () => {
  it('keeps each event’s id, type, data, time and person, and its deliveries and attempts', async () => {
    const applied = await applyMigrations(db.adapterFactory, before);
    expect(applied).toContain('20261205001637_notification_events');
    expect(applied).not.toContain(MOVE);

    const [organizationId, memberId, endpointId, eventId, quietEventId, deliveryId, stakeholderId] = Array.from(
      { length: 7 },
      () => randomUUID(),
    );
    const payload = {
      flag: { id: 'Sm9iQ2hhbmdlRmxhZzox', kind: 'LEFT_COMPANY' },
      account: { id: 'QWNjb3VudDox', name: 'Kept Corp' },
      stakeholder: { id: 'U3Rha2Vob2xkZXI6MQ', name: 'Dana Ruiz' },
    };
    const occurredAt = new Date('2026-12-01T09:30:00.123Z');
    const sql = (text: string, ...values: unknown[]) => db.prisma.$executeRawUnsafe(text, ...values);
    await sql(
      'INSERT INTO "Organization" ("id", "name", "slug") VALUES ($1::uuid, $2, $3)',
      organizationId,
      'Old',
      `old-${organizationId}`,
    );
    await sql(
      `INSERT INTO "Member" ("id", "organizationId", "name", "email", "role") VALUES ($1::uuid, $2::uuid, 'Ann', 'ann@example.com', 'ADMIN')`,
      memberId,
      organizationId,
    );
    await sql(
      `INSERT INTO "WebhookEndpoint" ("id", "organizationId", "url", "events", "secret", "secretPrefix", "createdById", "updatedAt")
       VALUES ($1::uuid, $2::uuid, 'https://hooks.example.com/old', ARRAY['FLAG_CREATED']::"WebhookEventType"[], 'whsec_old', 'whsec_ol', $3::uuid, now())`,
      endpointId,
      organizationId,
      memberId,
    );
    await sql(
      `INSERT INTO "WebhookEvent" ("id", "organizationId", "type", "payload", "stakeholderId", "occurredAt")
       VALUES ($1::uuid, $2::uuid, 'FLAG_CREATED', $3::jsonb, $4::uuid, $5),
              ($6::uuid, $2::uuid, 'WEEKLY_DIGEST', '{"week":"2026-W48"}', NULL, $5::timestamp + interval '1 hour')`,
      eventId,
      organizationId,
      JSON.stringify(payload),
      stakeholderId,
      occurredAt,
      quietEventId,
    );
    await sql(
      `INSERT INTO "WebhookDelivery" ("id", "organizationId", "endpointId", "eventId", "status", "attemptCount", "lastStatusCode")
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, 'PENDING', 1, 500)`,
      deliveryId,
      organizationId,
      endpointId,
      eventId,
    );
    await sql(
      `INSERT INTO "WebhookAttempt" ("id", "deliveryId", "number", "startedAt", "durationMs", "statusCode", "succeeded")
       VALUES ($1::uuid, $2::uuid, 0, $3, 12, 500, false)`,
      randomUUID(),
      deliveryId,
      occurredAt,
    );

    expect(await applyMigrations(db.adapterFactory)).toContain(MOVE);
    expect(await db.pendingMigrations()).toEqual([]);

    const events = await db.prisma.event.findMany({
      where: { organizationId },
      orderBy: { occurredAt: 'asc' },
      include: { deliveries: { include: { attempts: true } } },
    });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      id: eventId,
      kind: 'NOTIFICATION',
      actorKind: 'SYSTEM',
      actorId: null,
      accountId: null,
      stakeholderId,
      notificationType: 'FLAG_CREATED',
      notificationPayload: payload,
      payload: {},
      importance: 0,
      occurredAt,
    });
    expect(events[0]!.deliveries).toMatchObject([
      { id: deliveryId, endpointId, status: 'PENDING', attemptCount: 1, lastStatusCode: 500 },
    ]);
    expect(events[0]!.deliveries[0]!.attempts).toMatchObject([{ number: 0, statusCode: 500, succeeded: false }]);
    expect(events[1]).toMatchObject({
      id: quietEventId,
      notificationType: 'WEEKLY_DIGEST',
      notificationPayload: { week: '2026-W48' },
      stakeholderId: null,
      deliveries: [],
    });
    const tables = await db.prisma.$queryRawUnsafe<Array<{ name: string }>>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_name = 'WebhookEvent'`,
    );
    expect(tables).toEqual([]);
    // A delivery now references the event log: one of no event there is refused.
    await expect(
      db.prisma.webhookDelivery.create({
        data: { organizationId: organizationId!, endpointId: endpointId!, eventId: randomUUID() },
      }),
    ).rejects.toThrow();
  });
});
