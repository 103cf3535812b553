import type { Family } from '../../net/address.js';
import { setBit, wordCount, type Bits } from './bits.js';
import type { EniClass } from './classes.js';

/** What a NACL sees of a destination (or source): its subnet — hence its NACL — and the atom of its address. */
export interface NaclKey {
  readonly subnetId: string | undefined;
  readonly subnetKnown: boolean;
  readonly nacl: EniClass['nacl'];
  readonly atom: number;
}

/**
 * The destination side of the matrix for one address family, laid out for bit sets. A *column* is one
 * (class, destination group) membership — a class in several groups (`--by sg`) has one column per group —
 * weighted by the class's number of ENIs. Columns are sorted by *NACL key* (subnet and address atom), then
 * by destination group, so that each NACL key is one contiguous *block*: within a block every NACL answer is
 * the same and only security groups still differ from column to column.
 */
export class FamilyLayout {
  /** Source classes (rows) and destination classes: those with an address of this family. */
  readonly classes: readonly EniClass[];
  readonly columns: number;
  readonly words: number;
  readonly colClass: Int32Array;
  readonly colAtom: Int32Array;
  readonly colWeight: Int32Array;
  readonly colGroup: Int32Array;
  readonly colNacl: Int32Array;
  readonly naclKeys: readonly NaclKey[];
  /** Columns of NACL key k: blockStart[k] … blockStart[k + 1] - 1. */
  readonly blockStart: Int32Array;
  /** The block's group when all its columns are in one group and weigh one ENI each (a popcount counts it), else -1. */
  readonly blockSingle: Int32Array;
  /** Columns of each class (its own columns, where the ENI would meet itself). */
  readonly ownColumns: Map<number, number[]>;
  /** Columns ordered by atom, with the start of each atom's run. */
  readonly atomList: Int32Array;
  readonly atomStart: Int32Array;
  readonly columnsByAtom: Int32Array;
  /** Columns whose class carries a group id. */
  readonly columnsOfGroup: Map<string, number[]>;
  /** Columns whose ENIs also have IPv4 (relevant for the IPv6 pass). */
  readonly has4: Bits;
  /** Columns whose ENIs carry no security group: none filters them. */
  readonly noGroups: Bits;
  /** ENIs of each destination group in this family; and those without IPv4. */
  readonly groupWeight: Float64Array;
  readonly groupWeightNo4: Float64Array;

  constructor(
    readonly family: Family,
    all: readonly EniClass[],
    groups: number,
  ) {
    this.classes = all.filter((c) => c.atoms[family] >= 0);
    const naclIndex = new Map<string, number>();
    const naclKeys: NaclKey[] = [];
    const raw: { cls: EniClass; group: number; nk: number }[] = [];
    for (const c of this.classes) {
      const key = `${c.subnetId ?? ''}\u0000${c.atoms[family]}`;
      let nk = naclIndex.get(key);
      if (nk === undefined) {
        nk = naclKeys.length;
        naclIndex.set(key, nk);
        naclKeys.push({ subnetId: c.subnetId, subnetKnown: c.subnetKnown, nacl: c.nacl, atom: c.atoms[family] });
      }
      for (const group of c.axis) raw.push({ cls: c, group, nk });
    }
    raw.sort((a, b) => a.nk - b.nk || a.group - b.group || a.cls.index - b.cls.index);
    this.naclKeys = naclKeys;

    const K = raw.length;
    this.columns = K;
    this.words = wordCount(K);
    this.colClass = new Int32Array(K);
    this.colAtom = new Int32Array(K);
    this.colWeight = new Int32Array(K);
    this.colGroup = new Int32Array(K);
    this.colNacl = new Int32Array(K);
    this.has4 = new Uint32Array(this.words);
    this.noGroups = new Uint32Array(this.words);
    this.ownColumns = new Map();
    this.columnsOfGroup = new Map();
    this.groupWeight = new Float64Array(groups);
    this.groupWeightNo4 = new Float64Array(groups);
    const N = naclKeys.length;
    this.blockStart = new Int32Array(N + 1);
    this.blockSingle = new Int32Array(N).fill(-1);
    raw.forEach((r, j) => {
      const w = r.cls.members.length;
      this.colClass[j] = r.cls.index;
      this.colAtom[j] = r.cls.atoms[family];
      this.colWeight[j] = w;
      this.colGroup[j] = r.group;
      this.colNacl[j] = r.nk;
      this.blockStart[r.nk + 1]!++;
      this.groupWeight[r.group]! += w;
      if (r.cls.atoms[4] >= 0) setBit(this.has4, j);
      else this.groupWeightNo4[r.group]! += w;
      if (r.cls.groupIds.length === 0) setBit(this.noGroups, j);
      push(this.ownColumns, r.cls.index, j);
      for (const g of r.cls.groupIds) push(this.columnsOfGroup, g, j);
    });
    for (let k = 0; k < N; k++) {
      this.blockStart[k + 1]! += this.blockStart[k]!;
      const start = this.blockStart[k]!;
      const end = this.blockStart[k + 1]!;
      let single = this.colGroup[start]!;
      for (let j = start; j < end; j++) if (this.colGroup[j] !== single || this.colWeight[j] !== 1) single = -1;
      this.blockSingle[k] = single;
    }

    const colAtom = this.colAtom;
    const byAtom = Array.from({ length: K }, (_, j) => j).sort((a, b) => colAtom[a]! - colAtom[b]! || a - b);
    this.columnsByAtom = Int32Array.from(byAtom);
    const atomList: number[] = [];
    const atomStart: number[] = [];
    byAtom.forEach((j, i) => {
      const atom = colAtom[j]!;
      if (atomList[atomList.length - 1] !== atom) {
        atomList.push(atom);
        atomStart.push(i);
      }
    });
    atomStart.push(K);
    this.atomList = Int32Array.from(atomList);
    this.atomStart = Int32Array.from(atomStart);
  }

  /** Sets the columns whose atom lies in [lo, hi] (atom indices, inclusive). */
  setAtomRange(bits: Bits, lo: number, hi: number): void {
    const from = lowerBound(this.atomList, lo);
    const to = lowerBound(this.atomList, hi + 1);
    if (from >= to) return;
    const start = this.atomStart[from]!;
    const end = this.atomStart[to]!;
    if (start === 0 && end === this.columns) {
      bits.fill(0xffffffff);
      trim(bits, this.columns);
      return;
    }
    for (let i = start; i < end; i++) setBit(bits, this.columnsByAtom[i]!);
  }
}

/** Clears the bits past the last column, so that "all ones" never counts columns that do not exist. */
export function trim(bits: Bits, columns: number): void {
  const rest = columns & 31;
  if (rest !== 0 && bits.length > 0) bits[bits.length - 1]! &= (1 << rest) - 1;
}

function lowerBound(list: Int32Array, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
