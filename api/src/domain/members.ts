// Our own team without I/O: a member's status, one-time invitation codes, the rule that an
// organization always keeps an active admin, and what a new organization must be given.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { idempotencyKey } from './idempotency.ts';
import { email, personName, text } from './input-rules.ts';
import type { MemberRole } from './permissions.ts';
import { isTimeZone } from './settings.ts';

export const MEMBER_STATUSES = ['ACTIVE', 'INVITED', 'DEACTIVATED'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** Deactivated wins over everything; a member who never exchanged their invitation is INVITED. */
export function memberStatus(member: { deactivatedAt: Date | null; joinedAt: Date | null }): MemberStatus {
  if (member.deactivatedAt) return 'DEACTIVATED';
  return member.joinedAt ? 'ACTIVE' : 'INVITED';
}

// ---------------------------------------------------------------------------------------------
// Invitation codes

export const INVITATION_PREFIX = 'twi_';
const CODE_PATTERN = /^twi_[A-Za-z0-9_-]{43}$/;
/** How long an invitation code works unless INVITATION_EXPIRY_DAYS says otherwise. */
export const DEFAULT_INVITATION_EXPIRY_DAYS = 7;

export function hashInvitationCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/** A new code: shown once to the admin who invited, stored only as its hash. */
export function issueInvitationCode(): { code: string; hash: string } {
  const code = `${INVITATION_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { code, hash: hashInvitationCode(code) };
}

/**
 * The code of a request authenticated as an invitee (`Authorization: Invitation twi_…`); null when the
 * header uses another scheme. A malformed code is kept as given: it is answered like an unknown one.
 */
export function invitationCodeFromHeader(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Invitation\s+(\S{1,200})\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export function isWellFormedInvitationCode(code: string): boolean {
  return CODE_PATTERN.test(code);
}

export type InvitationProblem = 'UNKNOWN' | 'USED' | 'EXPIRED';

export interface StoredInvitation {
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  member: { deactivatedAt: Date | null };
}

/**
 * Why an invitation cannot be exchanged, or null when it can. A replaced invitation, or one of a member
 * deactivated since, is answered like an unknown code: it names nobody any more.
 */
export function invitationProblem(invitation: StoredInvitation | null, now: Date): InvitationProblem | null {
  if (!invitation || invitation.revokedAt || invitation.member.deactivatedAt) return 'UNKNOWN';
  if (invitation.usedAt) return 'USED';
  if (invitation.expiresAt <= now) return 'EXPIRED';
  return null;
}

export const invitationMessages: Record<InvitationProblem, string> = {
  UNKNOWN: 'This invitation code is not known: ask an admin of your organization for a new invitation.',
  USED: 'This invitation code has already been used: it works once. Ask an admin for a new invitation.',
  EXPIRED: 'This invitation code has expired: ask an admin of your organization for a new invitation.',
};

export function invitationExpiry(now: Date, days: number): Date {
  return new Date(now.getTime() + days * 86_400_000);
}

// ---------------------------------------------------------------------------------------------
// The last active admin

export interface TeamMember {
  id: string;
  role: MemberRole;
  status: MemberStatus;
}

export type MemberChange = { memberId: string; toRole: MemberRole } | { memberId: string; deactivate: true };

/**
 * Why the change would leave the organization without an active admin, or null when it would not.
 * Only ACTIVE admins count: an invited admin who never joined cannot administer anything.
 */
export function lastAdminRefusal(team: readonly TeamMember[], change: MemberChange): string | null {
  const after = team.map((member) => {
    if (member.id !== change.memberId) return member;
    if ('deactivate' in change) return { ...member, status: 'DEACTIVATED' as const };
    return { ...member, role: change.toRole };
  });
  const before = team.filter((member) => member.role === 'ADMIN' && member.status === 'ACTIVE').length;
  const remaining = after.filter((member) => member.role === 'ADMIN' && member.status === 'ACTIVE').length;
  if (remaining > 0 || remaining >= before) return null;
  return 'This would leave the organization without an active admin: make another member an admin first.';
}

// ---------------------------------------------------------------------------------------------
// A new organization

const currencies = new Set(Intl.supportedValuesOf('currency'));

export const currencyCode = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine((code) => currencies.has(code), 'Must be a known ISO 4217 currency code such as USD or EUR.');

export const timeZoneName = z
  .string()
  .trim()
  .refine(isTimeZone, 'Not a known time zone (an IANA name such as Europe/Berlin).');

export const organizationName = text(200);

export const newOrganization = z.object({
  name: organizationName,
  currency: currencyCode,
  timeZone: timeZoneName,
  adminName: personName,
  adminEmail: email,
  /** The operator's key: a retry under it answers the organization it created. */
  idempotencyKey: idempotencyKey.optional().nullable(),
});

export type NewOrganization = z.output<typeof newOrganization>;

/** A URL-safe name for the organization: lower-case words joined by dashes, at most 48 characters. */
export function slugFor(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return slug || 'organization';
}
