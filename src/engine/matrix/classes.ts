import type { Family } from '../../net/address.js';
import type { Eni, Nacl, SecurityGroup } from '../../model/snapshot.js';
import type { SnapshotIndex } from '../../model/snapshot-index.js';
import { inferClientPorts } from '../client-ports.js';
import { AtomSpace } from './atoms.js';

export type MatrixGroupBy = { readonly kind: 'subnet' } | { readonly kind: 'eni' } | { readonly kind: 'sg' } | { readonly kind: 'tag'; readonly key: string };

/** One row (and the same column) of the matrix: the ENIs of a subnet, one ENI, a security group or a tag value. */
export interface MatrixGroup {
  /** Subnet id, ENI id, group id or tag value; `(no subnet)`, `(no security group)`, `(no KEY)` for the rest. */
  readonly id: string;
  /** Name tag (subnet, ENI) or group name, when there is one. */
  readonly name?: string;
  readonly vpcId?: string;
  /** ENIs in the group. */
  readonly enis: number;
}

/**
 * ENIs that no question of the matrix can tell apart. Two ENIs get the same verdict toward every peer, for
 * every service, when they share
 * - the subnet (hence the NACL, and "same subnet" skips),
 * - the set of security groups (rules are a union over the set; a group reference matches an ENI by the
 *   groups it carries — the address it is matched at is always one the ENI owns),
 * - the atom of each address (see AtomSpace: no CIDR in the snapshot separates the two addresses),
 * - the inferred client port range (interface type, instance platform),
 * - which address families it has (the pair's family is IPv4 when both have IPv4, else IPv6),
 * - and its matrix groups (so that a class lies in one row whatever --by says).
 */
export interface EniClass {
  readonly index: number;
  /** Indices into the plan's ENI list, ascending. */
  readonly members: number[];
  readonly subnetId: string | undefined;
  /** The subnet is in the snapshot: only then do its NACL and the same-subnet rule apply. */
  readonly subnetKnown: boolean;
  readonly nacl: Nacl | undefined;
  /** Distinct, sorted. */
  readonly groupIds: readonly string[];
  /** The groups of groupIds the snapshot holds. */
  readonly groups: readonly SecurityGroup[];
  /** Some group id of the ENI is not in the snapshot. */
  readonly missingGroups: boolean;
  /** Atom of the address used for each family, -1 when the ENI has none. */
  readonly atoms: Readonly<Record<Family, number>>;
  readonly inferredClientPorts: readonly [number, number];
  /** Matrix groups (row and column indices) the class belongs to. */
  readonly axis: readonly number[];
}

export interface Classification {
  readonly enis: readonly Eni[];
  readonly groups: readonly MatrixGroup[];
  readonly classes: readonly EniClass[];
  readonly atomSpaces: Readonly<Record<Family, AtomSpace>>;
  /** ENIs of each group, addressless ones included (for pair totals). */
  readonly groupSizes: Int32Array;
  /** For --by sg: ENIs carrying both groups, keyed x * groups + y (x ≠ y). Other groupings have none. */
  readonly overlaps: Map<number, number>;
}

