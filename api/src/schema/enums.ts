// Enums shared with the data model, exposed under the same names. Every GraphQL enum takes its values
// from one source, never from a copy: the domain's list where the domain owns the concept (risk,
// flags, cases, members), else the data model's enum object; the schema adds only descriptions.
import {
  AccountLifecycle,
  AccountSegment,
  AccountTier,
  Advocacy,
  BuyingRole,
  Level,
  MemberRole,
  RelationshipStrength,
  Seniority,
  Sentiment,
  StakeholderStatus,
  TokenScope,
} from '@threadwatch/db/client';
import { builder } from '../builder.ts';

/**
 * A GraphQL enum's values from their one source (a domain list or a data-model enum object), in the
 * source's order, each with the description the API gives it, if any.
 */
export function describedValues<const V extends string>(
  source: readonly V[] | { readonly [key: string]: V },
  descriptions: { readonly [K in V]?: string } = {},
): { [K in V]: { description?: string } } {
  return Object.fromEntries(
    Object.values(source).map((value) => {
      const description = descriptions[value];
      return [value, description === undefined ? {} : { description }];
    }),
  ) as { [K in V]: { description?: string } };
}

export const MemberRoleEnum = builder.enumType(MemberRole, { name: 'MemberRole' });
export const TokenScopeEnum = builder.enumType(TokenScope, {
  name: 'TokenScope',
  description: 'READ_ONLY for dashboards, FLAGGING for the extension, FULL for everything your role allows.',
});
export const AccountTierEnum = builder.enumType(AccountTier, { name: 'AccountTier' });
export const AccountSegmentEnum = builder.enumType(AccountSegment, { name: 'AccountSegment' });
export const AccountLifecycleEnum = builder.enumType(AccountLifecycle, { name: 'AccountLifecycle' });
export const LevelEnum = builder.enumType(Level, { name: 'Level' });
export const AdvocacyEnum = builder.enumType(Advocacy, { name: 'Advocacy' });
export const BuyingRoleEnum = builder.enumType(BuyingRole, { name: 'BuyingRole' });
export const SeniorityEnum = builder.enumType(Seniority, { name: 'Seniority' });
export const SentimentEnum = builder.enumType(Sentiment, { name: 'Sentiment' });
export const StakeholderStatusEnum = builder.enumType(StakeholderStatus, { name: 'StakeholderStatus' });
export const RelationshipStrengthEnum = builder.enumType(RelationshipStrength, { name: 'RelationshipStrength' });
