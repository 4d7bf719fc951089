// Contacts who left one of our accounts, for sales to follow: each with the account they left, when,
// and where they went (the company, and our account there when it is one: a warm lead).
import { builder, inViewerOrganizationPage } from '../builder.ts';
import { departureOf } from '../domain/departure-cases.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { countDepartedContacts, departedContactPage } from '../services/departed-contacts.ts';
import { Account } from './account.ts';
import { DateRange, rangeWhere } from './date-range.ts';

interface DepartureShape {
  formerAccountId: string;
  departedOn: Date | null;
  destinationCompany: string | null;
  destinationAccountId: string | null;
}

const inOrganization = (organizationId: string, id: string) => ({ organizationId_id: { organizationId, id } });

const DepartureRef = builder.objectRef<DepartureShape>('Departure').implement({
  description: 'Where a departed contact went, from their employment history.',
  fields: (t) => ({
    formerAccount: t.prismaField({
      type: 'Account',
      description: 'The account the person left.',
      resolve: (query, departure, _args, ctx) =>
        ctx.prisma.account.findUniqueOrThrow({
          ...query,
          where: inOrganization(ctx.viewer.organizationId, departure.formerAccountId),
        }),
    }),
    departedOn: t.field({
      type: 'Date',
      nullable: true,
      description: 'The last day at the former account (null when the history does not say).',
      resolve: (departure) => departure.departedOn,
    }),
    destinationCompany: t.exposeString('destinationCompany', {
      nullable: true,
      description: 'The company the person works at now (null when unknown).',
    }),
    destinationAccount: t.prismaField({
      type: 'Account',
      nullable: true,
      description: 'Our account at that company, when it is one: the person is a warm lead there.',
      resolve: (query, departure, _args, ctx) =>
        departure.destinationAccountId
          ? ctx.prisma.account.findUnique({
              ...query,
              where: inOrganization(ctx.viewer.organizationId, departure.destinationAccountId),
            })
          : null,
    }),
    warm: t.boolean({
      description: 'The destination is one of our accounts.',
      resolve: (departure) => departure.destinationAccountId !== null,
    }),
  }),
});

builder.prismaObjectFields('Stakeholder', (t) => ({
  departure: t.field({
    type: DepartureRef,
    nullable: true,
    description: 'For a departed contact: the account left, when, and where the person went; null otherwise.',
    select: {
      status: true,
      accountId: true,
      employments: { select: { companyName: true, accountId: true, startedOn: true, endedOn: true } },
    },
    resolve: (person) => {
      if (person.status !== 'DEPARTED') return null;
      const facts = departureOf(person.accountId, person.employments);
      return {
        formerAccountId: person.accountId,
        departedOn: facts.departedOn,
        destinationCompany: facts.destination?.companyName ?? null,
        destinationAccountId: facts.destination?.accountId ?? null,
      };
    },
  }),
}));

const DepartedContactFilter = builder.inputType('DepartedContactFilter', {
  fields: (t) => ({
    departed: t.field({ type: DateRange, description: 'Contacts who left in this range.' }),
    formerAccountId: t.globalID({ for: Account, description: 'Contacts who left this account.' }),
    warm: t.boolean({
      description: 'Only those now at one of our accounts (true), or only those who are not (false).',
    }),
  }),
});

builder.queryField('departedContacts', (t) =>
  t.prismaConnection(
    {
      type: 'Stakeholder',
      cursor: 'id',
      maxSize: 100,
      defaultSize: 50,
      description:
        'Contacts who left one of our accounts, most recent departure first (undated ones last, then by id): each with its `departure`, for sales to follow.',
      authScopes: authScopesFor('departedContacts'),
      args: { filter: t.arg({ type: DepartedContactFilter }) },
      totalCount: (_root, args, ctx) => countDepartedContacts(ctx, departedFilter(args.filter)),
      resolve: (query, _root, args, ctx) =>
        departedContactPage(ctx, inViewerOrganizationPage(query, ctx), departedFilter(args.filter)),
    },
    { name: 'DepartedContactConnection' },
    { name: 'DepartedContactEdge' },
  ),
);

function departedFilter(filter: typeof DepartedContactFilter.$inferInput | null | undefined) {
  const range = rangeWhere(filter?.departed, ['filter', 'departed']);
  return {
    from: range?.gte ?? null,
    to: range?.lte ?? null,
    formerAccountId: filter?.formerAccountId?.id ?? null,
    warm: filter?.warm ?? null,
  };
}
