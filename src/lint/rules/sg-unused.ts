import type { FindingDraft, LintContext, LintRule } from '../types.js';

export const sgUnused: LintRule = {
  meta: {
    id: 'sg-unused',
    severity: 'note',
    summary: 'A security group is attached to no network interface.',
    rationale:
      'Unattached groups pile up, count against the groups-per-Region quota and make audits slower; a reference to one matches no address, which can hide a mistake in the group that references it.',
    docs: 'docs/rules/sg-unused.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    // A groups-only export cannot tell what is attached.
    if (ctx.snapshot.enis.length === 0) return [];
    const referencedBy = new Map<string, Set<string>>();
    for (const g of ctx.snapshot.securityGroups) {
      for (const r of [...g.ingress, ...g.egress]) {
        if (r.peer.kind === 'group' && r.peer.groupId !== g.id) {
          const set = referencedBy.get(r.peer.groupId) ?? new Set<string>();
          set.add(g.id);
          referencedBy.set(r.peer.groupId, set);
        }
      }
    }
    const findings: FindingDraft[] = [];
    for (const group of ctx.snapshot.securityGroups) {
      // The default group cannot be deleted; default-sg-has-rules judges it.
      if (group.name === 'default' || ctx.index.enisWithGroup(group.id).length > 0) continue;
      const refs = [...(referencedBy.get(group.id) ?? [])].sort();
      const referenced =
        refs.length > 0
          ? ` ${refs.join(', ')} reference${refs.length === 1 ? 's' : ''} it, and those rules match no address while it is unattached; remove them before deleting it (AWS refuses to delete a referenced group).`
          : '';
      findings.push({
        message:
          `Security group ${group.id}${group.name && group.name !== group.id ? ` (${group.name})` : ''} is attached to none of the snapshot's ${ctx.snapshot.enis.length} network interfaces: ` +
          `unused groups clutter audits and count against the groups-per-Region quota.${referenced} Delete it if nothing will use it — ` +
          `check launch templates and Auto Scaling groups scaled to zero first, which hold groups without an interface.`,
        resource: { type: 'security-group', id: group.id, ...(group.name ? { name: group.name } : {}) },
        location: group.source,
        key: 'unattached',
        fix: { summary: `Delete ${group.id} if nothing will use it.`, command: `aws ec2 delete-security-group --group-id ${group.id}` },
        details: { referencedBy: refs },
      });
    }
    return findings;
  },
};