export function classify(index: SnapshotIndex, by: MatrixGroupBy): Classification {
  const enis = [...index.enis.values()].sort((a, b) => cmp(a.id, b.id));
  const atomSpaces = { 4: AtomSpace.of(index, 4), 6: AtomSpace.of(index, 6) } as const;

  // The axis: every group any ENI falls in, in a stable, readable order.
  const keysOf = enis.map((e) => groupKeys(e, by));
  const groupInfo = new Map<string, { name?: string; vpcId?: string; order: readonly (string | bigint)[] }>();
  enis.forEach((e, i) => {
    for (const key of keysOf[i]!) if (!groupInfo.has(key)) groupInfo.set(key, describeGroup(index, e, key, by));
  });
  const sortedKeys = [...groupInfo.keys()].sort((a, b) => compareOrder(groupInfo.get(a)!.order, groupInfo.get(b)!.order) || cmp(a, b));
  const groupIndex = new Map(sortedKeys.map((k, i) => [k, i]));
  const groupSizes = new Int32Array(sortedKeys.length);
  const overlaps = new Map<number, number>();
  const G = sortedKeys.length;

  const classes: EniClass[] = [];
  const classOfKey = new Map<string, EniClass>();
  enis.forEach((eni, i) => {
    const axis = [...new Set(keysOf[i]!.map((k) => groupIndex.get(k)!))].sort((a, b) => a - b);
    for (const x of axis) groupSizes[x]!++;
    if (by.kind === 'sg') {
      for (const x of axis) for (const y of axis) if (x !== y) overlaps.set(x * G + y, (overlaps.get(x * G + y) ?? 0) + 1);
    }
    const v4 = eni.privateIps[0];
    const v6 = eni.ipv6s[0];
    if (!v4 && !v6) return; // no address: every pair with it is skipped
    const subnet = eni.subnetId !== undefined ? index.subnets.get(eni.subnetId) : undefined;
    const groupIds = [...new Set(eni.groupIds)].sort(cmp);
    const instance = eni.instanceId !== undefined ? index.instances.get(eni.instanceId) : undefined;
    const inferred = inferClientPorts({ eni, instance }).range;
    const atoms = { 4: v4 ? atomSpaces[4].atomOf(v4.value) : -1, 6: v6 ? atomSpaces[6].atomOf(v6.value) : -1 };
    const key = JSON.stringify([eni.subnetId ?? null, groupIds, atoms[4], atoms[6], inferred, axis]);
    const existing = classOfKey.get(key);
    if (existing) {
      existing.members.push(i);
      return;
    }
    const groups = groupIds.map((g) => index.groups.get(g)).filter((g): g is SecurityGroup => g !== undefined);
    const c: EniClass = {
      index: classes.length,
      members: [i],
      subnetId: eni.subnetId,
      subnetKnown: subnet !== undefined,
      nacl: subnet ? index.naclForSubnet(subnet.id) : undefined,
      groupIds,
      groups,
      missingGroups: groups.length < groupIds.length,
      atoms,
      inferredClientPorts: inferred,
      axis,
    };
    classes.push(c);
    classOfKey.set(key, c);
  });

  const groups: MatrixGroup[] = sortedKeys.map((key, i) => {
    const info = groupInfo.get(key)!;
    return { id: key, ...(info.name !== undefined ? { name: info.name } : {}), ...(info.vpcId !== undefined ? { vpcId: info.vpcId } : {}), enis: groupSizes[i]! };
  });
  return { enis, groups, classes, atomSpaces, groupSizes, overlaps };
}

export function noGroupKey(by: MatrixGroupBy): string {
  switch (by.kind) {
    case 'subnet':
      return '(no subnet)';
    case 'sg':
      return '(no security group)';
    case 'tag':
      return `(no ${by.key})`;
    case 'eni':
      return '(no id)';
  }
}

function groupKeys(eni: Eni, by: MatrixGroupBy): string[] {
  switch (by.kind) {
    case 'subnet':
      return [eni.subnetId ?? noGroupKey(by)];
    case 'eni':
      return [eni.id];
    case 'sg':
      return eni.groupIds.length ? [...new Set(eni.groupIds)] : [noGroupKey(by)];
    case 'tag': {
      const value = Object.hasOwn(eni.tags, by.key) ? eni.tags[by.key] : undefined;
      return [value ?? noGroupKey(by)];
    }
  }
}

/** Name and sort order: subnets by VPC and address, groups by VPC and name, ENIs by id, tags by value. */
function describeGroup(index: SnapshotIndex, eni: Eni, key: string, by: MatrixGroupBy): { name?: string; vpcId?: string; order: readonly (string | bigint)[] } {
  const last = key === noGroupKey(by) ? '1' : '0';
  switch (by.kind) {
    case 'subnet': {
      const s = index.subnets.get(key);
      const name = s?.name ?? s?.tags.Name;
      const vpcId = s?.vpcId ?? eni.vpcId;
      const v4 = s?.cidrs.find((c) => c.family === 4);
      return { ...(name !== undefined ? { name } : {}), ...(vpcId !== undefined ? { vpcId } : {}), order: [last, vpcId ?? '', v4 ? '0' : '1', v4?.lo ?? 0n] };
    }
    case 'eni': {
      const name = eni.name ?? eni.tags.Name;
      return { ...(name !== undefined ? { name } : {}), ...(eni.vpcId !== undefined ? { vpcId: eni.vpcId } : {}), order: [last] };
    }
    case 'sg': {
      const g = index.groups.get(key);
      const vpcId = g?.vpcId;
      return { ...(g ? { name: g.name } : {}), ...(vpcId !== undefined ? { vpcId } : {}), order: [last, vpcId ?? '', g?.name ?? ''] };
    }
    case 'tag':
      return { order: [last] };
  }
}

function compareOrder(a: readonly (string | bigint)[], b: readonly (string | bigint)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
