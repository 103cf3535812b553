import type { SecurityGroup } from '../model/snapshot.js';
import type { LintContext } from './types.js';

/**
 * Other groups carried by every ENI that carries this one (none when it is on no ENI): their rules apply
 * alongside.
 */
export function coAttachedGroups(ctx: LintContext, group: SecurityGroup): SecurityGroup[] {
  const enis = ctx.index.enisWithGroup(group.id);
  if (enis.length === 0) return [];
  const [first, ...rest] = enis;
  const ids = first!.groupIds.filter((id) => id !== group.id && rest.every((e) => e.groupIds.includes(id)));
  return ids.flatMap((id) => {
    const g = ctx.index.groups.get(id);
    return g ? [g] : [];
  });
}
