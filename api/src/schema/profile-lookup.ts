// The extension's hot path: is the person on this profile page one of our stakeholders?

import type { Prisma } from '@threadwatch/db/client';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { RECENTLY_DECIDED_DAYS, recentlyDecidedSince } from '../domain/job-change-flags.ts';
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

const MAX_LOOKUP_FLAGS = 20;

/** The flags a lookup answers with: pending, or decided lately (domain isPendingOrRecentlyDecided); newest first. */
function lookupFlags(organizationId: string) {
  return {
    where: {
      organizationId,
      OR: [{ status: 'PENDING' as const }, { reviewedAt: { gte: recentlyDecidedSince(new Date()) } }],
    },
    orderBy: [{ createdAt: 'desc' as const }, { id: 'desc' as const }],
    take: MAX_LOOKUP_FLAGS,
  };
}

type PersonQuery = { select?: Prisma.StakeholderSelect; include?: Prisma.StakeholderInclude };
type FlagQuery = { select?: Prisma.JobChangeFlagSelect; include?: Prisma.JobChangeFlagInclude };

/**
 * The person and their flags in one query. `stakeholder` and `flags` are siblings whose resolvers
 * run in the same tick: each hands in the selection it needs, and the first schedules one read of
 * the stakeholder with the flags nested, for both. A field asked for again (under an alias), or
 * after that read has started, is read on its own with its own selection.
 */
class LookupRead {
  person?: PersonQuery;
  flags?: FlagQuery;
  #started = false;
  readonly #done: Promise<{ person: unknown; flags: unknown[] }>;

  readonly lookup: Lookup;
  readonly ctx: Context;

  constructor(lookup: Lookup, ctx: Context) {
    this.lookup = lookup;
    this.ctx = ctx;
    this.#done = new Promise((resolve) => process.nextTick(resolve)).then(() => {
      this.#started = true;
      return this.#read(lookup, ctx);
    });
  }

  async person_(query: PersonQuery) {
    if (this.#started || this.person) return this.#personAlone(query);
    this.person = query;
    return (await this.#done).person;
  }

  async flags_(query: FlagQuery) {
    if (this.#started || this.flags) return this.#flagsAlone(query);
    this.flags = query;
    return (await this.#done).flags;
  }

  #personAlone(query: PersonQuery) {
    const organizationId = this.ctx.viewer.organizationId;
    return this.ctx.prisma.stakeholder.findUnique({
      ...query,
      where: { organizationId_profileUrl: { organizationId, profileUrl: this.lookup.key } },
    });
  }

  #flagsAlone(query: FlagQuery) {
    const organizationId = this.ctx.viewer.organizationId;
    const relation = { ...query, ...lookupFlags(organizationId) };
    return this.ctx.prisma.jobChangeFlag.findMany({
      ...relation,
      where: { ...relation.where, stakeholder: { organizationId, profileUrl: this.lookup.key } },
    });
  }

  async #read(lookup: Lookup, ctx: Context): Promise<{ person: unknown; flags: unknown[] }> {
    const organizationId = ctx.viewer.organizationId;
    const where = { organizationId_profileUrl: { organizationId, profileUrl: lookup.key } };
    const flagsRelation = this.flags ? { ...this.flags, ...lookupFlags(organizationId) } : null;
    if (!this.person) {
      // Only the flags: the person's id is all the read needs besides.
      const row = await ctx.prisma.stakeholder.findUnique({
        where,
        select: { id: true, flags: flagsRelation ?? lookupFlags(organizationId) },
      });
      return { person: null, flags: row?.flags ?? [] };
    }
    const { select, include } = this.person;
    const clash = (select && 'flags' in select) || (include && 'flags' in include);
    if (!flagsRelation || clash) {
      const [person, flags] = await Promise.all([
        ctx.prisma.stakeholder.findUnique({ ...this.person, where }),
        flagsRelation
          ? ctx.prisma.jobChangeFlag.findMany({
              ...flagsRelation,
              where: { ...flagsRelation.where, stakeholder: { organizationId, profileUrl: lookup.key } },
            })
          : [],
      ]);
      return { person, flags };
    }
    const args: Prisma.StakeholderFindUniqueArgs = select
      ? { where, select: { ...select, flags: flagsRelation } }
      : { where, include: { ...(include ?? {}), flags: flagsRelation } };
    const row = (await ctx.prisma.stakeholder.findUnique(args)) as ({ flags: unknown[] } & object) | null;
    return { person: row, flags: row?.flags ?? [] };
  }
}

const reads = new WeakMap<Lookup, LookupRead>();
function readFor(lookup: Lookup, ctx: Context): LookupRead {
  let read = reads.get(lookup);
  if (!read) {
    read = new LookupRead(lookup, ctx);
    reads.set(lookup, read);
  }
  return read;
}

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
      resolve: (query, lookup, _args, ctx) => readFor(lookup, ctx).person_(query) as never,
    }),
    flags: t.prismaField({
      type: ['JobChangeFlag'],
      description: `The person's pending job-change flags and those decided in the last ${RECENTLY_DECIDED_DAYS} days, newest first (at most ${MAX_LOOKUP_FLAGS}).`,
      resolve: (query, lookup, _args, ctx) => readFor(lookup, ctx).flags_(query) as never,
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
