import { InputError } from '../model/errors.js';
import { TCP, UDP } from '../model/protocol.js';
import type { SnapshotIndex } from '../model/snapshot-index.js';
import type { Family } from '../net/address.js';
import { parseClientPorts } from './client-ports.js';
import { popcount, wordMask, type Bits } from './matrix/bits.js';
import { classify, type Classification, type EniClass, type MatrixGroup, type MatrixGroupBy } from './matrix/classes.js';
import { FamilyLayout } from './matrix/layout.js';
import { BLOCKED, NaclRows, NaclTables, OPEN } from './matrix/nacl-rows.js';
import { CompiledGroups, SgRows } from './matrix/sg-rows.js';
import { VERDICTS, type ClientPortChoice, type Verdict } from './types.js';

export type { MatrixGroup, MatrixGroupBy } from './matrix/classes.js';

/** A service the matrix asks about: every source ENI as the client, every destination ENI as the server. */
export interface MatrixService {
  readonly name: string;
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  /** `lo-hi` or a profile; inferred from each client (as `synack trace` does) when absent. */
  readonly clientPorts?: string;
}

export interface MatrixOptions {
  readonly services: readonly MatrixService[];
  readonly by: MatrixGroupBy;
  /** Client ports for the services that do not name theirs. */
  readonly clientPorts?: string;
  /** Record one example pair per cell and verdict (default true); off, rows come faster. */
  readonly examples?: boolean;
}

export interface ResolvedService {
  readonly name: string;
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  /** Undefined: inferred per client ENI. */
  readonly clientPorts?: ClientPortChoice;
}

/**
 * Verdict of a cell (see cellVerdict): that of all its pairs when they agree; `mixed` when its pairs do not
 * all have the same verdict; `none` for a cell without (traced) pairs. A `partial` cell is one whose every
 * pair is partial (replies get back to only part of the client's ephemeral ports), never a mix.
 */
export type MatrixVerdict = Verdict | 'mixed' | 'none';

/** Every cell verdict, in the order the reporters list them. */
export const MATRIX_VERDICTS: readonly MatrixVerdict[] = ['reachable', 'partial', 'unreachable', 'unknown', 'mixed', 'none'];

export interface MatrixCounts {
  readonly reachable: number;
  readonly partial: number;
  readonly unreachable: number;
  readonly unknown: number;
  /** Pairs the engine cannot trace: the two ENIs share no address family. */
  readonly skipped: number;
}

/** One ENI pair of a cell, by ENI id: `synack trace --from <from> --to <to>` shows why. */
export interface PairExample {
  readonly from: string;
  readonly to: string;
}

export interface MatrixCell {
  /** Index into the matrix's groups. */
  readonly destination: number;
  /** Index into the matrix's services. */
  readonly service: number;
  readonly verdict: MatrixVerdict;
  /** ENI pairs (source ENI ≠ destination ENI). */
  readonly pairs: number;
  readonly counts: MatrixCounts;
  /** For partial pairs: the share of client ports whose replies get back (min, max, mean over the pairs). */
  readonly partialFraction?: { readonly min: number; readonly max: number; readonly mean: number };
  /** One pair of each verdict present (a mixed cell has several; see explainingPairs). */
  readonly examples: Readonly<Partial<Record<Verdict, PairExample>>>;
}

/**
 * The cell verdict from its pair counts: the one verdict its pairs share, `mixed` when they have more than
 * one (whatever the two are: reachable and unreachable, partial and reachable, unknown and anything), `none`
 * without pairs. Skipped pairs (no shared address family) have no verdict and do not count.
 */
export function cellVerdict(c: Omit<MatrixCounts, 'skipped'>): MatrixVerdict {
  let verdict: MatrixVerdict = 'none';
  for (const v of VERDICTS) {
    if (c[v] === 0) continue;
    if (verdict !== 'none') return 'mixed';
    verdict = v;
  }
  return verdict;
}

