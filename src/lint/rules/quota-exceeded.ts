import type { Eni, Nacl, NaclRule, PrefixList, SecurityGroup, SgRule } from '../../model/snapshot.js';
import type { Family } from '../../net/address.js';
import type { FindingDraft, LintContext, LintRule } from '../types.js';

/** AWS's defaults and ceilings (aws-semantics §1, §2; Amazon VPC quotas). */
export const NACL_RULES_DEFAULT = 20;
export const NACL_RULES_MAX = 40;
export const SG_RULES_DEFAULT = 60;
export const GROUPS_PER_ENI_DEFAULT = 5;
export const GROUPS_PER_ENI_MAX = 16;
export const GROUPS_TIMES_RULES_MAX = 1000;

const FAMILIES: readonly Family[] = [4, 6];
const fam = (f: Family) => (f === 4 ? 'IPv4' : 'IPv6');

export const quotaExceeded: LintRule = {
  meta: {
    id: 'quota-exceeded',
    severity: 'warning',
    summary: 'A NACL, security group or network interface holds more rules or groups than the default AWS quota (or than any quota allows).',
    rationale:
      'AWS rejects the entry, rule or attachment that crosses a quota, so a change that looks fine in review fails at deploy time — half-applied when it is one step of a larger change — unless the account quota was raised first.',
    docs: 'docs/rules/quota-exceeded.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    const counts = new Map<string, GroupCounts>();
    for (const g of ctx.snapshot.securityGroups) counts.set(g.id, groupCounts(g, ctx.index.prefixLists));
    return [
      ...ctx.snapshot.nacls.flatMap(naclFindings),
      ...ctx.snapshot.securityGroups.flatMap((g) => groupFindings(g, counts.get(g.id)!)),
      ...ctx.snapshot.enis.flatMap((e) => eniFindings(e, counts, ctx)),
    ];
  },
};

// ---------------------------------------------------------------- NACLs

/** Entries of one family in one direction, AWS's default deny for that family included whether or not the export shows it. */
export function naclRuleCount(list: readonly NaclRule[], family: Family): number {
  const user = list.filter((r) => !r.isDefaultDeny && r.cidr.family === family).length;
  const hasDefault = list.some((r) => r.isDefaultDeny && r.cidr.family === family) || family === 4 || user > 0;
  return user + (hasDefault ? 1 : 0);
}

