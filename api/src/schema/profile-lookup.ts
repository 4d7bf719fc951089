// The extension's hot path: is the person on this profile page one of our stakeholders?

import { builder } from '../builder.ts';
import {
  companyUrlFromKey,
  normalizeCompanyUrl,
  normalizeProfileUrl,
  profileUrlFromKey,
} from '../domain/linkedin-url.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { ValidationError } from '../errors.ts';

interface Lookup {
  key: string;
}

/** Decided flags stay in the lookup's answer this long, so a rep sees what became of a flag. */
const RECENTLY_DECIDED_DAYS = 30;
const MAX_LOOKUP_FLAGS = 20;

const ProfileLookup = builder.objectRef<Lookup>('ProfileLookup').implement({
  description: 'The answer for one profile URL. `stakeholder` is null when the person is not tracked.',
  fields: (t) => ({
    profileUrl: t.string({
      description: 'The canonical profile link.',
      resolve: (lookup) => profileUrlFromKey(lookup.key),
    }),
    tracked: t.boolean({
      resolve: async (lookup, _args, ctx) =>
        (await ctx.prisma.stakeholder.count({
          where: { organizationId: ctx.viewer.organizationId, profileUrl: lookup.key },
        })) > 0,
    }),
    stakeholder: t.prismaField({
      type: 'Stakeholder',
      nullable: true,
      resolve: (query, lookup, _args, ctx) =>
        ctx.prisma.stakeholder.findUnique({
          ...query,
          where: { organizationId_profileUrl: { organizationId: ctx.viewer.organizationId, profileUrl: lookup.key } },
        }),
    }),
    flags: t.prismaField({
      type: ['JobChangeFlag'],
      description: `The person's pending job-change flags and those decided in the last ${RECENTLY_DECIDED_DAYS} days, newest first (at most ${MAX_LOOKUP_FLAGS}).`,
      resolve: (query, lookup, _args, ctx) =>
        ctx.prisma.jobChangeFlag.findMany({
          ...query,
          where: {
            organizationId: ctx.viewer.organizationId,
            stakeholder: { organizationId: ctx.viewer.organizationId, profileUrl: lookup.key },
            OR: [
              { status: 'PENDING' },
              { reviewedAt: { gte: new Date(Date.now() - RECENTLY_DECIDED_DAYS * 86_400_000) } },
            ],
          },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: MAX_LOOKUP_FLAGS,
        }),
    }),
  }),
});

builder.queryField('profileLookup', (t) =>
  t.field({
    type: ProfileLookup,
    description:
      'Looks a person up by any variant of their profile URL (www or mobile host, locale suffix, query, ' +
      'trailing slash, percent-encoding).',
    authScopes: authScopesFor('profileLookup'),
    errors: { types: [ValidationError], union: { name: 'ProfileLookupResult' } },
    args: { url: t.arg.string({ required: true }) },
    resolve: (_root, args) => {
      const result = normalizeProfileUrl(args.url);
      if (!result.ok) throw ValidationError.at(['url'], result.reason);
      return { key: result.key };
    },
  }),
);

const CompanyLookup = builder.objectRef<Lookup>('CompanyLookup').implement({
  description: 'The answer for one company page URL. `account` is null when the company is not one of our accounts.',
  fields: (t) => ({
    companyUrl: t.string({
      description: 'The canonical company page link.',
      resolve: (lookup) => companyUrlFromKey(lookup.key),
    }),
    account: t.prismaField({
      type: 'Account',
      nullable: true,
      resolve: (query, lookup, _args, ctx) =>
        ctx.prisma.account.findUnique({
          ...query,
          where: { organizationId_companyUrl: { organizationId: ctx.viewer.organizationId, companyUrl: lookup.key } },
        }),
    }),
  }),
});

builder.queryField('companyLookup', (t) =>
  t.field({
    type: CompanyLookup,
    description: 'Looks an account up by any variant of its company page URL.',
    authScopes: authScopesFor('companyLookup'),
    errors: { types: [ValidationError], union: { name: 'CompanyLookupResult' } },
    args: { url: t.arg.string({ required: true }) },
    resolve: (_root, args) => {
      const result = normalizeCompanyUrl(args.url);
      if (!result.ok) throw ValidationError.at(['url'], result.reason);
      return { key: result.key };
    },
  }),
);
