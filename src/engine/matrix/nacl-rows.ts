import { IntervalSet } from '../../net/interval-set.js';
import type { Nacl, NaclRule } from '../../model/snapshot.js';
import { familyUniverse } from '../match.js';
import { evaluateNacl } from '../nacl.js';
import type { AtomSpace } from './atoms.js';
import type { NaclKey } from './layout.js';

/** NACL outcome of a (source, destination NACL key) pair: the request is denied or no reply gets back. */
export const BLOCKED = -1;
/** Request allowed and replies get back to every client port. */
export const OPEN = 0;
// Codes ≥ 1: request allowed, replies get back to part of the client ports (NaclRows.fraction(code)).

export interface NaclOutcomes {
  /** Per destination NACL key: BLOCKED, OPEN or a partial code. */
  readonly codes: Int32Array;
  /** The keys that are not BLOCKED, ascending. */
  readonly open: Int32Array;
}

/** One NACL direction for one key set: the allowed keys of each region of atoms. */
interface RegionTable {
  /** First atom of each region, ascending, starting at 0. */
  readonly starts: Int32Array;
  /** Interned allowed key set of each region. */
  readonly allowed: Int32Array;
}

/**
 * The NACL side of the matrix for one service and address family. A NACL direction is evaluated once per
 * region of its own rules' CIDR boundaries (every atom of a region meets the same rules), with the engine's
 * own first-match evaluator (NaclTables); the request (the service port) and the reply (the client's
 * ephemeral range) are two key sets. Pair outcomes are then table look-ups: the request needs the source subnet's outbound and the
 * destination subnet's inbound list, the reply the destination's outbound and the source's inbound list, to
 * the client port. Traffic inside one subnet is not filtered by NACLs; a subnet without a NACL (or outside
 * the snapshot) is not evaluated.
 */
export class NaclRows {
  /** Per client range id: (allowed back id, allowed in id) → outcome code. */
  private readonly replies = new Map<number, Map<number, number>>();
  private readonly fractions: number[] = [Number.NaN];
  private readonly outcomeRows = new Map<string, NaclOutcomes>();
  /** Outcome rows over filter keys, by (source NACL, atom, client range): shared by the subnets of a NACL. */
  private readonly baseRows = new Map<string, Int32Array>();
  private cachedEntries = 0;
  private readonly portSet: number;
  /** Destinations as the NACLs see them: (the NACL that filters them, atom). */
  private readonly filterKeys: { readonly nacl: Nacl | undefined; readonly atom: number }[] = [];
  /** NACL key → filter key. */
  private readonly filterOf: Int32Array;

  constructor(
    private readonly tables: NaclTables,
    port: number,
    private readonly naclKeys: readonly NaclKey[],
  ) {
    this.portSet = tables.intern(IntervalSet.of(port));
    const index = new Map<string, number>();
    this.filterOf = new Int32Array(naclKeys.length);
    naclKeys.forEach((k, i) => {
      const nacl = k.subnetKnown ? k.nacl : undefined;
      const key = `${nacl?.id ?? ''}\u0000${k.atom}`;
      let f = index.get(key);
      if (f === undefined) {
        f = this.filterKeys.length;
        this.filterKeys.push({ nacl, atom: k.atom });
        index.set(key, f);
      }
      this.filterOf[i] = f;
    });
  }

  /** Share of the client range whose replies get back, for a partial code. */
  fraction(code: number): number {
    return this.fractions[code]!;
  }

  /** Outcome of the source (its subnet, atom and client range) toward every destination NACL key. */
  outcomes(source: NaclKey, clientPorts: readonly [number, number]): NaclOutcomes {
    const cacheKey = `${source.subnetId ?? ''}\u0000${source.atom}\u0000${clientPorts[0]}-${clientPorts[1]}`;
    let row = this.outcomeRows.get(cacheKey);
    if (row) return row;
    const srcNacl = source.subnetKnown ? source.nacl : undefined;
    const baseKey = `${srcNacl?.id ?? ''}\u0000${source.atom}\u0000${clientPorts[0]}-${clientPorts[1]}`;
    let base = this.baseRows.get(baseKey);
    if (!base) {
      const range = this.tables.intern(IntervalSet.of(clientPorts[0], clientPorts[1]));
      base = new Int32Array(this.filterKeys.length);
      for (let f = 0; f < this.filterKeys.length; f++) base[f] = this.outcome(srcNacl, source.atom, this.filterKeys[f]!, range);
      this.remember(this.baseRows, baseKey, base, base.length);
    }
    // Traffic inside one subnet is not filtered by its NACL.
    const codes = new Int32Array(this.naclKeys.length);
    const open: number[] = [];
    for (let k = 0; k < this.naclKeys.length; k++) {
      const code = source.subnetKnown && source.subnetId === this.naclKeys[k]!.subnetId ? OPEN : base[this.filterOf[k]!]!;
      codes[k] = code;
      if (code !== BLOCKED) open.push(k);
    }
    row = { codes, open: Int32Array.from(open) };
    this.remember(this.outcomeRows, cacheKey, row, codes.length);
    return row;
  }

