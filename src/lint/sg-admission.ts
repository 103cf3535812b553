/**
 * What security groups admit: a key from every address, their world-CIDR rules, and (over address sets,
 * cached per lint run) the peers some interface's groups admit.
 */
import { cidrSet, isWorld, type Family } from '../net/address.js';
import { IntervalSet } from '../net/interval-set.js';
import type { Eni, SgDirection, SgRule } from '../model/snapshot.js';
import type { SnapshotIndex } from '../model/snapshot-index.js';
import { familyUniverse, protocolMatches, ruleKeys } from '../engine/match.js';
import { isStalePeering } from '../engine/sg.js';
import type { LintContext } from './types.js';

export interface EverywhereAdmission {
  /** The groups admit the key from every address of the family. */
  readonly admits: boolean;
  /** A prefix list whose entries the snapshot lacks might complete the answer. */
  readonly unknown: boolean;
  /** The rules whose CIDRs make up the admission. */
  readonly rules: readonly SgRule[];
}

/** Whether the groups' ingress (or egress) rules admit `protocol`/`key` from every address of `family`. */
export function admitsFromEverywhere(index: SnapshotIndex, groupIds: readonly string[], direction: SgDirection, protocol: number, key: number, family: Family): EverywhereAdmission {
  const byGroup = memoOf(everywhereOf, index, `${direction}|${protocol}|${key}|${family}`);
  let covered = IntervalSet.EMPTY;
  let unknown = false;
  const rules: SgRule[] = [];
  for (const groupId of groupIds) {
    let part = byGroup.get(groupId);
    if (!part) byGroup.set(groupId, (part = groupEverywhere(index, groupId, direction, protocol, key, family)));
    covered = covered.union(part.covered);
    if (part.unknown) unknown = true;
    for (const rule of part.rules) rules.push(rule);
  }
  const admits = covered.covers(familyUniverse(family));
  return { admits, unknown: !admits && unknown, rules: admits ? rules : [] };
}

/** One group's share of admitsFromEverywhere; made once per group and question (interfaces share groups). */
interface GroupEverywhere {
  readonly covered: IntervalSet;
  /** The group is missing, or names a prefix list whose entries the snapshot lacks. */
  readonly unknown: boolean;
  readonly rules: readonly SgRule[];
}

const everywhereOf = new WeakMap<SnapshotIndex, Map<string, Map<string, GroupEverywhere>>>();

function groupEverywhere(index: SnapshotIndex, groupId: string, direction: SgDirection, protocol: number, key: number, family: Family): GroupEverywhere {
  const group = index.groups.get(groupId);
  if (!group) return { covered: IntervalSet.EMPTY, unknown: true, rules: [] };
  let covered = IntervalSet.EMPTY;
  let unknown = false;
  const rules: SgRule[] = [];
  for (const rule of direction === 'ingress' ? group.ingress : group.egress) {
    if (!protocolMatches(rule.protocol, protocol) || !ruleKeys(rule).has(key)) continue;
    const peer = rule.peer;
    if (peer.kind === 'cidr' && peer.cidr.family === family) {
      covered = covered.union(cidrSet(peer.cidr));
      rules.push(rule);
    } else if (peer.kind === 'prefix-list') {
      const list = index.prefixLists.get(peer.prefixListId);
      if (!list?.cidrs) unknown = true;
      else for (const c of list.cidrs) if (c.family === family) covered = covered.union(cidrSet(c));
    }
  }
  return { covered, unknown, rules };
}

/** A world CIDR (0.0.0.0/0, ::/0) rule of the groups, in the given direction. */
export function worldRules(index: SnapshotIndex, groupIds: readonly string[], direction: SgDirection, family?: Family): SgRule[] {
  const byGroup = memoOf(worldRulesOf, index, `${direction}|${family ?? ''}`);
  const out: SgRule[] = [];
  for (const groupId of groupIds) {
    let rules = byGroup.get(groupId);
    if (!rules) {
      const group = index.groups.get(groupId);
      rules = ((direction === 'ingress' ? group?.ingress : group?.egress) ?? []).filter(
        (rule) => rule.peer.kind === 'cidr' && isWorld(rule.peer.cidr) && (family === undefined || rule.peer.cidr.family === family),
      );
      byGroup.set(groupId, rules);
    }
    for (const rule of rules) out.push(rule);
  }
  return out;
}

/** Asked once per interface and family, of groups that interfaces share: each group is scanned once. */
const worldRulesOf = new WeakMap<SnapshotIndex, Map<string, Map<string, readonly SgRule[]>>>();

/** The per-group memo of one question, for one index: the question's key is made once per call, not per group. */
function memoOf<T>(memos: WeakMap<SnapshotIndex, Map<string, Map<string, T>>>, index: SnapshotIndex, question: string): Map<string, T> {
  let byQuestion = memos.get(index);
  if (!byQuestion) memos.set(index, (byQuestion = new Map()));
  let byGroup = byQuestion.get(question);
  if (!byGroup) byQuestion.set(question, (byGroup = new Map()));
  return byGroup;
}

