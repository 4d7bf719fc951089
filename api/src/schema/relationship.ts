// Threads: one of our members and one stakeholder, with strength and last touch.

import type { Relationship as RelationshipRow } from '@threadwatch/db/client';
import { builder, inViewerOrganization } from '../builder.ts';
import type { Context } from '../context.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { isLiveThread, relationshipFacts, type ThreadSettings } from '../domain/relationships.ts';
import { parseSettings } from '../domain/settings.ts';
import { encodeId } from '../global-id.ts';
import { createRelationship, deleteRelationship, updateRelationship } from '../services/relationships.ts';
import { RelationshipStrengthEnum } from './enums.ts';
import { mutationErrors } from './errors.ts';
import { columnReader } from './loaded-columns.ts';
import { Member } from './member.ts';
import { Stakeholder } from './stakeholder.ts';

/**
 * The thread rules of each organization's settings, by settings version: every write of the
 * settings takes a new version (services/settings.ts), so a thread carries only its organization's
 * version, not a copy of the settings, and the settings are read once per version and process.
 * Kept per database client (one process may serve several databases, as tests do, where ids could
 * repeat). Bounded; parsing is a pure function of the stored value.
 */
const threadRulesByDatabase = new WeakMap<Context['prisma'], Map<string, ThreadSettings>>();
const THREAD_RULES_MAX = 1_000;

function threadRules(
  prisma: Context['prisma'],
  organization: { id: string; settingsVersion: number },
): ThreadSettings | Promise<ThreadSettings> {
  let threadRulesByVersion = threadRulesByDatabase.get(prisma);
  if (!threadRulesByVersion) {
    threadRulesByVersion = new Map();
    threadRulesByDatabase.set(prisma, threadRulesByVersion);
  }
  const cache = threadRulesByVersion;
  const rules = cache.get(`${organization.id}:${organization.settingsVersion}`);
  if (rules) return rules;
  return prisma.organization
    .findUniqueOrThrow({ where: { id: organization.id }, select: { settings: true, settingsVersion: true } })
    .then((stored) => {
      const parsed = parseSettings(stored.settings).threads;
      if (cache.size >= THREAD_RULES_MAX) cache.clear();
      cache.set(`${organization.id}:${stored.settingsVersion}`, parsed);
      return parsed;
    });
}

/** The columns every view of a thread shows, loaded with each row (see loaded-columns.ts). */
const column = columnReader<Pick<RelationshipRow, 'id' | 'strength' | 'lastTouchAt'>>((ctx) => ctx.prisma.relationship);

export const Relationship = builder.prismaNode('Relationship', {
  id: { field: 'id' },
  nullable: true,
  // Select mode: each query loads the columns every view shows, and the others the request asks for.
  select: { id: true, strength: true, lastTouchAt: true },
  findUnique: inViewerOrganization,
  fields: (t) => ({
    member: t.relation('member'),
    stakeholder: t.relation('stakeholder'),
    strength: t.field({ type: RelationshipStrengthEnum, resolve: column('strength') }),
    lastTouchAt: t.field({ type: 'DateTime', nullable: true, resolve: column('lastTouchAt') }),
    live: t.boolean({
      description:
        'At least the minimum live strength and touched within the live window of the organization’s thread settings (by default medium or strong, within 90 days), by a member still on our team: the rule account coverage uses.',
      select: {
        strength: true,
        lastTouchAt: true,
        member: { select: { deactivatedAt: true } },
        organization: { select: { id: true, settingsVersion: true } },
      },
      resolve: (thread, _args, ctx) => {
        const facts = relationshipFacts(thread);
        const rules = threadRules(ctx.prisma, thread.organization);
        return rules instanceof Promise
          ? rules.then((loaded) => isLiveThread(facts, new Date(), loaded))
          : isLiveThread(facts, new Date(), rules);
      },
    }),
  }),
});

const CreateRelationshipInput = builder.inputType('CreateRelationshipInput', {
  fields: (t) => ({
    memberId: t.globalID({ for: Member, required: true }),
    stakeholderId: t.globalID({ for: Stakeholder, required: true }),
    strength: t.field({ type: RelationshipStrengthEnum, required: true }),
    lastTouchAt: t.field({ type: 'DateTime' }),
  }),
});

const UpdateRelationshipInput = builder.inputType('UpdateRelationshipInput', {
  fields: (t) => ({
    id: t.globalID({ for: Relationship, required: true }),
    strength: t.field({ type: RelationshipStrengthEnum }),
    lastTouchAt: t.field({ type: 'DateTime' }),
  }),
});

const RelationshipPayload = builder.objectRef<{ relationship: RelationshipRow }>('RelationshipPayload').implement({
  fields: (t) => ({ relationship: t.expose('relationship', { type: Relationship }) }),
});

const DeleteRelationshipPayload = builder.objectRef<{ deletedId: string }>('DeleteRelationshipPayload').implement({
  fields: (t) => ({ deletedId: t.exposeID('deletedId') }),
});

builder.mutationFields((t) => ({
  createRelationship: t.field({
    type: RelationshipPayload,
    authScopes: authScopesFor('createRelationship'),
    errors: { types: mutationErrors, union: { name: 'CreateRelationshipResult' } },
    args: { input: t.arg({ type: CreateRelationshipInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      relationship: await createRelationship(ctx, {
        ...input,
        memberId: input.memberId.id,
        stakeholderId: input.stakeholderId.id,
      }),
    }),
  }),
  updateRelationship: t.field({
    type: RelationshipPayload,
    authScopes: authScopesFor('updateRelationship'),
    errors: { types: mutationErrors, union: { name: 'UpdateRelationshipResult' } },
    args: { input: t.arg({ type: UpdateRelationshipInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      relationship: await updateRelationship(ctx, input.id.id, input),
    }),
  }),
  deleteRelationship: t.field({
    type: DeleteRelationshipPayload,
    authScopes: authScopesFor('deleteRelationship'),
    errors: { types: mutationErrors, union: { name: 'DeleteRelationshipResult' } },
    args: { id: t.arg.globalID({ for: Relationship, required: true }) },
    resolve: async (_root, args, ctx) => ({
      deletedId: encodeId('Relationship', await deleteRelationship(ctx, args.id.id)),
    }),
  }),
}));
