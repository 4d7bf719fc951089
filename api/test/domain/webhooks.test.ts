import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webhookUrlProblem } from '../../src/domain/webhook-address.ts';
import { genericBody, webhookBody } from '../../src/domain/webhook-bodies.ts';
import { type BreakerState, breakerAfterAttempt } from '../../src/domain/webhook-breaker.ts';
import { type StoredEvent, scrubPerson } from '../../src/domain/webhook-payloads.ts';
import {
  DEFAULT_RETRY_POLICY,
  isDelivered,
  nextAttemptDelay,
  type RetryPolicy,
} from '../../src/domain/webhook-retry.ts';
import {
  activeSecrets,
  parseSignatureHeader,
  signatureHeader,
  verifySignature,
} from '../../src/domain/webhook-signing.ts';
import { slackEscape, slackMessage } from '../../src/domain/webhook-slack.ts';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const T = Math.floor(NOW.getTime() / 1000);
const BODY = '{"id":"ev_1","type":"flag.created"}';

describe('signatureHeader', () => {
  it('signs "<t>.<body>" with HMAC-SHA256, one v1 per secret, the current secret first', () => {
    const header = signatureHeader(['new-secret', 'old-secret'], T, BODY);
    const hmac = (secret: string) => createHmac('sha256', secret).update(`${T}.${BODY}`).digest('hex');
    expect(header).toBe(`t=${T},v1=${hmac('new-secret')},v1=${hmac('old-secret')}`);
  });
});

describe('verifySignature', () => {
  const header = signatureHeader(['whsec_current', 'whsec_previous'], T, BODY);
  it.each<[string, string | null, string, string, Date, ReturnType<typeof verifySignature>]>([
    ['the current secret', header, BODY, 'whsec_current', NOW, { ok: true, timestamp: T }],
    ['the previous secret during the overlap', header, BODY, 'whsec_previous', NOW, { ok: true, timestamp: T }],
    ['another secret', header, BODY, 'whsec_other', NOW, { ok: false, reason: 'no-matching-signature' }],
    ['a changed body', header, `${BODY} `, 'whsec_current', NOW, { ok: false, reason: 'no-matching-signature' }],
    [
      'a timestamp 6 minutes old',
      header,
      BODY,
      'whsec_current',
      new Date(NOW.getTime() + 360_000),
      { ok: false, reason: 'timestamp-outside-tolerance' },
    ],
    [
      'a timestamp 4 minutes old',
      header,
      BODY,
      'whsec_current',
      new Date(NOW.getTime() + 240_000),
      { ok: true, timestamp: T },
    ],
    ['no header', null, BODY, 'whsec_current', NOW, { ok: false, reason: 'malformed' }],
    ['a header without t', 'v1=abc', BODY, 'whsec_current', NOW, { ok: false, reason: 'malformed' }],
    ['a header without v1', `t=${T}`, BODY, 'whsec_current', NOW, { ok: false, reason: 'malformed' }],
  ])('with %s', (_label, given, body, secret, now, expected) => {
    expect(verifySignature(given, body, secret, now)).toEqual(expected);
  });

  it.each([
    [`t=1,t=2,v1=${'a'.repeat(64)}`, null],
    [`t=abc,v1=${'a'.repeat(64)}`, null],
    ['garbage', null],
    [`t=12,v1=${'a'.repeat(64)},v0=zz`, { timestamp: 12, signatures: ['a'.repeat(64)] }],
  ])('parses %j as %j', (header, expected) => {
    expect(parseSignatureHeader(header)).toEqual(expected);
  });
});

describe('activeSecrets', () => {
  const keys = { secret: 'new', previousSecret: 'old', previousSecretExpiresAt: new Date(NOW.getTime() + 1000) };
  it.each([
    ['during the overlap', keys, ['new', 'old']],
    ['after the overlap', { ...keys, previousSecretExpiresAt: new Date(NOW.getTime() - 1) }, ['new']],
    ['at its exact end', { ...keys, previousSecretExpiresAt: NOW }, ['new']],
    ['without a rotation', { secret: 'new', previousSecret: null, previousSecretExpiresAt: null }, ['new']],
  ])('%s', (_label, given, expected) => {
    expect(activeSecrets(given, NOW)).toEqual(expected);
  });
});

describe('nextAttemptDelay', () => {
  const policy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 10_000, maxAttempts: 6 };
  it.each([
    // attempts made, random, delay
    [1, 0, 500],
    [1, 0.999_999, 1000],
    [2, 0, 1000],
    [3, 0.5, 3000],
    [4, 0.999_999, 8000],
    [5, 0.999_999, 10_000],
    [5, 0, 5000],
    [6, 0.5, null],
    [9, 0.5, null],
  ])('after %i attempts with random %f waits %j ms', (attempts, random, expected) => {
    expect(nextAttemptDelay(attempts, policy, random)).toBe(expected);
  });

  it('by default gives up after ten attempts, no delay above an hour', () => {
    const delays = Array.from({ length: 12 }, (_, index) =>
      nextAttemptDelay(index + 1, DEFAULT_RETRY_POLICY, 0.999_999),
    );
    expect(delays.slice(0, 9).every((delay) => delay !== null && delay <= 3_600_000)).toBe(true);
    expect(delays.slice(9)).toEqual([null, null, null]);
  });
});

