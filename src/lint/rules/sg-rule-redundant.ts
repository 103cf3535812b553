import { protocolMatches, ruleKeys } from '../../engine/match.js';
import type { SecurityGroup, SgPeer, SgRule } from '../../model/snapshot.js';
import type { IntervalSet } from '../../net/interval-set.js';
import { coAttachedGroups } from '../co-attached-groups.js';
import { groupLabel, revokeCommand, sgRuleKey, sgRuleText } from '../sg-text.js';
import type { FindingDraft, LintContext, LintRule } from '../types.js';

/** A rule and its place in a total order, so that of two identical rules only the later is reported. */
interface Placed {
  readonly rule: SgRule;
  readonly group: SecurityGroup;
  readonly index: number;
}

export const sgRuleRedundant: LintRule = {
  meta: {
    id: 'sg-rule-redundant',
    severity: 'note',
    summary: 'A security group rule allows nothing that another rule of the same group (or of a group on every interface that carries it) does not already allow.',
    rationale:
      'Redundant rules count against the 60-rules-per-group and 1,000-per-interface quotas and mislead reviewers: narrowing the broad rule later does not remove access someone thought the narrow rule governed, and removing the narrow one changes nothing.',
    docs: 'docs/rules/sg-rule-redundant.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    const findings: FindingDraft[] = [];
    for (const group of ctx.snapshot.securityGroups) {
      const partners = coAttachedGroups(ctx, group);
      for (const direction of ['ingress', 'egress'] as const) {
        const own = rulesOf(group, direction);
        const candidates = [...own, ...partners.flatMap((g) => rulesOf(g, direction))];
        for (const target of own) {
          if (isStale(target.rule.peer)) continue; // matches nothing: sg-reference-dangling's finding
          const cover = candidates.find((c) => c !== target && covers(c.rule, target.rule) && (!covers(target.rule, c.rule) || before(c, target)));
          if (cover) findings.push(finding(group, target.rule, cover, partners.length > 0 && cover.group !== group, ctx));
        }
      }
    }
    return findings;
  },
};

function rulesOf(group: SecurityGroup, direction: 'ingress' | 'egress'): Placed[] {
  return (direction === 'ingress' ? group.ingress : group.egress).map((rule, index) => ({ rule, group, index }));
}

/** Rule order: by group id, then position in the group. */
function before(a: Placed, b: Placed): boolean {
  if (a.group.id !== b.group.id) return a.group.id < b.group.id;
  return a.index < b.index;
}

/** Whether every packet `inner` allows is allowed by `outer` (same direction assumed; -1 covers every protocol, nothing else covers -1). */
export function covers(outer: SgRule, inner: SgRule): boolean {
  return protocolMatches(outer.protocol, inner.protocol) && peerCovers(outer.peer, inner.peer) && keysOf(outer).covers(keysOf(inner));
}

/** Groups hold up to 1,000 rules and every pair may be compared: each rule's key set is built once. */
const keyCache = new WeakMap<SgRule, IntervalSet>();
function keysOf(rule: SgRule): IntervalSet {
  let keys = keyCache.get(rule);
  if (!keys) {
    keys = ruleKeys(rule);
    keyCache.set(rule, keys);
  }
  return keys;
}

function peerCovers(outer: SgPeer, inner: SgPeer): boolean {
  if (isStale(outer)) return false;
  switch (inner.kind) {
    case 'cidr':
      return outer.kind === 'cidr' && outer.cidr.family === inner.cidr.family && outer.cidr.lo <= inner.cidr.lo && inner.cidr.hi <= outer.cidr.hi;
    case 'prefix-list':
      return outer.kind === 'prefix-list' && outer.prefixListId === inner.prefixListId;
    case 'group':
      return (
        outer.kind === 'group' &&
        outer.groupId === inner.groupId &&
        (outer.userId ?? '') === (inner.userId ?? '') &&
        (outer.peeringConnectionId ?? '') === (inner.peeringConnectionId ?? '')
      );
  }
}

function isStale(peer: SgPeer): boolean {
  return peer.kind === 'group' && peer.peeringStatus !== undefined && peer.peeringStatus.toLowerCase() !== 'active';
}

function finding(group: SecurityGroup, rule: SgRule, cover: Placed, viaEnis: boolean, ctx: LintContext): FindingDraft {
  const dir = rule.direction === 'ingress' ? 'inbound' : 'outbound';
  const identical = covers(rule, cover.rule);
  const coverText = `${dir} ${sgRuleText(cover.rule)}${cover.rule.description ? ` ("${cover.rule.description}")` : ''}`;
  const whose = viaEnis
    ? `of ${groupLabel(cover.group)}, which every interface carrying ${group.id} also carries (${ctx.index.enisWithGroup(group.id).map((e) => e.id).join(', ')})`
    : 'of the same group';
  return {
    message:
      `Security group ${groupLabel(group)} ${dir} rule (${sgRuleText(rule)}) is ${identical ? 'a duplicate of' : 'fully covered by'} ${coverText} ${whose}: it allows nothing more, ` +
      `yet it counts against the rules-per-group quota and suggests to reviewers that it governs access it does not. Remove it${viaEnis ? ` (or, if ${group.id} is meant to stand alone on other interfaces later, keep it and ignore this note)` : ''}.`,
    resource: { type: 'security-group', id: group.id, ...(group.name ? { name: group.name } : {}) },
    location: rule.source,
    related: [{ message: `covering rule: ${cover.group.id} ${coverText}`, location: cover.rule.source }],
    key: sgRuleKey(rule),
    fix: { summary: `Revoke the redundant ${dir} rule ${sgRuleText(rule)} from ${group.id}.`, command: revokeCommand(rule) },
    details: { coveringGroupId: cover.group.id, coveringRule: sgRuleText(cover.rule), identical },
  };
}
