// Activity timelines: an account's, a stakeholder's and a departure case's changes, newest first,
// read from the event log.
import type { ChangeKind, Prisma } from '@threadwatch/db/client';
import { builder, inViewerOrganizationPage } from '../builder.ts';
import type { Context } from '../context.ts';
import { isFeedKind, NON_FEED_KINDS } from '../domain/changes.ts';
import { ChangeKindEnum } from './changes.ts';

const timelineOrder = [{ occurredAt: 'desc' }, { seq: 'desc' }] satisfies Prisma.EventOrderByWithRelationInput[];

function timelineField(
  type: 'Account' | 'Stakeholder' | 'DepartureCase',
  where: (id: string) => Prisma.EventWhereInput,
  description: string,
) {
  // Administration changes and notifications name no account, person or case as their own, but a
  // notification keeps the person it names (for erasure): timelines show only the feed's kinds.
  const timelineWhere = (ctx: Context, id: string, kinds: ChangeKind[] | null | undefined): Prisma.EventWhereInput => ({
    organizationId: ctx.viewer.organizationId,
    ...where(id),
    kind: kinds?.length ? { in: kinds.filter(isFeedKind) } : { notIn: [...NON_FEED_KINDS] },
  });
  builder.prismaObjectField(type, 'timeline', (t) =>
    t.prismaConnection(
      {
        type: 'Event',
        cursor: 'id',
        maxSize: 100,
        defaultSize: 20,
        description,
        args: { kinds: t.arg({ type: [ChangeKindEnum] }) },
        totalCount: (parent, args, ctx: Context) =>
          ctx.prisma.event.count({ where: timelineWhere(ctx, parent.id, args.kinds) }),
        resolve: (query, parent, args, ctx: Context) =>
          ctx.prisma.event.findMany({
            ...inViewerOrganizationPage(query, ctx),
            where: timelineWhere(ctx, parent.id, args.kinds),
            orderBy: timelineOrder,
          }),
      },
      { name: `${type}TimelineConnection` },
      { name: `${type}TimelineEdge` },
    ),
  );
}

timelineField('Account', (id) => ({ accountId: id }), 'Everything that happened at the account, newest first.');
timelineField(
  'Stakeholder',
  (id) => ({ OR: [{ stakeholderId: id }, { subjectId: id }] }),
  'Everything that happened to or about the person, newest first.',
);
timelineField(
  'DepartureCase',
  (id) => ({ subjectType: 'DepartureCase', subjectId: id }),
  'The case’s history (opened, steps done, closed), newest first.',
);