describe('isDelivered', () => {
  it.each([
    [200, true],
    [204, true],
    [299, true],
    [301, false],
    [400, false],
    [500, false],
  ])('%i → %s', (status, expected) => expect(isDelivered(status)).toBe(expected));
});

describe('webhookUrlProblem', () => {
  it.each([
    ['https://hooks.example.com/threadwatch', null],
    ['http://127.0.0.1:8080/in?x=1', null],
    ['ftp://example.com/hook', 'Must start with https:// or http://.'],
    ['javascript:alert(1)', 'Must start with https:// or http://.'],
    ['https://user:pass@example.com/hook', 'Must not contain a user name or password: use the signing secret.'],
    ['https://token@example.com/hook', 'Must not contain a user name or password: use the signing secret.'],
    ['https://example.com/hook#frag', 'Must not contain a fragment (#…).'],
    ['/relative/path', 'Must be an absolute URL such as https://hooks.example.com/threadwatch.'],
    ['https://exa mple.com/', 'Must not contain spaces or control characters.'],
    [`https://example.com/${'a'.repeat(2100)}`, 'Must be at most 2048 characters.'],
  ])('%s → %j', (url, expected) => {
    expect(webhookUrlProblem(url, { allowPrivateAddresses: true })).toBe(expected);
  });

  it.each([
    ['http://127.0.0.1:8080/in', 'Must point at a public address: 127.0.0.1 is a loopback address.'],
    [
      'http://[::ffff:127.0.0.1]:8080/x',
      'Must point at a public address: ::ffff:7f00:1 is a loopback address (127.0.0.1).',
    ],
    ['http://2130706433/', 'Must point at a public address: 127.0.0.1 is a loopback address.'],
    ['http://localhost./', 'Must point at a public address: localhost. is a local name (localhost).'],
    ['https://hooks.example.com/threadwatch', null],
    ['https://[2606:4700::1111]/hook', null],
  ])('%s with private addresses refused → %j', (url, expected) => {
    expect(webhookUrlProblem(url, { allowPrivateAddresses: false })).toBe(expected);
  });
});

const flagEvent: StoredEvent = {
  id: 'V2ViaG9va0V2ZW50OjE',
  occurredAt: NOW,
  type: 'FLAG_CREATED',
  data: {
    flag: {
      id: 'f1',
      kind: 'LEFT_COMPANY',
      status: 'PENDING',
      matchedBy: 'PROFILE_URL',
      observedAt: NOW.toISOString(),
    },
    account: { id: 'a1', name: 'Halcyon <Logistics> & Co' },
    stakeholder: { id: 's1', name: 'Dana <@U123> Ruiz' },
  },
};

