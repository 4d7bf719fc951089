// Assembles the schema: each module registers its types on the builder.
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