function naclFindings(nacl: Nacl): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const [dir, list] of [['inbound', nacl.inbound], ['outbound', nacl.outbound]] as const) {
    for (const family of FAMILIES) {
      const count = naclRuleCount(list, family);
      if (count <= NACL_RULES_DEFAULT) continue;
      const beyond = count > NACL_RULES_MAX;
      out.push({
        message:
          `NACL ${nacl.id} has ${count} ${dir} ${fam(family)} rules, counting the default deny (${family === 4 ? 32767 : 32768}): the quota is ${NACL_RULES_DEFAULT} per direction per address family by default` +
          (beyond
            ? ` and ${NACL_RULES_MAX} at most, so AWS rejects this list whatever the account's quota. Consolidate rules (merge adjacent CIDRs and port ranges, or move per-address filtering into security groups) to ${NACL_RULES_MAX} or fewer.`
            : `, so unless this account's "Rules per network ACL" quota was raised (it can be, up to ${NACL_RULES_MAX}) AWS rejects the entries beyond ${NACL_RULES_DEFAULT}. Request the increase before deploying, or consolidate rules.`),
        resource: { type: 'nacl', id: nacl.id, ...(nacl.name ? { name: nacl.name } : {}) },
        location: nacl.source,
        key: `${dir}:ipv${family}`,
        fix: { summary: beyond ? `Consolidate ${dir} ${fam(family)} rules to ${NACL_RULES_MAX} or fewer.` : `Raise the "Rules per network ACL" quota (L-2AEEBF1A) to at least ${count}, or consolidate rules.` },
        details: { quota: 'rules-per-nacl', direction: dir, family, count, defaultQuota: NACL_RULES_DEFAULT, maxQuota: NACL_RULES_MAX },
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- security groups

type Direction = 'ingress' | 'egress';
interface GroupCounts {
  readonly ingress: Record<Family, number>;
  readonly egress: Record<Family, number>;
  /** Prefix lists whose MaxEntries the snapshot lacks: counted as 1, so the count is a lower bound. */
  readonly unknownPrefixLists: string[];
}

/**
 * Rules per direction per family as AWS counts them: a CIDR rule in its family; a group reference once in
 * each family; a prefix list as its MaxEntries in its family (1 when unknown — a lower bound).
 */
function groupCounts(group: SecurityGroup, prefixLists: ReadonlyMap<string, PrefixList>): GroupCounts {
  const unknownPrefixLists: string[] = [];
  const tally = (rules: readonly SgRule[]): Record<Family, number> => {
    const n: Record<Family, number> = { 4: 0, 6: 0 };
    for (const r of rules) {
      const p = r.peer;
      if (p.kind === 'cidr') n[p.cidr.family] += 1;
      else if (p.kind === 'group') {
        n[4] += 1;
        n[6] += 1;
      } else {
        const list = prefixLists.get(p.prefixListId);
        const family = list?.family ?? list?.cidrs?.[0]?.family ?? 4;
        if (list?.maxEntries === undefined && !unknownPrefixLists.includes(p.prefixListId)) unknownPrefixLists.push(p.prefixListId);
        n[family] += list?.maxEntries ?? 1;
      }
    }
    return n;
  };
  return { ingress: tally(group.ingress), egress: tally(group.egress), unknownPrefixLists };
}

function groupFindings(group: SecurityGroup, counts: GroupCounts): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const dir of ['ingress', 'egress'] as const satisfies readonly Direction[]) {
    for (const family of FAMILIES) {
      const count = counts[dir][family];
      if (count <= SG_RULES_DEFAULT) continue;
      const beyond = count > GROUPS_TIMES_RULES_MAX;
      const maxWithDefaultGroups = Math.floor(GROUPS_TIMES_RULES_MAX / GROUPS_PER_ENI_DEFAULT);
      out.push({
        message:
          `Security group ${group.id}${group.name && group.name !== group.id ? ` (${group.name})` : ''} has ${count} ${dir === 'ingress' ? 'inbound' : 'outbound'} ${fam(family)} rules ` +
          `(group references count once per address family, prefix lists as their MaxEntries): the quota is ${SG_RULES_DEFAULT} per direction per address family by default` +
          (beyond
            ? `, and rules per group × groups per interface may never exceed ${GROUPS_TIMES_RULES_MAX}, so no quota can hold this group. Split it into several groups or use prefix lists sized to their real entries.`
            : `; unless the "Inbound or outbound rules per security group" quota was raised AWS rejects rules beyond ${SG_RULES_DEFAULT}. It can be raised, but rules per group × groups per interface may not exceed ${GROUPS_TIMES_RULES_MAX} ` +
              `(${maxWithDefaultGroups} rules with the default ${GROUPS_PER_ENI_DEFAULT} groups per interface). Request the increase, or split or consolidate the rules.`),
        resource: { type: 'security-group', id: group.id, ...(group.name ? { name: group.name } : {}) },
        location: group.source,
        key: `${dir}:ipv${family}`,
        fix: { summary: beyond ? 'Split the rules across several groups.' : `Raise the "Inbound or outbound rules per security group" quota (L-0EA8095F) to at least ${count}, or consolidate rules.` },
        details: {
          quota: 'rules-per-security-group',
          direction: dir,
          family,
          count,
          defaultQuota: SG_RULES_DEFAULT,
          ...(counts.unknownPrefixLists.length > 0 ? { lowerBound: true, prefixListsWithoutMaxEntries: counts.unknownPrefixLists } : {}),
        },
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- network interfaces

function eniFindings(eni: Eni, counts: ReadonlyMap<string, GroupCounts>, ctx: LintContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  const resource = { type: 'eni' as const, id: eni.id, ...(eni.name ? { name: eni.name } : {}) };
  const groups = [...new Set(eni.groupIds)];
  if (groups.length > GROUPS_PER_ENI_DEFAULT) {
    const beyond = groups.length > GROUPS_PER_ENI_MAX;
    out.push({
      message:
        `Network interface ${eni.id} carries ${groups.length} security groups (${groups.join(', ')}): the quota is ${GROUPS_PER_ENI_DEFAULT} groups per interface by default` +
        (beyond
          ? ` and ${GROUPS_PER_ENI_MAX} at most, so AWS rejects this attachment whatever the quota. Merge groups until at most ${GROUPS_PER_ENI_MAX} remain.`
          : `; unless the "Security groups per network interface" quota was raised (it can be, up to ${GROUPS_PER_ENI_MAX}, as long as it times the rules-per-group quota stays within ${GROUPS_TIMES_RULES_MAX}) AWS rejects the attachment. Request the increase, or merge groups.`),
      resource,
      location: eni.source,
      key: 'groups-per-eni',
      fix: { summary: beyond ? `Merge groups to ${GROUPS_PER_ENI_MAX} or fewer.` : `Raise the "Security groups per network interface" quota (L-2AFB9258) to at least ${groups.length}, or merge groups.` },
      details: { quota: 'groups-per-eni', count: groups.length, defaultQuota: GROUPS_PER_ENI_DEFAULT, maxQuota: GROUPS_PER_ENI_MAX },
    });
  }
  // The two quotas must multiply to at most 1,000: this interface needs at least (its groups) × (its largest group's rules).
  let largest: { groupId: string; count: number; what: string } | undefined;
  for (const id of groups) {
    const c = counts.get(id);
    if (!c) continue;
    for (const dir of ['ingress', 'egress'] as const) {
      for (const family of FAMILIES) {
        if (!largest || c[dir][family] > largest.count) largest = { groupId: id, count: c[dir][family], what: `${dir === 'ingress' ? 'inbound' : 'outbound'} ${fam(family)}` };
      }
    }
  }
  if (largest && groups.length * largest.count > GROUPS_TIMES_RULES_MAX) {
    const product = groups.length * largest.count;
    out.push({
      message:
        `Network interface ${eni.id} carries ${groups.length} security groups and the largest, ${largest.groupId}, has ${largest.count} ${largest.what} rules: ` +
        `the quotas would have to allow ${groups.length} groups per interface and ${largest.count} rules per group, and AWS caps their product at ${GROUPS_TIMES_RULES_MAX} ` +
        `(${groups.length} × ${largest.count} = ${product}), so no quota increase makes this interface valid. Merge groups or cut ${largest.groupId}'s rules (prefix lists count as their MaxEntries).`,
      resource,
      location: eni.source,
      related: ctx.index.groups.get(largest.groupId) ? [{ message: `largest group ${largest.groupId}`, location: ctx.index.groups.get(largest.groupId)!.source }] : [],
      key: 'groups-times-rules',
      fix: { summary: `Bring groups × rules per group to ${GROUPS_TIMES_RULES_MAX} or below.` },
      details: { quota: 'groups-times-rules', groups: groups.length, largestGroupId: largest.groupId, largestRuleCount: largest.count, product, max: GROUPS_TIMES_RULES_MAX },
    });
  }
  return out;
}
