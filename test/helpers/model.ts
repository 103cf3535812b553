/** Terse builders for literal model fixtures: tests state the rules they are about, nothing else. */
import { cidr, ip } from '../../src/net/address.js';
import { parseProtocol } from '../../src/model/protocol.js';
import type { Eni, Instance, Nacl, NaclRule, PrefixList, SecurityGroup, SgPeer, SgRule, Snapshot, Subnet, Vpc } from '../../src/model/snapshot.js';
import { SnapshotIndex } from '../../src/model/snapshot-index.js';

const here = (pointer: string) => ({ file: 'test.json', pointer });

export interface RuleSpec {
  n: number;
  action?: 'allow' | 'deny';
  proto?: string | number;
  cidr: string;
  ports?: [number, number] | number;
  icmp?: [number, number];
}

export function naclRule(naclId: string, egress: boolean, spec: RuleSpec, i = 0): NaclRule {
  const protocol = parseProtocol(spec.proto ?? '-1')!;
  const block = cidr(spec.cidr);
  const ports = spec.ports === undefined ? undefined : typeof spec.ports === 'number' ? { from: spec.ports, to: spec.ports } : { from: spec.ports[0], to: spec.ports[1] };
  const readsIcmp = protocol === 1 || (protocol === 58 && block.family === 6);
  return {
    naclId,
    number: spec.n,
    egress,
    action: spec.action ?? 'allow',
    protocol,
    cidr: block,
    ...(protocol === 6 || protocol === 17 ? { ports: ports ?? { from: 0, to: 65535 } } : {}),
    ...(readsIcmp ? { icmp: { type: spec.icmp?.[0] ?? -1, code: spec.icmp?.[1] ?? -1 } } : {}),
    isDefaultDeny: (spec.n === 32767 || spec.n === 32768) && (spec.action ?? 'allow') === 'deny' && block.prefixLength === 0,
    source: here(`/NetworkAcls/0/Entries/${i}`),
  };
}

/** A NACL whose lists get AWS's catch-all deny appended (32767 IPv4, plus 32768 IPv6 when `ipv6`). */
export function nacl(id: string, opts: { vpcId?: string; subnetIds?: string[]; inbound?: RuleSpec[]; outbound?: RuleSpec[]; isDefault?: boolean; ipv6?: boolean; noDefaultDeny?: boolean }): Nacl {
  const finish = (egress: boolean, specs: RuleSpec[]) => {
    const all = [...specs];
    if (!opts.noDefaultDeny) {
      all.push({ n: 32767, action: 'deny', cidr: '0.0.0.0/0' });
      if (opts.ipv6) all.push({ n: 32768, action: 'deny', cidr: '::/0' });
    }
    return all.map((s, i) => naclRule(id, egress, s, i)).sort((a, b) => a.number - b.number);
  };
  return {
    id,
    vpcId: opts.vpcId ?? 'vpc-1',
    isDefault: opts.isDefault ?? false,
    subnetIds: opts.subnetIds ?? [],
    inbound: finish(false, opts.inbound ?? []),
    outbound: finish(true, opts.outbound ?? []),
    tags: {},
    source: here('/NetworkAcls/0'),
  };
}

export const ALLOW_ALL: RuleSpec[] = [{ n: 100, cidr: '0.0.0.0/0' }];

export function subnet(id: string, cidrs: string | string[], vpcId = 'vpc-1'): Subnet {
  return { id, vpcId, cidrs: (Array.isArray(cidrs) ? cidrs : [cidrs]).map(cidr), tags: {}, source: here('/Subnets/0') };
}

export function vpc(id: string, cidrs: string | string[]): Vpc {
  return { id, cidrs: (Array.isArray(cidrs) ? cidrs : [cidrs]).map(cidr), tags: {}, source: here('/Vpcs/0') };
}

export interface SgRuleSpec {
  proto?: string | number;
  ports?: [number, number] | number;
  icmp?: [number, number];
  cidr?: string;
  group?: string;
  prefixList?: string;
  peeringStatus?: string;
  description?: string;
}

export function sgRule(groupId: string, direction: 'ingress' | 'egress', spec: SgRuleSpec, i = 0): SgRule {
  const protocol = parseProtocol(spec.proto ?? '-1')!;
  const peer: SgPeer = spec.cidr
    ? { kind: 'cidr', cidr: cidr(spec.cidr) }
    : spec.prefixList
      ? { kind: 'prefix-list', prefixListId: spec.prefixList }
      : { kind: 'group', groupId: spec.group!, ...(spec.peeringStatus ? { peeringStatus: spec.peeringStatus } : {}) };
  const ports = spec.ports === undefined ? { from: 0, to: 65535 } : typeof spec.ports === 'number' ? { from: spec.ports, to: spec.ports } : { from: spec.ports[0], to: spec.ports[1] };
  return {
    groupId,
    direction,
    protocol,
    ...(protocol === 6 || protocol === 17 ? { ports } : {}),
    ...(protocol === 1 || protocol === 58 ? { icmp: { type: spec.icmp?.[0] ?? -1, code: spec.icmp?.[1] ?? -1 } } : {}),
    peer,
    ...(spec.description ? { description: spec.description } : {}),
    source: here(`/SecurityGroups/0/IpPermissions/${i}`),
  };
}

export function sg(id: string, opts: { ingress?: SgRuleSpec[]; egress?: SgRuleSpec[]; vpcId?: string; name?: string } = {}): SecurityGroup {
  return {
    id,
    name: opts.name ?? id,
    vpcId: opts.vpcId ?? 'vpc-1',
    ingress: (opts.ingress ?? []).map((r, i) => sgRule(id, 'ingress', r, i)),
    egress: (opts.egress ?? [{ cidr: '0.0.0.0/0' }]).map((r, i) => sgRule(id, 'egress', r, i)),
    tags: {},
    source: here('/SecurityGroups/0'),
  };
}

export function eni(id: string, subnetId: string, address: string | string[], groupIds: string[], extra: Partial<Eni> = {}): Eni {
  const addresses = (Array.isArray(address) ? address : [address]).map(ip);
  return {
    id,
    subnetId,
    vpcId: 'vpc-1',
    privateIps: addresses.filter((a) => a.family === 4),
    ipv6s: addresses.filter((a) => a.family === 6),
    groupIds,
    tags: {},
    source: here('/NetworkInterfaces/0'),
    ...extra,
  };
}

export function instance(id: string, eniIds: string[], extra: Partial<Instance> = {}): Instance {
  return { id, eniIds, tags: {}, source: here('/Reservations/0/Instances/0'), ...extra };
}

export function prefixList(id: string, cidrs?: string[]): PrefixList {
  return { id, ...(cidrs ? { cidrs: cidrs.map(cidr) } : {}), source: here('/PrefixLists/0') };
}

export function snapshot(parts: Partial<Snapshot>): Snapshot {
  return { vpcs: [], subnets: [], nacls: [], securityGroups: [], enis: [], instances: [], prefixLists: [], routeTables: [], metadata: {}, inputs: ['test.json'], ...parts };
}

export function index(parts: Partial<Snapshot>): SnapshotIndex {
  return new SnapshotIndex(snapshot(parts));
}