/**
 * The peers (within `peers`) for which some interface's groups admit the request — a live request. With
 * no interface to judge by, every peer counts. Interfaces without groups (NAT gateways) filter nothing,
 * and a group missing from the snapshot might admit anything: both count as admitting.
 *
 * Security groups have no deny, so the peers some group of the interfaces admits for the keys are the
 * union of the blocks of the rules that match the protocol and some of the keys: CIDRs, prefix-list
 * entries (a list whose entries the snapshot lacks might hold anyone), and the addresses of the
 * interfaces carrying a referenced group (matchPeer in engine/sg.ts). The rules are sorted out once per
 * set of interfaces, direction, protocol and family; each question is then one pass over them.
 */
export function admittedPeers(ctx: LintContext, enis: readonly Eni[], direction: SgDirection, protocol: number, family: Family, peers: IntervalSet, keys: IntervalSet): IntervalSet {
  if (enis.length === 0 || ctx.snapshot.securityGroups.length === 0 || peers.isEmpty()) return peers;
  const admissions = admissionsOf(ctx, enis, direction, protocol, family);
  if (admissions === 'anyone') return peers;
  const admitted = admittedFor(admissions, keys);
  return admitted === 'anyone' ? peers : peers.intersect(admitted);
}

/** Segments of one service share their keys: the union for a set of keys is made once per admissions. */
const unionsByKeys = new WeakMap<readonly Admission[], Map<string, IntervalSet | 'anyone'>>();

function admittedFor(admissions: readonly Admission[], keys: IntervalSet): IntervalSet | 'anyone' {
  let memo = unionsByKeys.get(admissions);
  if (!memo) unionsByKeys.set(admissions, (memo = new Map()));
  const memoKey = keys.bounds.join(',');
  let union = memo.get(memoKey);
  if (union === undefined) {
    const admitted: IntervalSet[] = [];
    let anyone = false;
    for (const a of admissions) {
      if (!a.keys.overlaps(keys)) continue;
      if (a.anyone) {
        anyone = true;
        break;
      }
      admitted.push(a.addresses);
    }
    union = anyone ? 'anyone' : IntervalSet.unionAll(admitted);
    memo.set(memoKey, union);
  }
  return union;
}

/** One rule's admission: the keys it matches and the peers it admits for them. */
interface Admission {
  readonly keys: IntervalSet;
  readonly addresses: IntervalSet;
  /** A prefix list whose entries the snapshot lacks: it might hold any peer. */
  readonly anyone: boolean;
}

/** By set of interfaces, then by question (direction, protocol, family). */
const admissionsByEnis = new WeakMap<LintContext, WeakMap<readonly Eni[], Map<string, readonly Admission[] | 'anyone'>>>();
/** By question, then by group (memoOf). */
const groupAdmissionsOf = new WeakMap<SnapshotIndex, Map<string, Map<string, readonly Admission[]>>>();

/**
 * The admissions of the interfaces' groups, one list for all of them. Only the admissions whose keys a
 * question asks about are ever merged (admittedFor): merging every key's addresses up front cost more than
 * the questions, which ask about a few service ports each.
 */
function admissionsOf(ctx: LintContext, enis: readonly Eni[], direction: SgDirection, protocol: number, family: Family): readonly Admission[] | 'anyone' {
  let byEnis = admissionsByEnis.get(ctx);
  if (!byEnis) admissionsByEnis.set(ctx, (byEnis = new WeakMap()));
  let byQuestion = byEnis.get(enis);
  if (!byQuestion) byEnis.set(enis, (byQuestion = new Map()));
  const question = `${direction}|${protocol}|${family}`;
  let answer = byQuestion.get(question);
  if (answer === undefined) {
    if (enis.some((e) => e.groupIds.length === 0 || e.groupIds.some((g) => !ctx.index.groups.has(g)))) answer = 'anyone';
    else {
      const groupIds = new Set<string>();
      for (const e of enis) for (const g of e.groupIds) groupIds.add(g);
      const byGroup = memoOf(groupAdmissionsOf, ctx.index, question);
      const all: Admission[] = [];
      for (const groupId of groupIds) {
        let list = byGroup.get(groupId);
        if (!list) byGroup.set(groupId, (list = groupAdmissions(ctx, groupId, direction, protocol, family)));
        for (const a of list) all.push(a);
      }
      answer = all;
    }
    byQuestion.set(question, answer);
  }
  return answer;
}

/** The admissions of one group's rules in one direction, for one protocol and family. */
function groupAdmissions(ctx: LintContext, groupId: string, direction: SgDirection, protocol: number, family: Family): Admission[] {
  const group = ctx.index.groups.get(groupId)!;
  const out: Admission[] = [];
  for (const rule of direction === 'ingress' ? group.ingress : group.egress) {
    if (!protocolMatches(rule.protocol, protocol)) continue;
    const keys = ruleKeys(rule);
    const p = rule.peer;
    if (p.kind === 'cidr') {
      if (p.cidr.family === family) out.push({ keys, addresses: cidrSet(p.cidr), anyone: false });
    } else if (p.kind === 'prefix-list') {
      const list = ctx.index.prefixLists.get(p.prefixListId);
      if (list?.cidrs === undefined) out.push({ keys, addresses: IntervalSet.EMPTY, anyone: true });
      else out.push({ keys, addresses: IntervalSet.unionAll(list.cidrs.filter((c) => c.family === family).map(cidrSet)), anyone: false });
    } else if (!isStalePeering(p.peeringStatus)) {
      out.push({ keys, addresses: ctx.index.memberSet(p.groupId, family), anyone: false });
    }
  }
  return out;
}