const REACHABLE = 0;
const PARTIAL = 1;
const UNREACHABLE = 2;
const UNKNOWN = 3;
/** Verdict slots of the counts and examples arrays: VERDICTS' order. */
const SLOT_VERDICTS = VERDICTS;
const VERDICT_CODES = MATRIX_VERDICTS;

/** Per service and address family: the precomputed security group and NACL answers. */
interface ServiceFamily {
  readonly sg: SgRows;
  readonly nacl: NaclRows;
}

interface FamilyState {
  readonly layout: FamilyLayout;
  readonly services: readonly ServiceFamily[];
  /** Scratch rows. */
  readonly egress: Bits;
  readonly ingress: Bits;
  readonly allow: Bits;
  readonly unknown: Bits;
  /** NACL blocks holding the source's own columns, marked with the current stamp. */
  readonly mark: Int32Array;
  stamp: number;
}

/** The numbers of one source row, for every (destination, service) cell i = destination * services + service. */
interface RowData {
  /** [i * 4 + slot]: pairs by verdict. */
  readonly counts: Float64Array;
  /** [destination]: pairs that share an address family (the rest are skipped); the same for every service. */
  readonly traced: Float64Array;
  /** [destination]: all ENI pairs. */
  readonly pairs: Float64Array;
  readonly fractionSum: Float64Array;
  readonly fractionMin: Float64Array;
  readonly fractionMax: Float64Array;
  /** [i * 8 + slot * 2 + 0/1]: ENI indices of one example pair, -1 when none. */
  readonly examples: Int32Array;
  /** [i]: index into VERDICT_CODES. */
  readonly verdicts: Uint8Array;
}

/**
 * One source group's row: every destination group with every service. Backed by typed arrays, so that a
 * large matrix streams without an object per cell; `cells` builds the objects for those who want them.
 */
export class MatrixRow {
  private built: MatrixCell[] | undefined;

  constructor(
    /** Index into the matrix's groups. */
    readonly source: number,
    private readonly data: RowData,
    private readonly services: number,
    private readonly eniIds: readonly string[],
  ) {}

  /** Number of cells: destinations × services. */
  get length(): number {
    return this.data.verdicts.length;
  }

  destination(i: number): number {
    return Math.floor(i / this.services);
  }

  service(i: number): number {
    return i % this.services;
  }

  verdict(i: number): MatrixVerdict {
    return VERDICT_CODES[this.data.verdicts[i]!]!;
  }

  count(i: number, verdict: Verdict): number {
    return this.data.counts[i * 4 + SLOT_VERDICTS.indexOf(verdict)]!;
  }

  pairs(i: number): number {
    return this.data.pairs[this.destination(i)]!;
  }

  skipped(i: number): number {
    const y = this.destination(i);
    return this.data.pairs[y]! - this.data.traced[y]!;
  }

  /** min, max, mean share of client ports over the partial pairs; undefined without partial pairs. */
  partialFraction(i: number): { min: number; max: number; mean: number } | undefined {
    const partial = this.data.counts[i * 4 + PARTIAL]!;
    if (partial === 0) return undefined;
    return { min: round(this.data.fractionMin[i]!), max: round(this.data.fractionMax[i]!), mean: round(this.data.fractionSum[i]! / partial) };
  }

  /** ENI id of the example pair's source (`end` 0) or destination (1) for a verdict slot; undefined when none. */
  exampleId(i: number, slot: number, end: 0 | 1): string | undefined {
    const eni = this.data.examples[i * 8 + slot * 2 + end];
    return eni === undefined || eni < 0 ? undefined : this.eniIds[eni];
  }

  /** Verdict slot (index into VERDICTS) of the pair that best explains the cell (see representativePair), or -1. */
  representativeSlot(i: number): number {
    for (const slot of REPRESENTATIVE_SLOTS[this.data.verdicts[i]!]!) if ((this.data.examples[i * 8 + slot * 2] ?? -1) >= 0) return slot;
    return -1;
  }

