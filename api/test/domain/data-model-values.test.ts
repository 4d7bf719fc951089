// The domain owns these value lists and the API's enums are derived from them; the data model
// (prisma/schema.prisma) stores the same values and must list them in the same order.
import * as db from '@threadwatch/db/client';
import { describe, expect, it } from 'vitest';
import { EVENT_KINDS, SIGNAL_KINDS } from '../../src/domain/account-signals.ts';
import { FLAG_STATUSES, JOB_CHANGE_KINDS } from '../../src/domain/job-change-flags.ts';
import { MEMBER_ROLES, TOKEN_SCOPES } from '../../src/domain/permissions.ts';
import { RELATIONSHIP_STRENGTHS } from '../../src/domain/relationships.ts';
import { RISK_BANDS, ZONES } from '../../src/domain/risk.ts';
import { CASE_OUTCOMES, CASE_OUTLOOKS, caseCauses, SAVE_REASONS } from '../../src/domain/turnover-report.ts';

describe('domain value lists and the data model', () => {
  it.each<[string, readonly string[], Record<string, string>]>([
    ['MemberRole', MEMBER_ROLES, db.MemberRole],
    ['TokenScope', TOKEN_SCOPES, db.TokenScope],
    ['RelationshipStrength', RELATIONSHIP_STRENGTHS, db.RelationshipStrength],
    ['SignalKind', SIGNAL_KINDS, db.SignalKind],
    ['EventKind', EVENT_KINDS, db.EventKind],
    ['RiskBand', RISK_BANDS, db.RiskBand],
    ['RiskZone', ZONES, db.RiskZone],
    ['JobChangeKind', JOB_CHANGE_KINDS, db.JobChangeKind],
    ['FlagStatus', FLAG_STATUSES, db.FlagStatus],
    ['CaseCause', caseCauses, db.CaseCause],
    ['CaseOutcome', CASE_OUTCOMES, db.CaseOutcome],
    ['CaseOutlook', CASE_OUTLOOKS, db.CaseOutlook],
    ['SaveReason', SAVE_REASONS, db.SaveReason],
  ])('%s holds the same values in the same order', (_name, domain, dataModel) => {
    expect([...domain]).toEqual(Object.values(dataModel));
  });
});
