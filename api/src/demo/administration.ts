// The demo organization's administration history, so the audit trail has something to show on a
// first start: the organization created by the operator, the team invited over the first weeks (each
// joining with a token of their own), a webhook endpoint tried and removed, a settings change, token
// rotations and turnover reports exported now and then. Written through the event log's writer
// (recordChange), each change under the request it came from (a request id and client address).
//
// Deterministic like the rest of the demo: every time is an offset from `now`, every request id is
// derived from the organization id and the change's position, and client addresses come from the
// documentation ranges (RFC 5737). Token secrets are random and thrown away: nobody can use them.
import { createHash } from 'node:crypto';
import type { Member, Prisma, PrismaClient } from '@threadwatch/db/client';
import { DEFAULT_TOKEN_LIFETIME, issueToken } from '../domain/api-tokens.ts';
import { newTrace, runWithTrace } from '../observability/trace.ts';
import { type Actor, memberActor, recordChange, systemActor } from '../services/events.ts';
import { recordMemberChange } from '../services/members.ts';
import { FIRST_ADMIN_TOKEN } from '../services/organizations.ts';

type Tx = Prisma.TransactionClient;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const OPERATOR_ADDRESS = '198.51.100.7';

/** A UUID-shaped value fixed by the key. */
function uuidFrom(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Each member's usual address (documentation range), fixed by their position on the team. */
const addressOf = (index: number) => `203.0.113.${20 + index}`;

/** One administration change: `daysAgo` days and `hour` hours (UTC clock of that day) before now. */
interface Step {
  daysAgo: number;
  hour: number;
  /** The member who made it (an index into the team, oldest first); none: the operator (system). */
  by: number | null;
  write: (tx: Tx, at: Date, actor: Actor) => Promise<void>;
}

/**
 * Writes the history for the organization's members (the seeded team, oldest first: the first is the
 * admin). Returns how many requests were written. Every change lies in the last 12 weeks, a day ago at the latest.
 */
export async function writeDemoAdministration(
  prisma: PrismaClient,
  organizationId: string,
  options: { now?: Date; tokenLifetimeDays?: number } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const lifetimeDays = options.tokenLifetimeDays ?? DEFAULT_TOKEN_LIFETIME.defaultDays;
  const team = await prisma.member.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const admin = team[0];
  if (!admin) return 0;
  const memberChange =
    (kind: 'MEMBER_ADDED' | 'MEMBER_INVITED' | 'MEMBER_JOINED', member: Member) => (tx: Tx, at: Date, actor: Actor) =>
      recordMemberChange(tx, organizationId, kind, actor, member, at);
  const tokenCreated = (member: Member, name: string) => async (tx: Tx, at: Date, actor: Actor) => {
    const issued = issueToken();
    const token = await tx.apiToken.create({
      data: {
        organizationId,
        memberId: member.id,
        name,
        tokenHash: issued.hash,
        prefix: issued.prefix,
        createdAt: at,
        expiresAt: new Date(at.getTime() + lifetimeDays * DAY_MS),
      },
    });
    await recordChange(tx, {
      organizationId,
      kind: 'TOKEN_CREATED',
      actor,
      subject: { type: 'ApiToken', id: token.id },
      payload: { member: member.name, token: name },
      occurredAt: at,
    });
  };
  const tokenRevoked = (member: Member, name: string) => async (tx: Tx, at: Date, actor: Actor) => {
    const tokens = await tx.apiToken.findMany({
      where: { organizationId, memberId: member.id, name, revokedAt: null },
    });
    for (const token of tokens) {
      await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: at } });
      await recordChange(tx, {
        organizationId,
        kind: 'TOKEN_REVOKED',
        actor,
        subject: { type: 'ApiToken', id: token.id },
        payload: { member: member.name, token: name },
        occurredAt: at,
      });
    }
  };
  const endpoint = { id: uuidFrom(`${organizationId}/demo-endpoint`), label: 'CRM sync (trial)' };
  const endpointChange =
    (kind: 'WEBHOOK_ENDPOINT_CREATED' | 'WEBHOOK_ENDPOINT_DELETED') => (tx: Tx, at: Date, actor: Actor) =>
      recordChange(tx, {
        organizationId,
        kind,
        actor,
        subject: { type: 'WebhookEndpoint', id: endpoint.id },
        payload: { endpoint: endpoint.label },
        occurredAt: at,
      });
  const exported = (format: 'CSV' | 'JSON') => (tx: Tx, at: Date, actor: Actor) =>
    recordChange(tx, { organizationId, kind: 'REPORT_EXPORTED', actor, payload: { format }, occurredAt: at });

  // The operator creates the organization with its first admin (one request: three changes).
  const steps: Step[] = [
    {
      daysAgo: 84,
      hour: 9,
      by: null,
      write: async (tx, at, actor) => {
        await recordChange(tx, {
          organizationId,
          kind: 'ORGANIZATION_CREATED',
          actor,
          subject: { type: 'Organization', id: organizationId },
          occurredAt: at,
        });
        await memberChange('MEMBER_ADDED', admin)(tx, at, actor);
        await tokenCreated(admin, FIRST_ADMIN_TOKEN)(tx, at, actor);
      },
    },
    { daysAgo: 84, hour: 10, by: 0, write: tokenCreated(admin, 'Browser extension') },
  ];
  // The admin invites the rest of the team over the first three weeks; each joins a day or two later.
  for (const [position, member] of team.slice(1).entries()) {
    const invitedDaysAgo = 83 - Math.floor(position * 2.5);
    const index = position + 1;
    steps.push(
      { daysAgo: invitedDaysAgo, hour: 11 + (position % 5), by: 0, write: memberChange('MEMBER_INVITED', member) },
      {
        daysAgo: invitedDaysAgo - 1 - (position % 2),
        hour: 9 + (position % 6),
        by: index,
        write: async (tx, at, actor) => {
          await tokenCreated(member, 'Browser extension')(tx, at, actor);
          await memberChange('MEMBER_JOINED', member)(tx, at, actor);
        },
      },
    );
  }
  const manager = team.findIndex((member) => member.role === 'MANAGER');
  const rep = team.findLastIndex((member) => member.role === 'REP');
  const reporter = Math.max(manager, 0);
  steps.push(
    { daysAgo: 69, hour: 14, by: 0, write: endpointChange('WEBHOOK_ENDPOINT_CREATED') },
    { daysAgo: 62, hour: 16, by: 0, write: (tx, at, actor) => settingsChanged(tx, organizationId, at, actor) },
    { daysAgo: 55, hour: 8, by: reporter, write: exported('CSV') },
    { daysAgo: 48, hour: 15, by: 0, write: endpointChange('WEBHOOK_ENDPOINT_DELETED') },
    { daysAgo: 41, hour: 8, by: reporter, write: exported('JSON') },
    { daysAgo: 27, hour: 8, by: reporter, write: exported('CSV') },
    { daysAgo: 13, hour: 8, by: reporter, write: exported('CSV') },
    { daysAgo: 2, hour: 9, by: reporter, write: exported('CSV') },
  );
  const rotating = rep > 0 ? team[rep] : undefined;
  if (rotating) {
    steps.push({
      daysAgo: 30,
      hour: 10,
      by: rep,
      write: async (tx, at, actor) => {
        await tokenCreated(rotating, 'New laptop')(tx, at, actor);
        await tokenRevoked(rotating, 'Browser extension')(tx, new Date(at.getTime() + 60_000), actor);
      },
    });
  }
  steps.sort((a, b) => b.daysAgo - a.daysAgo || a.hour - b.hour);

  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  await prisma.$transaction(
    async (tx) => {
      for (const [position, step] of steps.entries()) {
        const at = new Date(startOfToday - step.daysAgo * DAY_MS + step.hour * HOUR_MS + (position % 50) * 61_000);
        const actor = step.by === null ? systemActor : memberActor(team[step.by]?.id ?? admin.id);
        const trace = newTrace(
          uuidFrom(`${organizationId}/demo-request/${position}`),
          step.by === null ? OPERATOR_ADDRESS : addressOf(step.by),
        );
        await runWithTrace(trace, () => step.write(tx, at, actor));
      }
    },
    { timeout: 60_000 },
  );
  return steps.length;
}

/** The admin set the weekly digest's schedule (to what it is today). */
function settingsChanged(tx: Tx, organizationId: string, at: Date, actor: Actor) {
  return recordChange(tx, {
    organizationId,
    kind: 'SETTINGS_CHANGED',
    actor,
    payload: { keys: ['digestSchedule'] },
    occurredAt: at,
  });
}