  example(i: number, verdict: Verdict): PairExample | undefined {
    const at = i * 8 + SLOT_VERDICTS.indexOf(verdict) * 2;
    const from = this.data.examples[at] ?? -1;
    return from < 0 ? undefined : { from: this.eniIds[from]!, to: this.eniIds[this.data.examples[at + 1]!]! };
  }

  cell(i: number): MatrixCell {
    const counts = { reachable: this.count(i, 'reachable'), partial: this.count(i, 'partial'), unreachable: this.count(i, 'unreachable'), unknown: this.count(i, 'unknown'), skipped: this.skipped(i) };
    const examples: Partial<Record<Verdict, PairExample>> = {};
    for (const v of SLOT_VERDICTS) {
      const ex = this.example(i, v);
      if (ex) examples[v] = ex;
    }
    const fraction = this.partialFraction(i);
    return { destination: this.destination(i), service: this.service(i), verdict: this.verdict(i), pairs: this.pairs(i), counts, ...(fraction ? { partialFraction: fraction } : {}), examples };
  }

  get cells(): readonly MatrixCell[] {
    this.built ??= Array.from({ length: this.length }, (_, i) => this.cell(i));
    return this.built;
  }
}

/**
 * All-pairs reachability, request and reply, between groups of ENIs for a few services — computed on
 * equivalence classes of ENIs (src/engine/matrix/classes.ts) and bit rows over destination columns, never
 * pair by pair or port by port. Each cell counts ENI pairs by the verdict `traceFlow` would give them.
 * Rows are produced one source group at a time (`rows()`), so output can be streamed.
 */
export class Matrix {
  readonly groups: readonly MatrixGroup[];
  readonly services: readonly ResolvedService[];
  readonly by: MatrixGroupBy;
  /** ENIs in the snapshot. */
  readonly enis: number;
  /** Equivalence classes the ENIs fall into. */
  readonly classes: number;

  private readonly cls: Classification;
  private readonly families: Partial<Record<Family, FamilyState>> = {};
  private readonly eniIds: readonly string[];
  private readonly withExamples: boolean;

  constructor(index: SnapshotIndex, options: MatrixOptions) {
    this.services = resolveServices(options);
    this.by = options.by;
    this.withExamples = options.examples !== false;
    this.cls = classify(index, options.by);
    this.groups = this.cls.groups;
    this.enis = this.cls.enis.length;
    this.eniIds = this.cls.enis.map((e) => e.id);
    this.classes = this.cls.classes.length;
    const unevaluated = index.snapshot.securityGroups.length === 0;
    for (const family of [4, 6] as const) {
      const layout = new FamilyLayout(family, this.cls.classes, this.groups.length);
      if (layout.classes.length === 0) continue;
      const atoms = this.cls.atomSpaces[family];
      const compiled = new CompiledGroups(index, atoms);
      const tables = { [TCP]: new NaclTables(atoms, TCP), [UDP]: new NaclTables(atoms, UDP) } as Record<number, NaclTables>;
      this.families[family] = {
        layout,
        services: this.services.map((s) => {
          const protocol = s.protocol === 'udp' ? UDP : TCP;
          return { sg: new SgRows(compiled, layout, protocol, s.port, unevaluated), nacl: new NaclRows(tables[protocol]!, s.port, layout.naclKeys) };
        }),
        egress: new Uint32Array(layout.words),
        ingress: new Uint32Array(layout.words),
        allow: new Uint32Array(layout.words),
        unknown: new Uint32Array(layout.words),
        mark: new Int32Array(layout.naclKeys.length),
        stamp: 0,
      };
    }
  }

