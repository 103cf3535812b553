import { cidrContains, type IpAddress } from '../net/address.js';
import { IntervalSet } from '../net/interval-set.js';
import type { Eni, SgDirection, SgRule } from '../model/snapshot.js';
import type { SnapshotIndex } from '../model/snapshot-index.js';
import { protocolMatches, ruleKeys } from './match.js';

/** The other end of the packet, as a security group rule sees it. */
export interface SgPeerEndpoint {
  readonly address: IpAddress;
  /** The peer's ENI when it is one of the snapshot's: group references match through it. */
  readonly eni?: Eni;
}

export interface SgQuery {
  readonly groupIds: readonly string[];
  readonly direction: SgDirection;
  readonly protocol: number;
  readonly peer: SgPeerEndpoint;
  readonly keys: IntervalSet;
}

export type PeerMatch = 'match' | 'no-match' | 'unknown';

export interface SgEvaluation {
  /** Keys some rule allows for certain. */
  readonly allowed: IntervalSet;
  /** Keys allowed only if a prefix list whose entries we lack contains the peer. */
  readonly unknown: IntervalSet;
  /** Keys no rule allows. */
  readonly denied: IntervalSet;
  /** Rules that allow part of the query, each with the keys it allows. */
  readonly matches: readonly { readonly rule: SgRule; readonly keys: IntervalSet; readonly certainty: 'match' | 'unknown' }[];
  /** Groups named by the ENI that the snapshot does not hold. */
  readonly missingGroups: readonly string[];
}

/**
 * Security groups are a union of allow rules across all groups of an interface: order does not matter
 * and there is no deny. Replies are never evaluated here (stateful), only requests.
 */
export function evaluateSecurityGroups(index: SnapshotIndex, query: SgQuery): SgEvaluation {
  let allowed = IntervalSet.EMPTY;
  let unknown = IntervalSet.EMPTY;
  const matches: { rule: SgRule; keys: IntervalSet; certainty: 'match' | 'unknown' }[] = [];
  const missingGroups: string[] = [];
  for (const groupId of query.groupIds) {
    const group = index.groups.get(groupId);
    if (!group) {
      missingGroups.push(groupId);
      continue;
    }
    const rules = query.direction === 'ingress' ? group.ingress : group.egress;
    for (const rule of rules) {
      if (!protocolMatches(rule.protocol, query.protocol)) continue;
      const keys = ruleKeys(rule).intersect(query.keys);
      if (keys.isEmpty()) continue;
      const peerMatch = matchPeer(index, rule, query.peer);
      if (peerMatch === 'no-match') continue;
      matches.push({ rule, keys, certainty: peerMatch });
      if (peerMatch === 'match') allowed = allowed.union(keys);
      else unknown = unknown.union(keys);
    }
  }
  unknown = unknown.subtract(allowed);
  return { allowed, unknown, denied: query.keys.subtract(allowed).subtract(unknown), matches, missingGroups };
}

/**
 * Whether a rule's source/destination covers the peer.
 * - CIDR: same family and inside the block.
 * - Prefix list: its entries, or `unknown` when the snapshot lacks them (never guessed).
 * - Group reference: the private addresses of ENIs carrying the group; only ENIs we know, and never
 *   through a stale reference (peering deleted or rejected).
 */
export function matchPeer(index: SnapshotIndex, rule: SgRule, peer: SgPeerEndpoint): PeerMatch {
  const p = rule.peer;
  switch (p.kind) {
    case 'cidr':
      return cidrContains(p.cidr, peer.address) ? 'match' : 'no-match';
    case 'prefix-list': {
      const list = index.prefixLists.get(p.prefixListId);
      if (!list || list.cidrs === undefined) return 'unknown';
      return list.cidrs.some((c) => cidrContains(c, peer.address)) ? 'match' : 'no-match';
    }
    case 'group': {
      if (isStalePeering(p.peeringStatus)) return 'no-match';
      if (!peer.eni || !peer.eni.groupIds.includes(p.groupId)) return 'no-match';
      const ownsAddress = [...peer.eni.privateIps, ...peer.eni.ipv6s].some((a) => a.value === peer.address.value && a.family === peer.address.family);
      return ownsAddress ? 'match' : 'no-match';
    }
  }
}

const STALE_PEERING = new Set(['deleted', 'deleting', 'rejected', 'failed', 'expired']);

/** A peered group reference whose peering is gone never matches. */
export function isStalePeering(status: string | undefined): boolean {
  return status !== undefined && STALE_PEERING.has(status.toLowerCase());
}
