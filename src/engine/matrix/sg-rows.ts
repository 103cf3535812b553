import { ip } from '../../net/address.js';
import { PROTOCOL_ALL } from '../../model/protocol.js';
import type { Eni, SecurityGroup, SgRule } from '../../model/snapshot.js';
import type { SnapshotIndex } from '../../model/snapshot-index.js';
import { protocolMatches, ruleKeys } from '../match.js';
import { matchPeer } from '../sg.js';
import type { AtomSpace } from './atoms.js';
import { orInto, setBit, type Bits } from './bits.js';
import type { EniClass } from './classes.js';
import { trim, type FamilyLayout } from './layout.js';

/** A security group rule reduced to what the matrix asks of it; the same for every service. */
interface CompiledRule {
  readonly protocol: number;
  /** The keys (ports) it matches: one interval. */
  readonly keyLo: number;
  readonly keyHi: number;
  /** Atoms of its CIDR or of its prefix list's entries (flattened [lo, hi] pairs); empty for references. */
  readonly ranges: readonly number[];
  /** A live group reference. */
  readonly ref?: string;
  /** A prefix list whose entries the snapshot lacks. */
  readonly unknown: boolean;
}

/** Every group's rules compiled once per address family, shared by the services (see SgRows). */
export class CompiledGroups {
  private readonly ingress = new Map<SecurityGroup, readonly CompiledRule[]>();
  private readonly egress = new Map<SecurityGroup, readonly CompiledRule[]>();

  constructor(
    private readonly index: SnapshotIndex,
    private readonly atoms: AtomSpace,
  ) {}

  rules(group: SecurityGroup, direction: 'ingress' | 'egress'): readonly CompiledRule[] {
    const cache = direction === 'ingress' ? this.ingress : this.egress;
    let compiled = cache.get(group);
    if (!compiled) {
      compiled = (direction === 'ingress' ? group.ingress : group.egress).map((r) => this.compile(r)).filter((r): r is CompiledRule => r !== undefined);
      cache.set(group, compiled);
    }
    return compiled;
  }

  private compile(rule: SgRule): CompiledRule | undefined {
    const [keyLo, keyHi] = keyRange(rule);
    const peer = rule.peer;
    if (peer.kind === 'cidr') {
      const r = this.atoms.rangeOf(peer.cidr);
      return r ? { protocol: rule.protocol, keyLo, keyHi, ranges: [r[0], r[1]], unknown: false } : undefined;
    }
    if (peer.kind === 'prefix-list') {
      const list = this.index.prefixLists.get(peer.prefixListId);
      if (list?.cidrs === undefined) return { protocol: rule.protocol, keyLo, keyHi, ranges: [], unknown: true };
      const ranges: number[] = [];
      for (const block of list.cidrs) {
        const r = this.atoms.rangeOf(block);
        if (r) ranges.push(r[0], r[1]);
      }
      return ranges.length ? { protocol: rule.protocol, keyLo, keyHi, ranges, unknown: false } : undefined;
    }
    return referenceIsLive(this.index, rule, peer.groupId) ? { protocol: rule.protocol, keyLo, keyHi, ranges: [], ref: peer.groupId, unknown: false } : undefined;
  }
}

/** The one interval of keys ruleKeys(rule) holds, without building the set for the common cases. */
function keyRange(rule: SgRule): readonly [number, number] {
  if (rule.protocol === PROTOCOL_ALL) return [0, 65535];
  if (rule.ports) return [rule.ports.from, rule.ports.to];
  const keys = ruleKeys(rule).bounds;
  return keys.length > 0 ? [Number(keys[0]), Number(keys[1])] : [1, 0];
}

/** What the rules of one direction allow for one service, over atoms and groups. */
interface SideSpec {
  /** Atom ranges [lo, hi] (inclusive), sorted and merged, flattened. */
  readonly ranges: readonly number[];
  /** Groups whose members the rules name (live references only). */
  readonly refs: readonly string[];
  /** A matching rule names a prefix list whose entries the snapshot lacks. */
  readonly unknown: boolean;
}

/**
 * Security group answers for one service and address family, as bit rows over the layout's columns:
 * - egress of a source class: the destinations one of its groups' egress rules allows (CIDR and prefix-list
 *   entries through atoms, group references through the groups a destination carries);
 * - ingress toward a source class: the destinations whose groups admit it — by the source's atom (a sweep
 *   over atoms builds one row per source atom) or by a group the source carries (one row per group).
 * Unknown (a prefix list without entries, a group missing from the snapshot) stays apart from allowed.
 */