  *rows(): Generator<MatrixRow> {
    const G = this.groups.length;
    const S = this.services.length;
    const classesOfGroup: EniClass[][] = Array.from({ length: G }, () => []);
    for (const c of this.cls.classes) for (const x of c.axis) classesOfGroup[x]!.push(c);
    for (let x = 0; x < G; x++) {
      const data: RowData = {
        counts: new Float64Array(G * S * 4),
        traced: new Float64Array(G),
        pairs: new Float64Array(G),
        fractionSum: new Float64Array(G * S),
        fractionMin: new Float64Array(G * S).fill(Infinity),
        fractionMax: new Float64Array(G * S).fill(-Infinity),
        examples: new Int32Array(this.withExamples ? G * S * 8 : 0).fill(-1),
        verdicts: new Uint8Array(G * S),
      };
      for (const c of classesOfGroup[x]!) {
        for (const family of [4, 6] as const) {
          const state = this.families[family];
          if (!state || c.atoms[family] < 0) continue;
          // A pair uses IPv6 only when the two ENIs do not both have IPv4.
          const masked = family === 6 && c.atoms[4] >= 0;
          for (let s = 0; s < S; s++) this.accumulate(data, state, c, s, masked);
        }
      }
      this.addTraced(data, classesOfGroup[x]!);
      this.finish(data, x, classesOfGroup[x]!);
      yield new MatrixRow(x, data, S, this.eniIds);
    }
  }

  /**
   * Pairs of the sources with every destination ENI they share a family with (IPv4 when both have it, else
   * IPv6), an ENI never with itself: per destination group, the sources' ENIs times the group's ENIs of the
   * family, less the sources' own columns.
   */
  private addTraced(data: RowData, sources: readonly EniClass[]): void {
    let v4 = 0; // sources with IPv4: every IPv4 destination
    let v6Only = 0; // sources without IPv4: every IPv6 destination
    let v6Masked = 0; // sources with both: the IPv6 destinations without IPv4
    for (const c of sources) {
      const w = c.members.length;
      if (c.atoms[4] >= 0) v4 += w;
      if (c.atoms[6] >= 0) {
        if (c.atoms[4] >= 0) v6Masked += w;
        else v6Only += w;
      }
    }
    const f4 = this.families[4]?.layout;
    const f6 = this.families[6]?.layout;
    for (let y = 0; y < data.traced.length; y++) {
      data.traced[y] = (f4 ? v4 * f4.groupWeight[y]! : 0) + (f6 ? v6Only * f6.groupWeight[y]! + v6Masked * f6.groupWeightNo4[y]! : 0);
    }
    for (const c of sources) {
      const w = c.members.length;
      // Own columns: in the IPv4 layout when the class has IPv4, else in the IPv6 layout.
      const layout = c.atoms[4] >= 0 ? f4 : f6;
      if (!layout) continue;
      for (const j of layout.ownColumns.get(c.index) ?? []) data.traced[layout.colGroup[j]!]! -= w;
    }
  }