  /** Bounded caches: rows are reused by every source class of the same subnet (or NACL) and atom. */
  private remember<V>(cache: Map<string, V>, key: string, value: V, entries: number): void {
    if (this.cachedEntries + entries > 8_000_000) {
      this.outcomeRows.clear();
      this.baseRows.clear();
      this.cachedEntries = 0;
    }
    cache.set(key, value);
    this.cachedEntries += entries;
  }

  /** Request and reply between different subnets: the source's NACL (if any) at srcAtom, toward dst. */
  private outcome(srcNacl: Nacl | undefined, srcAtom: number, dst: { readonly nacl: Nacl | undefined; readonly atom: number }, range: number): number {
    const dstNacl = dst.nacl;
    if (srcNacl && this.tables.lookup(srcNacl, true, this.portSet, dst.atom) !== this.portSet) return BLOCKED;
    if (dstNacl && this.tables.lookup(dstNacl, false, this.portSet, srcAtom) !== this.portSet) return BLOCKED;
    const back = dstNacl ? this.tables.lookup(dstNacl, true, range, srcAtom) : range;
    const into = srcNacl ? this.tables.lookup(srcNacl, false, range, dst.atom) : range;
    let memo = this.replies.get(range);
    if (!memo) {
      memo = new Map();
      this.replies.set(range, memo);
    }
    const pair = back * 1_048_576 + into;
    let code = memo.get(pair);
    if (code === undefined) {
      const full = this.tables.set(range);
      const allowed = this.tables.set(back).intersect(this.tables.set(into));
      if (allowed.isEmpty()) code = BLOCKED;
      else if (allowed.equals(full)) code = OPEN;
      else {
        code = this.fractions.length;
        this.fractions.push(allowed.sizeNumber() / full.sizeNumber());
      }
      memo.set(pair, code);
    }
    return code;
  }
}

/**
 * The NACL region tables of one address family and protocol, shared by the services: a direction of a NACL
 * is evaluated once per key set (a service port, a client range), whichever service asks.
 */
export class NaclTables {
  /** Per NACL: its tables, at egress (0/1) + 2 × key set id. */
  private readonly tables = new Map<Nacl, RegionTable[]>();
  private readonly sets: IntervalSet[] = [];
  private readonly setIds = new Map<string, number>();

  constructor(
    private readonly atoms: AtomSpace,
    private readonly protocol: number,
  ) {}

  set(id: number): IntervalSet {
    return this.sets[id]!;
  }

  /** Interned set of keys a NACL direction allows at an atom (its allowed set ∩ `keys`). */
  lookup(nacl: Nacl, egress: boolean, keys: number, atom: number): number {
    const table = this.table(nacl, egress, keys);
    const starts = table.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= atom) lo = mid;
      else hi = mid - 1;
    }
    return table.allowed[lo]!;
  }

  private table(nacl: Nacl, egress: boolean, keys: number): RegionTable {
    let own = this.tables.get(nacl);
    if (!own) {
      own = [];
      this.tables.set(nacl, own);
    }
    const slot = (egress ? 1 : 0) + 2 * keys;
    let table = own[slot];
    if (table) return table;
    const rules: readonly NaclRule[] = egress ? nacl.outbound : nacl.inbound;
    const cuts = new Set<number>([0]);
    for (const r of rules) {
      const range = this.atoms.rangeOf(r.cidr);
      if (!range) continue;
      cuts.add(range[0]);
      if (range[1] + 1 < this.atoms.count) cuts.add(range[1] + 1);
    }
    const starts = Int32Array.from([...cuts].sort((a, b) => a - b));
    const allowed = new Int32Array(starts.length);
    // One evaluation over every address of the family; each region then reads the allowed keys of the
    // segments holding its first address (every address of a region meets the same rules).
    const segments = evaluateNacl(rules, {
      protocol: this.protocol,
      family: this.atoms.family,
      addresses: familyUniverse(this.atoms.family),
      keys: this.sets[keys]!,
    }).filter((seg) => seg.action === 'allow');
    for (let i = 0; i < starts.length; i++) {
      const address = this.atoms.lowOf(starts[i]!);
      let keysHere = IntervalSet.EMPTY;
      for (const seg of segments) if (seg.addresses.has(address)) keysHere = keysHere.union(seg.keys);
      allowed[i] = this.intern(keysHere);
    }
    table = { starts, allowed };
    own[slot] = table;
    return table;
  }

  intern(set: IntervalSet): number {
    // Canonical bounds: equal sets, and only they, have the same text.
    const key = set.bounds.join(',');
    let id = this.setIds.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.setIds.set(key, id);
    }
    return id;
  }
}
