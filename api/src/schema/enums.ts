// Enums shared with the data model, exposed under the same names.
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