describe('bodies', () => {
  it('generic: id, dotted type, time and the data', () => {
    expect(JSON.parse(webhookBody(flagEvent, 'GENERIC'))).toEqual({
      id: flagEvent.id,
      type: 'flag.created',
      occurredAt: NOW.toISOString(),
      data: flagEvent.data,
    });
    expect(genericBody(flagEvent).type).toBe('flag.created');
  });

  it('Slack: text and blocks, with names escaped so a page cannot inject mentions or links', () => {
    const message = slackMessage(flagEvent);
    expect(message.text).toBe(
      '*Dana &lt;@U123&gt; Ruiz* at *Halcyon &lt;Logistics&gt; &amp; Co* was flagged: left company.',
    );
    expect(message.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: message.text } });
    expect(message.blocks.at(-1)).toMatchObject({ type: 'context' });
    expect(JSON.parse(webhookBody(flagEvent, 'SLACK'))).toEqual(message);
  });

  it.each<[StoredEvent, string]>([
    [
      {
        id: 'e',
        occurredAt: NOW,
        type: 'RISK_BAND_CHANGED',
        data: { account: { id: 'a', name: 'Acme' }, previousBand: 'YELLOW', band: 'RED', score: 80, zone: 'RED_ZONE' },
      },
      'Turnover risk at *Acme* went from yellow to red (score 80).',
    ],
    [
      {
        id: 'e',
        occurredAt: NOW,
        type: 'DEPARTURE_CASE_OPENED',
        data: {
          account: { id: 'a', name: 'Acme' },
          stakeholder: null,
          departureCase: {
            id: 'c',
            cause: 'OUR_REP_LEFT',
            learned: 'BEFORE_DEPARTURE',
            destination: 'UNKNOWN',
            destinationCompany: null,
            arrAtRiskMinor: 12_500_000,
            coverageAtOpen: 50,
            openedAt: NOW.toISOString(),
            closedAt: null,
            outcome: null,
          },
        },
      },
      'Departure case opened at *Acme* (our rep left). ARR at risk: 125,000.',
    ],
    [
      {
        id: 'e',
        occurredAt: NOW,
        type: 'COVERAGE_GAP_OPENED',
        data: {
          account: { id: 'a', name: 'Acme' },
          coveragePercent: 50,
          openedGaps: [
            { kind: 'UNFILLED_ROLE', role: 'CHAMPION', department: null, message: 'No live thread to a Champion.' },
          ],
        },
      },
      'New coverage gap at *Acme* (coverage 50%).',
    ],
  ])('Slack sentence for %#', (event, sentence) => {
    expect(slackMessage(event).text).toBe(sentence);
  });

  it('Slack weekly digest: the headline with its currency, then one escaped line per account', () => {
    const event: StoredEvent = {
      id: 'e',
      occurredAt: NOW,
      type: 'WEEKLY_DIGEST',
      data: {
        owner: { id: 'm', name: 'Casey <!here> Park' },
        week: { start: '', end: '', firstDay: '2026-11-30', lastDay: '2026-12-06', timeZone: 'UTC' },
        currency: 'EUR',
        headline: {
          accountsChanged: 2,
          bandsRose: 1,
          bandsFell: 0,
          bandsRoseBySettings: 0,
          bandsFellBySettings: 0,
          casesOpened: 1,
          casesClosed: 0,
          flagsRaised: 2,
          threadsLost: 0,
          arrTurnedAmberOrRedMinor: 40_000_000,
        },
        accounts: [
          {
            account: { id: 'a', name: 'Acme <https://evil|x>' },
            arrMinor: 40_000_000,
            bandFrom: 'YELLOW',
            bandTo: 'AMBER',
            sentence: 'Acme <https://evil|x> (EUR 400,000): yellow → amber.',
          },
        ],
        text: '…',
      },
    };
    const message = slackMessage(event);
    expect(message.text).toBe(
      'Weekly digest for *Casey &lt;!here&gt; Park*, 2026-11-30 to 2026-12-06: 2 accounts changed, risk rose at 1, fell at 0; EUR 400,000 went amber or red.',
    );
    expect(message.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '• Acme &lt;https://evil|x&gt; (EUR 400,000): yellow → amber.' },
    });
    expect(genericBody(event).type).toBe('digest.weekly');
    const bySettings = {
      ...event,
      data: { ...event.data, headline: { ...event.data.headline, bandsRoseBySettings: 1 } },
    };
    expect(slackMessage(bySettings as StoredEvent).text).toBe(
      'Weekly digest for *Casey &lt;!here&gt; Park*, 2026-11-30 to 2026-12-06: 2 accounts changed, risk rose at 1, fell at 0; a change of settings or risk rules alone raised it at 1 and lowered it at 0; EUR 400,000 went amber or red.',
    );
  });

  it('slackEscape escapes the three control characters of mrkdwn', () => {
    expect(slackEscape('<!channel> & <https://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;https://x|y&gt;');
  });
});

describe('scrubPerson', () => {
  it('removes the person and where they went, keeps the account facts', () => {
    expect(
      scrubPerson({
        account: { id: 'a', name: 'Acme' },
        stakeholder: { id: 's', name: 'Dana Ruiz' },
        departureCase: { id: 'c', destinationCompany: 'Rival Inc', cause: 'MAIN_CONTACT_TURNOVER' },
      }),
    ).toEqual({
      account: { id: 'a', name: 'Acme' },
      stakeholder: null,
      departureCase: { id: 'c', destinationCompany: null, cause: 'MAIN_CONTACT_TURNOVER' },
    });
  });
});

describe('breakerAfterAttempt', () => {
  const policy = { failureThreshold: 3, coolDownMs: 60_000 };
  const closed: BreakerState = { consecutiveFailures: 0, pausedAt: null, pausedReason: null, nextProbeAt: null };
  const pausedAt = new Date(NOW.getTime() - 120_000);
  const open: BreakerState = {
    consecutiveFailures: 3,
    pausedAt,
    pausedReason: 'timeout: no answer within 10000 ms',
    nextProbeAt: new Date(NOW.getTime() - 1),
  };
  const later = new Date(NOW.getTime() + 60_000);
  it.each<[string, BreakerState, boolean, ReturnType<typeof breakerAfterAttempt>]>([
    ['a failure below the threshold counts', closed, false, { ...closed, consecutiveFailures: 1, paused: false }],
    [
      'the failure that reaches the threshold pauses',
      { ...closed, consecutiveFailures: 2 },
      false,
      {
        consecutiveFailures: 3,
        pausedAt: NOW,
        pausedReason: 'HTTP 500 Internal Server Error',
        nextProbeAt: later,
        paused: true,
      },
    ],
    [
      'a failed probe waits another cool-down, keeping the first reason',
      open,
      false,
      { ...open, consecutiveFailures: 4, nextProbeAt: later, paused: false },
    ],
    ['a delivered probe closes it', open, true, { ...closed, paused: false }],
    ['a delivery resets the count', { ...closed, consecutiveFailures: 2 }, true, { ...closed, paused: false }],
  ])('%s', (_label, state, delivered, expected) => {
    const error = delivered ? null : 'HTTP 500 Internal Server Error';
    expect(breakerAfterAttempt(state, { delivered, error }, policy, NOW)).toEqual(expected);
  });
});