  /**
   * Adds the pairs (ENI of class c → destination columns) that connect, partly connect or are unknown, for
   * one service and family; the rest of the traced pairs are unreachable (`finish`). Only the NACL blocks
   * that let the request through and a reply back are visited: a block of one group is counted with a
   * popcount, any other block bit by bit.
   */
  private accumulate(data: RowData, state: FamilyState, c: EniClass, s: number, masked: boolean): void {
    const { layout, allow, unknown } = state;
    const service = state.services[s]!;
    const S = this.services.length;
    const clientPorts = this.services[s]!.clientPorts?.range ?? c.inferredClientPorts;
    const outcomes = service.nacl.outcomes({ subnetId: c.subnetId, subnetKnown: c.subnetKnown, nacl: c.nacl, atom: c.atoms[layout.family] }, clientPorts);
    if (outcomes.open.length === 0) return;
    const found = this.securityGroupRow(state, c, s, masked);
    // Nothing allowed nor unknown: every traced pair is unreachable, which `finish` counts.
    if (found === 0 && !this.withExamples) return;
    const countUnknown = found === 3;
    const weight = c.members.length;
    const self = c.index;
    // Blocks with the class's own columns count it one ENI short (an ENI is not its own peer).
    const stamp = ++state.stamp;
    for (const j of layout.ownColumns.get(self) ?? []) state.mark[layout.colNacl[j]!] = stamp;
    const { counts, fractionSum, fractionMin, fractionMax } = data;
    for (const k of outcomes.open) {
      const outcome = outcomes.codes[k]!;
      const slot = outcome === OPEN ? REACHABLE : PARTIAL;
      const f = slot === PARTIAL ? service.nacl.fraction(outcome) : 1;
      const start = layout.blockStart[k]!;
      const end = layout.blockStart[k + 1]!;
      const single = state.mark[k] === stamp ? -1 : layout.blockSingle[k]!;
      if (single >= 0) {
        const cell = single * S + s;
        const a = found === 0 ? 0 : countBits(allow, start, end);
        const u = countUnknown ? countBits(unknown, start, end) : 0;
        if (a > 0) {
          counts[cell * 4 + slot]! += weight * a;
          if (slot === PARTIAL) addFraction(data, cell, f, weight * a);
        }
        if (u > 0) counts[cell * 4 + UNKNOWN]! += weight * u;
        if (this.withExamples) {
          const ex = data.examples;
          if (a > 0 && ex[cell * 8 + slot * 2]! < 0) this.example(data, cell, slot, c, layout, this.firstColumn(layout, c, start, end, allow, undefined, masked));
          if (u > 0 && ex[cell * 8 + UNKNOWN * 2]! < 0) this.example(data, cell, UNKNOWN, c, layout, this.firstColumn(layout, c, start, end, unknown, undefined, masked));
          if (ex[cell * 8 + UNREACHABLE * 2]! < 0) this.example(data, cell, UNREACHABLE, c, layout, this.firstColumn(layout, c, start, end, undefined, [allow, unknown], masked));
        }
        continue;
      }
      const w1 = (end - 1) >>> 5;
      for (let w = start >>> 5; w <= w1; w++) {
        const range = wordMask(w, start, end);
        let bits = found === 0 ? 0 : allow[w]! & range;
        while (bits !== 0) {
          const low = bits & -bits;
          const j = (w << 5) + 31 - Math.clz32(low);
          bits ^= low;
          const n = weight * (layout.colWeight[j]! - (layout.colClass[j] === self ? 1 : 0));
          if (n === 0) continue;
          const cell = layout.colGroup[j]! * S + s;
          counts[cell * 4 + slot]! += n;
          if (this.withExamples && data.examples[cell * 8 + slot * 2]! < 0) this.example(data, cell, slot, c, layout, j);
          if (slot === PARTIAL) {
            fractionSum[cell]! += f * n;
            if (f < fractionMin[cell]!) fractionMin[cell] = f;
            if (f > fractionMax[cell]!) fractionMax[cell] = f;
          }
        }
        bits = countUnknown ? unknown[w]! & range : 0;
        while (bits !== 0) {
          const low = bits & -bits;
          const j = (w << 5) + 31 - Math.clz32(low);
          bits ^= low;
          const n = weight * (layout.colWeight[j]! - (layout.colClass[j] === self ? 1 : 0));
          if (n === 0) continue;
          const cell = layout.colGroup[j]! * S + s;
          counts[cell * 4 + UNKNOWN]! += n;
          if (this.withExamples && data.examples[cell * 8 + UNKNOWN * 2]! < 0) this.example(data, cell, UNKNOWN, c, layout, j);
        }
      }
      // Unreachable examples of blocks that span groups are found afterwards, for the cells still missing one.
    }
  }

