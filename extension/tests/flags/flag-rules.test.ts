// The input rules of flags and people to add, as the overlay's drafts and the background's message
// checks share them: one table per rule, and the same limits seen from both sides.
import { describe, expect, it } from 'vitest';
import {
  clipText,
  FLAG_SUBJECT_RULE,
  hasBrokenUnicode,
  hasControlCharacters,
  hasRepeatedRole,
  isAcceptedPageUrl,
  isAcceptedProfileUrl,
  isIdempotencyKey,
  looksLikeGlobalId,
  MAX_TEXT_LENGTH,
  MAX_URL_LENGTH,
  namesFlagSubject,
  optionalText,
} from '@/flags/flag-rules';
import { flagFromForm, stakeholderFromForm } from '@/overlay/drafts';
import { parseRuntimeRequest } from '@/utils/runtime-messages';

const ACCOUNT_ID = 'QWNjb3VudDox';
const KEY = '0f8e4c1a-5b2d-4e6f-9a7b-3c2d1e0f9a8b';

describe('text rules', () => {
  it.each([
    { value: 'Jane Doe', control: false, broken: false },
    { value: 'Zoë Ångström 李', control: false, broken: false },
    { value: 'Jane\u0000Doe', control: true, broken: false },
    { value: 'Jane\nDoe', control: true, broken: false },
    { value: 'Jane\u2028Doe', control: true, broken: false },
    { value: 'Jane \uD800 Doe', control: false, broken: true },
    { value: 'emoji 😀', control: false, broken: false },
  ])('$value: control characters $control, broken Unicode $broken', ({ value, control, broken }) => {
    expect(hasControlCharacters(value)).toBe(control);
    expect(hasBrokenUnicode(value)).toBe(broken);
  });

  it.each([
    { value: '  Jane Doe  ', max: MAX_TEXT_LENGTH, clipped: 'Jane Doe', optional: 'Jane Doe' },
    { value: '   ', max: MAX_TEXT_LENGTH, clipped: '', optional: undefined },
    { value: '', max: MAX_TEXT_LENGTH, clipped: '', optional: undefined },
    { value: `${'a'.repeat(199)} b`, max: MAX_TEXT_LENGTH, clipped: 'a'.repeat(199), optional: 'a'.repeat(199) },
    { value: 'x'.repeat(250), max: MAX_TEXT_LENGTH, clipped: 'x'.repeat(200), optional: 'x'.repeat(200) },
    { value: ' abcdef ', max: 3, clipped: 'abc', optional: 'abc' },
  ])('clips "$value" to $max characters', ({ value, max, clipped, optional }) => {
    expect(clipText(value, max)).toBe(clipped);
    expect(optionalText(value, max)).toBe(optional);
  });
});

describe('IDs, keys and URLs', () => {
  it.each([
    { value: 'QWNjb3VudDox', globalId: true },
    { value: 'QWNjb3VudDox==', globalId: true },
    { value: 'abc_DEF-123', globalId: true },
    { value: 'not an id', globalId: false },
    { value: 'a/b', globalId: false },
    { value: '=abc', globalId: false },
  ])('$value is a global ID: $globalId', ({ value, globalId }) => {
    expect(looksLikeGlobalId(value)).toBe(globalId);
  });

  it.each([
    { value: KEY, key: true },
    { value: KEY.toUpperCase(), key: false },
    { value: 'again', key: false },
    { value: `${KEY}0`, key: false },
  ])('$value is an idempotency key: $key', ({ value, key }) => {
    expect(isIdempotencyKey(value)).toBe(key);
  });

  it.each([
    { url: 'https://www.linkedin.com/in/jane-doe/', profile: true, page: true },
    { url: 'http://de.linkedin.com/in/jane-doe', profile: true, page: true },
    { url: 'https://www.linkedin.com/company/acme/', profile: false, page: true },
    { url: 'https://evil.example/in/jane-doe/', profile: false, page: false },
    { url: 'javascript:alert(1)', profile: false, page: false },
    { url: `https://www.linkedin.com/in/jane-doe/?q=${'x'.repeat(MAX_URL_LENGTH)}`, profile: false, page: false },
  ])('$url: a profile URL $profile, a page URL $page', ({ url, profile, page }) => {
    expect(isAcceptedProfileUrl(url)).toBe(profile);
    expect(isAcceptedPageUrl(url)).toBe(page);
  });
});

