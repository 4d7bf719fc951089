// What a field's own selection asks for, read from the operation before resolving.
import { type FragmentDefinitionNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

function selects(
  set: SelectionSetNode | undefined,
  name: string,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string>,
): boolean {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === name) return true;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (selects(selection.selectionSet, name, fragments, seen)) return true;
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      if (selects(fragments[selection.name.value]?.selectionSet, name, fragments, seen)) return true;
    }
  }
  return false;
}

/**
 * Whether the field being resolved selects `name` directly beneath it (through fragments too).
 * A field under `@skip` or `@include` counts as selected: the answer only saves work, never decides it.
 */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  return info.fieldNodes.some((node) => selects(node.selectionSet, name, info.fragments, seen));
}
