import { familyMax, type Cidr, type Family } from '../../net/address.js';
import type { SnapshotIndex } from '../../model/snapshot-index.js';

/**
 * The address space of one family cut at every CIDR boundary any rule can test: the first address of each
 * block and the address after its last. Between two cuts lies an *atom*: no NACL rule, security group CIDR
 * or prefix-list entry of the snapshot can tell two addresses of one atom apart, so an address may be
 * replaced by its atom without changing any answer. A block [lo, hi] is exactly the atoms
 * atomOf(lo)…atomOf(hi).
 */
export class AtomSpace {
  /** Sorted, distinct, each > 0: atom a is [cuts[a-1] (or 0), cuts[a] - 1]. */
  private readonly cuts: bigint[];
  private readonly ranges = new WeakMap<Cidr, readonly [number, number]>();

  constructor(
    readonly family: Family,
    cidrs: Iterable<Cidr>,
  ) {
    const max = familyMax(family);
    const set = new Set<bigint>();
    for (const c of cidrs) {
      if (c.family !== family) continue;
      if (c.lo > 0n) set.add(c.lo);
      if (c.hi < max) set.add(c.hi + 1n);
    }
    this.cuts = [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Every CIDR the snapshot's rules and prefix lists can match on. */
  static of(index: SnapshotIndex, family: Family): AtomSpace {
    const cidrs: Cidr[] = [];
    for (const n of index.snapshot.nacls) for (const r of [...n.inbound, ...n.outbound]) cidrs.push(r.cidr);
    for (const g of index.snapshot.securityGroups) {
      for (const r of [...g.ingress, ...g.egress]) if (r.peer.kind === 'cidr') cidrs.push(r.peer.cidr);
    }
    for (const p of index.snapshot.prefixLists) if (p.cidrs) cidrs.push(...p.cidrs);
    return new AtomSpace(family, cidrs);
  }

  get count(): number {
    return this.cuts.length + 1;
  }

  /** The atom holding an address: the number of cuts at or below it. */
  atomOf(value: bigint): number {
    let lo = 0;
    let hi = this.cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cuts[mid]! <= value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first address of an atom. */
  lowOf(atom: number): bigint {
    return atom === 0 ? 0n : this.cuts[atom - 1]!;
  }

  /** The atoms a block covers, inclusive; undefined for a block of the other family. */
  rangeOf(block: Cidr): readonly [number, number] | undefined {
    if (block.family !== this.family) return undefined;
    let r = this.ranges.get(block);
    if (!r) {
      r = [this.atomOf(block.lo), this.atomOf(block.hi)];
      this.ranges.set(block, r);
    }
    return r;
  }
}
