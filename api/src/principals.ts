// Callers that are not members: the operator who hosts organizations (THREADWATCH_OPERATOR_TOKEN) and
// an invitee exchanging their one-time code. Neither has a viewer: any attempt to read an
// organization's data through their request fails, so they can only reach the fields made for them.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Viewer } from './context.ts';
import { invitationCodeFromHeader } from './domain/members.ts';
import { ForbiddenError } from './errors.ts';

export type Principal = { kind: 'operator' } | { kind: 'invitee'; code: string };

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether the header carries the operator token; compared in constant time, never when none is configured. */
export function isOperatorHeader(authorization: string | undefined, operatorToken: string | null): boolean {
  if (!operatorToken || !authorization) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1]) return false;
  return timingSafeEqual(digest(match[1]), digest(operatorToken));
}

/** The non-member caller of a request, or null when it should be authenticated as a member. */
export function requestPrincipal(authorization: string | undefined, operatorToken: string | null): Principal | null {
  if (isOperatorHeader(authorization, operatorToken)) return { kind: 'operator' };
  const code = invitationCodeFromHeader(authorization);
  return code === null ? null : { kind: 'invitee', code };
}

/** The viewer of a request without a member: reading any of it is refused. */
export function noViewer(principal: Principal): Viewer {
  const refuse = (): never => {
    throw new ForbiddenError(
      principal.kind === 'operator'
        ? 'The operator token administers organizations; it reads no organization’s data.'
        : 'An invitation code only exchanges for a token (acceptInvitation); send that token for anything else.',
    );
  };
  return new Proxy({} as Viewer, { get: refuse, has: refuse, ownKeys: refuse, getOwnPropertyDescriptor: refuse });
}