  /**
   * allow: both security groups allow; unknown: neither denies for certain and one does not know.
   * Returns 0 when both rows are empty, 1 when only allow has bits, 3 when unknown has some.
   */
  private securityGroupRow(state: FamilyState, c: EniClass, s: number, masked: boolean): number {
    const { layout, egress, ingress, allow, unknown } = state;
    const sg = state.services[s]!.sg;
    const egressUnknown = sg.egress(c, egress);
    sg.ingress(c, ingress);
    const ingressUnknown = sg.ingressUnknown;
    const has4 = layout.has4;
    let anyAllow = 0;
    let anyUnknown = 0;
    for (let w = 0; w < layout.words; w++) {
      const a = egress[w]! & ingress[w]!;
      const maybeOut = egressUnknown ? 0xffffffff : egress[w]!;
      const u = maybeOut & (ingress[w]! | ingressUnknown[w]!) & ~a;
      const keep = masked ? ~has4[w]! : 0xffffffff;
      anyAllow |= allow[w] = a & keep;
      anyUnknown |= unknown[w] = u & keep;
    }
    return anyUnknown !== 0 ? 3 : anyAllow !== 0 ? 1 : 0;
  }

  /** Unreachable = traced − the rest; cell verdicts; the examples `accumulate` did not record. */
  private finish(data: RowData, x: number, sources: readonly EniClass[]): void {
    const G = this.groups.length;
    const S = this.services.length;
    const sizes = this.cls.groupSizes;
    const pending: number[] = [];
    for (let y = 0; y < G; y++) {
      const both = x === y ? sizes[x]! : (this.cls.overlaps.get(x * G + y) ?? 0);
      data.pairs[y] = sizes[x]! * sizes[y]! - both;
      for (let s = 0; s < S; s++) {
        const cell = y * S + s;
        const at = cell * 4;
        const unreachable = data.traced[y]! - data.counts[at + REACHABLE]! - data.counts[at + PARTIAL]! - data.counts[at + UNKNOWN]!;
        data.counts[at + UNREACHABLE] = unreachable;
        const verdict = cellVerdict({ reachable: data.counts[at]!, partial: data.counts[at + 1]!, unreachable, unknown: data.counts[at + 3]! });
        data.verdicts[cell] = VERDICT_CODES.indexOf(verdict);
        if (!this.withExamples) continue;
        for (let slot = 0; slot < 4; slot++) if (data.counts[at + slot]! > 0 && data.examples[cell * 8 + slot * 2]! < 0) pending.push(cell * 4 + slot);
      }
    }
    if (pending.length) this.findExamples(data, pending, sources);
  }

  /**
   * An example pair for each pending (cell, verdict): the source classes' rows are walked column by column
   * until every one is found. Each has at least one pair, so the walk ends — usually within the first class.
   */
  private findExamples(data: RowData, pending: readonly number[], sources: readonly EniClass[]): void {
    const S = this.services.length;
    const missing = new Int32Array(S);
    for (const p of pending) missing[Math.floor(p / 4) % S]!++;
    let left = pending.length;
    for (const c of sources) {
      for (const family of [4, 6] as const) {
        const state = this.families[family];
        if (!state || c.atoms[family] < 0) continue;
        const { layout, allow, unknown } = state;
        const masked = family === 6 && c.atoms[4] >= 0;
        for (let s = 0; s < S && left > 0; s++) {
          if (missing[s] === 0) continue;
          const clientPorts = this.services[s]!.clientPorts?.range ?? c.inferredClientPorts;
          const outcomes = state.services[s]!.nacl.outcomes({ subnetId: c.subnetId, subnetKnown: c.subnetKnown, nacl: c.nacl, atom: c.atoms[family] }, clientPorts);
          this.securityGroupRow(state, c, s, masked);
          for (let k = 0; k < layout.naclKeys.length && missing[s]! > 0; k++) {
            const outcome = outcomes.codes[k]!;
            for (let j = layout.blockStart[k]!; j < layout.blockStart[k + 1]!; j++) {
              if (masked && (layout.has4[j >>> 5]! >>> (j & 31)) & 1) continue;
              if (layout.colClass[j] === c.index && c.members.length < 2) continue;
              const bit = 1 << (j & 31);
              const slot =
                outcome === BLOCKED ? UNREACHABLE : allow[j >>> 5]! & bit ? (outcome === OPEN ? REACHABLE : PARTIAL) : unknown[j >>> 5]! & bit ? UNKNOWN : UNREACHABLE;
              const cell = layout.colGroup[j]! * S + s;
              // Pending: the cell has pairs of this verdict and no example yet.
              if (data.examples[cell * 8 + slot * 2]! >= 0 || data.counts[cell * 4 + slot]! === 0) continue;
              this.example(data, cell, slot, c, layout, j);
              missing[s]!--;
              left--;
            }
          }
        }
        if (left === 0) return;
      }
    }
  }