export class SgRows {
  private readonly ingressSpecs = new Map<SecurityGroup, SideSpec>();
  private readonly egressSpecs = new Map<SecurityGroup, SideSpec>();
  private readonly egressByKey = new Map<string, Bits>();
  private readonly ingressOfClass = new Map<number, SideSpec>();
  private readonly admitByAtom = new Map<number, Bits>();
  /** Per group: the destination columns whose ingress names it — a bit row when long, else a column list. */
  private readonly admitByGroup = new Map<string, Bits | number[]>();
  /** Destinations that admit everything (no group on the ENI, or no group in the snapshot). */
  private readonly alwaysAdmit: Bits;
  /** Destinations whose ingress answer is unknown where not allowed. */
  readonly ingressUnknown: Bits;

  constructor(
    private readonly compiled: CompiledGroups,
    private readonly layout: FamilyLayout,
    private readonly protocol: number,
    private readonly port: number,
    /** The snapshot holds no security group at all: traceFlow does not evaluate them. */
    private readonly unevaluated: boolean,
  ) {
    const W = layout.words;
    this.alwaysAdmit = unevaluated ? allOnes(W, layout.columns) : layout.noGroups;
    this.ingressUnknown = new Uint32Array(W);
    if (!unevaluated) this.buildIngress();
  }

  /** Writes the destinations a source class's egress allows into `out`; returns whether the rest is unknown. */
  egress(c: EniClass, out: Bits): boolean {
    if (this.unevaluated || c.groupIds.length === 0) {
      out.fill(0xffffffff);
      trim(out, this.layout.columns);
      return false;
    }
    out.fill(0);
    let unknown = c.missingGroups;
    for (const g of c.groups) {
      const spec = this.spec(g, 'egress');
      unknown ||= spec.unknown;
      orInto(out, this.egressRow(spec));
    }
    return unknown;
  }

  /** Writes the destinations whose ingress admits the source class into `out`. */
  ingress(c: EniClass, out: Bits): void {
    out.set(this.alwaysAdmit);
    if (this.unevaluated) return;
    const byAtom = this.admitByAtom.get(c.atoms[this.layout.family]);
    if (byAtom) orInto(out, byAtom);
    for (const g of c.groupIds) {
      const row = this.admitByGroup.get(g);
      if (row instanceof Uint32Array) orInto(out, row);
      else if (row) for (const j of row) out[j >>> 5]! |= 1 << (j & 31);
    }
  }

  private egressRow(spec: SideSpec): Bits {
    const key = `${spec.ranges.join(',')}|${spec.refs.join(',')}`;
    let row = this.egressByKey.get(key);
    if (!row) {
      row = new Uint32Array(this.layout.words);
      for (let i = 0; i < spec.ranges.length; i += 2) this.layout.setAtomRange(row, spec.ranges[i]!, spec.ranges[i + 1]!);
      for (const ref of spec.refs) for (const j of this.layout.columnsOfGroup.get(ref) ?? []) setBit(row, j);
      this.egressByKey.set(key, row);
    }
    return row;
  }

