/**
 * Runtime lists of the schema enums the extension validates or offers in its UI. The generated
 * types are string unions only (no runtime code), so the values live here; the compile-time
 * checks below fail when the schema gains a value these lists lack, and a test compares them
 * with api/schema.graphql.
 */
import type { BuyingRole, JobChangeKind, Seniority } from './generated/graphql';

export const JOB_CHANGE_KINDS = [
  'LEFT_COMPANY',
  'INTERNAL_MOVE',
  'PROMOTION',
  'LEAVING_SOON',
] as const satisfies readonly JobChangeKind[];

export const BUYING_ROLES = [
  'CHAMPION',
  'ECONOMIC_BUYER',
  'EXECUTIVE_SPONSOR',
  'DECISION_MAKER',
  'TECHNICAL_EVALUATOR',
  'USER',
] as const satisfies readonly BuyingRole[];

export const SENIORITIES = [
  'EXECUTIVE',
  'VP',
  'DIRECTOR',
  'MANAGER',
  'INDIVIDUAL_CONTRIBUTOR',
] as const satisfies readonly Seniority[];

type Missing<TUnion, TList extends readonly string[]> = Exclude<TUnion, TList[number]>;
type AssertNone<T extends never> = T;

export type EnumListsAreComplete = [
  AssertNone<Missing<JobChangeKind, typeof JOB_CHANGE_KINDS>>,
  AssertNone<Missing<BuyingRole, typeof BUYING_ROLES>>,
  AssertNone<Missing<Seniority, typeof SENIORITIES>>,
];
