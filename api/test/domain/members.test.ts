import { describe, expect, it } from 'vitest';
import {
  currencyCode,
  invitationCodeFromHeader,
  invitationProblem,
  issueInvitationCode,
  isWellFormedInvitationCode,
  lastAdminRefusal,
  type MemberChange,
  memberStatus,
  newOrganization,
  slugFor,
  type TeamMember,
  timeZoneName,
} from '../../src/domain/members.ts';

const at = (iso: string) => new Date(iso);
const NOW = at('2026-12-04T12:00:00Z');

describe('member status', () => {
  it.each([
    [null, at('2026-01-01T00:00:00Z'), 'ACTIVE'],
    [null, null, 'INVITED'],
    [at('2026-02-01T00:00:00Z'), at('2026-01-01T00:00:00Z'), 'DEACTIVATED'],
    [at('2026-02-01T00:00:00Z'), null, 'DEACTIVATED'],
  ] as const)('deactivated %s, joined %s: %s', (deactivatedAt, joinedAt, status) => {
    expect(memberStatus({ deactivatedAt, joinedAt })).toBe(status);
  });
});

describe('the last active admin', () => {
  const admin = (id: string, status: TeamMember['status'] = 'ACTIVE'): TeamMember => ({ id, role: 'ADMIN', status });
  const rep = (id: string): TeamMember => ({ id, role: 'REP', status: 'ACTIVE' });
  it.each<[string, TeamMember[], MemberChange, boolean]>([
    ['demoting the only admin', [admin('a'), rep('r')], { memberId: 'a', toRole: 'MANAGER' }, true],
    ['deactivating the only admin (yourself)', [admin('a'), rep('r')], { memberId: 'a', deactivate: true }, true],
    ['demoting one of two admins', [admin('a'), admin('b')], { memberId: 'a', toRole: 'REP' }, false],
    ['deactivating one of two admins', [admin('a'), admin('b')], { memberId: 'b', deactivate: true }, false],
    [
      'an invited admin does not count',
      [admin('a'), admin('i', 'INVITED'), rep('r')],
      { memberId: 'a', toRole: 'CSM' },
      true,
    ],
    [
      'a deactivated admin does not count',
      [admin('a'), admin('d', 'DEACTIVATED')],
      { memberId: 'a', deactivate: true },
      true,
    ],
    ['keeping the admin an admin', [admin('a')], { memberId: 'a', toRole: 'ADMIN' }, false],
    ['promoting a rep', [admin('a'), rep('r')], { memberId: 'r', toRole: 'ADMIN' }, false],
    ['demoting a rep further', [admin('a'), rep('r')], { memberId: 'r', toRole: 'CSM' }, false],
    ['deactivating a rep', [admin('a'), rep('r')], { memberId: 'r', deactivate: true }, false],
    // An organization that somehow has no active admin can still change other members.
    ['no admin before either', [rep('r'), rep('s')], { memberId: 'r', deactivate: true }, false],
  ])('%s', (_name, team, change, refused) => {
    expect(lastAdminRefusal(team, change) !== null).toBe(refused);
  });
});

describe('invitation codes', () => {
  it('are random, well formed, and only their hash is given for storage', () => {
    const one = issueInvitationCode();
    const two = issueInvitationCode();
    expect(one.code).not.toBe(two.code);
    expect(isWellFormedInvitationCode(one.code)).toBe(true);
    expect(one.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(one.hash).not.toContain(one.code.slice(4));
  });

  it.each([
    ['Invitation twi_abc', 'twi_abc'],
    ['invitation   twi_abc  ', 'twi_abc'],
    ['Bearer tw_abc', null],
    ['Invitation', null],
    [undefined, null],
    [`Invitation ${'x'.repeat(201)}`, null],
  ])('header %j reads as %j', (header, code) => {
    expect(invitationCodeFromHeader(header)).toBe(code);
  });

  const live = {
    expiresAt: at('2026-12-05T00:00:00Z'),
    usedAt: null,
    revokedAt: null,
    member: { deactivatedAt: null },
  };
  it.each([
    ['unknown', null, 'UNKNOWN'],
    ['valid', live, null],
    ['used', { ...live, usedAt: at('2026-12-03T00:00:00Z') }, 'USED'],
    ['expired', { ...live, expiresAt: at('2026-12-04T11:59:59Z') }, 'EXPIRED'],
    ['expiring this very moment', { ...live, expiresAt: NOW }, 'EXPIRED'],
    ['replaced by a newer invitation', { ...live, revokedAt: at('2026-12-03T00:00:00Z') }, 'UNKNOWN'],
    ['of a deactivated member', { ...live, member: { deactivatedAt: at('2026-12-03T00:00:00Z') } }, 'UNKNOWN'],
    [
      'used and expired',
      { ...live, usedAt: at('2026-12-01T00:00:00Z'), expiresAt: at('2026-12-02T00:00:00Z') },
      'USED',
    ],
  ] as const)('%s: %s', (_name, invitation, problem) => {
    expect(invitationProblem(invitation, NOW)).toBe(problem);
  });
});

describe('a new organization', () => {
  it.each([
    ['usd', 'USD'],
    [' EUR ', 'EUR'],
    ['EURO', null],
    ['XYZ', null],
    ['', null],
  ])('currency %j', (input, expected) => {
    const parsed = currencyCode.safeParse(input);
    expect(parsed.success ? parsed.data : null).toBe(expected);
  });

  it.each([
    ['Europe/Berlin', true],
    ['UTC', true],
    ['America/New_York', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
  ])('time zone %j', (input, ok) => {
    expect(timeZoneName.safeParse(input).success).toBe(ok);
  });

  it('reports every bad field at once', () => {
    const parsed = newOrganization.safeParse({
      name: ' ',
      currency: 'dollars',
      timeZone: 'Nowhere',
      adminName: 'Jane\u0000',
      adminEmail: 'jane',
    });
    expect(parsed.success).toBe(false);
    expect(new Set(parsed.error?.issues.map((issue) => issue.path[0]))).toEqual(
      new Set(['name', 'currency', 'timeZone', 'adminName', 'adminEmail']),
    );
  });

  it.each([
    ['Acme Ltd', 'acme-ltd'],
    ['  Ünïcödé Öl & Gas!! ', 'unicode-ol-gas'],
    ['東京', 'organization'],
    ['a'.repeat(60), 'a'.repeat(48)],
  ])('slug of %j is %j', (name, slug) => {
    expect(slugFor(name)).toBe(slug);
  });
});
