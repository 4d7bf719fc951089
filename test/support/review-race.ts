// Reviews of one job-change flag sent at the same moment (confirm against reject, confirm against
// confirm, reject against reject), through whatever sends the requests: one API or several processes.
// After each round the flag's status must agree with its effects: the person departed, the new
// position, the departure case and the FLAG_CONFIRMED event exist if and only if it is CONFIRMED.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PrismaClient } from '@threadwatch/db/client';
import { expect } from 'vitest';
import { encodeId } from '../../api/src/global-id.ts';
import type { GraphQLResponse, TestOrganization } from './api.ts';

/** Sends one GraphQL request; `index` lets a caller spread requests over several processes. */
export type Send = <T>(
  index: number,
  token: string,
  query: string,
  variables: Record<string, unknown>,
) => Promise<GraphQLResponse<T>>;

export type Review = 'confirm' | 'reject';

const FLAG = `mutation($input: FlagJobChangeInput!) {
  flagJobChange(input: $input) { __typename ... on FlagPayload { flag { id } } ... on Error { code message } }
}`;
const CONFIRM = `mutation($input: ConfirmJobChangeInput!) {
  confirmJobChange(input: $input) {
    __typename
    ... on ReviewFlagPayload { flag { id status } }
    ... on Error { code message }
  }
}`;
const REJECT = `mutation($id: ID!, $note: String) {
  rejectJobChange(id: $id, note: $note) {
    __typename
    ... on ReviewFlagPayload { flag { id status } }
    ... on Error { code message }
  }
}`;
const ENDPOINT = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { __typename ... on Error { code message } }
}`;

export interface ReviewAnswer {
  __typename: string;
  flag?: { id: string; status: string };
  code?: string;
  message?: string;
}

export interface RaceTally {
  confirmed: number;
  rejected: number;
}

/** A webhook receiver that accepts everything, so FLAG_CONFIRMED events are recorded (and delivered, where a dispatcher runs). */
export async function startReviewRace(prisma: PrismaClient, org: TestOrganization, send: Send) {
  const receiver: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(204).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  const endpoint = await send<{ createWebhookEndpoint: { __typename: string } }>(0, org.manager.token, ENDPOINT, {
    input: { url: `http://127.0.0.1:${port}/hooks`, events: ['FLAG_CONFIRMED'] },
  });
  expect(endpoint.data?.createWebhookEndpoint, JSON.stringify(endpoint)).toMatchObject({
    __typename: 'CreateWebhookEndpointPayload',
  });
  const account = await prisma.account.create({
    data: {
      organizationId: org.id,
      name: `Review Race ${randomUUID().slice(0, 8)}`,
      tier: 'STRATEGIC',
      arrMinor: 5_000_000n,
      ownerId: org.csm.id,
    },
  });
  let people = 0;

  /** A main contact with a live thread, and a pending "left the company" flag about them sent through the API. */
  async function pendingFlag(round: number) {
    const person = await prisma.stakeholder.create({
      data: {
        organizationId: org.id,
        accountId: account.id,
        fullName: `Rory Race ${++people}`,
        isMainContact: true,
        buyingRoles: ['CHAMPION'],
      },
    });
    await prisma.employment.create({
      data: { organizationId: org.id, stakeholderId: person.id, companyName: account.name, accountId: account.id },
    });
    await prisma.relationship.create({
      data: {
        organizationId: org.id,
        memberId: org.rep.id,
        stakeholderId: person.id,
        strength: 'STRONG',
        lastTouchAt: new Date(),
      },
    });
    const company = `Destination ${people}`;
    const flagged = await send<{ flagJobChange: { __typename: string; flag?: { id: string } } }>(
      round,
      org.rep.token,
      FLAG,
      {
        input: {
          idempotencyKey: randomUUID(),
          kind: 'LEFT_COMPANY',
          stakeholderId: encodeId('Stakeholder', person.id),
          observedCompany: company,
          observedAt: new Date(Date.now() - 60_000).toISOString(),
        },
      },
    );
    const flagId = flagged.data?.flagJobChange.flag?.id;
    if (!flagId) throw new Error(`flagJobChange failed: ${JSON.stringify(flagged)}`);
    return { personId: person.id, flagId, company };
  }

  async function review(index: number, kind: Review, flagId: string): Promise<ReviewAnswer> {
    const response =
      kind === 'confirm'
        ? await send<{ confirmJobChange: ReviewAnswer }>(index, org.csm.token, CONFIRM, { input: { id: flagId } })
        : await send<{ rejectJobChange: ReviewAnswer }>(index, org.manager.token, REJECT, {
            id: flagId,
            note: 'Not them.',
          });
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const data = response.data as Record<string, ReviewAnswer>;
    const answer = data[kind === 'confirm' ? 'confirmJobChange' : 'rejectJobChange'];
    if (!answer) throw new Error(`no answer: ${JSON.stringify(response)}`);
    return answer;
  }

  /** The flag's status, and whether each effect of a confirmation exists. */
  async function stateOf(flag: { personId: string; flagId: string; company: string }) {
    const row = await prisma.jobChangeFlag.findFirstOrThrow({
      where: { organizationId: org.id, stakeholderId: flag.personId },
      select: { id: true, status: true, reviewNote: true },
    });
    const person = await prisma.stakeholder.findUniqueOrThrow({ where: { id: flag.personId } });
    return {
      status: row.status,
      rejectionNoted: row.reviewNote !== null,
      departed: person.status === 'DEPARTED',
      newPositions: await prisma.employment.count({
        where: { stakeholderId: flag.personId, companyName: flag.company, endedOn: null },
      }),
      closedPositions: await prisma.employment.count({
        where: { stakeholderId: flag.personId, accountId: account.id, NOT: { endedOn: null } },
      }),
      cases: await prisma.departureCase.count({ where: { stakeholderId: flag.personId } }),
      confirmedEvents: await prisma.event.count({
        where: {
          organizationId: org.id,
          kind: 'NOTIFICATION',
          notificationType: 'FLAG_CONFIRMED',
          stakeholderId: flag.personId,
        },
      }),
    };
  }

  /** What the database must hold for a flag in this status: the effects exist iff it is CONFIRMED. */
  function effectsOf(status: 'CONFIRMED' | 'REJECTED') {
    const confirmed = status === 'CONFIRMED' ? 1 : 0;
    return {
      status,
      rejectionNoted: status === 'REJECTED',
      departed: status === 'CONFIRMED',
      newPositions: confirmed,
      closedPositions: confirmed,
      cases: confirmed,
      confirmedEvents: confirmed,
    };
  }

  /**
   * `rounds` flags, each reviewed by `reviews[0]` and `reviews[1]` at the same moment (sent in
   * alternating order). Returns how many flags ended confirmed and rejected.
   */
  async function race(rounds: number, reviews: readonly [Review, Review]): Promise<RaceTally> {
    const tally: RaceTally = { confirmed: 0, rejected: 0 };
    for (let round = 0; round < rounds; round++) {
      const flag = await pendingFlag(round);
      const order = round % 2 === 0 ? reviews : ([reviews[1], reviews[0]] as const);
      const sent = await Promise.all(order.map((kind, side) => review(round + side, kind, flag.flagId)));
      const answers = round % 2 === 0 ? sent : [sent[1], sent[0]];
      const state = await stateOf(flag);
      const label = `round ${round}: ${reviews.join(' + ')} → ${JSON.stringify(answers)}`;
      expect(state.status, label).not.toBe('PENDING');
      const final = state.status as 'CONFIRMED' | 'REJECTED';
      expect(state, label).toEqual(effectsOf(final));
      reviews.forEach((kind, side) => {
        const answer = answers[side] as ReviewAnswer;
        const wanted = kind === 'confirm' ? 'CONFIRMED' : 'REJECTED';
        if (wanted === final) {
          // The review that agrees with the outcome succeeds, and never answers another status.
          expect(answer, label).toEqual({ __typename: 'ReviewFlagPayload', flag: { id: flag.flagId, status: final } });
        } else {
          expect(answer, label).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
        }
      });
      if (final === 'CONFIRMED') tally.confirmed++;
      else tally.rejected++;
    }
    return tally;
  }

  return {
    race,
    close: () => new Promise<void>((resolve) => receiver.close(() => resolve())),
  };
}