  /**
   * The first column of [start, end) that holds a pair for the source class: in `bits` when given, outside
   * both `outside` sets when given, never a column masked out for IPv6 nor the source's own single ENI.
   */
  private firstColumn(layout: FamilyLayout, c: EniClass, start: number, end: number, bits: Bits | undefined, outside: readonly [Bits, Bits] | undefined, masked: boolean): number {
    const w1 = (end - 1) >>> 5;
    for (let w = start >>> 5; w <= w1; w++) {
      let candidates = wordMask(w, start, end);
      if (bits) candidates &= bits[w]!;
      if (outside) candidates &= ~(outside[0][w]! | outside[1][w]!);
      if (masked) candidates &= ~layout.has4[w]!;
      while (candidates !== 0) {
        const low = candidates & -candidates;
        const j = (w << 5) + 31 - Math.clz32(low);
        if (layout.colClass[j] !== c.index || c.members.length >= 2) return j;
        candidates ^= low;
      }
    }
    return -1;
  }

  private example(data: RowData, cell: number, slot: number, c: EniClass, layout: FamilyLayout, column: number): void {
    if (column < 0) return;
    const target = layout.colClass[column]!;
    data.examples[cell * 8 + slot * 2] = c.members[0]!;
    data.examples[cell * 8 + slot * 2 + 1] = target === c.index ? c.members[1]! : this.cls.classes[target]!.members[0]!;
  }
}

export function buildMatrix(index: SnapshotIndex, options: MatrixOptions): Matrix {
  return new Matrix(index, options);
}

function addFraction(data: RowData, cell: number, f: number, pairs: number): void {
  data.fractionSum[cell]! += f * pairs;
  if (f < data.fractionMin[cell]!) data.fractionMin[cell] = f;
  if (f > data.fractionMax[cell]!) data.fractionMax[cell] = f;
}

/** Columns set in bits within [start, end), when every column weighs one ENI. */
function countBits(bits: Bits, start: number, end: number): number {
  let n = 0;
  const w1 = (end - 1) >>> 5;
  for (let w = start >>> 5; w <= w1; w++) {
    const v = bits[w]! & wordMask(w, start, end);
    if (v !== 0) n += popcount(v);
  }
  return n;
}

