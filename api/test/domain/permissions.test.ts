import type { MemberRole, TokenScope } from '@threadwatch/db/client';
import { describe, expect, it } from 'vitest';
import { mayManageTokensOf, tokenCreationRefusal } from '../../src/domain/permissions.ts';

const SELF = 'self';
const OTHER = 'other';
const caller = (role: MemberRole, scope: TokenScope) => ({ memberId: SELF, role, scope });

describe('token creation', () => {
  it.each<[MemberRole, TokenScope, string, string | null]>([
    ['REP', 'FULL', SELF, null],
    ['CSM', 'FULL', SELF, null],
    ['MANAGER', 'FULL', SELF, null],
    ['ADMIN', 'FULL', SELF, null],
    ['ADMIN', 'FULL', OTHER, null],
    ['REP', 'FULL', OTHER, 'Only admins may create tokens for other members.'],
    ['MANAGER', 'FULL', OTHER, 'Only admins may create tokens for other members.'],
    ['REP', 'READ_ONLY', SELF, 'Only a FULL token may create tokens.'],
    ['REP', 'FLAGGING', SELF, 'Only a FULL token may create tokens.'],
    ['ADMIN', 'READ_ONLY', SELF, 'Only a FULL token may create tokens.'],
    ['ADMIN', 'FLAGGING', OTHER, 'Only a FULL token may create tokens.'],
  ])('%s with a %s token, for %s: %s', (role, scope, owner, refusal) => {
    expect(tokenCreationRefusal(caller(role, scope), owner)).toBe(refusal);
  });
});

describe('seeing and revoking tokens', () => {
  it.each<[MemberRole, TokenScope, string, boolean]>([
    ['REP', 'READ_ONLY', SELF, true],
    ['REP', 'FULL', OTHER, false],
    ['CSM', 'FULL', OTHER, false],
    ['MANAGER', 'FULL', OTHER, false],
    ['ADMIN', 'FULL', OTHER, true],
    ['ADMIN', 'FLAGGING', OTHER, false],
    ['ADMIN', 'READ_ONLY', OTHER, false],
    ['ADMIN', 'READ_ONLY', SELF, true],
  ])('%s with a %s token, a token of %s: %s', (role, scope, owner, allowed) => {
    expect(mayManageTokensOf(caller(role, scope), owner)).toBe(allowed);
  });
});
