import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background';
import { apiToken, apiUrl, connectionCheck, flagQueue } from '@/utils/storage';
import { useBackgroundWorld } from './support/background-world';
import {
  linkedInSender,
  OTHER_SITE_SENDER,
  POPUP_SENDER,
  sendFrom,
  stopServiceWorker,
} from './support/extension-contexts';
import {
  API_ORIGIN,
  API_URL,
  KNOWN_PROFILE_URL,
  KNOWN_STAKEHOLDER_ID,
  VALID_TOKEN,
  VALID_TOKEN_EXPIRES_AT,
} from './support/fake-api';

const world = useBackgroundWorld();

const FLAG = { kind: 'LEFT_COMPANY', observedAt: '2026-11-23T09:58:00Z', profileUrl: KNOWN_PROFILE_URL };

describe('background entrypoint', () => {
  it('registers exactly one runtime.onMessage listener, answering ping with the manifest version', async () => {
    await stopServiceWorker();
    background.main();
    await expect(fakeBrowser.runtime.onMessage.trigger({ type: 'ping' }, POPUP_SENDER)).resolves.toEqual([
      { type: 'ok', value: { version: '1.2.3' } },
    ]);
  });
});

describe('background messages', () => {
  it.each([
    { name: 'undefined', message: undefined, reason: 'message must be an object, got undefined' },
    { name: 'null', message: null, reason: 'message must be an object, got null' },
    { name: 'a bare string', message: 'ping', reason: 'message must be an object, got a string' },
    { name: 'a number', message: 42, reason: 'message must be an object, got a number' },
    { name: 'an array', message: [{ type: 'ping' }], reason: 'message must be an object, got an array' },
    { name: 'an object without type', message: {}, reason: 'message.type must be a string, got undefined' },
    { name: 'a numeric type', message: { type: 1 }, reason: 'message.type must be a string, got a number' },
    { name: 'an unknown type', message: { type: 'pong' }, reason: 'unknown message type "pong"' },
    { name: 'a differently cased type', message: { type: 'PING' }, reason: 'unknown message type "PING"' },
    { name: 'an inherited type name', message: { type: 'toString' }, reason: 'unknown message type "toString"' },
    {
      name: 'ping with extra fields',
      message: { type: 'ping', token: 'secret', extra: 1 },
      reason: 'unexpected field(s) on "ping" message: token, extra',
    },
  ])('answers $name with a typed error', async ({ message, reason }) => {
    await world.start();
    await expect(sendFrom(POPUP_SENDER, message)).resolves.toEqual({ type: 'error', code: 'invalid-request', reason });
  });

  it.each([
    {
      name: 'a control character in a name',
      flag: { ...FLAG, observedName: 'Jane\u0000Doe' },
      reason: 'flag.observedName must not contain control characters',
    },
    {
      name: 'a 201-character title',
      flag: { ...FLAG, observedTitle: 'x'.repeat(201) },
      reason: 'flag.observedTitle must be at most 200 characters',
    },
    {
      name: 'a blank company',
      flag: { ...FLAG, observedCompany: '   ' },
      reason: 'flag.observedCompany must not be empty',
    },
    {
      name: 'a lone surrogate',
      flag: { ...FLAG, observedName: 'Jane \ud800' },
      reason: 'flag.observedName must be valid Unicode text',
    },
    {
      name: 'a javascript: page URL',
      flag: { ...FLAG, pageUrl: 'javascript:alert(1)' },
      reason: 'flag.pageUrl must be an http(s) URL on linkedin.com',
    },
    {
      name: 'a page URL elsewhere',
      flag: { ...FLAG, pageUrl: 'https://linkedin.com.evil.example/in/x' },
      reason: 'flag.pageUrl must be an http(s) URL on linkedin.com',
    },
    {
      name: 'a company URL as profile URL',
      flag: { ...FLAG, profileUrl: 'https://www.linkedin.com/company/acme/' },
      reason: expect.stringMatching(/^invalid "enqueueFlag" message: flag\.profileUrl This is a LinkedIn company URL/),
    },
    {
      name: 'an unknown kind',
      flag: { ...FLAG, kind: 'FIRED' },
      reason: expect.stringMatching(/^invalid "enqueueFlag" message: flag\.kind /),
    },
    {
      name: 'a date that is not one',
      flag: { ...FLAG, observedAt: 'yesterday' },
      reason: 'flag.observedAt must be an ISO 8601 date and time',
    },
    {
      name: 'an ID with markup',
      flag: { ...FLAG, stakeholderId: '<img src=x>' },
      reason: 'flag.stakeholderId must be a Threadwatch ID',
    },
    {
      name: 'no one to flag',
      flag: { kind: 'LEFT_COMPANY', observedAt: FLAG.observedAt, observedName: 'Jane' },
      reason: 'flag must name the stakeholder, their profile URL, or their name with the account',
    },
  ])('refuses a flag with $name and queues nothing', async ({ flag, reason }) => {
    await world.start();
    const response = await sendFrom(linkedInSender(), { type: 'enqueueFlag', flag });
    expect(response).toEqual({
      type: 'error',
      code: 'invalid-request',
      reason: typeof reason === 'string' ? `invalid "enqueueFlag" message: ${reason}` : reason,
    });
    expect(await flagQueue.getValue()).toEqual([]);
  });

  it('refuses an idempotency key chosen by the page (the background makes the key)', async () => {
    await world.start();
    const response = await sendFrom(linkedInSender(), {
      type: 'enqueueFlag',
      flag: { ...FLAG, idempotencyKey: 'mine' },
    });
    expect(response).toEqual({
      type: 'error',
      code: 'invalid-request',
      reason: 'unexpected field(s) on "enqueueFlag" message: flag.idempotencyKey',
    });
    expect(await flagQueue.getValue()).toEqual([]);
  });

  it('trims page text and keeps the rest of the flag as sent', async () => {
    await world.start();
    const response = await sendFrom(linkedInSender(), {
      type: 'enqueueFlag',
      flag: { ...FLAG, observedName: '  Jane Doe\u00a0', observedTitle: 'Chief <b>Financial</b> Officer 🚀' },
    });
    expect(response).toMatchObject({
      type: 'ok',
      value: {
        item: { flag: { input: { observedName: 'Jane Doe', observedTitle: 'Chief <b>Financial</b> Officer 🚀' } } },
      },
    });
  });
});

