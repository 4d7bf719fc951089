// Sightings: the same job change flagged again while its flag was pending (services/flag-sightings.ts).
import { builder } from '../builder.ts';
import { companyUrlFromKey } from '../domain/linkedin-url.ts';

builder.prismaObject('FlagSighting', {
  description: 'Another observation of a pending flag’s change, by the same or another member.',
  fields: (t) => ({
    observedName: t.exposeString('observedName', { nullable: true }),
    observedTitle: t.exposeString('observedTitle', { nullable: true }),
    observedCompany: t.exposeString('observedCompany', { nullable: true }),
    observedCompanyUrl: t.string({
      nullable: true,
      select: { observedCompanyUrl: true },
      resolve: (sighting) => (sighting.observedCompanyUrl ? companyUrlFromKey(sighting.observedCompanyUrl) : null),
    }),
    pageUrl: t.exposeString('pageUrl', { nullable: true }),
    observedAt: t.expose('observedAt', { type: 'DateTime' }),
    flaggedBy: t.relation('flaggedBy'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

/** At most this many sightings are listed per flag (the count says how many there are). */
const MAX_LISTED = 50;

builder.prismaObjectFields('JobChangeFlag', (t) => ({
  sightings: t.relation('sightings', {
    description: `Later sightings of this change while the flag was pending, oldest first (at most ${MAX_LISTED}); the flag's own fields are the first.`,
    query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: MAX_LISTED },
  }),
  sightingCount: t.relationCount('sightings', { description: 'How many later sightings the flag has.' }),
}));