describe('who a flag is about', () => {
  it.each([
    { subject: { stakeholderId: 'U3Q' }, named: true },
    { subject: { profileUrl: 'https://www.linkedin.com/in/jane-doe/' }, named: true },
    { subject: { accountId: ACCOUNT_ID, observedName: 'Jane Doe' }, named: true },
    { subject: { accountId: ACCOUNT_ID }, named: false },
    { subject: { observedName: 'Jane Doe' }, named: false },
    { subject: { accountId: '', observedName: 'Jane Doe' }, named: false },
    { subject: {}, named: false },
  ])('$subject names someone: $named', ({ subject, named }) => {
    expect(namesFlagSubject(subject)).toBe(named);
  });

  it.each([
    { roles: [], repeated: false },
    { roles: ['CHAMPION', 'ECONOMIC_BUYER'], repeated: false },
    { roles: ['CHAMPION', 'CHAMPION'], repeated: true },
  ])('roles $roles repeat one: $repeated', ({ roles, repeated }) => {
    expect(hasRepeatedRole(roles)).toBe(repeated);
  });
});

describe('drafts and message checks agree', () => {
  const context = {
    stakeholderId: null,
    accountId: ACCOUNT_ID,
    profileUrl: 'https://www.linkedin.com/in/jane-doe/',
    pageUrl: 'https://www.linkedin.com/in/jane-doe/',
    observedAt: new Date('2026-11-23T10:00:00.000Z'),
  };

  it.each([
    { name: 'values within the limits', text: 'Chief Financial Officer' },
    { name: 'a title over the limit (clipped)', text: 'T'.repeat(MAX_TEXT_LENGTH + 50) },
    { name: 'padding around the text (trimmed)', text: '   CFO   ' },
    { name: 'an empty title (left out)', text: '   ' },
  ])('a flag drafted from $name passes the background’s check', ({ text }) => {
    const flag = flagFromForm(
      'LEFT_COMPANY',
      { name: 'Jane Doe', title: text, company: 'Globex', companyUrl: '' },
      context,
    );
    expect(parseRuntimeRequest({ type: 'enqueueFlag', flag })).toMatchObject({ ok: true });
  });

  it('leaves out a page URL and a profile URL the background would refuse', () => {
    const flag = flagFromForm(
      'LEFT_COMPANY',
      { name: 'Jane Doe', title: '', company: '', companyUrl: '' },
      { ...context, profileUrl: 'https://www.linkedin.com/company/acme/', pageUrl: 'https://evil.example/' },
    );
    expect(flag.profileUrl).toBeUndefined();
    expect(flag.pageUrl).toBeUndefined();
    expect(parseRuntimeRequest({ type: 'enqueueFlag', flag })).toMatchObject({ ok: true });
  });

  it('refuses by the same rule what names nobody', () => {
    const flag = flagFromForm(
      'LEFT_COMPANY',
      { name: '', title: '', company: '', companyUrl: '' },
      { ...context, profileUrl: '', pageUrl: '' },
    );
    expect(parseRuntimeRequest({ type: 'enqueueFlag', flag })).toEqual({
      ok: false,
      reason: `invalid "enqueueFlag" message: flag ${FLAG_SUBJECT_RULE}`,
    });
  });

  it.each([
    { name: 'a long name (clipped)', fullName: 'N'.repeat(MAX_TEXT_LENGTH + 1) },
    { name: 'a padded name (trimmed)', fullName: '  Sam Lee  ' },
  ])('a person drafted with $name passes the background’s check', ({ fullName }) => {
    const stakeholder = stakeholderFromForm({ fullName, title: '', profileUrl: '', role: '' }, ACCOUNT_ID);
    expect(stakeholder.fullName.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
    expect(parseRuntimeRequest({ type: 'addStakeholder', stakeholder, idempotencyKey: KEY })).toMatchObject({
      ok: true,
    });
  });
});