describe('message senders', () => {
  it('answers this extension’s content script on a LinkedIn page', async () => {
    await world.start();
    const response = await sendFrom(linkedInSender('https://de.linkedin.com/in/jane-doe/'), {
      type: 'lookupProfile',
      url: KNOWN_PROFILE_URL,
    });
    expect(response).toMatchObject({
      type: 'ok',
      value: { tracked: true, stakeholder: { id: KNOWN_STAKEHOLDER_ID, account: { name: 'Acme Corp' } } },
    });
  });

  it.each([
    { name: 'a content script on another site', sender: OTHER_SITE_SENDER },
    { name: 'a look-alike host', sender: linkedInSender('https://evillinkedin.com/in/jane-doe/') },
    {
      name: 'a LinkedIn frame in a tab elsewhere',
      sender: { ...linkedInSender(), tab: { ...linkedInSender().tab!, url: 'https://evil.example/' } },
    },
    { name: 'another extension', sender: { ...linkedInSender(), id: 'some-other-extension' } },
    { name: 'a sender without id', sender: { url: 'https://www.linkedin.com/in/x/' } },
    { name: 'a page without a tab', sender: { id: fakeBrowser.runtime.id, url: 'https://www.linkedin.com/in/x/' } },
  ])('rejects $name, without calling the API', async ({ sender }) => {
    await world.start();
    for (const message of [
      { type: 'lookupProfile', url: KNOWN_PROFILE_URL },
      { type: 'enqueueFlag', flag: FLAG },
    ]) {
      await expect(sendFrom(sender, message)).resolves.toEqual({
        type: 'error',
        code: 'sender-rejected',
        reason: 'Only Threadwatch pages and its content scripts on LinkedIn may send messages.',
      });
    }
    expect(world.api.received).toEqual([]);
    expect(await flagQueue.getValue()).toEqual([]);
  });

  it.each([
    { type: 'getSettings' },
    { type: 'saveSettings', apiUrl: 'https://attacker.example/graphql', token: 'tw_stolen' },
    { type: 'testConnection' },
    { type: 'getQueue' },
    { type: 'retryItem', idempotencyKey: '00000000-0000-4000-8000-000000000001' },
  ])('refuses $type from a content script', async (message) => {
    await world.start();
    await expect(sendFrom(linkedInSender(), message)).resolves.toEqual({
      type: 'error',
      code: 'sender-rejected',
      reason: `"${message.type}" may not be sent from a content script.`,
    });
    expect(await apiUrl.getValue()).toBe(API_URL);
  });

  it('refuses settings to an extension frame embedded in a web page', async () => {
    await world.start();
    const framed = { ...POPUP_SENDER, tab: { ...linkedInSender().tab! } };
    await expect(sendFrom(framed, { type: 'getSettings' })).resolves.toMatchObject({ code: 'sender-rejected' });
  });
});

