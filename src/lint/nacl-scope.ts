/**
 * What a NACL applies to: the subnets it filters, the interfaces in them, and the addresses whose
 * traffic never crosses it.
 */
import { cidrSet, type Family } from '../net/address.js';
import { IntervalSet } from '../net/interval-set.js';
import type { Eni, Nacl } from '../model/snapshot.js';
import type { SnapshotIndex } from '../model/snapshot-index.js';

/** Subnets filtered by the NACL: its explicit associations, and for a default NACL the VPC's unassociated subnets. */
export function naclSubnetIds(index: SnapshotIndex, nacl: Nacl): string[] {
  const ids = new Set(nacl.subnetIds);
  for (const s of index.subnetsFilteredBy(nacl)) ids.add(s.id);
  return [...ids].sort();
}

const enisBySubnet = new WeakMap<SnapshotIndex, Map<string, Eni[]>>();

export function enisInSubnets(index: SnapshotIndex, subnetIds: readonly string[]): Eni[] {
  let bySubnet = enisBySubnet.get(index);
  if (!bySubnet) {
    bySubnet = new Map();
    for (const e of index.snapshot.enis) {
      if (e.subnetId === undefined) continue;
      const list = bySubnet.get(e.subnetId);
      if (list) list.push(e);
      else bySubnet.set(e.subnetId, [e]);
    }
    enisBySubnet.set(index, bySubnet);
  }
  return [...new Set(subnetIds)].flatMap((id) => bySubnet.get(id) ?? []);
}

/**
 * Addresses whose traffic with the NACL's subnets never crosses the NACL: a NACL serving one subnet
 * does not see traffic inside that subnet. (With several subnets, traffic between them does cross it.)
 */
export function ownSubnetAddresses(index: SnapshotIndex, subnetIds: readonly string[], family: Family): IntervalSet {
  return subnetIds.length === 1 ? subnetAddresses(index, subnetIds[0]!, family) : IntervalSet.EMPTY;
}

const subnetSets = new WeakMap<SnapshotIndex, Map<string, IntervalSet>>();

/** A subnet's addresses in one family (empty for a subnet the snapshot lacks), made once per index. */
export function subnetAddresses(index: SnapshotIndex, subnetId: string, family: Family): IntervalSet {
  let memo = subnetSets.get(index);
  if (!memo) subnetSets.set(index, (memo = new Map()));
  const key = `${family}${subnetId}`;
  let set = memo.get(key);
  if (!set) {
    const cidrs = index.subnets.get(subnetId)?.cidrs ?? [];
    set = IntervalSet.unionAll(cidrs.filter((c) => c.family === family).map(cidrSet));
    memo.set(key, set);
  }
  return set;
}
