// Our team: the vendor's members who own accounts and hold the threads.
import type { MemberRole, Prisma } from '../../generated/client/client.js';
import { daysAgo } from './dates.ts';
import { emailPart } from './names.ts';
import type { Random } from './random.ts';

const TEAM_DOMAIN = 'northwind.example';

interface TeamMember {
  readonly name: string;
  readonly role: MemberRole;
}

const TEAM: readonly TeamMember[] = [
  { name: 'Priya Raman', role: 'ADMIN' },
  { name: 'Daniel Okafor', role: 'MANAGER' },
  { name: 'Sofia Lindqvist', role: 'MANAGER' },
  { name: 'Marcus Chen', role: 'CSM' },
  { name: 'Aisha Bello', role: 'CSM' },
  { name: 'Elena Petrova', role: 'CSM' },
  { name: 'Tom Brennan', role: 'REP' },
  { name: 'Camila Reyes', role: 'REP' },
  { name: 'Kenji Watanabe', role: 'REP' },
];

function teamIndices(role: MemberRole): number[] {
  return TEAM.flatMap((member, index) => (member.role === role ? [index] : []));
}

export const CSMS = teamIndices('CSM');
export const REPS = teamIndices('REP');
export const MANAGERS = teamIndices('MANAGER');

type MemberRow = Prisma.MemberCreateManyInput & { id: string };

export function buildMembers(ids: Random, organizationId: string, now: Date): MemberRow[] {
  return TEAM.map((member, index) => ({
    id: ids.uuid(),
    organizationId,
    name: member.name,
    email: `${member.name.split(' ').map(emailPart).join('.')}@${TEAM_DOMAIN}`,
    role: member.role,
    createdAt: daysAgo(now, 1100 - index * 70),
  }));
}