function resolveServices(options: MatrixOptions): ResolvedService[] {
  if (options.services.length === 0) throw new InputError([{ file: '--ports', message: 'no service to evaluate: give --ports or --services' }]);
  const parse = (text: string, where: string): ClientPortChoice => {
    const choice = parseClientPorts(text);
    if (!choice) throw new InputError([{ file: where, message: `expected lo-hi (e.g. 32768-60999) or a profile (linux, windows, windows-legacy, nat-gateway, elb, lambda, any), got ${JSON.stringify(text)}` }]);
    return choice;
  };
  const fallback = options.clientPorts !== undefined ? parse(options.clientPorts, '--client-ports') : undefined;
  return options.services.map((s) => {
    if (!Number.isInteger(s.port) || s.port < 0 || s.port > 65535) {
      throw new InputError([{ file: '--ports', message: `service ${JSON.stringify(s.name)}: expected a port from 0 to 65535, got ${s.port}` }]);
    }
    const clientPorts = s.clientPorts !== undefined ? parse(s.clientPorts, `service ${JSON.stringify(s.name)}`) : fallback;
    return { name: s.name, protocol: s.protocol, port: s.port, ...(clientPorts ? { clientPorts } : {}) };
  });
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** What reporters need to know about a matrix besides its rows. */
export type MatrixInfo = Pick<Matrix, 'by' | 'services' | 'groups' | 'enis' | 'classes'>;

/** `subnet`, `eni`, `sg` or `tag:KEY`, as given to --by. */
export function groupByText(by: MatrixGroupBy): string {
  return by.kind === 'tag' ? `tag:${by.key}` : by.kind;
}

/** An example pair with its own verdict. */
export type VerdictPair = PairExample & { readonly verdict: Verdict };

/**
 * The pair that best explains a cell: one of its verdict; for a mixed cell an unreachable pair, else a
 * partial, an unknown, a reachable one (what fails is what needs explaining).
 */
export function representativePair(cell: Pick<MatrixCell, 'verdict' | 'examples'>): VerdictPair | undefined {
  return explainingPairs(cell)[0];
}

/**
 * The pairs that explain a cell: its representative pair and, for a mixed cell, one pair of every other
 * verdict present (the contrast is what explains it), in representativePair's order.
 */
export function explainingPairs(cell: Pick<MatrixCell, 'verdict' | 'examples'>): VerdictPair[] {
  const out: VerdictPair[] = [];
  for (const v of REPRESENTATIVE_ORDER[cell.verdict]) {
    const ex = cell.examples[v];
    if (!ex) continue;
    out.push({ ...ex, verdict: v });
    if (cell.verdict !== 'mixed') break;
  }
  return out;
}

/** representativePair for cell i of a row, without building the cell. */
export function rowRepresentative(row: MatrixRow, i: number): VerdictPair | undefined {
  const slot = row.representativeSlot(i);
  return slot < 0 ? undefined : { from: row.exampleId(i, slot, 0)!, to: row.exampleId(i, slot, 1)!, verdict: VERDICTS[slot]! };
}

const REPRESENTATIVE_ORDER: Readonly<Record<MatrixVerdict, readonly Verdict[]>> = {
  reachable: ['reachable'],
  partial: ['partial'],
  unreachable: ['unreachable'],
  unknown: ['unknown'],
  mixed: ['unreachable', 'partial', 'unknown', 'reachable'],
  none: [],
};
/** The same by verdict code, as slots. */
const REPRESENTATIVE_SLOTS: readonly (readonly number[])[] = VERDICT_CODES.map((v) => REPRESENTATIVE_ORDER[v].map((x) => VERDICTS.indexOf(x)));

/** Totals over every cell of a matrix, per service; fed row by row while the rows are streamed. */
export class MatrixTotals {
  readonly pairs: { reachable: number; partial: number; unreachable: number; unknown: number; skipped: number }[];
  readonly cells: Record<MatrixVerdict, number>[];

  constructor(services: number) {
    this.pairs = Array.from({ length: services }, () => ({ reachable: 0, partial: 0, unreachable: 0, unknown: 0, skipped: 0 }));
    this.cells = Array.from({ length: services }, () => ({ reachable: 0, partial: 0, unreachable: 0, unknown: 0, mixed: 0, none: 0 }));
  }

  add(row: MatrixRow): void {
    for (let i = 0; i < row.length; i++) {
      const s = row.service(i);
      const p = this.pairs[s]!;
      p.reachable += row.count(i, 'reachable');
      p.partial += row.count(i, 'partial');
      p.unreachable += row.count(i, 'unreachable');
      p.unknown += row.count(i, 'unknown');
      p.skipped += row.skipped(i);
      this.cells[s]![row.verdict(i)]++;
    }
  }
}
