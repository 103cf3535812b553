import type { SecurityGroup, SgRule, Snapshot } from '../../model/snapshot.js';
import type { FindingDraft, LintContext, LintRule } from '../types.js';
import { groupLabel, sgRuleKey, sgRuleText } from '../sg-text.js';

type GroupPeer = Extract<SgRule['peer'], { kind: 'group' }>;

/**
 * A group reference is judged only where the snapshot can answer: a peering whose status is not `active`
 * is stale whatever else we hold; a missing group is reported only when the snapshot holds the groups of
 * the account (and, for a peered reference naming a VPC, of that VPC) the reference points into.
 * Cross-account references to accounts we do not see are never dangling here.
 */
export const sgReferenceDangling: LintRule = {
  meta: {
    id: 'sg-reference-dangling',
    severity: 'error',
    summary: 'A security group rule references a group that does not exist, or references it through a peering that is no longer active.',
    rationale:
      'A reference to a deleted group, or one across a deleted peering, goes stale and matches nothing: the rule looks like it grants access but grants none, and the traffic it was written for is dropped.',
    docs: 'docs/rules/sg-reference-dangling.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    const findings: FindingDraft[] = [];
    const accountOf = (g: SecurityGroup) => g.ownerId ?? ctx.snapshot.metadata.account;
    const groupsPerAccount = countBy(ctx.snapshot.securityGroups, accountOf);
    const vpcsWithGroups = new Set(ctx.snapshot.securityGroups.flatMap((g) => (g.vpcId ? [g.vpcId] : [])));
    for (const group of ctx.snapshot.securityGroups) {
      for (const rule of [...group.ingress, ...group.egress]) {
        if (rule.peer.kind !== 'group') continue;
        const peer = rule.peer;
        if (peer.peeringStatus !== undefined && peer.peeringStatus.toLowerCase() !== 'active') {
          findings.push(stale(group, rule, peer));
          continue;
        }
        if (ctx.index.groups.has(peer.groupId)) continue;
        const account = peer.userId ?? accountOf(group);
        const held = account === undefined ? ctx.snapshot.securityGroups.length : (groupsPerAccount.get(account) ?? 0);
        if (held === 0) continue; // another account's group: we cannot see it, so we cannot call it missing
        if (peer.vpcId !== undefined && !vpcsWithGroups.has(peer.vpcId)) continue; // a VPC the snapshot does not cover
        findings.push(missing(group, rule, peer, account, held, ctx.snapshot));
      }
    }
    return findings;
  },
};

function stale(group: SecurityGroup, rule: SgRule, peer: GroupPeer): FindingDraft {
  const via = peer.peeringConnectionId ? ` through peering ${peer.peeringConnectionId}` : '';
  return {
    message:
      `Security group ${groupLabel(group)} ${rule.direction} rule (${sgRuleText(rule)}) references ${peer.groupId}${via}, whose peering status is "${peer.peeringStatus}": ` +
      `the reference is stale and matches no address, so the traffic this rule was written for is dropped. ` +
      `Re-establish the peering, or replace the reference with the peer VPC's CIDR (or remove the rule).`,
    resource: { type: 'security-group', id: group.id, ...(group.name ? { name: group.name } : {}) },
    location: rule.source,
    key: sgRuleKey(rule),
    fix: { summary: `Remove or re-point the stale reference to ${peer.groupId}.` },
    details: { referencedGroupId: peer.groupId, peeringConnectionId: peer.peeringConnectionId, peeringStatus: peer.peeringStatus, reason: 'stale-peering' },
  };
}

function missing(group: SecurityGroup, rule: SgRule, peer: GroupPeer, account: string | undefined, held: number, snapshot: Snapshot): FindingDraft {
  const inAccount = account !== undefined ? ` of account ${account}` : '';
  const where = peer.vpcId !== undefined ? ` (VPC ${peer.vpcId})` : '';
  return {
    message:
      `Security group ${groupLabel(group)} ${rule.direction} rule (${sgRuleText(rule)}) references ${peer.groupId}${where}, which is not among the snapshot's ` +
      `${held} security group${held === 1 ? '' : 's'}${inAccount}: a reference to a deleted group matches nothing, so this rule allows nothing. ` +
      `Point the rule at the group that replaced ${peer.groupId}, or remove it${snapshot.inputs.length > 0 ? ` (if ${peer.groupId} exists outside ${snapshot.inputs.join(', ')}, add it to the snapshot)` : ''}.`,
    resource: { type: 'security-group', id: group.id, ...(group.name ? { name: group.name } : {}) },
    location: rule.source,
    key: sgRuleKey(rule),
    fix: { summary: `Remove the rule or re-point it at an existing group instead of ${peer.groupId}.` },
    details: { referencedGroupId: peer.groupId, account, reason: 'missing-group' },
  };
}

function countBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== undefined) out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}
