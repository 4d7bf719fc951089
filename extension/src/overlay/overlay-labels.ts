/** The overlay's own wording; the schema's enums have their labels in api/enum-labels.ts. */
import { ROLE_LABELS } from '@/api/enum-labels';
import type { BuyingRole } from '@/api/generated/graphql';

export function roleList(roles: readonly BuyingRole[]): string {
  return roles.length > 0 ? roles.map((role) => ROLE_LABELS[role]).join(', ') : 'No buying role';
}