  private buildIngress(): void {
    const L = this.layout;
    // Destination side: each column's ingress spec (the union over its class's groups).
    // Events: a column turns on at the first atom of an ingress range and off after its last. Atom
    // positions are small integers, so the events are bucketed by position (counting sort).
    const on: number[] = [];
    const off: number[] = [];
    for (let j = 0; j < L.columns; j++) {
      const c = L.classes[this.classSlot(L.colClass[j]!)]!;
      if (c.groupIds.length === 0) continue;
      const spec = this.classIngress(c);
      if (spec.unknown) setBit(this.ingressUnknown, j);
      for (let i = 0; i < spec.ranges.length; i += 2) {
        on.push(spec.ranges[i]!, j);
        off.push(spec.ranges[i + 1]! + 1, j);
      }
      for (const ref of spec.refs) {
        const list = this.admitByGroup.get(ref) as number[] | undefined;
        if (list) list.push(j);
        else this.admitByGroup.set(ref, [j]);
      }
    }
    // A reference admitting many columns is cheaper to OR as a bit row than to set bit by bit.
    for (const [ref, list] of this.admitByGroup) {
      if ((list as number[]).length <= L.words) continue;
      const row = new Uint32Array(L.words);
      for (const j of list as number[]) setBit(row, j);
      this.admitByGroup.set(ref, row);
    }
    // Source side: one row per source atom, by a sweep over atoms (a column is on while an ingress range of
    // its groups covers the atom). Consecutive atoms without a change share their row.
    const sourceAtoms = [...new Set(L.classes.map((c) => c.atoms[L.family]))].sort((a, b) => a - b);
    const last = sourceAtoms[sourceAtoms.length - 1] ?? 0;
    const bucket = (list: number[]) => {
      const start = new Int32Array(last + 2);
      for (let i = 0; i < list.length; i += 2) if (list[i]! <= last) start[list[i]! + 1]!++;
      for (let p = 0; p <= last; p++) start[p + 1]! += start[p]!;
      const columns = new Int32Array(start[last + 1]!);
      const fill = start.slice(0, last + 1);
      for (let i = 0; i < list.length; i += 2) if (list[i]! <= last) columns[fill[list[i]!]!++] = list[i + 1]!;
      return { start, columns };
    };
    const ons = bucket(on);
    const offs = bucket(off);
    const cover = new Int32Array(L.columns);
    const current = new Uint32Array(L.words);
    let row: Bits | undefined;
    let position = 0;
    for (const atom of sourceAtoms) {
      let changed = false;
      for (; position <= atom; position++) {
        for (let e = ons.start[position]!; e < ons.start[position + 1]!; e++) {
          const j = ons.columns[e]!;
          if (cover[j]!++ === 0) current[j >>> 5]! |= 1 << (j & 31);
          changed = true;
        }
        for (let e = offs.start[position]!; e < offs.start[position + 1]!; e++) {
          const j = offs.columns[e]!;
          if (--cover[j]! === 0) current[j >>> 5]! &= ~(1 << (j & 31));
          changed = true;
        }
      }
      if (changed || !row) row = current.slice();
      this.admitByAtom.set(atom, row);
    }
  }

  private slots: Map<number, number> | undefined;

  private classSlot(classIndex: number): number {
    if (!this.slots) this.slots = new Map(this.layout.classes.map((c, i) => [c.index, i]));
    return this.slots.get(classIndex)!;
  }

  private classIngress(c: EniClass): SideSpec {
    let spec = this.ingressOfClass.get(c.index);
    if (!spec) {
      const parts = c.groups.map((g) => this.spec(g, 'ingress'));
      spec = {
        ranges: mergeRanges(parts.flatMap((p) => pairs(p.ranges))),
        refs: [...new Set(parts.flatMap((p) => p.refs))].sort(),
        unknown: c.missingGroups || parts.some((p) => p.unknown),
      };
      this.ingressOfClass.set(c.index, spec);
    }
    return spec;
  }

  /** The rules of one group and direction that can match this service, reduced to atoms and groups. */
  private spec(group: SecurityGroup, direction: 'ingress' | 'egress'): SideSpec {
    const cache = direction === 'ingress' ? this.ingressSpecs : this.egressSpecs;
    let spec = cache.get(group);
    if (spec) return spec;
    const ranges: (readonly [number, number])[] = [];
    const refs = new Set<string>();
    let unknown = false;
    for (const rule of this.compiled.rules(group, direction)) {
      if (!protocolMatches(rule.protocol, this.protocol) || this.port < rule.keyLo || this.port > rule.keyHi) continue;
      if (rule.unknown) unknown = true;
      if (rule.ref !== undefined) refs.add(rule.ref);
      for (let i = 0; i < rule.ranges.length; i += 2) ranges.push([rule.ranges[i]!, rule.ranges[i + 1]!]);
    }
    spec = { ranges: mergeRanges(ranges), refs: [...refs].sort(), unknown };
    cache.set(group, spec);
    return spec;
  }
}

/**
 * A group reference matches the members of the group unless it is stale. Asked of the engine itself
 * (matchPeer) with a member standing in, so that the two can never disagree on what "stale" means.
 */
function referenceIsLive(index: SnapshotIndex, rule: SgRule, groupId: string): boolean {
  const member: Eni = { ...PROBE_ENI, groupIds: [groupId] };
  return matchPeer(index, rule, { address: PROBE_ADDRESS, eni: member }) === 'match';
}

const PROBE_ADDRESS = ip('10.0.0.1');
const PROBE_ENI: Eni = { id: 'eni-probe', privateIps: [PROBE_ADDRESS], ipv6s: [], groupIds: [], tags: {}, source: { file: '(matrix)', pointer: '' } };

function pairs(flat: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

function mergeRanges(list: readonly (readonly [number, number])[]): number[] {
  const sorted = [...list].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: number[] = [];
  for (const [lo, hi] of sorted) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1) out[n - 1] = Math.max(out[n - 1]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

function allOnes(words: number, columns: number): Bits {
  const b = new Uint32Array(words).fill(0xffffffff);
  trim(b, columns);
  return b;
}