describe('settings messages', () => {
  it('never return the token', async () => {
    await world.start();
    const response = await sendFrom(POPUP_SENDER, { type: 'getSettings' });
    expect(response).toEqual({
      type: 'ok',
      value: { apiUrl: API_URL, hasToken: true, tokenHint: `${VALID_TOKEN.slice(0, 7)}…`, connection: null },
    });
    expect(JSON.stringify(response)).not.toContain(VALID_TOKEN);
  });

  it('save a checked URL and keep the saved token when none is given', async () => {
    await world.start();
    const response = await sendFrom(POPUP_SENDER, { type: 'saveSettings', apiUrl: ' http://127.0.0.1:4000 ' });
    expect(response).toMatchObject({ type: 'ok', value: { apiUrl: 'http://127.0.0.1:4000/graphql', hasToken: true } });
    expect(await apiToken.getValue()).toBe(VALID_TOKEN);
  });

  it.each([
    {
      name: 'plain http to a remote host',
      message: { type: 'saveSettings', apiUrl: 'http://threadwatch.example.com/graphql', token: VALID_TOKEN },
      reason:
        'invalid "saveSettings" message: apiUrl Use https:// for a remote API: plain http:// would send the token unencrypted.',
    },
    {
      name: 'a token with a line break',
      message: { type: 'saveSettings', apiUrl: API_URL, token: 'tw_abc\ndef' },
      reason:
        'invalid "saveSettings" message: token The token contains spaces or characters a token never has; copy it again.',
    },
  ])('refuse $name', async ({ message, reason }) => {
    await world.start();
    await expect(sendFrom(POPUP_SENDER, message)).resolves.toEqual({ type: 'error', code: 'invalid-request', reason });
    expect(await apiToken.getValue()).toBe(VALID_TOKEN);
  });

  it('test the connection: OK with member and organization', async () => {
    await world.start();
    const response = await sendFrom(POPUP_SENDER, { type: 'testConnection' });
    expect(response).toEqual({
      type: 'ok',
      value: {
        check: {
          state: 'connected',
          checkedAt: world.now,
          memberName: 'Dana Rep',
          organizationName: 'Acme Software',
          tokenScope: 'FLAGGING',
          tokenExpiresAt: VALID_TOKEN_EXPIRES_AT,
        },
      },
    });
    expect(await connectionCheck.getValue()).toMatchObject({ state: 'connected' });
  });

  it.each([
    {
      name: 'a bad token',
      arrange: () => {
        world.api.token = `tw_${'Q'.repeat(43)}`;
      },
      kind: 'unauthenticated',
      message: 'Token rejected: Invalid or revoked API token.',
    },
    {
      name: 'an unreachable API',
      arrange: () => {
        world.api.outage = true;
      },
      kind: 'unreachable',
      message: `Cannot reach the Threadwatch API at ${API_ORIGIN}. Check the URL and that the API is running.`,
    },
    {
      name: 'a missing permission',
      arrange: () => {
        world.permissions.granted.clear();
      },
      kind: 'no-permission',
      message: `Threadwatch may not contact ${API_ORIGIN} yet: save the settings in the popup and allow access.`,
    },
  ])('test the connection: $name', async ({ arrange, kind, message }) => {
    arrange();
    await world.start();
    await expect(sendFrom(POPUP_SENDER, { type: 'testConnection' })).resolves.toEqual({
      type: 'ok',
      value: { check: { state: 'failed', checkedAt: world.now, kind, message } },
    });
  });

  it('look-ups report API failures as typed errors', async () => {
    world.api.outage = true;
    await world.start();
    await expect(sendFrom(linkedInSender(), { type: 'lookupProfile', url: KNOWN_PROFILE_URL })).resolves.toEqual({
      type: 'error',
      code: 'api',
      reason: `Cannot reach the Threadwatch API at ${API_ORIGIN}. Check the URL and that the API is running.`,
      failure: {
        kind: 'unreachable',
        message: `Cannot reach the Threadwatch API at ${API_ORIGIN}. Check the URL and that the API is running.`,
      },
    });
  });

  it('link a profile to a stakeholder directly', async () => {
    await world.start();
    await expect(
      sendFrom(linkedInSender(), {
        type: 'linkProfile',
        stakeholderId: KNOWN_STAKEHOLDER_ID,
        profileUrl: KNOWN_PROFILE_URL,
      }),
    ).resolves.toMatchObject({ type: 'ok', value: { stakeholderId: KNOWN_STAKEHOLDER_ID, fullName: 'Jane Doe' } });
  });
});
