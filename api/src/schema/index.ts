// Assembles the schema: each module registers its types on the builder.
//
// Where a type's fields live: a type's own fields are declared in its file (Account in account.ts,
// Stakeholder in stakeholder.ts, ...). A feature file may add a field to another type, with
// builder.prismaObjectFields, only when the field's type is one the feature file defines: Account's
// risk and coverage come from health.ts, events and signals from signals.ts, outcomes from
// account-outcome.ts, departureCases from departure-case.ts; Stakeholder's departure from
// departed-contact.ts; JobChangeFlag's sightings from flag-sighting.ts; Organization's settings
// from settings.ts. A field whose type lives elsewhere (e.g. Account.warmLeads, a list of
// Stakeholders) belongs to the type's own file.
import { builder } from '../builder.ts';
import './scalars.ts';
import './enums.ts';
import './errors.ts';
import './member.ts';
import './account.ts';
import './stakeholder.ts';
import './relationship.ts';
import './api-token.ts';
import './profile-lookup.ts';
import './health.ts';
import './job-change-flag.ts';
import './flag-sighting.ts';
import './departure-case.ts';
import './departed-contact.ts';
import './turnover-report.ts';
import './team.ts';
import './signals.ts';
import './account-outcome.ts';
import './risk-evaluation.ts';
import './background-run.ts';
import './health-recompute-run.ts';
import './settings.ts';
import './webhook.ts';
import './import.ts';
import './changes.ts';
import './timeline.ts';
import './note.ts';
import './digest.ts';
import './audit.ts';
import './member-admin.ts';
import './organization.ts';

builder.queryType({});
builder.mutationType({});

export const schema = builder.toSchema({ sortSchema: true });
